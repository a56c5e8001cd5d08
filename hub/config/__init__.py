"""Configuration: YAML with file and line, packages, validators and the core schemas.

Loading is blocking IO (run it in an executor); everything else is pure. Validators are
imported as a module (``from hub.config import validators as cv``) the way Home
Assistant code uses ``config_validation``.
"""

from __future__ import annotations

from hub.config import validators
from hub.config.core_config import (
    CORE_CONFIG_SCHEMA,
    CORE_DOMAIN,
    CUSTOMIZE_SCHEMA,
    CoreConfig,
    check_core_config,
    validate_core_config,
)
from hub.config.location import (
    dotted_path,
    format_invalid,
    invalid_errors,
    locate,
    validate_located,
)
from hub.config.logger_config import LOGGER_DOMAIN, LOGGER_SCHEMA, LoggerConfig
from hub.config.packages import domain_of_key, keys_for_domain, merge_packages
from hub.config.slugs import slugify
from hub.config.yaml_loader import load_config, load_yaml
from hub.config.yaml_nodes import Input, Location, NodeDict, NodeList, NodeStr, SecretStr

__all__ = [
    "CORE_CONFIG_SCHEMA",
    "CORE_DOMAIN",
    "CUSTOMIZE_SCHEMA",
    "LOGGER_DOMAIN",
    "LOGGER_SCHEMA",
    "CoreConfig",
    "Input",
    "Location",
    "LoggerConfig",
    "NodeDict",
    "NodeList",
    "NodeStr",
    "SecretStr",
    "check_core_config",
    "domain_of_key",
    "dotted_path",
    "format_invalid",
    "invalid_errors",
    "keys_for_domain",
    "load_config",
    "load_yaml",
    "locate",
    "merge_packages",
    "slugify",
    "validate_core_config",
    "validate_located",
    "validators",
]
