"""The core WebSocket commands (HA §4.4): states, config, services, events, subscriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.const import EVENT_STATE_CHANGED, MATCH_ALL
from hub.context import Context
from hub.entity.component import ENTITY_COMPONENTS
from hub.entity.service_schema import TARGET_FIELDS
from hub.events import Event, EventOrigin
from hub.exceptions import Unauthorized
from hub.loader.setup import INTEGRATION_SETUP
from hub.websocket import messages
from hub.websocket.commands import (
    ERR_NOT_FOUND,
    require_admin,
    websocket_command,
)

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

# Event types a non-admin may subscribe to (HA 2025.1).
SUBSCRIBE_ALLOWLIST: Final = frozenset(
    {
        "area_registry_updated",
        "category_registry_updated",
        "component_loaded",
        "core_config_updated",
        "device_registry_updated",
        "entity_registry_updated",
        "floor_registry_updated",
        "label_registry_updated",
        "lovelace_updated",
        "panels_updated",
        "recorder_5min_statistics_generated",
        "recorder_hourly_statistics_generated",
        "repairs_issue_registry_updated",
        "service_registered",
        "service_removed",
        "shopping_list_updated",
        "state_changed",
        "themes_updated",
    }
)


@websocket_command({vol.Required("type"): "ping"})
def handle_ping(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """``ping`` -> ``pong``."""
    connection.send_message(messages.pong_message(msg["id"]))


@websocket_command(
    {vol.Required("type"): "supported_features", vol.Required("features"): {str: int}}
)
def handle_supported_features(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Opt in to ``coalesce_messages``."""
    connection.coalesce = bool(msg["features"].get("coalesce_messages"))
    connection.send_result(msg["id"])


