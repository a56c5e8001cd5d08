"""``docs/openapi.yaml`` is a valid OpenAPI 3.1 document that matches the running hub:
every REST route is described, and live answers (successes and errors, every role)
validate against the schemas of their path, method, status and content type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema.exceptions import ValidationError
from multidict import CIMultiDict, CIMultiDictProxy
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from hub.http.server import HTTP_SERVER
from hub.services import ServiceCall, SupportsResponse
from tests.hub.http.conftest import ApiClient, Reply

SPEC_PATH = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return document


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _template_for(spec: dict[str, Any], path: str) -> str:
    for template in spec["paths"]:
        pattern = "^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return str(template)
    raise AssertionError(f"{path} is not described in {SPEC_PATH.name}")


def check(spec: dict[str, Any], method: str, path: str, reply: Reply) -> None:
    """Fail unless ``reply`` is described by the spec and its body validates."""
    template = _template_for(spec, path.partition("?")[0])
    operation = spec["paths"][template].get(method.lower())
    assert operation is not None, f"{method} {template} is not described"
    status = str(reply.status)
    response = operation["responses"].get(status)
    assert response is not None, f"{method} {template} answered {status}, which is not described"
    pointer_parts = ["paths", template, method.lower(), "responses", status]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[1]
        response = spec["components"]["responses"][name]
        pointer_parts = ["components", "responses", name]
    content = response.get("content")
    if content is None:
        assert reply.body == b"", (
            f"{method} {template} {status} has a body the spec does not describe"
        )
        return
    assert reply.content_type in content, (
        f"{method} {template} {status}: {reply.content_type} is not among {list(content)}"
    )
    instance: Any = reply.json() if reply.content_type == "application/json" else reply.text
    root = {**spec, "$ref": _pointer(*pointer_parts, "content", reply.content_type, "schema")}
    OAS31Validator(root).validate(instance)


def test_the_document_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }


async def test_every_rest_route_is_described_and_nothing_more(
    api: ApiClient, spec: dict[str, Any]
) -> None:
    served: dict[str, set[str]] = {}
    for route in api.hub.data[HTTP_SERVER].app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        template = info.get("formatter") or info.get("path")
        if template is None or not template.startswith("/api/"):
            continue
        if template.startswith(("/api/websocket", "/api/onboarding", "/api/webhook")):
            continue  # WebSocket, onboarding and webhooks are described in ha-api.md
        served.setdefault(template, set()).add(route.method.lower())
    described = {
        template: {method for method in item if method in ("get", "post", "delete", "put")}
        for template, item in spec["paths"].items()
    }
    assert served == described


async def test_live_answers_match_the_document(api: ApiClient, spec: dict[str, Any]) -> None:
    def echo(call: ServiceCall) -> dict[str, Any]:
        api.hub.states.set("sensor.echo", "1", context=call.context)
        return {"echo": dict(call.data)}

    api.hub.services.register("test", "echo", echo, supports_response=SupportsResponse.OPTIONAL)
    api.hub.services.register("test", "only", echo, supports_response=SupportsResponse.ONLY)
    (api.hub.config_dir / "watthub.log").write_text("a log line\n")

    requests: list[tuple[str, str, str | None, dict[str, Any]]] = [
        ("GET", "/api/", "admin", {}),
        ("GET", "/api/", None, {}),
        ("GET", "/api/config", "read_only", {}),
        ("GET", "/api/core/state", "user", {}),
        ("GET", "/api/components", "admin", {}),
        ("GET", "/api/events", "admin", {}),
        ("POST", "/api/events/doorbell", "admin", {"json": {"button": 1}}),
        ("POST", "/api/events/doorbell", "admin", {"data": b"[1]"}),
        ("POST", "/api/events/doorbell", "user", {"json": {}}),
        ("GET", "/api/services", "admin", {}),
        (
            "POST",
            "/api/services/switch/turn_off",
            "admin",
            {"json": {"entity_id": "switch.fridge"}},
        ),
        ("POST", "/api/services/test/echo?return_response", "user", {"json": {"x": 1}}),
        ("POST", "/api/services/test/only", "admin", {}),
        ("POST", "/api/services/switch/turn_on?return_response", "admin", {}),
        ("POST", "/api/services/switch/turn_on", "admin", {"data": b"{bad"}),
        ("POST", "/api/services/nothing/here", "admin", {}),
        ("POST", "/api/services/switch/turn_on", "read_only", {"json": {}}),
        ("GET", "/api/states", "admin", {}),
        ("GET", "/api/states/switch.fridge", "read_only", {}),
        ("GET", "/api/states/sensor.nothing", "admin", {}),
        (
            "POST",
            "/api/states/sensor.outside",
            "admin",
            {"json": {"state": 3, "attributes": {"a": [1]}}},
        ),
        ("POST", "/api/states/sensor.outside", "admin", {"json": {"state": "4"}}),
        ("POST", "/api/states/sensor.outside", "admin", {"json": {"attributes": {}}}),
        ("POST", "/api/states/sensor.outside", "user", {"json": {"state": "5"}}),
        ("DELETE", "/api/states/sensor.outside", "admin", {}),
        ("DELETE", "/api/states/sensor.outside", "admin", {}),
        ("POST", "/api/config/core/check_config", "admin", {}),
        ("POST", "/api/config/core/check_config", "user", {}),
        ("GET", "/api/error_log", "admin", {}),
        ("GET", "/api/error_log", "read_only", {}),
        ("GET", "/api/stream", "user", {}),
        ("POST", "/api/template", "admin", {"json": {"template": "{{ 1 }}"}}),
        ("POST", "/api/template", "admin", {"json": {"template": "{{ 1 + }}"}}),
        ("POST", "/api/template", "user", {"json": {"template": "{{ 1 }}"}}),
        ("GET", "/api/history/period?filter_entity_id=switch.fridge", "admin", {}),
        ("GET", "/api/history/period/2026-01-15T00:00:00+00:00", "admin", {}),
        ("GET", "/api/logbook", "user", {}),
        ("GET", "/api/logbook/2026-01-15T00:00:00+00:00", "admin", {}),
    ]
    statuses = set()
    for method, path, role, kwargs in requests:
        reply = await api.request(method, path, role=role, **kwargs)
        check(spec, method, path, reply)
        statuses.add(reply.status)
    assert statuses == {200, 201, 400, 401, 404, 501}


def test_the_check_rejects_answers_the_document_does_not_allow(spec: dict[str, Any]) -> None:
    """The validation above is not vacuous: wrong shapes, statuses and types fail it."""

    def reply(status: int, body: bytes, content_type: str = "application/json") -> Reply:
        return Reply(status, CIMultiDictProxy(CIMultiDict()), body, content_type)

    state = (
        b'{"entity_id":"switch.x","state":"on","attributes":{},'
        b'"last_changed":"2026-01-15T12:00:00+00:00","last_reported":"2026-01-15T12:00:00+00:00",'
        b'"last_updated":"2026-01-15T12:00:00+00:00",'
        b'"context":{"id":"01JH8Y6W3Q9D1F4T2K7M5N0PXR","parent_id":null,"user_id":null}}'
    )
    check(spec, "GET", "/api/states/switch.x", reply(200, state))
    with pytest.raises(ValidationError):
        check(spec, "GET", "/api/states/switch.x", reply(200, state.replace(b"+00:00", b"Z", 1)))
    with pytest.raises(ValidationError):
        check(spec, "GET", "/api/states/switch.x", reply(200, b'{"entity_id":"switch.x"}'))
    with pytest.raises(ValidationError):
        check(spec, "GET", "/api/", reply(401, b"401: Nope", "text/plain"))
    with pytest.raises(AssertionError, match="not described"):
        check(spec, "GET", "/api/states", reply(418, b"[]"))
    with pytest.raises(AssertionError, match="not among"):
        check(spec, "GET", "/api/states", reply(200, b"[]", "text/html"))
