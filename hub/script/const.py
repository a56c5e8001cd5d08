"""Names of script and action configuration keys, action types and script modes."""

from __future__ import annotations

from typing import Final

CONF_ALIAS: Final = "alias"
CONF_ENABLED: Final = "enabled"
CONF_CONTINUE_ON_ERROR: Final = "continue_on_error"
CONF_ACTION: Final = "action"
CONF_SERVICE: Final = "service"
CONF_SERVICE_TEMPLATE: Final = "service_template"
CONF_DATA: Final = "data"
CONF_DATA_TEMPLATE: Final = "data_template"
CONF_TARGET: Final = "target"
CONF_ENTITY_ID: Final = "entity_id"
CONF_METADATA: Final = "metadata"
CONF_RESPONSE_VARIABLE: Final = "response_variable"
CONF_DELAY: Final = "delay"
CONF_WAIT_TEMPLATE: Final = "wait_template"
CONF_WAIT_FOR_TRIGGER: Final = "wait_for_trigger"
CONF_TIMEOUT: Final = "timeout"
CONF_CONTINUE_ON_TIMEOUT: Final = "continue_on_timeout"
CONF_EVENT: Final = "event"
CONF_EVENT_DATA: Final = "event_data"
CONF_EVENT_DATA_TEMPLATE: Final = "event_data_template"
CONF_CONDITION: Final = "condition"
CONF_CONDITIONS: Final = "conditions"
CONF_CHOOSE: Final = "choose"
CONF_DEFAULT: Final = "default"
CONF_IF: Final = "if"
CONF_THEN: Final = "then"
CONF_ELSE: Final = "else"
CONF_REPEAT: Final = "repeat"
CONF_COUNT: Final = "count"
CONF_WHILE: Final = "while"
CONF_UNTIL: Final = "until"
CONF_FOR_EACH: Final = "for_each"
CONF_SEQUENCE: Final = "sequence"
CONF_PARALLEL: Final = "parallel"
CONF_VARIABLES: Final = "variables"
CONF_STOP: Final = "stop"
CONF_ERROR: Final = "error"
CONF_DEVICE_ID: Final = "device_id"
CONF_DOMAIN: Final = "domain"
CONF_SCENE: Final = "scene"
CONF_SET_CONVERSATION_RESPONSE: Final = "set_conversation_response"
CONF_MODE: Final = "mode"
CONF_MAX: Final = "max"
CONF_MAX_EXCEEDED: Final = "max_exceeded"

# Action types (Home Assistant's names; a step's handler is chosen by its type).
ACTION_DELAY: Final = "delay"
ACTION_WAIT_TEMPLATE: Final = "wait_template"
ACTION_CONDITION: Final = "condition"
ACTION_EVENT: Final = "event"
ACTION_DEVICE: Final = "device"
ACTION_SCENE: Final = "scene"
ACTION_REPEAT: Final = "repeat"
ACTION_CHOOSE: Final = "choose"
ACTION_WAIT_FOR_TRIGGER: Final = "wait_for_trigger"
ACTION_VARIABLES: Final = "variables"
ACTION_IF: Final = "if"
ACTION_CALL_SERVICE: Final = "call_service"
ACTION_STOP: Final = "stop"
ACTION_PARALLEL: Final = "parallel"
ACTION_SEQUENCE: Final = "sequence"
ACTION_SET_CONVERSATION_RESPONSE: Final = "set_conversation_response"

# Which key decides an action's type, in Home Assistant's order of priority.
ACTION_KEYS: Final[dict[str, str]] = {
    CONF_DELAY: ACTION_DELAY,
    CONF_WAIT_TEMPLATE: ACTION_WAIT_TEMPLATE,
    CONF_CONDITION: ACTION_CONDITION,
    "and": ACTION_CONDITION,
    "or": ACTION_CONDITION,
    "not": ACTION_CONDITION,
    CONF_EVENT: ACTION_EVENT,
    CONF_DEVICE_ID: ACTION_DEVICE,
    CONF_SCENE: ACTION_SCENE,
    CONF_REPEAT: ACTION_REPEAT,
    CONF_CHOOSE: ACTION_CHOOSE,
    CONF_WAIT_FOR_TRIGGER: ACTION_WAIT_FOR_TRIGGER,
    CONF_VARIABLES: ACTION_VARIABLES,
    CONF_IF: ACTION_IF,
    CONF_ACTION: ACTION_CALL_SERVICE,
    CONF_SERVICE: ACTION_CALL_SERVICE,
    CONF_SERVICE_TEMPLATE: ACTION_CALL_SERVICE,
    CONF_STOP: ACTION_STOP,
    CONF_PARALLEL: ACTION_PARALLEL,
    CONF_SEQUENCE: ACTION_SEQUENCE,
    CONF_SET_CONVERSATION_RESPONSE: ACTION_SET_CONVERSATION_RESPONSE,
}

SCRIPT_MODE_SINGLE: Final = "single"
SCRIPT_MODE_RESTART: Final = "restart"
SCRIPT_MODE_QUEUED: Final = "queued"
SCRIPT_MODE_PARALLEL: Final = "parallel"
SCRIPT_MODES: Final = (
    SCRIPT_MODE_PARALLEL,
    SCRIPT_MODE_QUEUED,
    SCRIPT_MODE_RESTART,
    SCRIPT_MODE_SINGLE,
)
DEFAULT_MAX: Final = 10
DEFAULT_MAX_EXCEEDED: Final = "WARNING"
# Log levels (and "SILENT") a script may report "already running" / "max runs" at.
MAX_EXCEEDED_CHOICES: Final = (
    "CRITICAL",
    "FATAL",
    "ERROR",
    "WARNING",
    "WARN",
    "INFO",
    "DEBUG",
    "NOTSET",
    "SILENT",
)

ATTR_LAST_TRIGGERED: Final = "last_triggered"
ATTR_MODE: Final = "mode"
ATTR_CUR: Final = "current"
ATTR_MAX: Final = "max"
ATTR_VARIABLES: Final = "variables"

# Loops that never end are stopped (Home Assistant's limits).
REPEAT_WARN_ITERATIONS: Final = 5000
REPEAT_TERMINATE_ITERATIONS: Final = 10000
