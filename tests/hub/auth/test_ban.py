"""Tests of ``hub.http.ban``: counting failed logins, banning at the threshold, 403 on
every route, ``ip_bans.yaml`` across restarts, and what does not ban."""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp
import pytest
import yaml

from hub.bootstrap import build_hub
from hub.clock import ManualClock
from hub.core import Hub
from hub.http.ban import IP_BANS, read_bans, record_failed_login
from tests.conftest import TEST_HTTP, HubFactory
from tests.hub.auth.conftest import OTHER_IP, OWNER, AuthClient, Reply, base_url, started

THRESHOLD_2 = "http:\n  login_attempts_threshold: 2\n"
# Every kind of route: auth endpoints, REST, WebSocket, unknown paths, static pages.
ROUTES = (
    ("GET", "/api/"),
    ("GET", "/api/websocket"),
    ("GET", "/api/states"),
    ("POST", "/auth/token"),
    ("POST", "/auth/login_flow"),
    ("GET", "/auth/providers"),
    ("GET", "/auth/authorize"),
    ("GET", "/manifest.json"),
    ("GET", "/no/such/page"),
)


async def _fail_login(client: AuthClient) -> Reply:
    flow_id = (await client.start_flow()).json()["flow_id"]
    reply = await client.step(flow_id, username=OWNER, password="guess")
    assert reply.json()["errors"] == {"base": "invalid_auth"}
    return reply


async def _assert_banned(client: AuthClient) -> None:
    for method, path in ROUTES:
        reply = await client.request(method, path)
        assert reply.status == 403, path
        assert reply.text == "403: Forbidden", path


async def test_banned_address_gets_403_everywhere_and_the_ban_survives_restart(
    make_hub: HubFactory,
    session: aiohttp.ClientSession,
    other_session: aiohttp.ClientSession,
    config_dir: Path,
    clock: ManualClock,
) -> None:
    client = await started(await make_hub(THRESHOLD_2), session)
    attacker = AuthClient(client.hub, other_session, client.base)
    await _fail_login(attacker)
    assert (await attacker.get("/auth/providers")).status == 200  # one failure: not yet
    await _fail_login(attacker)
    await client.hub.block_till_done()
    await _assert_banned(attacker)
    # Other addresses are untouched.
    assert (await client.get("/auth/providers")).status == 200
    assert await client.login(OWNER)

    bans = yaml.safe_load((config_dir / "ip_bans.yaml").read_text())
    assert list(bans) == [OTHER_IP]
    assert bans[OTHER_IP]["banned_at"] == "2026-01-15T12:00:00+00:00"

    await client.hub.stop()
    restarted = await build_hub(config_dir, clock=clock, overrides=TEST_HTTP)
    try:
        await restarted.start()
        await _assert_banned(AuthClient(restarted, other_session, base_url(restarted)))
        again = AuthClient(restarted, session, base_url(restarted))
        assert (await again.get("/manifest.json")).status == 200
    finally:
        await restarted.stop()


async def test_websocket_auth_invalid_counts(
    make_hub: HubFactory, session: aiohttp.ClientSession, other_session: aiohttp.ClientSession
) -> None:
    client = await started(await make_hub(THRESHOLD_2), session)
    for _ in range(2):
        async with other_session.ws_connect(client.base + "/api/websocket") as ws:
            assert (await ws.receive_json())["type"] == "auth_required"
            await ws.send_json({"type": "auth", "access_token": "not-a-token"})
            assert (await ws.receive_json())["type"] == "auth_invalid"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await other_session.ws_connect(client.base + "/api/websocket")
    assert refused.value.status == 403


async def test_unauthorized_requests_count(
    make_hub: HubFactory, session: aiohttp.ClientSession, other_session: aiohttp.ClientSession
) -> None:
    client = await started(await make_hub(THRESHOLD_2), session)
    attacker = AuthClient(client.hub, other_session, client.base)
    for _ in range(2):
        reply = await attacker.get("/api/", headers={"Authorization": "Bearer forged"})
        assert reply.status == 401
    assert (await attacker.get("/api/")).status == 403


