"""``subscribe_entities``: the compressed state stream HA clients (HAWS, apps) prefer.

First the result ``null``, then one event with every (filtered) state as ``{"a": ...}``,
then one event per change: ``{"a": ...}`` for a new entity, ``{"r": [...]}`` for a
removed one, ``{"c": {id: {"+": changed, "-": {"a": removed attributes}}}}`` otherwise.
A change's diff is computed once per event and shared by every subscriber (events are
delivered to all subscribers before the next event is fired, so a one-entry cache is
enough).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import orjson
import voluptuous as vol

from hub.const import EVENT_STATE_CHANGED
from hub.events import Event
from hub.states import State
from hub.websocket import messages
from hub.websocket.commands import websocket_command

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

_FILTER = vol.Schema(
    {
        vol.Optional("domains"): [str],
        vol.Optional("entities"): [str],
        vol.Optional("entity_globs"): [str],
    }
)


class _DiffCache:
    """The encoded diff of the last event seen."""

    __slots__ = ("event", "payload")

    def __init__(self) -> None:
        self.event: Event | None = None
        self.payload: bytes = b""

    def payload_for(self, event: Event) -> bytes:
        if event is not self.event:
            self.event = event
            self.payload = orjson.dumps(
                state_diff(
                    event.data["entity_id"], event.data["old_state"], event.data["new_state"]
                )
            )
        return self.payload


_CACHE = _DiffCache()


def state_diff(entity_id: str, old: State | None, new: State | None) -> dict[str, Any]:
    """HA's compressed change message for one entity."""
    if new is None:
        return {"r": [entity_id]}
    if old is None:
        return {"a": {entity_id: new.as_compressed()}}
    plus: dict[str, Any] = {}
    if new.state != old.state:
        plus["s"] = new.state
        plus["lc"] = new.last_changed_timestamp  # a state change always carries lc
    elif new.last_changed_timestamp != old.last_changed_timestamp:  # force_update
        plus["lc"] = new.last_changed_timestamp
    elif new.last_updated_timestamp != old.last_updated_timestamp:
        plus["lu"] = new.last_updated_timestamp
    context = _context_diff(old, new)
    if context is not None:
        plus["c"] = context
    old_attributes, new_attributes = old.attributes, new.attributes
    changed = {
        key: value
        for key, value in new_attributes.items()
        if key not in old_attributes or old_attributes[key] != value
    }
    if changed:
        plus["a"] = changed
    diff: dict[str, Any] = {"+": plus}
    removed = [key for key in old_attributes if key not in new_attributes]
    if removed:
        diff["-"] = {"a": removed}
    return {"c": {entity_id: diff}}


def _context_diff(old: State, new: State) -> str | dict[str, str | None] | None:
    old_context, new_context = old.context, new.context
    if old_context is new_context or old_context == new_context:
        return None
    if new_context.is_bare and old_context.is_bare:
        return new_context.id
    changed: dict[str, str | None] = {}
    if new_context.id != old_context.id:
        changed["id"] = new_context.id
    if new_context.parent_id != old_context.parent_id:
        changed["parent_id"] = new_context.parent_id
    if new_context.user_id != old_context.user_id:
        changed["user_id"] = new_context.user_id
    if list(changed) == ["id"]:
        return new_context.id
    return changed


def entity_filter(msg: dict[str, Any]) -> Callable[[str], bool] | None:
    """The filter of a subscription (None: every entity)."""
    entity_ids = msg.get("entity_ids")
    include, exclude = msg.get("include"), msg.get("exclude")
    if entity_ids is None and include is None and exclude is None:
        return None
    wanted = frozenset(entity_ids or ())
    include_match = _matcher(include) if include else None
    exclude_match = _matcher(exclude) if exclude else None

    def accept(entity_id: str) -> bool:
        if entity_ids is not None and entity_id not in wanted:
            return False
        if include_match is not None and not include_match(entity_id):
            return False
        return exclude_match is None or not exclude_match(entity_id)

    return accept


def _matcher(spec: dict[str, list[str]]) -> Callable[[str], bool]:
    domains = frozenset(spec.get("domains", ()))
    entities = frozenset(spec.get("entities", ()))
    globs = _glob_pattern(spec.get("entity_globs", ()))

    def match(entity_id: str) -> bool:
        return (
            entity_id in entities
            or entity_id.partition(".")[0] in domains
            or (globs is not None and globs.match(entity_id) is not None)
        )

    return match


def _glob_pattern(globs: Iterable[str]) -> re.Pattern[str] | None:
    patterns = [fnmatch.translate(glob) for glob in globs]
    return re.compile("|".join(patterns)) if patterns else None


@websocket_command(
    {
        vol.Required("type"): "subscribe_entities",
        vol.Optional("entity_ids"): [str],
        vol.Optional("include"): _FILTER,
        vol.Optional("exclude"): _FILTER,
    }
)
def handle_subscribe_entities(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Snapshot then diffs of the entities the user may read."""
    msg_id = msg["id"]
    permissions = connection.user.permissions
    accept = entity_filter(msg)
    if not permissions.read_all:
        inner = accept

        def accept(entity_id: str) -> bool:
            return permissions.can_read(entity_id) and (inner is None or inner(entity_id))

    send, event_message, cache = connection.send_message, messages.event_message, _CACHE

    def forward(event: Event) -> None:
        if accept is None or accept(event.data["entity_id"]):
            send(event_message(msg_id, cache.payload_for(event)))

    connection.subscriptions[msg_id] = hub.bus.listen(EVENT_STATE_CHANGED, forward)
    connection.send_result(msg_id)
    states = hub.states.all()
    snapshot = {
        state.entity_id: state.as_compressed()
        for state in states
        if accept is None or accept(state.entity_id)
    }
    connection.send_event(msg_id, {"a": snapshot})
