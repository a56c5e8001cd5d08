"""The homeassistant: block: defaults, accepted keys and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config.core_config import CoreConfig, validate_core_config
from hub.config.packages import merge_packages
from hub.config.yaml_loader import load_config, load_yaml
from hub.exceptions import ConfigError

from .conftest import WriteFile


def test_defaults_without_a_homeassistant_block() -> None:
    core = validate_core_config({})
    assert core == CoreConfig()
    assert (core.name, core.latitude, core.longitude) == ("Home", 52.37, 4.89)
    assert (core.elevation, core.radius) == (0, 100)
    assert (core.unit_system, core.time_zone, core.currency) == ("metric", "UTC", "EUR")
    assert core.country is None
    assert core.language == "en"
    assert core.auth_providers is None
    assert core.customize == {}
    assert core.debug is False


def test_empty_block_gives_defaults(write: WriteFile, tmp_path: Path) -> None:
    write("configuration.yaml", "homeassistant:\n")
    assert validate_core_config(load_config(tmp_path)) == CoreConfig()


def test_fixture_home_core_config(fixtures: Path) -> None:
    config = load_config(fixtures / "home")
    assert merge_packages(config) == []
    core = validate_core_config(config)
    assert core.name == "Test Home"
    assert (core.latitude, core.longitude, core.elevation) == (52.09, 5.12, 3)
    assert core.time_zone == "Europe/Amsterdam"
    assert core.country == "NL"
    assert core.customize == {
        "sensor.grid_power": {"friendly_name": "Grid power"},
        "switch.boiler": {"friendly_name": "Boiler"},
    }
    # Run-time state holds plain values, not located YAML nodes.
    assert type(core.name) is str
    assert type(next(iter(core.customize))) is str


def test_every_home_assistant_key_is_accepted(write: WriteFile, tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    write(
        "configuration.yaml",
        """
        homeassistant:
          name: Cottage
          latitude: "51.5"
          longitude: -0.12
          elevation: "12"
          radius: 250
          unit_system: imperial
          temperature_unit: C
          time_zone: Europe/London
          currency: GBP
          country: GB
          language: en-GB
          internal_url: http://192.168.1.2:8123
          external_url: https://cottage.example.org
          allowlist_external_dirs: /media/usb
          whitelist_external_dirs: [/tmp]
          allowlist_external_urls:
            - http://images.example.org/
          media_dirs:
            local: /media
          packages: {}
          auth_providers:
            - type: homeassistant
            - type: trusted_networks
              trusted_networks: [192.168.1.0/24]
          auth_mfa_modules:
            - type: totp
          legacy_templates: false
          debug: true
          webrtc:
            ice_servers:
              - url: stun:stun.example.org:3478
          customize:
            sensor.power:
              friendly_name: Power
              icon: mdi:flash
          customize_domain:
            light:
              assumed_state: "yes"
          customize_glob:
            "sensor.*_energy":
              unit_of_measurement: kWh
        """,
    )
    core = validate_core_config(load_config(tmp_path))
    assert core.name == "Cottage"
    assert core.latitude == 51.5
    assert core.elevation == 12
    assert core.radius == 250
    assert core.unit_system == "us_customary"
    assert core.currency == "GBP"
    assert core.language == "en-GB"
    assert core.internal_url == "http://192.168.1.2:8123"
    assert core.allowlist_external_dirs == ["/media/usb", "/tmp"]
    assert core.allowlist_external_urls == ["http://images.example.org/"]
    assert core.media_dirs == {"local": "/media"}
    assert [provider["type"] for provider in core.auth_providers or []] == [
        "homeassistant",
        "trusted_networks",
    ]
    assert core.auth_mfa_modules == [{"type": "totp"}]
    assert core.debug is True
    assert core.webrtc_ice_servers == [{"url": ["stun:stun.example.org:3478"]}]
    assert core.customize["sensor.power"] == {"friendly_name": "Power", "icon": "mdi:flash"}
    assert core.customize_domain["light"] == {"assumed_state": True}
    assert core.customize_glob["sensor.*_energy"] == {"unit_of_measurement": "kWh"}


def test_core_config_is_mutable_at_run_time() -> None:
    core = CoreConfig()
    core.latitude = 51.0
    assert core.latitude == 51.0
    with pytest.raises(AttributeError):
        core.unknown = 1  # type: ignore[attr-defined]


def test_defaults_are_not_shared_between_instances() -> None:
    first, second = CoreConfig(), CoreConfig()
    first.customize["sensor.a"] = {"icon": "mdi:a"}
    assert second.customize == {}


@pytest.mark.parametrize(
    ("line", "text", "message"),
    [
        (2, "  latitude: north", "homeassistant.latitude: latitude must be a number"),
        (2, "  lattitude: 52.1", "homeassistant.lattitude: unknown option 'lattitude'"),
        (2, "  time_zone: Amsterdam", "homeassistant.time_zone: unknown time zone"),
        (2, "  currency: euro", "homeassistant.currency: expected an ISO 4217"),
        (2, "  unit_system: kelvin", "homeassistant.unit_system: expected a unit system"),
        (2, "  radius: -5", "homeassistant.radius: expected a whole number of 0 or more"),
        (2, "  internal_url: 192.168.1.2", "homeassistant.internal_url: expected a web address"),
        (2, "  media_dirs: {My Media: /media}", "homeassistant.media_dirs['My Media']"),
    ],
)
def test_errors_point_at_the_line(
    write: WriteFile, tmp_path: Path, line: int, text: str, message: str
) -> None:
    write("configuration.yaml", f"homeassistant:\n{text}\n  name: Home\n")
    with pytest.raises(ConfigError) as caught:
        validate_core_config(load_config(tmp_path))
    assert caught.value.file == str(tmp_path / "configuration.yaml")
    assert caught.value.line == line
    assert caught.value.message.startswith(message)


def test_customize_with_a_bad_entity_id(write: WriteFile, tmp_path: Path) -> None:
    path = write(
        "configuration.yaml",
        """
        homeassistant:
          customize:
            sensor.ok: {}
            Power Meter:
              friendly_name: x
        """,
    )
    with pytest.raises(ConfigError) as caught:
        validate_core_config(load_yaml(path))
    assert caught.value.line == 4
    assert "got key 'Power Meter'" in caught.value.message


def test_duplicate_auth_provider(write: WriteFile, tmp_path: Path) -> None:
    write(
        "configuration.yaml",
        """
        homeassistant:
          auth_providers:
            - type: homeassistant
            - type: homeassistant
        """,
    )
    with pytest.raises(ConfigError, match="auth provider homeassistant is listed twice"):
        validate_core_config(load_config(tmp_path))
