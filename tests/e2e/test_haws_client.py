"""The WebSocket API driven by the real Home Assistant JS client.

``home-assistant-js-websocket`` (HAWS, pinned in ``tests/js/package.json``) runs under
node against a real ``watthub run`` process; ``tests/js/haws_client.mjs`` plays one
scenario and prints what the client saw as JSON, which these tests check. HAWS is strict
in its own ways (it applies ``subscribe_entities`` diffs to its store, refreshes tokens
with multipart forms, re-subscribes after reconnecting), so this proves the wire format
against a real client rather than against our reading of the reference.

The in-process protocol tests with aiohttp are in ``tests/hub/websocket``; the aiohttp
part here covers only what needs a real process: a token surviving a hub restart.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from datetime import datetime
from typing import Any

import aiohttp

from tests.e2e.conftest import (
    ADMIN_NAME,
    DEMO_ENTITIES,
    HAWS_SCRIPT,
    JS_DIR,
    HawsRun,
    LiveHub,
    haws_input,
    parse_haws_output,
)

HA_VERSION = "2025.1.4"


def run_haws(node: str, hub: LiveHub, scenario: str, **extra: Any) -> HawsRun:
    """Run one scenario to its end (the script stops itself after ``timeout`` s)."""
    timeout = extra.setdefault("timeout", 20)
    done = subprocess.run(
        [node, str(HAWS_SCRIPT), scenario, haws_input(hub, **extra)],
        cwd=JS_DIR,
        capture_output=True,
        text=True,
        timeout=timeout + 10,
        check=False,
    )
    run = parse_haws_output(done.stdout, done.stderr, hub)
    assert done.returncode == 0, done.stderr
    return run


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _same_instant(haws_iso: str, hub_iso: str) -> bool:
    """HAWS rebuilds timestamps from float seconds with millisecond precision."""
    return abs((_instant(haws_iso) - _instant(hub_iso)).total_seconds()) < 0.001


def test_long_lived_token_commands_and_entity_subscription(node: str, live_hub: LiveHub) -> None:
    run = run_haws(node, live_hub, "long-lived")
    seen = run.result
    assert run.warnings == []  # e.g. "Received state update for unknown entity"

    # Auth phase and the features HAWS enables itself (id 1, coalescing).
    assert seen["haVersion"] == HA_VERSION
    assert seen["supportedFeaturesResult"] == {
        "at": seen["supportedFeaturesResult"]["at"],
        "id": 1,
        "type": "result",
        "success": True,
        "result": None,
    }

    # Coalescing is on: the subscribe_entities result and its snapshot, queued together,
    # went out as one JSON array, which HAWS unpacked.
    assert seen["frames"]["arrays"] >= 1

    # getStates / getConfig / getServices / getUser.
    assert set(seen["states"]) >= DEMO_ENTITIES
    config = seen["config"]
    assert config["version"] == HA_VERSION
    assert config["state"] == "RUNNING"
    assert config["location_name"] == "Demo home"
    assert {"js_test", "demo", "switch", "websocket_api"} <= set(config["components"])
    assert {"switch", "homeassistant", "js_test"} <= set(seen["serviceDomains"])
    assert seen["switchTurnOn"] == {
        "name": "Turn on",
        "description": "Turns a switch on.",
        "fields": {},
        "target": {"entity": [{"domain": ["switch"]}]},
    }
    user = seen["user"]
    assert user["name"] == ADMIN_NAME
    assert user["is_owner"] is True
    assert user["is_admin"] is True
    assert user["credentials"] == [
        {"auth_provider_type": "homeassistant", "auth_provider_id": None}
    ]

    # subscribeEntities: the initial snapshot is the whole state machine.
    assert set(seen["initialEntities"]) == set(seen["states"])
    assert seen["initialWashingMachine"]["attributes"]["friendly_name"] == "Washing machine"

    # A service call's effect arrives as a diff that HAWS applies, with the call's context.
    context = seen["turnOnResult"]["context"]
    assert set(seen["turnOnResult"]) == {"context"}
    assert context["user_id"] == user["id"]
    machine = seen["washingMachineAfterTurnOn"]
    assert machine["state"] == "on"
    assert machine["context"] == context
    assert machine["attributes"] == seen["initialWashingMachine"]["attributes"]

    # A state created, changed (an attribute dropped) and deleted through REST.
    created, updated = seen["created"], seen["updated"]
    assert created["status"] == 201
    assert updated["status"] == 200
    added = seen["added"]
    assert added["state"] == "42"
    assert added["attributes"] == {
        "unit_of_measurement": "W",
        "friendly_name": "JS test",
        "stale": True,
    }
    assert added["context"] == created["body"]["context"]
    assert _same_instant(added["last_changed"], created["body"]["last_changed"])
    changed = seen["changed"]
    assert changed["state"] == "43"
    assert changed["attributes"] == {"unit_of_measurement": "W", "friendly_name": "JS test"}
    assert changed["context"] == updated["body"]["context"]
    assert _same_instant(changed["last_changed"], updated["body"]["last_changed"])
    assert _same_instant(changed["last_updated"], updated["body"]["last_updated"])
    assert seen["deleted"] == {"status": 200, "body": {"message": "Entity removed."}}
    assert seen["removed"] is True
    assert "sensor.js_test" not in seen["finalEntities"]
    assert seen["removalEvents"] == [{"r": ["sensor.js_test"]}]
    assert seen["diffKinds"] == ["a", "c", "r"]


def test_access_token_from_the_oauth_flow_and_its_refresh(node: str, live_hub: LiveHub) -> None:
    client_id = f"{live_hub.url}/"  # what HAWS in a browser app served by the hub uses
    tokens = live_hub.oauth_tokens(client_id)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 1800

    run = run_haws(node, live_hub, "access-token", clientId=client_id, tokens=tokens)
    seen = run.result
    assert run.warnings == []
    assert seen["freshUser"]["name"] == ADMIN_NAME
    assert seen["freshStates"] >= len(DEMO_ENTITIES)

    # The expired token was refreshed at /auth/token (a multipart form with the refresh
    # token and client id) before the socket authenticated with the new one.
    assert seen["expiredBefore"] is True
    assert seen["refreshed"] == {
        "saves": 1,
        "accessTokenChanged": True,
        "accessTokenIsJwt": True,
        "refreshTokenKept": True,
        "expiresIn": 1800,
        "expiredAfter": False,
        "tokenType": "Bearer",
        "keys": [
            "access_token",
            "clientId",
            "expires",
            "expires_in",
            "hassUrl",
            "refresh_token",
            "token_type",
        ],
    }
    assert seen["refreshedUser"]["id"] == seen["freshUser"]["id"]

    # auth.revoke() closes the socket; the reconnect is refused, which HAWS reports.
    assert seen["afterRevoke"] == ["disconnected", "reconnect-error"]


def test_call_service_with_response_data(node: str, live_hub: LiveHub) -> None:
    run = run_haws(node, live_hub, "service-response")
    seen = run.result
    assert run.warnings == []
    described = seen["described"]
    assert described["echo"]["response"] == {"optional": False}
    assert described["count"]["response"] == {"optional": True}

    echo = seen["echo"]
    assert set(echo) == {"context", "response"}
    user_id = echo["context"]["user_id"]
    assert user_id is not None
    assert echo["response"] == {
        "echo": {"text": "hello", "number": 7, "entity_id": "switch.fridge"},
        "entity_ids": "switch.fridge",
        "user_id": user_id,
    }
    assert seen["countWithResponse"]["response"] == {"calls": 1}
    # Without return_response there is no "response" key at all.
    assert set(seen["countWithout"]) == {"context"}

    refused = seen["echoWithoutResponse"]["error"]
    assert refused["code"] == "service_validation_error"
    assert refused["translation_key"] == "service_lacks_response_request"
    refused = seen["noResponseService"]["error"]
    assert refused["code"] == "service_validation_error"
    assert refused["translation_key"] == "service_does_not_support_response"


def test_subscribe_events_then_unsubscribe(node: str, live_hub: LiveHub) -> None:
    run = run_haws(node, live_hub, "events")
    seen = run.result
    # HAWS warns about (and unsubscribes from) events of subscriptions it ended.
    assert run.warnings == []
    assert seen["eventTypes"] == ["state_changed"]
    events = seen["events"]
    assert [(e["old_state"], e["new_state"]) for e in events] == [
        (None, "0"),
        ("0", "1"),
        ("1", "2"),
    ]
    for event in events:
        assert event["event_type"] == "state_changed"
        assert event["origin"] == "LOCAL"
        assert event["keys"] == ["context", "data", "event_type", "origin", "time_fired"]
        assert event["context"]["user_id"] is not None
    assert seen["afterUnsubscribe"] == {"callbacks": 0, "eventFrames": 0}


async def test_reconnects_after_hub_restart(node: str, live_hub: LiveHub) -> None:
    """HAWS reconnects and re-subscribes by itself; an aiohttp client's OAuth access token
    still works after the restart (tokens and their keys are stored)."""
    client_id = f"{live_hub.url}/"
    access_token = live_hub.oauth_tokens(client_id)["access_token"]
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(f"{live_hub.url}/api/websocket")
        assert (await ws.receive_json(timeout=5))["type"] == "auth_required"
        await ws.send_json({"type": "auth", "access_token": access_token})
        assert (await ws.receive_json(timeout=5))["type"] == "auth_ok"

        haws = await asyncio.create_subprocess_exec(
            node,
            str(HAWS_SCRIPT),
            "reconnect",
            haws_input(live_hub, timeout=30),
            cwd=JS_DIR,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            assert haws.stdout is not None
            # The script says when its subscription is up (or ends, on a failure).
            first = (await asyncio.wait_for(haws.stdout.readline(), 35)).decode()
            if json.loads(first or "{}").get("mark") != "subscribed":
                out, err = await asyncio.wait_for(haws.communicate(), 5)
                parse_haws_output(first + out.decode(), err.decode(), live_hub)
                raise AssertionError(f"unexpected output of the JS client: {first}")
            live_hub.restart()  # blocks this loop for a few seconds: nothing else runs
            out, err = await asyncio.wait_for(haws.communicate(), 40)
            stdout, stderr = out.decode(), err.decode()
        finally:
            if haws.returncode is None:
                haws.kill()
                await haws.communicate()
        run = parse_haws_output(first + stdout, stderr, live_hub)

        # The hub closed the aiohttp socket when it stopped...
        closing = await ws.receive(timeout=5)
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), closing
        await ws.close()
        # ...and the same access token signs in to the new hub.
        ws = await session.ws_connect(f"{live_hub.url}/api/websocket")
        assert (await ws.receive_json(timeout=5))["type"] == "auth_required"
        await ws.send_json({"type": "auth", "access_token": access_token})
        assert await ws.receive_json(timeout=5) == {"type": "auth_ok", "ha_version": HA_VERSION}
        await ws.send_json({"id": 1, "type": "subscribe_entities", "entity_ids": ["switch.media"]})
        assert await ws.receive_json(timeout=5) == {
            "id": 1,
            "type": "result",
            "success": True,
            "result": None,
        }
        snapshot = await ws.receive_json(timeout=5)
        assert list(snapshot["event"]["a"]) == ["switch.media"]
        await ws.close()

    seen = run.result
    assert run.marks == ["subscribed"]
    assert run.warnings == []
    assert seen["lifecycle"] == ["disconnected", "ready"]
    assert seen["reconnectSeconds"] < 20
    # After re-subscribing HAWS got the new hub's full snapshot...
    assert set(seen["snapshotEntities"]) >= DEMO_ENTITIES
    assert "sensor.js_after_restart" not in seen["snapshotEntities"]
    # ...and the subscription is live: new states and service calls arrive as diffs.
    assert seen["afterRestart"]["js"] == "back"
    assert seen["afterRestart"]["media"] in ("on", "off")
    assert seen["connected"] is True
