"""Tests of ``hub.bootstrap``: from a configuration directory to a hub that is set up."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.bootstrap import build_hub, read_configuration, read_core_config
from hub.clock import ManualClock
from hub.core import CoreState
from hub.entity.customize import CUSTOMIZE
from hub.exceptions import ConfigError
from hub.http.server import HTTP_SERVER
from hub.loader.setup import INTEGRATION_SETUP
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY
from tests.conftest import TEST_HTTP, HubFactory
from tests.hub.custom_integrations import forget_custom_modules, install_integrations

EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def example_config(config_dir: Path) -> Path:
    """A copy of the example configuration (the demo home)."""
    for name in ("configuration.yaml", "customize.yaml"):
        shutil.copy(EXAMPLE_CONFIG / name, config_dir / name)
    return config_dir


@pytest.fixture
def forget_custom() -> Iterator[None]:
    yield
    forget_custom_modules()


def test_example_configuration_is_valid(example_config: Path) -> None:
    configuration = read_configuration(example_config)
    assert configuration.errors == []
    assert configuration.core.name == "Demo home"
    assert configuration.core.time_zone == "Europe/Amsterdam"
    assert set(configuration.domains) == {
        "api",
        "auth",
        "demo",
        "homeassistant",
        "http",
        "logger",
        "persistent_notification",
        "websocket_api",
    }
    assert configuration.domains["demo"]["speed"] == 1
    assert configuration.domains["http"]["server_port"] == 8123
    assert configuration.core.customize["water_heater.water_heater"] == {"icon": "mdi:water-boiler"}


def test_every_problem_is_collected(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text(
        "homeassistant:\n"
        "  latitude: north\n"
        "demo:\n"
        "  speed: fast\n"
        "not_an_integration:\n"
        "http:\n"
        "  server_port: 99999\n"
    )
    configuration = read_configuration(config_dir)
    located = [error.located() for error in configuration.errors]
    assert [(error.file, error.line) for error in configuration.errors] == [
        (str(config_dir / "configuration.yaml"), 2),
        (str(config_dir / "configuration.yaml"), 4),
        (str(config_dir / "configuration.yaml"), 5),
        (str(config_dir / "configuration.yaml"), 7),
    ]
    assert "homeassistant.latitude" in located[0]
    assert "demo.speed" in located[1]
    assert "not_an_integration" in located[2]
    assert "http.server_port" in located[3]
    # What is valid is kept, what is not is left out.
    assert "demo" not in configuration.domains
    assert configuration.core.name == "Home"  # core defaults


def test_every_core_config_problem_is_reported(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text(
        "homeassistant:\n  latitude: north\n  lattitude: 52\n  currency: euro\n"
    )
    configuration = read_configuration(config_dir)
    lines = sorted((error.line, error.message.split(":")[0]) for error in configuration.errors)
    assert lines == [
        (2, "homeassistant.latitude"),
        (3, "homeassistant.lattitude"),
        (4, "homeassistant.currency"),
    ]


def test_unreadable_configuration_falls_back_to_defaults(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text("homeassistant:\n  name: Home\n    bad: 1\n")
    configuration = read_configuration(config_dir)
    assert len(configuration.errors) == 1
    assert configuration.errors[0].line == 3
    assert {"http", "logger"} <= set(configuration.domains)


def test_overrides_replace_keys_after_validation(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text("http:\n  server_port: 8300\n")
    configuration = read_configuration(
        config_dir, {"http": {"server_host": ["127.0.0.1"], "server_port": 9000}}
    )
    http = configuration.domains["http"]
    assert http["server_port"] == 9000
    assert http["server_host"] == ["127.0.0.1"]
    assert http["ip_ban_enabled"] is True  # the schema's defaults are kept


def test_overrides_apply_even_when_the_block_is_invalid(config_dir: Path) -> None:
    """``watthub run --port`` must not fall back to 0.0.0.0:8123 because of a typo."""
    (config_dir / "configuration.yaml").write_text("http:\n  server_port: eighty\n")
    configuration = read_configuration(config_dir, TEST_HTTP)
    assert len(configuration.errors) == 1
    assert configuration.domains["http"] == TEST_HTTP["http"]


def test_read_core_config(example_config: Path) -> None:
    core = read_core_config(example_config)
    assert core.name == "Demo home"
    assert core.latitude == 52.37
    (example_config / "configuration.yaml").write_text("homeassistant:\n  latitude: north\n")
    with pytest.raises(ConfigError) as caught:
        read_core_config(example_config)
    assert caught.value.line == 2


async def test_build_hub_on_the_example_config(
    example_config: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    hub = await build_hub(example_config, clock=clock, overrides=TEST_HTTP)
    try:
        assert hub.state is CoreState.NOT_RUNNING
        assert hub.config.name == "Demo home"
        assert str(hub.clock.time_zone) == "Europe/Amsterdam"
        for key in (AREA_REGISTRY, DEVICE_REGISTRY, ENTITY_REGISTRY, CUSTOMIZE, HTTP_SERVER):
            assert key in hub.data
        setup = hub.data[INTEGRATION_SETUP]
        assert {"demo", "http", "logger", "homeassistant"} <= setup.loaded
        count = hub.states.count()
        assert count > 10
        ready = next(m for m in caplog.messages if m.startswith("Hub 'Demo home' ready in"))
        assert re.search(rf": {len(setup.loaded)} integrations, {count} entities$", ready)
        heater = hub.states.get("water_heater.water_heater")
        assert heater is not None
        assert heater.attributes["icon"] == "mdi:water-boiler"  # customize applied
        assert hub.data[HTTP_SERVER].bound == []  # listens once the hub starts
        await hub.start()
        assert hub.state is CoreState.RUNNING
        assert hub.data[HTTP_SERVER].bound[0][0] == "127.0.0.1"
    finally:
        await hub.stop()
    assert hub.state is CoreState.STOPPED
    assert (example_config / ".storage" / "core.entity_registry").is_file()


async def test_invalid_configuration_is_logged_and_the_rest_runs(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await make_hub("demo:\n  speed: fast\nhttp:\n  server_port: eighty\n")
    errors = [m for m in caplog.messages if m.startswith("Invalid configuration: ")]
    assert len(errors) == 2
    assert "configuration.yaml:2: demo.speed" in errors[0]
    assert "configuration.yaml:4: http.server_port" in errors[1]
    setup = hub.data[INTEGRATION_SETUP]
    assert "demo" not in setup.records
    # http is always there, on the address the caller asked for.
    assert setup.is_loaded("http")
    await hub.start()
    assert hub.data[HTTP_SERVER].bound[0][0] == "127.0.0.1"
    assert hub.data[HTTP_SERVER].bound[0][1] != 8123


async def test_build_hub_with_custom_integration(
    config_dir: Path, clock: ManualClock, forget_custom: None
) -> None:
    install_integrations(config_dir, "fake_sensors")
    (config_dir / "configuration.yaml").write_text(
        "sensor:\n  - platform: fake_sensors\n    name: Flow\n    value: 3\n"
    )
    hub = await build_hub(config_dir, clock=clock, overrides=TEST_HTTP)
    try:
        state = hub.states.get("sensor.flow")
        assert state is not None
        assert state.state == "3.0"
    finally:
        await hub.stop()
