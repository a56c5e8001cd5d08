"""Tests of ``watthub check-config``, run as the installed command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hub.cli.conftest import EXAMPLE_CONFIG, Watthub
from tests.hub.custom_integrations import install_integrations

ERROR_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "config" / "errors"


def test_example_configuration_is_valid(watthub: Watthub) -> None:
    result = watthub("check-config", "--config", EXAMPLE_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        "Configuration valid: 8 integrations (api, auth, demo, homeassistant, http, "
        "logger, persistent_notification, websocket_api).\n"
    )
    assert result.stderr == ""


def test_bad_value_is_printed_with_file_and_line(watthub: Watthub, example_config: Path) -> None:
    configuration = example_config / "configuration.yaml"
    configuration.write_text(configuration.read_text().replace("speed: 1", "speed: fast"))
    result = watthub("check-config", "-c", example_config)
    assert result.returncode == 1
    assert result.stdout == f"{configuration}:24: demo.speed: expected a number, got 'fast'\n"
    assert result.stderr == "Configuration invalid: 1 problem.\n"


def test_error_in_an_included_file_names_that_file(watthub: Watthub, example_config: Path) -> None:
    (example_config / "demo.yaml").write_text("seed: 3\nspeed: fast\n")
    (example_config / "configuration.yaml").write_text("demo: !include demo.yaml\nmystery_box:\n")
    result = watthub("check-config", "--config", example_config)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert (
        lines[0] == f"{example_config / 'demo.yaml'}:2: demo.speed: expected a number, got 'fast'"
    )
    assert lines[1] == (
        f"{example_config / 'configuration.yaml'}:2: Integration 'mystery_box' not found."
    )
    assert result.stderr == "Configuration invalid: 2 problems.\n"


@pytest.mark.parametrize(
    ("fixture", "line", "fragment"),
    [
        ("missing_secret.yaml", 2, "Secret 'not_there' is not defined in secrets.yaml"),
        ("missing_include.yaml", 3, "!include does_not_exist.yaml"),
        ("duplicate_key.yaml", 4, "duplicate key 'name' (first defined on line 2)"),
        ("wrong_type.yaml", 3, "homeassistant.latitude: "),
        ("syntax_error.yaml", 3, "invalid YAML"),
    ],
)
def test_each_kind_of_error_is_located(
    watthub: Watthub, tmp_path: Path, fixture: str, line: int, fragment: str
) -> None:
    shutil.copy(ERROR_FIXTURES / fixture, tmp_path / "configuration.yaml")
    result = watthub("check-config", "--config", tmp_path)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'configuration.yaml'}:{line}: ")
    assert fragment in first
    assert result.stderr.startswith("Configuration invalid: ")


def test_custom_integration_schema_error(watthub: Watthub, tmp_path: Path) -> None:
    install_integrations(tmp_path, "schema_check", "fake_sensors")
    (tmp_path / "configuration.yaml").write_text(
        "schema_check:\n"
        "  host: gw.local\n"
        "  prot: 80\n"
        "sensor:\n"
        "  - platform: fake_sensors\n"
        "    name: Flow\n"
        "    value: high\n"
    )
    result = watthub("check-config", "--config", tmp_path)
    assert result.returncode == 1
    configuration = tmp_path / "configuration.yaml"
    assert result.stdout.splitlines() == [
        f"{configuration}:3: schema_check.prot: unknown option 'prot'; "
        "check the spelling or remove it",
        f"{configuration}:7: sensor[0].value: expected float, got 'high'",
    ]


def test_missing_directory(watthub: Watthub, tmp_path: Path) -> None:
    result = watthub("check-config", "--config", tmp_path / "nope")
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nope'}: not a directory\n"
