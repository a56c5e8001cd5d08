"""Voluptuous errors turned into file:line messages that name the key and the value."""

from __future__ import annotations

from pathlib import Path

import pytest
import voluptuous as vol

from hub.config import validators as cv
from hub.config.core_config import CORE_CONFIG_SCHEMA
from hub.config.location import (
    dotted_path,
    format_invalid,
    invalid_errors,
    locate,
    validate_located,
)
from hub.config.yaml_loader import load_yaml
from hub.config.yaml_nodes import Location
from hub.exceptions import ConfigError

from .conftest import WriteFile

AUTOMATION_SCHEMA = vol.Schema(
    {
        vol.Required("alias"): cv.string,
        vol.Optional("mode", default="single"): vol.In(["single", "queued"]),
        vol.Optional("max"): cv.positive_int,
        vol.Optional("targets"): cv.entity_ids,
    }
)


@pytest.fixture
def automations(write: WriteFile) -> tuple[Path, object]:
    path = write(
        "automations.yaml",
        """
        - alias: First
          max: -2
        - alias: Second
          mode: sometimes
          targets:
            - switch.ok
            - Not An Entity
        - mode: queued
          colour: red
        """,
    )
    return path, load_yaml(path)


def test_locate_finds_the_deepest_key(automations: tuple[Path, object]) -> None:
    path, data = automations
    file = str(path)
    assert locate(data, [0, "max"]) == Location(file, 2)
    assert locate(data, [1, "targets", 1]) == Location(file, 7)
    assert locate(data, [2]) == Location(file, 8)
    # A key that is not there: the deepest location found on the way.
    assert locate(data, [2, "alias"]) == Location(file, 8)
    assert locate(data, [9, "alias"]) == Location(file, 1)
    assert locate(data, []) == Location(file, 1)


def test_locate_in_plain_data_is_none() -> None:
    assert locate({"a": {"b": 1}}, ["a", "b"]) is None
    assert locate([1, 2], [5]) is None
    assert locate({"a": 1}, [["unhashable"]]) is None


def test_format_invalid_one_line_per_error(automations: tuple[Path, object]) -> None:
    path, data = automations
    lines = []
    # Like the automation integration: each automation is validated on its own.
    for index, automation in enumerate(data):  # type: ignore[arg-type]
        with pytest.raises(vol.Invalid) as caught:
            AUTOMATION_SCHEMA(automation)
        lines.extend(format_invalid(data, caught.value, prefix=[index]))
    lines.sort()
    file = str(path)
    assert lines == sorted(
        [
            f"{file}:2: [0].max: expected a whole number of 0 or more, got -2",
            f"{file}:4: [1].mode: value must be one of ['queued', 'single'], got 'sometimes'",
            f"{file}:7: [1].targets[1]: expected an entity ID like sensor.power_meter "
            "(lowercase letters, digits and underscores, with one dot between domain and "
            "name), got 'Not An Entity'",
            f"{file}:8: [2].alias: required option 'alias' is missing",
            f"{file}:9: [2].colour: unknown option 'colour'; check the spelling or remove it",
        ]
    )


def test_wrong_type_and_unknown_key_in_core_config(fixtures: Path) -> None:
    path = fixtures / "errors" / "wrong_type.yaml"
    config = load_yaml(path)
    with pytest.raises(vol.Invalid) as caught:
        CORE_CONFIG_SCHEMA(config["homeassistant"])
    errors = invalid_errors(config, caught.value, "homeassistant")
    by_line = {error.line: error for error in errors}
    assert set(by_line) == {3, 5}
    assert all(error.file == str(path) for error in errors)
    assert by_line[3].message == (
        "homeassistant.latitude: latitude must be a number between -90 and 90 "
        "(decimal degrees), got 'north'"
    )
    assert by_line[5].message == (
        "homeassistant.lattitude: unknown option 'lattitude'; check the spelling or remove it"
    )
    lines = format_invalid(config, caught.value, "homeassistant")
    assert f"{path}:3: {by_line[3].message}" in lines
    assert f"{path}:5: {by_line[5].message}" in lines


