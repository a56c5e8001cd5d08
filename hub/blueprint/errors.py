"""Blueprint errors: each is a located ``ConfigError`` that names the blueprint file.

A problem with a blueprint *use* (an automation or script with ``use_blueprint:``) is
reported at the use (``automations.yaml:12``), and its message names the blueprint file,
so the homeowner knows both where they wrote it and which blueprint it concerns.
"""

from __future__ import annotations

from hub.config.yaml_nodes import Location
from hub.exceptions import ConfigError


class BlueprintError(ConfigError):
    """A blueprint, or a use of one, that cannot be turned into a configuration."""

    def __init__(self, message: str, where: Location | None = None) -> None:
        super().__init__(message, where.file if where else None, where.line if where else None)


class BlueprintNotFound(BlueprintError):
    """``use_blueprint: path:`` names a file that does not exist."""


class InvalidBlueprint(BlueprintError):
    """The blueprint file itself is broken (bad YAML, schema, wrong domain, too new)."""


class MissingInput(BlueprintError):
    """A use leaves out an input that has no default."""


class UndefinedInput(BlueprintError):
    """The blueprint writes ``!input name`` for an input it does not declare."""
