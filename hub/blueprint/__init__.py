"""Blueprints: reusable automations and scripts with inputs (Home Assistant's format).

``BlueprintFolder(config_dir, domain).expand(use)`` turns a ``use_blueprint:`` item into
the plain configuration it stands for; ``is_blueprint_use`` tells whether an item is one.
Errors are located ``ConfigError`` subclasses (``hub.blueprint.errors``) that name both
the use (file and line) and the blueprint file.
"""

from __future__ import annotations

from hub.blueprint.errors import (
    BlueprintError,
    BlueprintNotFound,
    InvalidBlueprint,
    MissingInput,
    UndefinedInput,
)
from hub.blueprint.folder import BLUEPRINTS_DIR, BlueprintFolder, clear_cache, populate
from hub.blueprint.models import Blueprint, BlueprintInput, ExpandedUse, expand_use, substitute
from hub.blueprint.schema import (
    BLUEPRINT_SCHEMA,
    CONF_USE_BLUEPRINT,
    USE_BLUEPRINT_SCHEMA,
    is_blueprint_use,
)

__all__ = [
    "BLUEPRINTS_DIR",
    "BLUEPRINT_SCHEMA",
    "CONF_USE_BLUEPRINT",
    "USE_BLUEPRINT_SCHEMA",
    "Blueprint",
    "BlueprintError",
    "BlueprintFolder",
    "BlueprintInput",
    "BlueprintNotFound",
    "ExpandedUse",
    "InvalidBlueprint",
    "MissingInput",
    "UndefinedInput",
    "clear_cache",
    "expand_use",
    "is_blueprint_use",
    "populate",
    "substitute",
]
