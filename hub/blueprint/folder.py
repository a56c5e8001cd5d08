"""Finding and loading blueprints under ``<config>/blueprints/<domain>/``.

``BlueprintFolder.expand(use)`` is what the automation and script integrations call for
each ``use_blueprint:`` item: it checks the ``use_blueprint`` block, loads the file
(cached by modification time, so a reload or a second use of the same blueprint does not
parse it again), and returns the expanded configuration. Everything here reads files:
call it from the executor (configuration validation already runs there).

Blueprints shipped with Watthub live in the repository's ``blueprints/`` folder
(``blueprints/<domain>/watthub/...``). A use finds them even when the configuration has
no copy (a path missing under ``<config>/blueprints/<domain>/`` is looked up there), so
the very first check or start works. ``populate`` also copies them into a
configuration's ``blueprints/<domain>/`` the first time the domain is set up and that
folder does not exist yet, as Home Assistant does with its bundled blueprints, so the
homeowner sees and can edit them; a configuration that already has the folder (or links
it, like the example ``config/``) is left alone.
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from hub.blueprint.errors import BlueprintError, BlueprintNotFound, InvalidBlueprint
from hub.blueprint.models import Blueprint, ExpandedUse, expand_use
from hub.blueprint.schema import CONF_PATH, CONF_USE_BLUEPRINT, USE_BLUEPRINT_SCHEMA
from hub.config.location import invalid_errors
from hub.config.yaml_loader import load_yaml
from hub.config.yaml_nodes import Location, NodeDict, location_of
from hub.exceptions import ConfigError

_LOGGER = logging.getLogger(__name__)

BLUEPRINTS_DIR: Final = "blueprints"
# The repository's own blueprints (an editable install keeps the tree).
SHIPPED_BLUEPRINTS: Final = Path(__file__).resolve().parent.parent.parent / BLUEPRINTS_DIR

_CacheKey = tuple[str, str]  # (resolved file, expected domain)
_cache: dict[_CacheKey, tuple[int, int, Blueprint]] = {}
_cache_lock = threading.Lock()


class BlueprintFolder:
    """The blueprints of one domain in one configuration directory."""

    def __init__(self, config_dir: Path, domain: str) -> None:
        self.config_dir = config_dir
        self.domain = domain
        self.root = config_dir / BLUEPRINTS_DIR / domain

    def load(self, path: str, where: Location | None = None) -> Blueprint:
        """The blueprint at ``blueprints/<domain>/<path>``. Blocking.

        Raises ``BlueprintNotFound`` (located at ``where``, the use) or
        ``InvalidBlueprint`` (located in the blueprint file).
        """
        file = self.root / path
        if not file.exists() and (SHIPPED_BLUEPRINTS / self.domain / path).is_file():
            file = SHIPPED_BLUEPRINTS / self.domain / path  # shipped, not copied (yet)
        try:
            stat = file.stat()
        except FileNotFoundError:
            raise BlueprintNotFound(
                f"use_blueprint: blueprint file {path} not found (looked for "
                f"{file}); put the file there or correct `path:`",
                where,
            ) from None
        key = (str(file.resolve()), self.domain)
        with _cache_lock:
            cached = _cache.get(key)
        if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        try:
            data = load_yaml(file, config_dir=self.config_dir)
        except ConfigError as err:
            raise InvalidBlueprint(
                f"blueprint {path} cannot be read: {err.message}",
                Location(err.file or str(file), err.line or 1),
            ) from None
        blueprint = Blueprint.from_data(data, path, file, self.domain)
        with _cache_lock:
            _cache[key] = (stat.st_mtime_ns, stat.st_size, blueprint)
        return blueprint

    def expand(self, use: Any) -> ExpandedUse:
        """Turn a ``use_blueprint:`` item into its configuration. Blocking.

        Raises a located ``BlueprintError`` (``ConfigError``) for a malformed
        ``use_blueprint`` block, a missing or broken blueprint file and a missing input.
        """
        where = location_of(use)
        try:
            USE_BLUEPRINT_SCHEMA(use)
        except vol.Invalid as exc:
            first = invalid_errors(use, exc)[0]
            raise BlueprintError(
                first.message, Location(first.file, first.line or 1) if first.file else where
            ) from None
        if not isinstance(use, NodeDict):
            use = _as_node_dict(use, where)
        spec = use[CONF_USE_BLUEPRINT]
        path_where = spec.key_location(CONF_PATH) if isinstance(spec, NodeDict) else where
        blueprint = self.load(str(spec[CONF_PATH]).strip(), path_where or where)
        return expand_use(use, blueprint)

    def blueprints(self) -> dict[str, Blueprint | BlueprintError]:
        """Every blueprint in the folder by path (or its error). Blocking."""
        found: dict[str, Blueprint | BlueprintError] = {}
        if not self.root.is_dir():
            return found
        for file in sorted(self.root.rglob("*.yaml")):
            path = file.relative_to(self.root).as_posix()
            try:
                found[path] = self.load(path)
            except BlueprintError as err:
                found[path] = err
        return found


def _as_node_dict(value: Any, where: Location | None) -> NodeDict:
    """A plain mapping (from the API or a test) as a NodeDict, recursively for the spec."""
    result = NodeDict(location=where)
    for key, item in value.items():
        nested = key == CONF_USE_BLUEPRINT and not isinstance(item, NodeDict)
        result.set_located(key, _as_node_dict(item, where) if nested else item, where)
    return result


def populate(config_dir: Path, domain: str, shipped: Path = SHIPPED_BLUEPRINTS) -> bool:
    """Copy the shipped blueprints of ``domain`` into a configuration that has none yet.

    Returns True when it copied. Blocking. A configuration whose
    ``blueprints/<domain>`` already exists (a folder or a link) is never touched.
    """
    source = shipped / domain
    target = config_dir / BLUEPRINTS_DIR / domain
    if not source.is_dir() or target.exists() or target.is_symlink():
        return False
    try:
        shutil.copytree(source, target)
    except OSError as err:
        _LOGGER.warning("Could not copy the shipped %s blueprints to %s: %s", domain, target, err)
        return False
    _LOGGER.info("Copied the shipped %s blueprints to %s", domain, target)
    return True


def clear_cache() -> None:
    """Forget every loaded blueprint (a reload re-reads changed files anyway)."""
    with _cache_lock:
        _cache.clear()
