"""States: ``GET /api/states``, and ``GET``/``POST``/``DELETE /api/states/<entity_id>``.

Reading is filtered by what the user may read; writing (admins only) sets the state
machine directly, as in Home Assistant: no device is contacted, and the entity's next
update overwrites what was posted.
"""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from hub.context import Context
from hub.exceptions import InvalidStateError, MaxLengthExceeded
from hub.http.api.refusals import refuse, require_admin
from hub.http.view import HubView


class APIStatesView(HubView):
    """``GET /api/states``: every state the user may read."""

    url = "/api/states"
    name = "api:states"

    async def get(self, request: web.Request) -> web.Response:
        permissions = self.user(request).permissions
        states = self.hub(request).states.all()
        if not permissions.read_all:
            states = [state for state in states if permissions.can_read(state.entity_id)]
        return self.json(states)


class APIEntityStateView(HubView):
    """One entity's state: read, write (admin), remove (admin)."""

    url = "/api/states/{entity_id}"
    name = "api:entity-state"

    async def get(self, request: web.Request, entity_id: str) -> web.Response:
        if not self.user(request).permissions.can_read(entity_id.lower()):
            raise refuse(request, f"read {entity_id}")
        state = self.hub(request).states.get(entity_id)
        if state is None:
            return self.json_message("Entity not found.", 404)
        return self.json(state)

    async def post(self, request: web.Request, entity_id: str) -> web.Response:
        user = require_admin(request, f"set the state of {entity_id}")
        try:
            data: Any = orjson.loads(await request.read())
        except ValueError:
            return self.json_message("Invalid JSON specified.", 400)
        if not isinstance(data, dict):
            return self.json_message("Invalid JSON specified.", 400)
        new_state = data.get("state")
        if new_state is None:
            return self.json_message("No state specified.", 400)
        attributes = data.get("attributes")
        if attributes is not None and not isinstance(attributes, dict):
            return self.json_message("Attributes should be a JSON object.", 400)
        states = self.hub(request).states
        is_new = states.get(entity_id) is None
        try:
            state = states.set(
                entity_id,
                str(new_state),
                attributes,
                bool(data.get("force_update", False)),
                Context(user_id=user.id),
            )
        except MaxLengthExceeded:
            return self.json_message("Invalid state specified.", 400)
        except InvalidStateError:
            return self.json_message("Invalid entity ID specified.", 400)
        return self.json(
            state,
            201 if is_new else 200,
            headers={"Location": f"/api/states/{entity_id}"},
        )

    async def delete(self, request: web.Request, entity_id: str) -> web.Response:
        user = require_admin(request, f"remove {entity_id}")
        if self.hub(request).states.remove(entity_id, Context(user_id=user.id)):
            return self.json_message("Entity removed.")
        return self.json_message("Entity not found.", 404)
