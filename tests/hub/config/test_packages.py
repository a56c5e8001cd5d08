"""Packages merged into the configuration, and package errors with their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config.packages import domain_of_key, keys_for_domain, merge_packages
from hub.config.yaml_loader import load_config
from hub.config.yaml_nodes import NodeDict, NodeList

from .conftest import WriteFile


def _config(write: WriteFile, tmp_path: Path, text: str) -> NodeDict:
    write("configuration.yaml", text)
    return load_config(tmp_path)


def test_lists_concatenate_and_keep_locations(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            energy:
              automation:
                - alias: From package
        automation:
          - alias: From main
        """,
    )
    assert merge_packages(config) == []
    assert [item["alias"] for item in config["automation"]] == ["From main", "From package"]
    assert isinstance(config["automation"], NodeList)
    assert config["automation"].item_location(1).line == 5
    assert config.key_location("automation").line == 6


def test_domain_only_in_a_package_is_added(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            energy:
              utility_meter:
                daily_energy:
                  source: sensor.energy
        """,
    )
    assert merge_packages(config) == []
    assert config["utility_meter"] == {"daily_energy": {"source": "sensor.energy"}}
    assert config.key_location("utility_meter").line == 4


def test_mappings_merge_key_by_key(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            one:
              input_boolean:
                boost: {name: Boost}
            two:
              input_boolean:
                eco: {name: Eco}
        input_boolean:
          guest: {name: Guest}
        """,
    )
    assert merge_packages(config) == []
    assert list(config["input_boolean"]) == ["guest", "boost", "eco"]
    assert config["input_boolean"].key_location("eco").line == 8


def test_list_and_mapping_make_a_list(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            meters:
              sensor:
                platform: template
                name: From package
        sensor:
          - platform: template
            name: From main
        """,
    )
    assert merge_packages(config) == []
    assert [item["name"] for item in config["sensor"]] == ["From main", "From package"]


def test_two_platform_mappings_make_a_list(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            meters:
              sensor:
                platform: template
                name: Package
        sensor:
          platform: time_date
        """,
    )
    assert merge_packages(config) == []
    assert config["sensor"] == [
        {"platform": "time_date"},
        {"platform": "template", "name": "Package"},
    ]


def test_nested_lists_of_the_same_domain_concatenate(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            boiler:
              mqtt:
                sensor:
                  - name: Boiler temperature
        mqtt:
          sensor:
            - name: Grid power
        """,
    )
    assert merge_packages(config) == []
    assert [item["name"] for item in config["mqtt"]["sensor"]] == [
        "Grid power",
        "Boiler temperature",
    ]


def test_duplicate_key_is_a_package_error_and_skips_the_domain(
    write: WriteFile, tmp_path: Path
) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            heating:
              input_boolean:
                new_one: {name: New}
                guest: {name: Guest again}
              script:
                heat: {sequence: []}
        input_boolean:
          guest: {name: Guest}
        """,
    )
    errors = merge_packages(config)
    assert len(errors) == 1
    error = errors[0]
    assert error.file == str(tmp_path / "configuration.yaml")
    assert error.line == 6
    assert "package 'heating'" in error.message
    assert "'input_boolean.guest.name' is defined twice" in error.message
    assert "configuration.yaml:10" in error.message
    # The whole domain of that package is skipped; its other domains are merged.
    assert list(config["input_boolean"]) == ["guest"]
    assert config["input_boolean"]["guest"] == {"name": "Guest"}
    assert config["script"] == {"heat": {"sequence": []}}