@websocket_command({vol.Required("type"): "get_states"})
def handle_get_states(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Every state the user may read, serialised from the states' cached JSON."""
    permissions = connection.user.permissions
    states = hub.states.all()
    if not permissions.read_all:
        states = [state for state in states if permissions.can_read(state.entity_id)]
    body = b"[" + b",".join([state.json for state in states]) + b"]"
    connection.send_message(messages.raw_result_message(msg["id"], body))


@websocket_command({vol.Required("type"): "get_config"})
def handle_get_config(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The core configuration (same object as ``GET /api/config``)."""
    from hub.http.api.payloads import config_payload  # noqa: PLC0415 - api loads after us

    connection.send_result(msg["id"], config_payload(hub))


@websocket_command({vol.Required("type"): "get_services"})
def handle_get_services(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Every service with its description."""
    from hub.http.api.payloads import services_payload  # noqa: PLC0415

    connection.send_result(msg["id"], services_payload(hub))


@websocket_command({vol.Required("type"): "get_panels"})
def handle_get_panels(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Registered frontend panels (the web UI registers its own; none yet)."""
    connection.send_result(msg["id"], {})


_CALL_SERVICE_KEYS: Final = frozenset(
    {"id", "type", "domain", "service", "target", "service_data", "return_response"}
)


def validate_call_service(msg: dict[str, Any]) -> dict[str, Any]:
    """``call_service``'s schema, by hand: it is the command clients send most."""
    for key in ("domain", "service"):
        if not isinstance(msg.get(key), str):
            message = "required key not provided" if key not in msg else "expected str"
            raise vol.Invalid(message, path=[key])
    extra = msg.keys() - _CALL_SERVICE_KEYS
    if extra:
        raise vol.Invalid("extra keys not allowed", path=[sorted(extra)[0]])
    service_data = msg.get("service_data")
    if service_data is not None and not isinstance(service_data, dict):
        raise vol.Invalid("expected dict", path=["service_data"])
    target = msg.get("target")
    if target is not None:
        _validate_target(target)
    return_response = msg.get("return_response", False)
    if not isinstance(return_response, bool):
        raise vol.Invalid("expected bool", path=["return_response"])
    msg["return_response"] = return_response
    return msg


def _validate_target(target: Any) -> None:
    if not isinstance(target, dict):
        raise vol.Invalid("expected dict", path=["target"])
    for key, value in target.items():
        if key not in TARGET_FIELDS:
            raise vol.Invalid("extra keys not allowed", path=["target", key])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise vol.Invalid("expected str or a list of str", path=["target", key])
        for item in items:
            if "{{" in item or "{%" in item:
                raise vol.Invalid("Templates are not supported here", path=["target", key])


@websocket_command(validate_call_service, "call_service")
async def handle_call_service(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Call a service, blocking; the result carries the call's context."""
    user = connection.user
    domain, service = msg["domain"], msg["service"]
    registered = hub.services.get(domain, service)
    _check_may_call(user, registered.admin_only, domain, service, msg)
    context = Context(user_id=user.id)
    response = await hub.services.call(
        domain,
        service,
        msg.get("service_data"),
        blocking=True,
        context=context,
        target=msg.get("target"),
        return_response=msg["return_response"],
    )
    result: dict[str, Any] = {"context": context}
    if msg["return_response"]:
        result["response"] = response
    connection.send_result(msg["id"], result)


def _check_may_call(
    user: Any, admin_only: bool, domain: str, service: str, msg: dict[str, Any]
) -> None:
    permissions = user.permissions
    if admin_only and not permissions.admin:
        raise Unauthorized(f"{domain}.{service} is for administrators")
    if not permissions.control_all and not permissions.can_call(domain, service):
        raise Unauthorized(f"{user.name} may not call {domain}.{service}")
    if permissions.control_all:
        return
    targets = {**(msg.get("service_data") or {}), **(msg.get("target") or {})}.get("entity_id")
    for entity_id in [targets] if isinstance(targets, str) else targets or []:
        if not permissions.can_control(entity_id):
            raise Unauthorized(f"{user.name} may not control {entity_id}")


@require_admin
@websocket_command(
    {
        vol.Required("type"): "fire_event",
        vol.Required("event_type"): str,
        vol.Optional("event_data"): dict,
    }
)
def handle_fire_event(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Fire an event on the bus (admin)."""
    context = Context(user_id=connection.user.id)
    hub.bus.fire(msg["event_type"], msg.get("event_data"), EventOrigin.REMOTE, context)
    connection.send_result(msg["id"], {"context": context})


@websocket_command(
    {vol.Required("type"): "subscribe_events", vol.Optional("event_type", default=MATCH_ALL): str}
)
def handle_subscribe_events(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Forward events of one type (or all) until unsubscribed."""
    event_type: str = msg["event_type"]
    permissions = connection.user.permissions
    if not permissions.admin and event_type not in SUBSCRIBE_ALLOWLIST:
        raise Unauthorized(f"Non-admins may not subscribe to {event_type}")
    msg_id = msg["id"]
    send = connection.send_message
    event_message = messages.event_message

    if event_type == EVENT_STATE_CHANGED and not permissions.read_all:

        def forward(event: Event) -> None:
            if permissions.can_read(event.data["entity_id"]):
                send(event_message(msg_id, event.json))

    else:

        def forward(event: Event) -> None:
            send(event_message(msg_id, event.json))

    connection.subscriptions[msg_id] = hub.bus.listen(event_type, forward)
    connection.send_result(msg_id)


@websocket_command({vol.Required("type"): "unsubscribe_events", vol.Required("subscription"): int})
def handle_unsubscribe_events(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """End any subscription of this connection."""
    unsubscribe = connection.subscriptions.pop(msg["subscription"], None)
    if unsubscribe is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Subscription not found.")
        return
    unsubscribe()
    connection.send_result(msg["id"])


@websocket_command({vol.Required("type"): "entity/source"})
def handle_entity_source(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The integration that created each live entity."""
    permissions = connection.user.permissions
    sources = {
        entity_id: {"domain": entity.platform.integration}
        for component in hub.data.get(ENTITY_COMPONENTS, {}).values()
        for entity_id, entity in component.entities.items()
        if entity.platform is not None and permissions.can_read(entity_id)
    }
    connection.send_result(msg["id"], sources)


@websocket_command({vol.Required("type"): "manifest/list", vol.Optional("integrations"): [str]})
def handle_manifest_list(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Manifests of the loaded integrations (or the ones asked for)."""
    setup = hub.data[INTEGRATION_SETUP]
    wanted = msg.get("integrations") or sorted(setup.loaded)
    manifests = [setup.catalog.get(d).manifest.as_api() for d in wanted if d in setup.catalog]
    connection.send_result(msg["id"], manifests)


@websocket_command({vol.Required("type"): "manifest/get", vol.Required("integration"): str})
def handle_manifest_get(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """One integration's manifest."""
    catalog = hub.data[INTEGRATION_SETUP].catalog
    if msg["integration"] not in catalog:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Integration not found")
        return
    connection.send_result(msg["id"], catalog.get(msg["integration"]).manifest.as_api())


@websocket_command({vol.Required("type"): "integration/setup_info"})
def handle_setup_info(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """How long each integration took to set up."""
    records = hub.data[INTEGRATION_SETUP].records.values()
    connection.send_result(
        msg["id"], [{"domain": r.domain, "seconds": round(r.seconds, 4)} for r in records]
    )


CORE_COMMANDS: Final = (
    handle_ping,
    handle_supported_features,
    handle_get_states,
    handle_get_config,
    handle_get_services,
    handle_get_panels,
    handle_call_service,
    handle_fire_event,
    handle_subscribe_events,
    handle_unsubscribe_events,
    handle_entity_source,
    handle_manifest_list,
    handle_manifest_get,
    handle_setup_info,
)
