"""``IntegrationCatalog``: every integration this hub can load, found on disk once."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import components
from hub.exceptions import IntegrationNotFound, ManifestError
from hub.loader.builtin import BUILTIN_INTEGRATIONS
from hub.loader.integration import CUSTOM_PACKAGE, Integration, register_custom_root
from hub.loader.manifest import Manifest

_LOGGER = logging.getLogger(__name__)


class IntegrationCatalog:
    """Integrations by domain; shipped ones, built-ins and the config's custom ones."""

    def __init__(self) -> None:
        self._integrations: dict[str, Integration] = {}
        self.errors: dict[str, str] = {}

    @classmethod
    def discover(cls, config_dir: Path | None) -> IntegrationCatalog:
        """Scan for manifests. Blocking: run in the executor."""
        catalog = cls()
        for domain, module_name in BUILTIN_INTEGRATIONS.items():
            spec = importlib.util.find_spec(module_name)
            if spec is None or spec.origin is None:
                catalog.errors[domain] = f"built-in module {module_name} is missing"
                continue
            catalog._add(
                Path(spec.origin).parent, module_name, builtin=True, custom=False, domain=domain
            )
        # components.__path__ may hold an editable install's import hook, not a folder.
        shipped_root = Path(components.__file__).parent
        for package in sorted(shipped_root.iterdir()):
            if (package / "manifest.json").is_file():
                catalog._add(package, f"components.{package.name}", builtin=False, custom=False)
        if config_dir is not None:
            custom_root = config_dir / CUSTOM_PACKAGE
            if custom_root.is_dir():
                register_custom_root(custom_root)
                for package in sorted(custom_root.iterdir()):
                    if (package / "manifest.json").is_file():
                        catalog._add(
                            package, f"{CUSTOM_PACKAGE}.{package.name}", builtin=False, custom=True
                        )
        return catalog

    def _add(
        self,
        path: Path,
        module_name: str,
        *,
        builtin: bool,
        custom: bool,
        domain: str | None = None,
    ) -> None:
        """Add one integration; its manifest's domain must be ``domain`` (built-ins,
        whose package may be named otherwise) or its folder name."""
        try:
            manifest = Manifest.read(path / "manifest.json")
        except ManifestError as err:
            self.errors[path.name] = str(err)
            _LOGGER.error("Ignoring integration %s: %s", path.name, err)
            return
        if manifest.domain != (domain or path.name):
            message = (
                f"{path}/manifest.json: domain {manifest.domain!r} does not match "
                f"{'the built-in domain ' + domain if domain else 'the folder name'}"
            )
            self.errors[path.name] = message
            _LOGGER.error("Ignoring integration %s: %s", path.name, message)
            return
        if custom and manifest.domain in self._integrations:
            _LOGGER.warning(
                "Custom integration %s overrides the shipped one of the same name", manifest.domain
            )
        self._integrations[manifest.domain] = Integration(
            manifest, module_name, path, builtin, custom
        )

    def get(self, domain: str) -> Integration:
        """The integration for ``domain``; raises ``IntegrationNotFound``."""
        try:
            return self._integrations[domain]
        except KeyError:
            raise IntegrationNotFound(domain) from None

    def __contains__(self, domain: str) -> bool:
        return domain in self._integrations

    def domains(self) -> list[str]:
        """Every known domain."""
        return sorted(self._integrations)
