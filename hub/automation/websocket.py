"""WebSocket commands of the automation engine (Home Assistant's shapes, ``ha-api.md`` §4.4).

- ``validate_config`` ``{triggers?, conditions?, actions?}`` ->
  ``{"triggers": {"valid": true, "error": null}, ...}`` for the keys sent;
- ``execute_script`` (admin) ``{sequence, variables?}`` -> ``{"context", "response"}``;
- ``subscribe_trigger`` (admin) ``{trigger, variables?}`` -> ``null``, then an event
  ``{"variables": {"trigger": ...}, "context": ...}`` per firing;
- ``test_condition`` (admin) ``{condition, variables?}`` -> ``{"result": bool}``.

Registered by the automation and script integrations (whichever sets up first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import voluptuous as vol

from hub.condition import CONDITION_SCHEMA, CONDITIONS_SCHEMA, condition_from_config
from hub.context import Context
from hub.exceptions import ConditionError, HubError, ServiceValidationError
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.script.action_schema import SCRIPT_SCHEMA
from hub.script.engine import Script
from hub.script.validation import device_action_errors
from hub.trace.serialize import trace_dumps
from hub.trigger import TRIGGERS_SCHEMA, TriggerInfo, attach_triggers
from hub.websocket.commands import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_SERVICE_VALIDATION_ERROR,
    register_command,
    require_admin,
    websocket_command,
)

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

_LOGGER = logging.getLogger(__name__)


def known_devices(hub: Hub) -> frozenset[str] | None:
    """The device ids the running hub's registry holds."""
    registry = hub.data.get(DEVICE_REGISTRY)
    if registry is None:
        return None
    return frozenset(device.id for device in registry.devices())


def _validate_actions(hub: Hub, value: Any) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = SCRIPT_SCHEMA(value)
    problems = device_action_errors(actions, known_devices(hub))
    if problems:
        raise vol.MultipleInvalid(problems)
    return actions


@websocket_command(
    {
        vol.Required("type"): "validate_config",
        vol.Optional("triggers"): object,
        vol.Optional("conditions"): object,
        vol.Optional("actions"): object,
    }
)
def handle_validate_config(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Whether each part is valid, and why not."""
    validators: dict[str, Callable[[Any], Any]] = {
        "triggers": TRIGGERS_SCHEMA,
        "conditions": CONDITIONS_SCHEMA,
        "actions": lambda value: _validate_actions(hub, value),
    }
    result: dict[str, Any] = {}
    for key, validator in validators.items():
        if key not in msg:
            continue
        try:
            validator(msg[key])
        except (vol.Invalid, HubError) as err:
            result[key] = {"valid": False, "error": str(err)}
        else:
            result[key] = {"valid": True, "error": None}
    connection.send_result(msg["id"], result)


def _connection_context(connection: ActiveConnection) -> Context:
    return Context(user_id=connection.user.id)


@websocket_command(
    {
        vol.Required("type"): "execute_script",
        vol.Required("sequence"): SCRIPT_SCHEMA,
        vol.Optional("variables"): dict,
    }
)
@require_admin
async def handle_execute_script(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Run a sequence once and answer with its context and ``stop`` response."""
    problems = device_action_errors(msg["sequence"], known_devices(hub))
    if problems:
        connection.send_error(msg["id"], ERR_SERVICE_VALIDATION_ERROR, str(problems[0]))
        return
    context = _connection_context(connection)
    script = Script(hub, msg["sequence"], "websocket_api script", "websocket_api")
    try:
        result = await script.run(msg.get("variables"), context)
    except ServiceValidationError as err:
        connection.send_error(
            msg["id"],
            ERR_SERVICE_VALIDATION_ERROR,
            str(err),
            err.translation_key,
            err.translation_placeholders,
        )
        return
    except (HubError, vol.Invalid) as err:
        connection.send_error(msg["id"], ERR_HOME_ASSISTANT_ERROR, str(err))
        return
    connection.send_result(
        msg["id"], {"context": context.as_dict(), "response": result.service_response}
    )


@websocket_command(
    {
        vol.Required("type"): "subscribe_trigger",
        vol.Required("trigger"): TRIGGERS_SCHEMA,
        vol.Optional("variables"): dict,
    }
)
@require_admin
async def handle_subscribe_trigger(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send an event each time the trigger fires, until ``unsubscribe_events``."""
    msg_id: int = msg["id"]

    def forward(variables: dict[str, Any], context: Context | None = None) -> None:
        connection.send_event(msg_id, trace_dumps({"variables": variables, "context": context}))

    info = TriggerInfo(
        domain="websocket_api", name="websocket_api", variables=msg.get("variables") or {}
    )
    try:
        remove = await attach_triggers(hub, msg["trigger"], forward, info)
    except (HubError, vol.Invalid) as err:
        connection.send_error(msg_id, ERR_HOME_ASSISTANT_ERROR, str(err))
        return
    connection.subscriptions[msg_id] = remove
    connection.send_result(msg_id)


@websocket_command(
    {
        vol.Required("type"): "test_condition",
        vol.Required("condition"): CONDITION_SCHEMA,
        vol.Optional("variables"): dict,
    }
)
@require_admin
async def handle_test_condition(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Evaluate one condition now."""
    try:
        condition = await condition_from_config(hub, msg["condition"])
        passed = condition(msg.get("variables"))
    except (HubError, ConditionError, vol.Invalid) as err:
        connection.send_error(msg["id"], ERR_HOME_ASSISTANT_ERROR, str(err))
        return
    connection.send_result(msg["id"], {"result": passed})


def register_commands(hub: Hub) -> None:
    """Register the engine's commands (idempotent)."""
    for handler in (
        handle_validate_config,
        handle_execute_script,
        handle_subscribe_trigger,
        handle_test_condition,
    ):
        register_command(hub, handler)
