"""Events: ``GET /api/events`` (listener counts) and ``POST /api/events/<type>`` (fire)."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from hub.const import EVENT_STATE_CHANGED
from hub.context import Context
from hub.events import EventOrigin
from hub.exceptions import InvalidStateError, MaxLengthExceeded
from hub.http.api.payloads import events_payload
from hub.http.api.refusals import require_admin
from hub.http.view import HubView
from hub.states import State, valid_entity_id
from hub.timestamps import parse_datetime


def state_from_dict(data: Any, now: float) -> State | None:
    """A ``State`` from its wire form (HA's ``State.from_dict``); None when ``data`` is
    not a state. Missing timestamps are ``now``."""
    if not isinstance(data, dict):
        return None
    entity_id, state = data.get("entity_id"), data.get("state")
    if not isinstance(entity_id, str) or not valid_entity_id(entity_id) or state is None:
        return None
    attributes = data.get("attributes")
    context = data.get("context")
    try:
        return State(
            entity_id,
            str(state),
            attributes if isinstance(attributes, dict) else None,
            _timestamp(data.get("last_changed"), now),
            _timestamp(data.get("last_updated"), now),
            Context(
                user_id=context.get("user_id"),
                parent_id=context.get("parent_id"),
                id=context.get("id"),
            )
            if isinstance(context, dict)
            else None,
            _timestamp(data.get("last_reported"), now),
        )
    except InvalidStateError:
        return None


def _timestamp(value: Any, default: float) -> float:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed.timestamp() if parsed is not None else default


class APIEventListenersView(HubView):
    """``GET /api/events``: ``[{"event": type, "listener_count": n}]``."""

    url = "/api/events"
    name = "api:event-listeners"

    async def get(self, request: web.Request) -> web.Response:
        return self.json(events_payload(self.hub(request)))


class APIEventView(HubView):
    """``POST /api/events/<event_type>`` (admin): fire an event with origin REMOTE."""

    url = "/api/events/{event_type}"
    name = "api:event"

    async def post(self, request: web.Request, event_type: str) -> web.Response:
        user = require_admin(request, f"fire event {event_type}")
        body = await request.read()
        try:
            event_data = orjson.loads(body) if body else None
        except ValueError:
            return self.json_message("Event data should be valid JSON.", 400)
        if event_data is not None and not isinstance(event_data, dict):
            return self.json_message("Event data should be a JSON object", 400)
        hub = self.hub(request)
        if event_type == EVENT_STATE_CHANGED and event_data:
            now = hub.clock.time()
            for key in ("old_state", "new_state"):
                state = state_from_dict(event_data.get(key), now)
                if state is not None:
                    event_data[key] = state
        try:
            hub.bus.fire(event_type, event_data, EventOrigin.REMOTE, Context(user_id=user.id))
        except MaxLengthExceeded as err:
            return self.json_message(
                f"Event type {event_type[:20]}... is too long: at most {err.max_length} "
                "characters.",
                400,
            )
        return self.json_message(f"Event {event_type} fired.")