def test_rejected_key_shows_the_key(write: WriteFile) -> None:
    path = write(
        "customize.yaml",
        """
        homeassistant:
          customize:
            sensor.ok:
              friendly_name: Ok
            Not.Valid Id:
              friendly_name: Bad
        """,
    )
    config = load_yaml(path)
    with pytest.raises(vol.Invalid) as caught:
        CORE_CONFIG_SCHEMA(config["homeassistant"])
    (line,) = format_invalid(config, caught.value, "homeassistant")
    assert line.startswith(f"{path}:5: homeassistant.customize['Not.Valid Id']: expected an")
    assert line.endswith("got key 'Not.Valid Id'")


def test_secret_values_are_not_printed(write: WriteFile) -> None:
    write("secrets.yaml", "port: not-a-port\n")
    path = write("configuration.yaml", "http:\n  server_port: !secret port\n")
    config = load_yaml(path)
    schema = vol.Schema({"server_port": cv.port})
    with pytest.raises(vol.Invalid) as caught:
        schema(config["http"])
    (line,) = format_invalid(config, caught.value, "http")
    assert line == f"{path}:2: http.server_port: expected a whole number, got '<secret>'"
    assert "not-a-port" not in line


def test_long_values_are_shortened(write: WriteFile) -> None:
    path = write("long.yaml", f"name: {'Not a slug ' * 20}\n")
    config = load_yaml(path)
    with pytest.raises(vol.Invalid) as caught:
        vol.Schema({"name": cv.slug})(config)
    (line,) = format_invalid(config, caught.value)
    assert line.startswith(f"{path}:1: name: expected a slug")
    shown_value = line.rsplit(", got ", 1)[1]
    assert shown_value.endswith("...")
    assert len(shown_value) == 60


def test_error_without_location_has_no_prefix() -> None:
    with pytest.raises(vol.Invalid) as caught:
        vol.Schema({"a": int})({"a": "x"})
    assert format_invalid({"a": "x"}, caught.value) == ["a: expected int, got 'x'"]


def test_error_at_the_root() -> None:
    with pytest.raises(vol.Invalid) as caught:
        vol.Schema({"a": int})([1])
    (error,) = invalid_errors([1], caught.value)
    assert error.message.startswith("configuration: expected a dictionary")
    assert error.file is None


def test_custom_required_message_is_kept() -> None:
    schema = vol.Schema({vol.Required("sequence", msg="a script needs actions"): list})
    with pytest.raises(vol.Invalid) as caught:
        schema({})
    (error,) = invalid_errors({}, caught.value)
    assert error.message == "sequence: a script needs actions (required option 'sequence')"


def test_validate_located_raises_a_config_error(write: WriteFile) -> None:
    path = write("configuration.yaml", "http:\n  server_port: 99999\n")
    config = load_yaml(path)
    schema = vol.Schema({"server_port": cv.port})
    with pytest.raises(ConfigError) as caught:
        validate_located(schema, config, "http")
    assert caught.value.file == str(path)
    assert caught.value.line == 2
    assert "between 1 and 65535" in caught.value.message
    assert isinstance(caught.value.__cause__, vol.Invalid)
    assert validate_located(
        schema, load_yaml(write("ok.yaml", "http:\n  server_port: 80\n")), "http"
    ) == {"server_port": 80}


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (["homeassistant", "latitude"], "homeassistant.latitude"),
        (["automation", 0, "triggers", 1], "automation[0].triggers[1]"),
        (["customize", "sensor.power", "icon"], "customize['sensor.power'].icon"),
        ([0, "a"], "[0].a"),
        (["sensor 2", 0], "['sensor 2'][0]"),
        ([3, "x"], "[3].x"),
        ([vol.Required("alias")], "alias"),
        ([], ""),
    ],
)
def test_dotted_path(path: list[object], text: str) -> None:
    assert dotted_path(path) == text
