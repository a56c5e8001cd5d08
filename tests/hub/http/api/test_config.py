"""Tests of ``/api/``, ``/api/config``, ``/api/core/state``, ``/api/components``,
``/api/config/core/check_config`` and ``/api/error_log``."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from tests.conftest import HubFactory
from tests.hub.http.conftest import ApiClient, start_api

CONFIG_KEYS = [
    "allowlist_external_dirs",
    "allowlist_external_urls",
    "components",
    "config_dir",
    "config_source",
    "country",
    "currency",
    "debug",
    "elevation",
    "external_url",
    "internal_url",
    "language",
    "latitude",
    "location_name",
    "longitude",
    "radius",
    "recovery_mode",
    "safe_mode",
    "state",
    "time_zone",
    "unit_system",
    "version",
    "whitelist_external_dirs",
]

HOME = """\
homeassistant:
  name: Canal house
  latitude: 52.1
  longitude: 5.1
  elevation: 3
  unit_system: us_customary
  time_zone: Europe/Amsterdam
  currency: EUR
  country: NL
  allowlist_external_dirs: /srv/exports
demo:
"""


async def test_status_needs_a_token_and_answers_the_exact_string(api: ApiClient) -> None:
    anonymous = await api.get("/api/", role=None)
    assert (anonymous.status, anonymous.text) == (401, "401: Unauthorized")
    for role in ("admin", "user", "read_only"):
        reply = await api.get("/api/", role=role)
        assert reply.status == 200
        assert reply.json() == {"message": "API running."}


async def test_an_invalid_token_is_401(api: ApiClient) -> None:
    for header in ("Bearer not-a-token", "Basic YWRtaW46YWRtaW4=", f"bearer{api.tokens['admin']}"):
        reply = await api.get("/api/", role=None, headers={"Authorization": header})
        assert (reply.status, reply.text) == (401, "401: Unauthorized")


async def test_config_has_home_assistants_shape(
    make_hub: HubFactory, session: aiohttp.ClientSession, config_dir: Path
) -> None:
    api = await start_api(await make_hub(HOME), session)
    reply = await api.get("/api/config", role="read_only")
    assert reply.status == 200
    config = reply.json()
    assert list(config) == CONFIG_KEYS
    assert config["version"] == "2025.1.4"
    assert config["location_name"] == "Canal house"
    assert (config["latitude"], config["longitude"], config["elevation"]) == (52.1, 5.1, 3)
    assert config["time_zone"] == "Europe/Amsterdam"
    assert config["country"] == "NL"
    assert config["state"] == "RUNNING"
    assert config["config_dir"] == str(config_dir)
    assert config["config_source"] == "yaml"
    assert config["unit_system"] == {
        "length": "mi",
        "accumulated_precipitation": "in",
        "area": "ft²",
        "mass": "lb",
        "pressure": "psi",
        "temperature": "°F",
        "volume": "gal",
        "wind_speed": "mph",
    }
    assert config["allowlist_external_dirs"] == [
        str(config_dir / "www"),
        str(config_dir / "media"),
        "/srv/exports",
    ]
    assert config["whitelist_external_dirs"] == config["allowlist_external_dirs"]
    assert (config["recovery_mode"], config["safe_mode"], config["debug"]) == (False, False, False)
    assert {"api", "http", "demo", "sensor", "sensor.demo", "switch.demo"} <= set(
        config["components"]
    )


async def test_a_home_without_core_settings_reports_defaults(bare_api: ApiClient) -> None:
    config = (await bare_api.get("/api/config")).json()
    assert config["config_source"] == "default"
    assert config["unit_system"]["temperature"] == "°C"
    assert config["unit_system"]["length"] == "km"


async def test_core_state(api: ApiClient) -> None:
    reply = await api.get("/api/core/state", role="user")
    assert reply.json() == {
        "state": "RUNNING",
        "recorder_state": {"migration_in_progress": False, "migration_is_live": False},
    }


async def test_components_lists_integrations_and_entity_platforms(api: ApiClient) -> None:
    components = (await api.get("/api/components")).json()
    assert components == sorted(components)
    assert {"api", "http", "homeassistant", "logger", "demo"} <= set(components)
    assert {"sensor.demo", "switch.demo", "water_heater.demo", "binary_sensor.demo"} <= set(
        components
    )
    assert components == (await api.get("/api/config")).json()["components"]


async def test_check_config_valid(api: ApiClient) -> None:
    reply = await api.post("/api/config/core/check_config")
    assert reply.status == 200
    body = reply.json()
    assert list(body) == ["result", "errors", "warnings"]
    assert body == {"result": "valid", "errors": None, "warnings": None}


async def test_check_config_reports_errors_with_their_line(
    api: ApiClient, config_dir: Path
) -> None:
    (config_dir / "configuration.yaml").write_text("demo:\n  speed: -1\n")
    body = (await api.post("/api/config/core/check_config")).json()
    assert body["result"] == "invalid"
    assert "configuration.yaml:2: demo.speed" in body["errors"]
    assert body["warnings"] is None


@pytest.mark.parametrize("role", ["user", "read_only"])
async def test_check_config_and_error_log_are_for_admins(api: ApiClient, role: str) -> None:
    assert (await api.post("/api/config/core/check_config", role=role)).status == 401
    assert (await api.get("/api/error_log", role=role)).status == 401


async def test_error_log_is_the_log_file_as_text(api: ApiClient, config_dir: Path) -> None:
    (config_dir / "watthub.log").write_text("2026-01-15 12:00:00 ERROR (MainThread) boom\n")
    reply = await api.get("/api/error_log")
    assert reply.status == 200
    assert reply.content_type == "text/plain"
    assert reply.text == "2026-01-15 12:00:00 ERROR (MainThread) boom\n"


async def test_error_log_without_a_log_file_is_404(api: ApiClient) -> None:
    reply = await api.get("/api/error_log")
    assert reply.status == 404
    assert reply.body == b""
