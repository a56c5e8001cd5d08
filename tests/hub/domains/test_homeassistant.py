"""Tests of the ``homeassistant`` domain's core services on the demo home."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import voluptuous as vol

from hub.const import EVENT_CORE_CONFIG_UPDATE, RESTART_EXIT_CODE
from hub.context import Context
from hub.core import CoreState, Hub
from hub.events import Event
from hub.exceptions import HubError
from tests.conftest import HubFactory
from tests.hub.custom_integrations import forget_custom_modules, install_integrations

EXAMPLE_CONFIG = Path(__file__).resolve().parents[3] / "config"
PLUGS = ("switch.fridge", "switch.media", "switch.washing_machine")


@pytest.fixture
async def demo(make_hub: HubFactory, config_dir: Path) -> Hub:
    """The example configuration's demo home, started."""
    shutil.copy(EXAMPLE_CONFIG / "customize.yaml", config_dir / "customize.yaml")
    hub = await make_hub((EXAMPLE_CONFIG / "configuration.yaml").read_text())
    await hub.start()
    return hub


@pytest.fixture
def forget_custom() -> Iterator[None]:
    yield
    forget_custom_modules()


def _state(hub: Hub, entity_id: str) -> str:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _call(hub: Hub, service: str, data: dict[str, object] | None = None) -> None:
    await hub.services.call("homeassistant", service, data or {}, blocking=True)
    await hub.block_till_done()


async def test_generic_turn_off_turn_on_and_toggle(demo: Hub) -> None:
    await _call(demo, "turn_off", {"entity_id": list(PLUGS)})
    assert [_state(demo, e) for e in PLUGS] == ["off", "off", "off"]

    await _call(demo, "turn_on", {"entity_id": ["switch.fridge", "switch.media"]})
    assert [_state(demo, e) for e in PLUGS] == ["on", "on", "off"]

    await _call(demo, "toggle", {"entity_id": list(PLUGS)})
    assert [_state(demo, e) for e in PLUGS] == ["off", "off", "on"]


async def test_generic_turn_off_across_domains(demo: Hub) -> None:
    assert _state(demo, "water_heater.water_heater") != "off"
    await _call(demo, "turn_off", {"entity_id": ["switch.fridge", "water_heater.water_heater"]})
    assert _state(demo, "switch.fridge") == "off"
    assert _state(demo, "water_heater.water_heater") == "off"
    await _call(demo, "turn_on", {"entity_id": ["switch.fridge", "water_heater.water_heater"]})
    assert _state(demo, "switch.fridge") == "on"
    assert _state(demo, "water_heater.water_heater") == "electric"