def test_scalar_defined_twice_names_the_key(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            cloud:
              http:
                server_port: 8124
        http:
          server_port: 8123
        """,
    )
    (error,) = merge_packages(config)
    assert error.line == 5
    assert "'http.server_port' is defined twice" in error.message
    assert config["http"]["server_port"] == 8123


def test_packages_in_a_folder_with_include_dir_named(fixtures: Path) -> None:
    config = load_config(fixtures / "home")
    errors = merge_packages(config)
    assert errors == []
    assert [item["name"] for item in config["sensor"]] == ["Meter", "Price", "Net power"]
    assert config["automation"][-1]["alias"] == "Energy package automation"
    assert set(config["input_boolean"]) == {"guest_mode", "boiler_boost"}
    assert config["input_number"]["tariff"] == {"min": 0, "max": 1}
    assert set(config["script"]) == {"boiler_boost", "all_off", "heating_off"}
    package_line = config["input_number"].key_location("tariff")
    assert package_line is not None
    assert package_line.file.endswith("packages/energy.yaml")
    # customize from a package joins the main one.
    customize = config["homeassistant"]["customize"]
    assert set(customize) == {"sensor.grid_power", "switch.boiler"}


def test_homeassistant_in_a_package_only_for_customize(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          name: Home
          packages:
            bad:
              homeassistant:
                name: Other
        """,
    )
    (error,) = merge_packages(config)
    assert error.line == 5
    assert "package 'bad'" in error.message
    assert "only set customize" in error.message
    assert config["homeassistant"]["name"] == "Home"


def test_customize_conflict_is_a_package_error(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          customize:
            sensor.a: {friendly_name: Main}
          packages:
            pkg:
              homeassistant:
                customize:
                  sensor.a: {friendly_name: Package}
        """,
    )
    (error,) = merge_packages(config)
    assert error.line == 8
    assert config["homeassistant"]["customize"]["sensor.a"]["friendly_name"] == "Main"


def test_invalid_package_definitions(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            Bad Name:
              sensor: []
            not_a_mapping: [1, 2]
            empty:
            odd:
              "sensor ": []
        """,
    )
    errors = merge_packages(config)
    assert [error.line for error in errors] == [3, 5, 8]
    assert "try 'bad_name'" in errors[0].message
    assert "must be a mapping" in errors[1].message
    assert "'sensor ' is not a valid integration name" in errors[2].message
    assert "sensor" not in config


def test_packages_not_a_mapping(write: WriteFile, tmp_path: Path) -> None:
    config = _config(write, tmp_path, "homeassistant:\n  packages: [a]\n")
    (error,) = merge_packages(config)
    assert error.line == 2
    assert "packages must be a mapping" in error.message


def test_no_packages_is_nothing_to_do(write: WriteFile, tmp_path: Path) -> None:
    config = _config(write, tmp_path, "homeassistant:\n  name: x\nsun:\n")
    before = dict(config)
    assert merge_packages(config) == []
    assert config == before


def test_none_values_merge_with_anything(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            one:
              default_config:
              history: {}
        default_config:
        """,
    )
    assert merge_packages(config) == []
    assert config["default_config"] == {}
    assert config["history"] == {}


def test_merge_does_not_change_the_package_values(write: WriteFile, tmp_path: Path) -> None:
    config = _config(
        write,
        tmp_path,
        """
        homeassistant:
          packages:
            one:
              input_boolean: {a: {}}
            two:
              input_boolean: {b: {}}
        """,
    )
    packages = config["homeassistant"]["packages"]
    assert merge_packages(config) == []
    assert set(config["input_boolean"]) == {"a", "b"}
    assert set(packages["one"]["input_boolean"]) == {"a"}


@pytest.mark.parametrize(
    ("key", "domain"),
    [
        ("sensor", "sensor"),
        ("sensor 2", "sensor"),
        ("sensor  living room", "sensor"),
        ("sensor ", None),
        (" sensor", None),
        ("", None),
        (3, None),
        ("sensor2", "sensor2"),
    ],
)
def test_domain_of_key(key: object, domain: str | None) -> None:
    assert domain_of_key(key) == domain


def test_keys_for_domain_in_order() -> None:
    config = {"sensor": [], "switch": [], "sensor 2": [], "sensor2": [], 5: None}
    assert keys_for_domain(config, "sensor") == ["sensor", "sensor 2"]