async def test_token_endpoint_errors_count(
    make_hub: HubFactory, session: aiohttp.ClientSession, other_session: aiohttp.ClientSession
) -> None:
    client = await started(await make_hub(THRESHOLD_2), session)
    attacker = AuthClient(client.hub, other_session, client.base)
    for _ in range(2):
        assert (await attacker.token(grant_type="refresh_token", refresh_token="x")).status == 400
    assert (await attacker.token(grant_type="refresh_token", refresh_token="x")).status == 403


async def test_a_successful_login_resets_the_count(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    client = await started(await make_hub(THRESHOLD_2), session)
    await _fail_login(client)
    assert await client.login(OWNER)
    await _fail_login(client)
    assert (await client.get("/auth/providers")).status == 200
    await _fail_login(client)
    assert (await client.get("/auth/providers")).status == 403


async def test_default_threshold_never_bans_but_logs(
    make_hub: HubFactory, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    client = await started(await make_hub(""), session)
    with caplog.at_level(logging.WARNING, logger="hub.http.ban"):
        for _ in range(5):
            await _fail_login(client)
    assert (await client.get("/auth/providers")).status == 200
    failures = [r for r in caplog.records if "invalid authentication from 127.0.0.1" in r.message]
    assert len(failures) == 5
    assert not client.hub.path("ip_bans.yaml").exists()


async def test_bans_can_be_turned_off(make_hub: HubFactory, session: aiohttp.ClientSession) -> None:
    config = "http:\n  ip_ban_enabled: false\n  login_attempts_threshold: 1\n"
    client = await started(await make_hub(config), session)
    await _fail_login(client)
    await _fail_login(client)
    assert (await client.get("/auth/providers")).status == 200


async def test_forwarded_clients_are_banned_not_their_proxy(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    config = (
        "http:\n  login_attempts_threshold: 1\n  use_x_forwarded_for: true\n"
        "  trusted_proxies: 127.0.0.1\n"
    )
    client = await started(await make_hub(config), session)
    proxied = {"X-Forwarded-For": "203.0.113.9"}
    assert (await client.get("/api/", headers=proxied)).status == 401
    await client.hub.block_till_done()
    assert (await client.get("/api/", headers=proxied)).status == 403
    assert (await client.get("/auth/providers")).status == 200
    assert list(yaml.safe_load(client.hub.path("ip_bans.yaml").read_text())) == ["203.0.113.9"]


async def test_other_parts_can_report_failures_by_address(
    make_hub: HubFactory, session: aiohttp.ClientSession, other_session: aiohttp.ClientSession
) -> None:
    client = await started(await make_hub("http:\n  login_attempts_threshold: 1\n"), session)
    record_failed_login(OTHER_IP, "federation handshake with a bad key", hub=client.hub)
    assert client.hub.data[IP_BANS].is_banned(OTHER_IP)
    assert (await AuthClient(client.hub, other_session, client.base).get("/api/")).status == 403
    await client.hub.block_till_done()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not: [valid yaml", set()),
        ("- 10.0.0.1\n- 10.0.0.2\n", set()),
        ("just text", set()),
        ("", set()),
        (
            "10.0.0.1:\n  banned_at: '2025-01-01T00:00:00+00:00'\nnot-an-ip:\n  banned_at: x\n"
            "10.0.0.2:\n'::1':\n  banned_at: 2025-01-01 10:00:00\n10.0.0.3:\n  banned_at: never\n",
            {"10.0.0.1", "10.0.0.2", "::1"},
        ),
    ],
)
def test_a_broken_ban_file_is_logged_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str, expected: set[str]
) -> None:
    path = tmp_path / "ip_bans.yaml"
    path.write_text(text)
    bans = read_bans(path)
    assert {str(address) for address in bans} == expected
    logged_error = any(record.levelno == logging.ERROR for record in caplog.records)
    assert logged_error == bool(text)


async def test_hub_starts_with_a_broken_ban_file(
    make_hub: HubFactory, session: aiohttp.ClientSession, config_dir: Path
) -> None:
    (config_dir / "ip_bans.yaml").write_text("127.0.0.1: [unclosed\n")
    client = await started(await make_hub(THRESHOLD_2), session)
    assert (await client.get("/auth/providers")).status == 200
    hub: Hub = client.hub
    assert hub.data[IP_BANS].bans == {}