async def test_generic_turn_off_skips_domains_without_the_service(
    demo: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    before = _state(demo, "sensor.solar_power")
    with caplog.at_level(logging.WARNING):
        await _call(demo, "turn_off", {"entity_id": ["sensor.solar_power", "switch.media"]})
    assert _state(demo, "switch.media") == "off"
    assert _state(demo, "sensor.solar_power") == before
    assert "homeassistant.turn_off: sensor has no turn_off service" in caplog.messages


async def test_generic_service_passes_the_caller_context(demo: Hub) -> None:
    context = Context()
    await demo.services.call(
        "homeassistant", "turn_off", {"entity_id": "switch.fridge"}, blocking=True, context=context
    )
    await demo.block_till_done()
    state = demo.states.get("switch.fridge")
    assert state is not None
    assert state.state == "off"
    assert state.context.id == context.id


async def test_update_entity_refreshes_now(
    make_hub: HubFactory, config_dir: Path, forget_custom: None
) -> None:
    install_integrations(config_dir, "fake_sensors")
    hub = await make_hub("sensor:\n  - platform: fake_sensors\n    name: Flow\n    value: 3\n")
    assert _state(hub, "sensor.flow") == "3.0"
    await _call(hub, "update_entity", {"entity_id": "sensor.flow"})
    assert _state(hub, "sensor.flow") == "4.0"
    await _call(hub, "update_entity", {"entity_id": ["sensor.flow", "sensor.not_there"]})
    assert _state(hub, "sensor.flow") == "5.0"


async def test_set_location_fires_core_config_updated(demo: Hub) -> None:
    updates: list[Event] = []
    demo.bus.listen(EVENT_CORE_CONFIG_UPDATE, updates.append)
    await _call(demo, "set_location", {"latitude": 51.92, "longitude": 4.48, "elevation": 2})
    assert (demo.config.latitude, demo.config.longitude, demo.config.elevation) == (
        51.92,
        4.48,
        2,
    )
    assert len(updates) == 1

    with pytest.raises(vol.Invalid, match="latitude"):
        await _call(demo, "set_location", {"latitude": 123, "longitude": 4.48})
    assert demo.config.latitude == 51.92


async def test_reload_core_config_reapplies_customize(demo: Hub, config_dir: Path) -> None:
    heater = demo.states.get("water_heater.water_heater")
    assert heater is not None
    assert heater.attributes["icon"] == "mdi:water-boiler"
    updates: list[Event] = []
    demo.bus.listen(EVENT_CORE_CONFIG_UPDATE, updates.append)

    (config_dir / "customize.yaml").write_text(
        "water_heater.water_heater:\n"
        "  icon: mdi:thermometer-water\n"
        "switch.fridge:\n"
        "  friendly_name: Kitchen fridge\n"
    )
    configuration = config_dir / "configuration.yaml"
    configuration.write_text(configuration.read_text().replace("Demo home", "Our flat"))
    await _call(demo, "reload_core_config")

    heater = demo.states.get("water_heater.water_heater")
    fridge = demo.states.get("switch.fridge")
    assert heater is not None
    assert fridge is not None
    assert heater.attributes["icon"] == "mdi:thermometer-water"
    assert fridge.attributes["friendly_name"] == "Kitchen fridge"
    assert demo.config.name == "Our flat"
    assert len(updates) == 1


async def test_reload_core_config_with_an_error_changes_nothing(
    demo: Hub, config_dir: Path
) -> None:
    (config_dir / "configuration.yaml").write_text("homeassistant:\n  latitude: north\n")
    with pytest.raises(HubError, match=r"configuration\.yaml:2:"):
        await _call(demo, "reload_core_config")
    assert demo.config.name == "Demo home"
    heater = demo.states.get("water_heater.water_heater")
    assert heater is not None
    assert heater.attributes["icon"] == "mdi:water-boiler"


async def test_check_config(demo: Hub, config_dir: Path) -> None:
    await _call(demo, "check_config")  # the example configuration is valid

    configuration = config_dir / "configuration.yaml"
    configuration.write_text(configuration.read_text().replace("speed: 1", "speed: fast"))
    with pytest.raises(HubError) as caught:
        await _call(demo, "check_config")
    message = str(caught.value)
    assert message.startswith("The configuration is invalid:")
    assert f"{configuration}:24: demo.speed" in message
    assert demo.state is CoreState.RUNNING  # checking never touches the running hub


async def test_stop_sets_exit_code_zero(demo: Hub) -> None:
    demo.exit_code = 42
    await demo.services.call("homeassistant", "stop", blocking=True)
    assert await demo.wait_stopped() == 0
    assert demo.state is CoreState.STOPPED


async def test_restart_sets_the_restart_exit_code(demo: Hub) -> None:
    await demo.services.call("homeassistant", "restart", blocking=True)
    assert await demo.wait_stopped() == RESTART_EXIT_CODE
    assert demo.state is CoreState.STOPPED


async def test_restart_is_refused_while_the_configuration_is_invalid(
    demo: Hub, config_dir: Path
) -> None:
    configuration = config_dir / "configuration.yaml"
    configuration.write_text(configuration.read_text().replace("seed: 1", "seed: one"))
    with pytest.raises(HubError) as caught:
        await demo.services.call("homeassistant", "restart", blocking=True)
    assert str(caught.value).startswith("The configuration is invalid; not restarting:")
    assert f"{configuration}:25: demo.seed" in str(caught.value)
    await demo.block_till_done()
    assert demo.state is CoreState.RUNNING


async def test_save_persistent_states_writes_the_registries(demo: Hub, config_dir: Path) -> None:
    storage = config_dir / ".storage"
    for name in ("core.entity_registry", "core.device_registry", "core.area_registry"):
        (storage / name).unlink(missing_ok=True)
    await _call(demo, "save_persistent_states")
    for name in ("core.entity_registry", "core.device_registry", "core.area_registry"):
        assert (storage / name).is_file()
