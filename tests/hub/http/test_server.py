"""Tests of ``hub.http``: the server, its health answer and Home Assistant's headers."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from hub.bootstrap import build_hub
from hub.clock import ManualClock
from hub.core import Hub
from hub.exceptions import ConfigError
from hub.http.config import CONFIG_SCHEMA, DEFAULT_SERVER_HOST, HttpConfig
from hub.http.server import HTTP_SERVER, HttpServer
from hub.loader.setup import INTEGRATION_SETUP, SetupStatus
from tests.conftest import HubFactory

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Server": "",
}


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def _base_url(hub: Hub) -> str:
    host, port = hub.data[HTTP_SERVER].bound[0]
    return f"http://{host}:{port}"


async def test_api_answers_with_security_headers(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("")
    async with session.get(f"{_base_url(hub)}/api/") as response:
        assert response.status == 200
        assert response.content_type == "application/json"
        assert await response.json() == {"message": "API running."}
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value


async def test_error_answers_carry_the_headers_too(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("")
    async with session.get(f"{_base_url(hub)}/api/nothing_here") as response:
        assert response.status == 404
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
    async with session.post(f"{_base_url(hub)}/api/") as response:
        assert response.status == 405
        assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_frame_options_can_be_turned_off(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("http:\n  use_x_frame_options: false\n")
    async with session.get(f"{_base_url(hub)}/api/") as response:
        assert response.status == 200
        assert "X-Frame-Options" not in response.headers
        assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_server_listens_only_where_configured_and_stops_with_the_hub(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("")
    server = hub.data[HTTP_SERVER]
    assert len(server.bound) == 1
    host, port = server.bound[0]
    assert host == "127.0.0.1"
    assert port not in (0, 8123)
    url = _base_url(hub)
    await hub.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with session.get(f"{url}/api/"):
            pass


async def test_busy_port_is_a_clear_error(hub: Hub) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = HttpServer(hub, HttpConfig(server_host=["127.0.0.1"], server_port=port))
        with pytest.raises(ConfigError) as caught:
            await server.start()
    assert f"Cannot listen on 127.0.0.1:{port}" in str(caught.value)
    assert "server_port" in str(caught.value)
    await server.stop()


async def test_busy_port_fails_http_but_not_the_hub(config_dir: Path, clock: ManualClock) -> None:
    (config_dir / "configuration.yaml").write_text("demo:\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        overrides = {"http": {"server_host": ["127.0.0.1"], "server_port": port}}
        hub = await build_hub(config_dir, clock=clock, overrides=overrides)
    try:
        setup = hub.data[INTEGRATION_SETUP]
        record = setup.records["http"]
        assert record.status is SetupStatus.FAILED
        assert record.error is not None
        assert f"Cannot listen on 127.0.0.1:{port}" in record.error
        assert setup.is_loaded("demo")
    finally:
        await hub.stop()


async def test_missing_certificate_is_a_clear_error(hub: Hub, tmp_path: Path) -> None:
    server = HttpServer(
        hub,
        HttpConfig(
            server_host=["127.0.0.1"],
            server_port=0,
            ssl_certificate=str(tmp_path / "missing.pem"),
        ),
    )
    with pytest.raises(ConfigError, match="Cannot load ssl_certificate/ssl_key"):
        await server.start()
    await server.stop()


def test_config_defaults_follow_home_assistant() -> None:
    validated = CONFIG_SCHEMA({})
    assert validated["server_port"] == 8123
    config = HttpConfig.from_config(validated)
    assert config.server_host == list(DEFAULT_SERVER_HOST)
    assert config.server_port == 8123
    assert config.use_x_frame_options is True
    assert config.cors_allowed_origins == ["https://cast.home-assistant.io"]
