"""``Integration``: one discovered integration and how to import it."""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from hub.loader.manifest import Manifest

# The package under which ``<config>/custom_components/<domain>`` is imported.
CUSTOM_PACKAGE: Final = "custom_components"


@dataclass(slots=True, frozen=True)
class Integration:
    """A discovered integration: its manifest and where its code lives."""

    manifest: Manifest
    module_name: str
    path: Path
    builtin: bool = False
    custom: bool = False

    @property
    def domain(self) -> str:
        """The integration's domain (``demo``)."""
        return self.manifest.domain

    @property
    def dependencies(self) -> tuple[str, ...]:
        """Integrations that must be set up first."""
        return self.manifest.dependencies

    def import_module(self) -> ModuleType:
        """Import the integration's package. Blocking: run in the executor."""
        if self.custom:
            register_custom_root(self.path.parent)
            _forget_stale(self.module_name, self.path)
        return importlib.import_module(self.module_name)

    def import_platform(self, domain: str) -> ModuleType:
        """Import the integration's module for an entity domain (``<pkg>.sensor``)."""
        self.import_module()
        return importlib.import_module(f"{self.module_name}.{domain}")

    def has_platform(self, domain: str) -> bool:
        """Whether the integration provides ``<domain>.py`` (or a package)."""
        return (self.path / f"{domain}.py").is_file() or (
            self.path / domain / "__init__.py"
        ).is_file()


def _forget_stale(module_name: str, path: Path) -> None:
    """A custom integration of the same name from another config dir (tests, a second
    hub in one process) must not be served from the import cache."""
    module = sys.modules.get(module_name)
    if module is None:
        return
    origin: Any = getattr(module, "__file__", None)
    if origin is not None and Path(origin).parent == path:
        return
    for name in [
        name for name in sys.modules if name == module_name or name.startswith(module_name + ".")
    ]:
        del sys.modules[name]


def register_custom_root(root: Path) -> None:
    """Make ``custom_components.<name>`` importable from ``root`` (a config dir's
    ``custom_components`` folder), ahead of any other config dir's."""
    package = sys.modules.get(CUSTOM_PACKAGE)
    if package is None:
        package = types.ModuleType(CUSTOM_PACKAGE)
        package.__path__ = []
        sys.modules[CUSTOM_PACKAGE] = package
    paths: list[str] = package.__path__  # type: ignore[assignment]
    if str(root) in paths:
        paths.remove(str(root))
    paths.insert(0, str(root))
