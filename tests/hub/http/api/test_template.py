"""``POST /api/template``: raw text for admins, HA's 400 message for errors."""

from __future__ import annotations

from tests.hub.http.conftest import ApiClient


async def test_renders_raw_text(api: ApiClient) -> None:
    api.hub.states.set("sensor.tpl_test", "21")
    reply = await api.post(
        "/api/template",
        json={
            "template": "{{ states('sensor.tpl_test') | int * factor }}",
            "variables": {"factor": 2},
        },
    )
    assert reply.status == 200
    assert reply.content_type == "text/plain"
    assert reply.text == "42"
    listed = await api.post("/api/template", json={"template": "{{ [1, 2] }}"})
    assert listed.text == "[1, 2]"  # not parsed into JSON: raw text as HA answers


async def test_errors_are_400_with_ha_message(api: ApiClient) -> None:
    syntax = await api.post("/api/template", json={"template": "{{ 1 + }}"})
    assert syntax.status == 400
    assert syntax.json()["message"].startswith("Error rendering template: TemplateSyntaxError: ")
    render = await api.post("/api/template", json={"template": "{{ 'x' | float }}"})
    assert render.status == 400
    assert render.json()["message"].startswith(
        "Error rendering template: ValueError: Template error: float got invalid input 'x'"
    )
    not_json = await api.post("/api/template", data=b"{nope")
    assert not_json.status == 400
    assert not_json.json()["message"].startswith("Error rendering template: ")
    missing = await api.post("/api/template", json={"variables": {}})
    assert missing.status == 400


async def test_only_admins_render(api: ApiClient) -> None:
    for role in ("user", "read_only"):
        reply = await api.post("/api/template", json={"template": "{{ 1 }}"}, role=role)
        assert (reply.status, reply.text) == (401, "401: Unauthorized")
    anonymous = await api.post("/api/template", json={"template": "{{ 1 }}"}, role=None)
    assert anonymous.status == 401
