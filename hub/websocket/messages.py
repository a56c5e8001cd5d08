"""The WebSocket protocol's messages, as JSON bytes ready to send.

Results and events are assembled around already-encoded JSON: a ``state_changed`` event
is encoded once (``Event.json``, states embedded from their own cache) and each
subscriber's message is that plus a few bytes of envelope.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import orjson

from hub.const import HA_VERSION
from hub.events import json_default

AUTH_REQUIRED: Final = orjson.dumps({"type": "auth_required", "ha_version": HA_VERSION})
AUTH_OK: Final = orjson.dumps({"type": "auth_ok", "ha_version": HA_VERSION})
AUTH_INVALID: Final = orjson.dumps(
    {"type": "auth_invalid", "message": "Invalid access token or password"}
)
_OPTIONS: Final = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> bytes:
    """Encode with the hub's JSON rules (cached state/context JSON embedded)."""
    return orjson.dumps(value, default=json_default, option=_OPTIONS)


def auth_invalid(message: str) -> bytes:
    """An ``auth_invalid`` message with a specific reason."""
    return orjson.dumps({"type": "auth_invalid", "message": message})


def result_message(msg_id: int, result: Any = None) -> bytes:
    """A successful result."""
    if result is None:
        return b'{"id":%d,"type":"result","success":true,"result":null}' % msg_id
    return b'{"id":%d,"type":"result","success":true,"result":%b}' % (msg_id, dumps(result))


def raw_result_message(msg_id: int, result_json: bytes) -> bytes:
    """A successful result whose JSON is already encoded."""
    return b'{"id":%d,"type":"result","success":true,"result":%b}' % (msg_id, result_json)


def event_message(msg_id: int, event_json: bytes) -> bytes:
    """An event of subscription ``msg_id`` whose payload is already encoded."""
    return b'{"id":%d,"type":"event","event":%b}' % (msg_id, event_json)


def pong_message(msg_id: int) -> bytes:
    """The answer to ``ping`` (no ``success`` key)."""
    return b'{"id":%d,"type":"pong"}' % msg_id


def error_message(
    msg_id: int | str | None,
    code: str,
    message: str,
    translation_key: str | None = None,
    translation_placeholders: Mapping[str, Any] | None = None,
    translation_domain: str = "homeassistant",
) -> bytes:
    """A failed result; the three translation keys appear together or not at all."""
    error: dict[str, Any] = {"code": code, "message": message}
    if translation_key is not None:
        error["translation_key"] = translation_key
        error["translation_placeholders"] = dict(translation_placeholders or {})
        error["translation_domain"] = translation_domain
    return dumps({"id": msg_id, "type": "result", "success": False, "error": error})
