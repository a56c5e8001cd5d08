"""Reading a JSON request body against a schema, with Home Assistant's 400 answers:
``{"message": "Invalid JSON."}`` and ``{"message": "Message format incorrect: ..."}``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
import voluptuous as vol
from aiohttp import web

from hub.http.view import json_response


class BadRequestBody(Exception):
    """The body is not what the endpoint takes; ``response`` is the answer to send."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.text)
        self.response = response


async def read_json(request: web.Request, schema: vol.Schema) -> dict[str, Any]:
    """The validated JSON object of the request; raises ``BadRequestBody``."""
    try:
        data = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        raise BadRequestBody(_message("Invalid JSON.")) from None
    try:
        valid: dict[str, Any] = schema(data)
    except vol.Invalid as err:
        raise BadRequestBody(_message(f"Message format incorrect: {err}")) from None
    return valid


def _message(message: str) -> web.Response:
    return json_response({"message": message}, HTTPStatus.BAD_REQUEST)
