"""Tests of ``hub.http.server``: listening, HA's headers and generic error bodies, TLS,
request limits, gzip, the stopping answer and the ``http:`` schema."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import io
import ipaddress
import socket
import ssl
import warnings
from pathlib import Path

import aiohttp
import pytest
import voluptuous as vol
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from aiohttp.typedefs import Handler, Middleware
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hub.auth import Auth
from hub.bootstrap import build_hub
from hub.clock import ManualClock
from hub.core import CoreState, Hub
from hub.exceptions import ConfigError
from hub.http.compression import GZIP_EXECUTOR_SIZE, GZIP_MIN_SIZE, accepts_gzip
from hub.http.config import CONFIG_SCHEMA, DEFAULT_SERVER_HOST, HttpConfig
from hub.http.keys import USER_KEY
from hub.http.server import HTTP_SERVER, MAX_CLIENT_SIZE, HttpServer
from hub.loader.setup import INTEGRATION_SETUP, SetupStatus
from tests.conftest import HubFactory
from tests.hub.http.conftest import ApiClient, base_url, start_api

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Server": "",
}


def _server(hub: Hub, config: HttpConfig) -> HttpServer:
    return HttpServer(hub, config, Auth(hub))


async def test_api_answers_with_security_headers(api: ApiClient) -> None:
    reply = await api.get("/api/")
    assert reply.status == 200
    assert reply.content_type == "application/json"
    assert reply.json() == {"message": "API running."}
    for name, value in SECURITY_HEADERS.items():
        assert reply.headers[name] == value


async def test_generic_errors_are_home_assistants_plain_texts(api: ApiClient) -> None:
    missing = await api.get("/api/nothing_here")
    assert (missing.status, missing.text) == (404, "404: Not Found")
    assert missing.content_type == "text/plain"
    wrong_verb = await api.post("/api/")
    assert (wrong_verb.status, wrong_verb.text) == (405, "405: Method Not Allowed")
    assert wrong_verb.headers["Allow"] == "GET"
    unknown_service = await api.post("/api/services/nothing/here")
    assert (unknown_service.status, unknown_service.text) == (400, "400: Bad Request")
    anonymous = await api.get("/api/config", role=None)
    assert (anonymous.status, anonymous.text) == (401, "401: Unauthorized")
    for reply in (missing, wrong_verb, unknown_service, anonymous):
        for name, value in SECURITY_HEADERS.items():
            assert reply.headers[name] == value


async def test_streamed_answers_carry_the_headers(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    hub.data[HTTP_SERVER].app.router.add_get("/streamed", _streamed)
    await hub.start()
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{base_url(hub)}/streamed") as reply,
    ):
        assert await reply.read() == b"chunk"
        assert reply.headers["X-Content-Type-Options"] == "nosniff"


async def _streamed(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse()
    await response.prepare(request)
    await response.write(b"chunk")
    return response


async def test_frame_options_can_be_turned_off(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await start_api(await make_hub("http:\n  use_x_frame_options: false\n"), session)
    reply = await api.get("/api/")
    assert reply.status == 200
    assert "X-Frame-Options" not in reply.headers
    assert reply.headers["Referrer-Policy"] == "no-referrer"


async def test_server_listens_only_where_configured_and_stops_with_the_hub(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("")
    server = hub.data[HTTP_SERVER]
    assert server.bound == []  # listening starts with the hub
    await hub.start()
    assert len(server.bound) == 1
    host, port = server.bound[0]
    assert host == "127.0.0.1"
    assert port not in (0, 8123)
    url = base_url(hub)
    await hub.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with session.get(f"{url}/api/"):
            pass


async def test_busy_port_is_a_clear_error(hub: Hub) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = _server(hub, HttpConfig(server_host=["127.0.0.1"], server_port=port))
        with pytest.raises(ConfigError) as caught:
            await server.start()
    assert f"Cannot listen on 127.0.0.1:{port}" in str(caught.value)
    assert "server_port" in str(caught.value)
    await server.stop()


async def test_busy_port_fails_http_but_not_the_hub(
    config_dir: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    (config_dir / "configuration.yaml").write_text("demo:\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        overrides = {"http": {"server_host": ["127.0.0.1"], "server_port": port}}
        hub = await build_hub(config_dir, clock=clock, overrides=overrides)
        try:
            await hub.start()
            assert hub.state is CoreState.RUNNING
            assert hub.data[INTEGRATION_SETUP].is_loaded("demo")
            assert hub.data[HTTP_SERVER].bound == []
            assert (
                f"The HTTP API is not available: Cannot listen on 127.0.0.1:{port}" in caplog.text
            )
            assert "Task exception was never retrieved" not in caplog.text
        finally:
            await hub.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def test_a_stop_during_start_leaves_no_listener(hub: Hub) -> None:
    port = _free_port()
    server = _server(hub, HttpConfig(server_host=["127.0.0.1"], server_port=port))
    starting = asyncio.ensure_future(server.start())
    await asyncio.sleep(0)  # the start is under way (reading TLS settings in the executor)
    await server.stop()
    await starting
    assert server.bound == []
    assert _port_is_free(port)
    await server.start()  # a stopped server stays stopped
    assert server.bound == []
    assert _port_is_free(port)


async def test_missing_certificate_is_a_clear_error(hub: Hub, tmp_path: Path) -> None:
    server = _server(
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


# -- TLS --------------------------------------------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "watthub test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.parametrize("profile", ["modern", "intermediate"])
async def test_tls_serves_https_with_the_configured_certificate(
    make_hub: HubFactory, tmp_path: Path, profile: str
) -> None:
    cert, key = _self_signed(tmp_path)
    hub = await make_hub(
        f"http:\n  ssl_certificate: {cert}\n  ssl_key: {key}\n  ssl_profile: {profile}\n"
    )
    trusting = ssl.create_default_context(cafile=str(cert))
    connector = aiohttp.TCPConnector(ssl=trusting)
    async with aiohttp.ClientSession(connector=connector) as session:
        api = await start_api(hub, session, scheme="https")
        reply = await api.get("/api/config")
        assert reply.status == 200
        assert reply.json()["version"] == "2025.1.4"
        async with session.get(f"{base_url(hub, 'https')}/api/", ssl=False) as unverified:
            assert unverified.status == 401  # TLS works for any client; the API still wants a token
    async with aiohttp.ClientSession() as plain:
        with pytest.raises(aiohttp.ClientError):
            async with plain.get(f"{base_url(hub)}/api/"):
                pass


async def test_a_peer_certificate_makes_clients_prove_who_they_are(
    make_hub: HubFactory, tmp_path: Path
) -> None:
    cert, key = _self_signed(tmp_path)
    client_folder = tmp_path / "client"
    client_folder.mkdir()
    client_cert, client_key = _self_signed(client_folder)
    hub = await make_hub(
        f"http:\n  ssl_certificate: {cert}\n  ssl_key: {key}\n"
        f"  ssl_peer_certificate: {client_cert}\n"
    )
    await hub.start()
    url = f"{base_url(hub, 'https')}/api/"
    anonymous = ssl.create_default_context(cafile=str(cert))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=anonymous)) as session:
        with pytest.raises(aiohttp.ClientError):
            async with session.get(url) as response:
                await response.read()
    known = ssl.create_default_context(cafile=str(cert))
    known.load_cert_chain(client_cert, client_key)
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=known)) as session,
        session.get(url) as response,
    ):
        assert response.status == 401  # through TLS; the API still wants a token


async def test_tls_refuses_old_protocol_versions(make_hub: HubFactory, tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    hub = await make_hub(f"http:\n  ssl_certificate: {cert}\n  ssl_key: {key}\n")
    await hub.start()
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname = False
    old.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():  # asking for TLS 1.1 is deprecated, which is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        old.minimum_version = ssl.TLSVersion.TLSv1
        old.maximum_version = ssl.TLSVersion.TLSv1_1
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=old)) as session:
        with pytest.raises(aiohttp.ClientError):
            async with session.get(f"{base_url(hub, 'https')}/api/"):
                pass


async def test_a_key_that_does_not_match_is_a_clear_error(hub: Hub, tmp_path: Path) -> None:
    cert, _ = _self_signed(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    _, wrong_key = _self_signed(other)
    server = _server(
        hub,
        HttpConfig(
            server_host=["127.0.0.1"],
            server_port=0,
            ssl_certificate=str(cert),
            ssl_key=str(wrong_key),
        ),
    )
    with pytest.raises(ConfigError, match="key belongs to the certificate"):
        await server.start()
    await server.stop()


# -- limits, gzip, stopping ---------------------------------------------------------------


async def test_request_bodies_over_16_mib_are_refused(api: ApiClient) -> None:
    body = io.BytesIO(b"{" + b" " * MAX_CLIENT_SIZE + b"}")
    reply = await api.post("/api/events/big", data=body)
    assert reply.status == 413
    fine = await api.post("/api/events/big", data=b'{"size": "small"}')
    assert fine.status == 200


async def test_overlong_header_lines_are_refused(api: ApiClient) -> None:
    reply = await api.get("/api/", headers={"X-Padding": "x" * 30000})
    assert reply.status in {400, 431}


async def test_large_json_is_gzipped_for_clients_that_accept_it(api: ApiClient) -> None:
    async with aiohttp.ClientSession(auto_decompress=False) as raw:
        headers = {**api.auth("admin"), "Accept-Encoding": "gzip, deflate"}
        async with raw.get(f"{api.base}/api/states", headers=headers) as response:
            body = await response.read()
            assert response.headers["Content-Encoding"] == "gzip"
            assert "Accept-Encoding" in response.headers["Vary"]
        plain_headers = {**api.auth("admin"), "Accept-Encoding": "identity"}
        async with raw.get(f"{api.base}/api/states", headers=plain_headers) as response:
            plain = await response.read()
            assert "Content-Encoding" not in response.headers
    assert len(plain) >= GZIP_MIN_SIZE
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain)


async def test_small_json_is_sent_as_it_is(api: ApiClient) -> None:
    reply = await api.get("/api/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in reply.headers
    assert reply.json() == {"message": "API running."}


async def test_huge_json_is_compressed_off_the_loop(api: ApiClient) -> None:
    big = {f"attribute_{index}": "x" * 64 for index in range(GZIP_EXECUTOR_SIZE // 64)}
    api.hub.states.set("sensor.big", "1", big)
    async with aiohttp.ClientSession(auto_decompress=False) as raw:
        headers = {**api.auth("admin"), "Accept-Encoding": "gzip"}
        async with raw.get(f"{api.base}/api/states/sensor.big", headers=headers) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            decoded = gzip.decompress(await response.read())
    assert b"attribute_0" in decoded


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("br", False),
        ("", False),
    ],
)
def test_accept_encoding_parsing(header: str, accepted: bool) -> None:
    request = make_mocked_request("GET", "/", headers={"Accept-Encoding": header})
    assert accepts_gzip(request) is accepted


async def test_every_view_answers_503_while_the_hub_stops(api: ApiClient) -> None:
    api.hub.state = CoreState.STOPPING
    try:
        for path, role in (("/api/", "admin"), ("/api/states", None), ("/api/config", "user")):
            reply = await api.get(path, role=role)
            assert reply.status == 503
            assert reply.body == b""
        missing = await api.get("/api/nothing_here")
        assert missing.status == 404  # unknown routes are the router's, not a view's
        api.hub.state = CoreState.FINAL_WRITE
        assert (await api.get("/api/")).status == 503
    finally:
        api.hub.state = CoreState.RUNNING
    assert (await api.get("/api/")).status == 200


async def test_middlewares_added_before_auth_see_the_request_before_the_user(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("")
    seen: list[tuple[str, bool]] = []

    def recorder(label: str) -> Middleware:
        @web.middleware
        async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
            seen.append((label, USER_KEY in request))
            return await handler(request)

        return record

    server = hub.data[HTTP_SERVER]
    server.add_middleware(recorder("before"), before_auth=True)
    server.add_middleware(recorder("after"))
    api = await start_api(hub, session)
    assert (await api.get("/api/")).status == 200
    assert seen == [("before", False), ("after", True)]


# -- configuration ------------------------------------------------------------------------


def test_config_defaults_follow_home_assistant() -> None:
    validated = CONFIG_SCHEMA({})
    assert validated["server_port"] == 8123
    assert "use_x_forwarded_for" not in validated
    config = HttpConfig.from_config(validated)
    assert config.server_host == list(DEFAULT_SERVER_HOST)
    assert config.server_port == 8123
    assert config.use_x_frame_options is True
    assert config.use_x_forwarded_for is False
    assert config.trusted_proxies == []
    assert config.ssl_profile == "modern"
    assert config.cors_allowed_origins == ["https://cast.home-assistant.io"]
    assert config.login_attempts_threshold == -1


def test_proxy_settings_go_together() -> None:
    for block in ({"use_x_forwarded_for": True}, {"trusted_proxies": ["10.0.0.0/8"]}):
        with pytest.raises(vol.Invalid, match="set both or neither"):
            CONFIG_SCHEMA(block)
    validated = CONFIG_SCHEMA(
        {"use_x_forwarded_for": True, "trusted_proxies": ["172.30.33.0/24", "::1"]}
    )
    config = HttpConfig.from_config(validated)
    assert config.trusted_proxies == [
        ipaddress.ip_network("172.30.33.0/24"),
        ipaddress.ip_network("::1/128"),
    ]


def test_trusted_proxies_must_be_networks() -> None:
    with pytest.raises(vol.Invalid, match="host bits must be zero"):
        CONFIG_SCHEMA({"use_x_forwarded_for": True, "trusted_proxies": ["192.168.1.1/24"]})
    with pytest.raises(vol.Invalid, match="IP address or network"):
        CONFIG_SCHEMA({"use_x_forwarded_for": True, "trusted_proxies": ["proxy.local"]})


def test_server_host_must_not_be_empty() -> None:
    with pytest.raises(vol.Invalid):
        CONFIG_SCHEMA({"server_host": []})


async def test_an_invalid_http_block_is_reported_and_http_runs_on_defaults(
    config_dir: Path, clock: ManualClock
) -> None:
    (config_dir / "configuration.yaml").write_text("http:\n  use_x_forwarded_for: true\n")
    hub = await build_hub(
        config_dir,
        clock=clock,
        overrides={"http": {"server_host": ["127.0.0.1"], "server_port": 0}},
    )
    try:
        assert hub.data[INTEGRATION_SETUP].records["http"].status is SetupStatus.LOADED
        assert hub.data[HTTP_SERVER].config.use_x_forwarded_for is False
    finally:
        await hub.stop()
