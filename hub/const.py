"""Constants shared across the hub: versions, event types, state strings, limits."""

from __future__ import annotations

from typing import Final

# Watthub's own release.
__version__: Final = "0.1.0"
# The Home Assistant release whose API we reproduce. Clients gate features on the version
# they read (HAWS needs >= 2022.9 for supported_features, Android parses YYYY.M.P, newer
# apps send fields 2025.1 would reject if we claimed a later release), so this is reported
# wherever a client reads "version".
HA_VERSION: Final = "2025.1.4"

# Core event types (Home Assistant names).
EVENT_HUB_START: Final = "homeassistant_start"
EVENT_HUB_STARTED: Final = "homeassistant_started"
EVENT_HUB_STOP: Final = "homeassistant_stop"
EVENT_HUB_FINAL_WRITE: Final = "homeassistant_final_write"
EVENT_HUB_CLOSE: Final = "homeassistant_close"
EVENT_STATE_CHANGED: Final = "state_changed"
EVENT_STATE_REPORTED: Final = "state_reported"
EVENT_CALL_SERVICE: Final = "call_service"
EVENT_SERVICE_REGISTERED: Final = "service_registered"
EVENT_SERVICE_REMOVED: Final = "service_removed"
EVENT_COMPONENT_LOADED: Final = "component_loaded"
EVENT_CORE_CONFIG_UPDATE: Final = "core_config_updated"
EVENT_LOGGING_CHANGED: Final = "logging_changed"
EVENT_ENTITY_REGISTRY_UPDATED: Final = "entity_registry_updated"
EVENT_DEVICE_REGISTRY_UPDATED: Final = "device_registry_updated"
EVENT_AREA_REGISTRY_UPDATED: Final = "area_registry_updated"
EVENT_FLOOR_REGISTRY_UPDATED: Final = "floor_registry_updated"
EVENT_LABEL_REGISTRY_UPDATED: Final = "label_registry_updated"

MATCH_ALL: Final = "*"

# State strings every domain shares.
STATE_ON: Final = "on"
STATE_OFF: Final = "off"
STATE_UNKNOWN: Final = "unknown"
STATE_UNAVAILABLE: Final = "unavailable"

# Limits of the state model.
MAX_LENGTH_STATE_STATE: Final = 255
MAX_LENGTH_STATE_ENTITY_ID: Final = 255
MAX_LENGTH_EVENT_TYPE: Final = 64

# Common attribute names.
ATTR_ENTITY_ID: Final = "entity_id"
ATTR_DEVICE_ID: Final = "device_id"
ATTR_AREA_ID: Final = "area_id"
ATTR_FLOOR_ID: Final = "floor_id"
ATTR_LABEL_ID: Final = "label_id"
ATTR_FRIENDLY_NAME: Final = "friendly_name"
ATTR_ICON: Final = "icon"
ATTR_ENTITY_PICTURE: Final = "entity_picture"
ATTR_UNIT_OF_MEASUREMENT: Final = "unit_of_measurement"
ATTR_DEVICE_CLASS: Final = "device_class"
ATTR_STATE_CLASS: Final = "state_class"
ATTR_SUPPORTED_FEATURES: Final = "supported_features"
ATTR_ASSUMED_STATE: Final = "assumed_state"
ATTR_ATTRIBUTION: Final = "attribution"
ATTR_RESTORED: Final = "restored"

ENTITY_MATCH_ALL: Final = "all"
ENTITY_MATCH_NONE: Final = "none"

DEFAULT_PORT: Final = 8123
CONFIG_FILE: Final = "configuration.yaml"
SECRETS_FILE: Final = "secrets.yaml"
STORAGE_DIR: Final = ".storage"

# Exit code of a hub asked to restart; ``watthub run`` starts it again in-process.
RESTART_EXIT_CODE: Final = 100
