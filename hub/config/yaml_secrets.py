"""``!secret`` lookup: ``secrets.yaml`` files from a file's folder up to the config folder.

Home Assistant lets a package or an included file keep its own ``secrets.yaml`` next to
it; a secret not found there is looked up in the parent folder, and so on up to the
configuration folder (never above it, so a file outside the configuration folder sees no
secrets at all). Each ``secrets.yaml`` is read at most once per load: a configuration with
hundreds of ``!secret`` tags must not re-read the file for every tag.

One ``SecretStore`` belongs to one load call, so two loads running in different executor
threads never share it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.config.yaml_nodes import Location, NodeDict
from hub.const import SECRETS_FILE
from hub.exceptions import ConfigError


def normalized(path: Path) -> Path:
    """``path`` made absolute with ``.`` and ``..`` removed, without following symlinks."""
    return Path(os.path.normpath(path.absolute()))


def _parent(path: Path) -> Path:
    """The folder holding ``path``; ``Path("..").parent`` would wrongly be ``.``."""
    if path.name in ("", ".."):
        return normalized(path).parent
    return path.parent


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret's value and where in which ``secrets.yaml`` it is defined."""

    value: Any
    location: Location | None


class SecretStore:
    """The secrets visible to the files of one load call."""

    __slots__ = ("_cache", "_config_dir", "_read")

    def __init__(self, config_dir: Path, read: Callable[[Path], Any]) -> None:
        """``read`` parses one ``secrets.yaml`` (a YAML load with ``!secret`` disabled)."""
        self._config_dir = normalized(config_dir)
        self._read = read
        self._cache: dict[Path, NodeDict] = {}

    def lookup(self, name: str, requester: Path) -> Secret | None:
        """The secret ``name`` as seen from the file ``requester``, or ``None``."""
        for secrets_file in self.candidates(requester):
            secrets = self._secrets_in(secrets_file)
            if name in secrets:
                return Secret(secrets[name], secrets.key_location(name))
        return None

    def candidates(self, requester: Path) -> list[Path]:
        """The ``secrets.yaml`` paths searched for ``requester``, nearest first.

        The paths keep the spelling of ``requester`` (relative stays relative) so that
        error messages name files the way the user gave them.
        """
        found: list[Path] = []
        folder = _parent(requester)
        absolute = normalized(folder)
        while absolute.is_relative_to(self._config_dir):
            found.append(folder / SECRETS_FILE)
            if absolute == self._config_dir:
                break
            folder = _parent(folder)
            absolute = absolute.parent
        return found

    def _secrets_in(self, secrets_file: Path) -> NodeDict:
        key = normalized(secrets_file)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        secrets = self._load(secrets_file)
        self._cache[key] = secrets
        return secrets

    def _load(self, secrets_file: Path) -> NodeDict:
        if not secrets_file.is_file():
            return NodeDict()
        loaded = self._read(secrets_file)
        if loaded is None:
            return NodeDict()
        if not isinstance(loaded, NodeDict):
            raise ConfigError(
                "secrets.yaml must be a mapping of secret names to values "
                "(lines like `db_password: hunter2`)",
                str(secrets_file),
                1,
            )
        return loaded
