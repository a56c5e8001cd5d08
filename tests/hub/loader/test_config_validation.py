"""Tests of ``hub.loader.config_validation`` and legacy ``platform:`` blocks
(``hub.loader.platforms``): located errors, and a bad block costing only itself."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hub.bootstrap import read_configuration
from hub.loader.setup import INTEGRATION_SETUP
from tests.conftest import HubFactory
from tests.hub.loader.conftest import Install


def _errors(config_dir: Path, yaml_text: str) -> list[str]:
    """Located error lines of ``yaml_text`` as ``configuration.yaml``, paths made short."""
    (config_dir / "configuration.yaml").write_text(textwrap.dedent(yaml_text).lstrip("\n"))
    configuration = read_configuration(config_dir)
    return [error.located().replace(f"{config_dir}/", "") for error in configuration.errors]


def test_config_schema_error_names_file_line_and_key(config_dir: Path, install: Install) -> None:
    install("schema_check")
    errors = _errors(
        config_dir,
        """
        schema_check:
          host: gateway.local
          port: http
          colour: blue
        """,
    )
    assert len(errors) == 2
    assert errors[0].startswith("configuration.yaml:3: schema_check.port: ")
    assert "'http'" in errors[0]
    assert errors[1] == (
        "configuration.yaml:4: schema_check.colour: unknown option 'colour'; "
        "check the spelling or remove it"
    )


def test_missing_required_key_points_at_the_block(config_dir: Path, install: Install) -> None:
    install("schema_check")
    errors = _errors(config_dir, "http:\nschema_check:\n  port: 8080\n")
    assert errors == ["configuration.yaml:2: schema_check.host: required option 'host' is missing"]


async def test_invalid_block_is_not_set_up_and_the_rest_is(
    make_hub: HubFactory, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install("schema_check")
    hub = await make_hub(
        """
        demo:
        schema_check:
          host: gateway.local
          port: 0
        """
    )
    setup = hub.data[INTEGRATION_SETUP]
    assert "schema_check" not in setup.records
    assert setup.is_loaded("demo")
    assert any(
        "configuration.yaml:5: schema_check.port:" in message
        for message in caplog.messages
        if message.startswith("Invalid configuration:")
    )


async def test_valid_block_is_given_to_setup_validated(
    make_hub: HubFactory, install: Install
) -> None:
    install("schema_check")
    hub = await make_hub("schema_check:\n  host: gateway.local\n")
    assert hub.data[INTEGRATION_SETUP].is_loaded("schema_check")
    module = __import__("custom_components.schema_check", fromlist=["CONFIGURED"])
    assert module.CONFIGURED == [{"host": "gateway.local", "port": 80}]


def test_unknown_integration_is_an_error_at_its_line(config_dir: Path) -> None:
    errors = _errors(
        config_dir,
        """
        homeassistant:
          name: Home
        solar_panels_extra:
          count: 12
        """,
    )
    assert errors == ["configuration.yaml:3: Integration 'solar_panels_extra' not found."]


def test_key_that_cannot_name_an_integration(config_dir: Path) -> None:
    errors = _errors(config_dir, "http:\n42:\n  a: 1\n")
    assert errors == ["configuration.yaml:2: 42 is not an integration name"]


def test_domain_configured_twice_as_mappings(config_dir: Path, install: Install) -> None:
    install("schema_check")
    errors = _errors(
        config_dir,
        """
        schema_check:
          host: a.local
        schema_check 2:
          host: b.local
        """,
    )
    assert errors == [
        "configuration.yaml:3: schema_check is configured more than once "
        "(schema_check, schema_check 2)"
    ]


def test_labelled_list_blocks_are_merged(config_dir: Path, install: Install) -> None:
    install("list_check")
    (config_dir / "configuration.yaml").write_text(
        "list_check:\n  - name: a\nlist_check 2:\n  - name: b\n    size: 3\n"
    )
    configuration = read_configuration(config_dir)
    assert configuration.errors == []
    assert configuration.domains["list_check"] == [
        {"name": "a", "size": 1},
        {"name": "b", "size": 3},
    ]


def test_error_in_a_labelled_block_points_at_that_block(config_dir: Path, install: Install) -> None:
    install("list_check")
    errors = _errors(
        config_dir,
        """
        list_check:
          - name: a
          - name: b
        list_check 2:
          - name: c
            size: big
        """,
    )
    assert len(errors) == 1
    assert errors[0].startswith("configuration.yaml:6: ['list_check 2'][0].size: ")


def test_import_failure_is_a_located_error(config_dir: Path, install: Install) -> None:
    install("broken_import")
    errors = _errors(config_dir, "http:\nbroken_import:\n  x: 1\n")
    assert errors == [
        "configuration.yaml:2: integration broken_import failed to import: "
        "broken_import exploded at import time"
    ]


def test_always_set_up_domains_are_validated_with_defaults(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text("homeassistant:\n  name: Home\n")
    configuration = read_configuration(config_dir)
    assert configuration.errors == []
    assert {"logger", "http"} <= set(configuration.domains)
    assert configuration.domains["http"]["server_port"] == 8123
    assert configuration.domains["logger"] == {}


# -- sensor: platform blocks ------------------------------------------------------------


SENSOR_BLOCKS = """
    sensor:
      - platform: fake_sensors
        name: Boiler flow
        value: 55
        unit: °C
      - platform: fake_sensors
        name: Broken
        value: lots
      - platform: no_such_thing
        name: Ghost
      - platform: fake_sensors
        name: Return
        value: 41.5
        unit: °C
      - name: No platform
    """


def test_bad_platform_blocks_are_reported_each_at_its_line(
    config_dir: Path, install: Install
) -> None:
    install("fake_sensors")
    errors = _errors(config_dir, SENSOR_BLOCKS)
    assert len(errors) == 3
    assert errors[0].startswith("configuration.yaml:8: sensor[1].value: ")
    assert "'lots'" in errors[0]
    assert errors[1] == "configuration.yaml:9: platform sensor.no_such_thing not found"
    assert (
        errors[2]
        == "configuration.yaml:15: sensor[4].platform: required option 'platform' is missing"
    )


async def test_bad_platform_block_is_dropped_alone(make_hub: HubFactory, install: Install) -> None:
    install("fake_sensors")
    hub = await make_hub(SENSOR_BLOCKS)
    flow = hub.states.get("sensor.boiler_flow")
    assert flow is not None
    assert flow.state == "55.0"
    assert flow.attributes["unit_of_measurement"] == "°C"
    back = hub.states.get("sensor.return")
    assert back is not None
    assert back.state == "41.5"
    assert hub.states.get("sensor.broken") is None
    assert hub.states.get("sensor.ghost") is None
    assert hub.data[INTEGRATION_SETUP].is_loaded("fake_sensors")


async def test_platform_blocks_under_labelled_keys(make_hub: HubFactory, install: Install) -> None:
    install("fake_sensors")
    hub = await make_hub(
        """
        sensor:
          platform: fake_sensors
          name: One
        sensor 2:
          - platform: fake_sensors
            name: Two
        """
    )
    assert hub.states.get("sensor.one") is not None
    assert hub.states.get("sensor.two") is not None


async def test_platform_integration_also_adding_its_own_entities(
    make_hub: HubFactory, install: Install
) -> None:
    """``x:`` plus ``sensor: - platform: x`` must not make the two setups wait for each
    other (Home Assistant's ``template:`` next to ``sensor: - platform: template``)."""
    install("fake_sensors")
    hub = await make_hub(
        """
        fake_sensors:
          own: Own reading
        sensor:
          - platform: fake_sensors
            name: Block reading
        """
    )
    assert hub.states.get("sensor.own_reading") is not None
    assert hub.states.get("sensor.block_reading") is not None


async def test_platform_of_a_failed_integration_is_skipped(
    make_hub: HubFactory, install: Install, config_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    install("fake_sensors", "setup_raises")
    # Give the integration whose setup raises a sensor platform too.
    package = config_dir / "custom_components" / "setup_raises"
    fake = (package.parent / "fake_sensors" / "sensor.py").read_text()
    (package / "sensor.py").write_text(fake.replace('"fake_sensors"', '"setup_raises"'))
    hub = await make_hub(
        """
        sensor:
          - platform: setup_raises
            name: Never
          - platform: fake_sensors
            name: Fine
        """
    )
    assert hub.states.get("sensor.fine") is not None
    assert hub.states.get("sensor.never") is None
    assert (
        "Platform sensor.setup_raises not set up: integration setup_raises is not loaded "
        "(setup failed: setup_raises could not parse its device list)"
    ) in caplog.messages


async def test_platform_setup_that_raises_is_logged(
    make_hub: HubFactory, install: Install, config_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    install("fake_sensors")
    sensor = config_dir / "custom_components" / "fake_sensors" / "sensor.py"
    sensor.write_text(
        sensor.read_text().replace(
            '    """Add the block\'s sensor."""\n',
            '    """Add the block\'s sensor."""\n'
            '    if config["name"] == "Bad":\n'
            '        raise RuntimeError("cannot reach the bad sensor")\n',
        )
    )
    hub = await make_hub(
        """
        sensor:
          - platform: fake_sensors
            name: Bad
          - platform: fake_sensors
            name: Good
        """
    )
    assert "cannot reach the bad sensor" in sensor.read_text()
    assert hub.states.get("sensor.good") is not None
    assert hub.states.get("sensor.bad") is None
    record = next(
        r
        for r in caplog.records
        if r.getMessage() == "Error setting up platform sensor.fake_sensors"
    )
    assert record.exc_info is not None
