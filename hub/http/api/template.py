"""``POST /api/template`` (admin): render a template once, answered as plain text.

Body ``{"template": "...", "variables": {...}}``. The answer is the raw rendered text
(not parsed into JSON types, unlike the WebSocket ``render_template``); a template that
does not compile or fails to render is 400 ``{"message": "Error rendering template:
..."}``.
"""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from hub.exceptions import TemplateError
from hub.http.api.refusals import require_admin
from hub.http.view import HubView
from hub.template import Template

BAD_REQUEST = 400


class APITemplateView(HubView):
    """``POST /api/template`` (admin)."""

    url = "/api/template"
    name = "api:template"

    async def post(self, request: web.Request) -> web.Response:
        require_admin(request, "render templates")
        try:
            data: Any = orjson.loads(await request.read())
            template = Template(data["template"], self.hub(request))
            variables = data.get("variables")
            text = template.render(variables, parse_result=False)
        except (ValueError, TemplateError) as err:
            return self.json_message(f"Error rendering template: {err}", BAD_REQUEST)
        except (KeyError, TypeError, AttributeError):
            return self.json_message(
                'Error rendering template: the body must be {"template": "...", '
                '"variables": {...}}',
                BAD_REQUEST,
            )
        return web.Response(text=text, content_type="text/plain")
