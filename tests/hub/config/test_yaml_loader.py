"""Loading YAML files: located values, HA's YAML forms, and errors with file:line."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import orjson
import pytest

from hub.config.yaml_loader import load_config, load_yaml
from hub.config.yaml_nodes import Location, NodeDict, NodeList, NodeStr
from hub.exceptions import ConfigError

from .conftest import WriteFile


def test_values_carry_file_and_line(write: WriteFile) -> None:
    path = write(
        "conf.yaml",
        """
        homeassistant:
          name: Home
          latitude: 52.1
        sensor:
          - platform: template
          - 7
        """,
    )
    loaded = load_yaml(path)
    file = str(path)
    assert isinstance(loaded, NodeDict)
    assert loaded.location == Location(file, 1)
    core = loaded["homeassistant"]
    assert core.key_location("latitude") == Location(file, 3)
    assert isinstance(core["name"], NodeStr)
    assert core["name"].location == Location(file, 2)
    assert core["latitude"] == 52.1
    assert type(core["latitude"]) is float
    sensors = loaded["sensor"]
    assert isinstance(sensors, NodeList)
    assert sensors.location == Location(file, 5)
    assert sensors.item_location(1) == Location(file, 6)
    assert sensors[1] == 7


def test_file_is_named_as_given(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(fixtures.parent)
    loaded = load_yaml(Path("config/home/customize.yaml"))
    assert loaded.key_location("sensor.grid_power") == Location("config/home/customize.yaml", 1)


def test_plain_scalars_stay_plain(write: WriteFile) -> None:
    path = write(
        "scalars.yaml",
        """
        integer: 3
        floating: 1.5
        flag: yes
        nothing:
        day: 2025-01-10
        quoted: "07:00:00"
        unquoted_time: 07:00:00
        base_sixty: 1:30
        """,
    )
    loaded = load_yaml(path)
    assert loaded["integer"] == 3
    assert loaded["floating"] == 1.5
    assert loaded["flag"] is True
    assert loaded["nothing"] is None
    assert loaded["day"] == date(2025, 1, 10)
    assert loaded["quoted"] == "07:00:00"
    # YAML 1.1 as in Home Assistant: a leading zero keeps it text, 1:30 is base 60.
    assert loaded["unquoted_time"] == "07:00:00"
    assert loaded["base_sixty"] == 90


def test_keys_are_plain_strings_so_json_encoders_accept_them(write: WriteFile) -> None:
    loaded = load_yaml(write("keys.yaml", "name: Home\nnested:\n  key: value\n"))
    assert all(type(key) is str for key in loaded)
    assert all(type(key) is str for key in loaded["nested"])
    assert loaded.key_location("nested") == Location(str(loaded.location.file), 2)
    assert orjson.loads(orjson.dumps(loaded)) == {"name": "Home", "nested": {"key": "value"}}


def test_integer_keys_are_kept(write: WriteFile) -> None:
    loaded = load_yaml(write("keys.yaml", "1: one\ntwo: 2\n"))
    assert loaded == {1: "one", "two": 2}
    assert loaded.key_location(1).line == 1


def test_anchors_aliases_and_merge_keys(write: WriteFile) -> None:
    path = write(
        "anchors.yaml",
        """
        base: &base
          mode: single
          max: 3
        first:
          <<: *base
          mode: queued
        second: *base
        """,
    )
    loaded = load_yaml(path)
    assert loaded["first"] == {"mode": "queued", "max": 3}
    assert loaded["first"].key_location("mode").line == 6  # the override, not the anchor
    assert loaded["first"].key_location("max").line == 3  # merged in from the anchor
    assert loaded["second"] is loaded["base"]


def test_merge_key_with_a_list_of_mappings_first_wins(write: WriteFile) -> None:
    path = write(
        "merge.yaml",
        """
        a: &a {x: 1, y: 1}
        b: &b {y: 2, z: 2}
        c:
          <<: [*a, *b]
        """,
    )
    assert load_yaml(path)["c"] == {"x": 1, "y": 1, "z": 2}


def test_duplicate_key_is_an_error_at_the_second_line(fixtures: Path) -> None:
    path = fixtures / "errors" / "duplicate_key.yaml"
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    error = caught.value
    assert error.file == str(path)
    assert error.line == 4
    assert "duplicate key 'name'" in error.message
    assert "first defined on line 2" in error.message


def test_same_key_in_different_mappings_is_fine(write: WriteFile) -> None:
    loaded = load_yaml(write("ok.yaml", "a:\n  name: 1\nb:\n  name: 2\n"))
    assert loaded == {"a": {"name": 1}, "b": {"name": 2}}


def test_syntax_error_has_file_and_one_based_line(fixtures: Path) -> None:
    path = fixtures / "errors" / "syntax_error.yaml"
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.file == str(path)
    assert caught.value.line == 3
    assert "invalid YAML: mapping values are not allowed" in caught.value.message
    assert str(caught.value).startswith(f"{path}:3: invalid YAML")


def test_unclosed_quote_points_at_its_line(write: WriteFile) -> None:
    path = write("quote.yaml", 'a: 1\nb: "open\nc: 3\n')
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.file == str(path)
    assert caught.value.line == 4  # where the parser gave up: the end of the file
    assert "while scanning a quoted scalar on line 2" in caught.value.message


def test_unknown_tag_names_the_known_ones(write: WriteFile) -> None:
    path = write("tag.yaml", "a: 1\nb: !includ other.yaml\n")
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.line == 2
    assert "unknown tag '!includ'" in caught.value.message
    assert "!include_dir_named" in caught.value.message


def test_two_documents_are_an_error(write: WriteFile) -> None:
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_yaml(write("two.yaml", "a: 1\n---\nb: 2\n"))


def test_unhashable_key_is_an_error(write: WriteFile) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(write("key.yaml", "ok: 1\n? [a, b]\n: value\n"))
    assert caught.value.line == 2
    assert "plain value" in caught.value.message


def test_empty_file_loads_as_none(write: WriteFile) -> None:
    assert load_yaml(write("empty.yaml", "")) is None
    assert load_yaml(write("comments.yaml", "# only a comment\n")) is None


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(tmp_path / "nope.yaml")
    assert caught.value.file == str(tmp_path / "nope.yaml")
    assert "not found" in caught.value.message


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: K\xf6ln\n".encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.line == 2
    assert "UTF-8" in caught.value.message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Home\n")
    assert load_yaml(path) == {"name": "Home"}


def test_load_config_reads_configuration_yaml(write: WriteFile, tmp_path: Path) -> None:
    write(
        "configuration.yaml",
        """
        homeassistant:
          name: Home
        sun:
        automation: []
        """,
    )
    config = load_config(tmp_path)
    assert config["homeassistant"] == {"name": "Home"}
    # A key without a value becomes an empty mapping; other values stay as written.
    assert config["sun"] == {}
    assert isinstance(config["sun"], NodeDict)
    assert config["sun"].location == Location(str(tmp_path / "configuration.yaml"), 3)
    assert config["automation"] == []


def test_load_config_of_an_empty_file_is_an_empty_mapping(write: WriteFile, tmp_path: Path) -> None:
    write("configuration.yaml", "")
    config = load_config(tmp_path)
    assert config == {}
    assert isinstance(config, NodeDict)


def test_load_config_without_configuration_yaml_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.file == str(tmp_path / "configuration.yaml")
    assert "not found" in caught.value.message
    assert "Create it" in caught.value.message


def test_load_config_rejects_a_list_at_the_top(write: WriteFile, tmp_path: Path) -> None:
    write("configuration.yaml", "- a\n- b\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(tmp_path)


def test_fixture_home_loads_completely(fixtures: Path) -> None:
    config = load_config(fixtures / "home")
    assert set(config) == {
        "homeassistant",
        "http",
        "logger",
        "sun",
        "automation",
        "automation manual",
        "script",
        "sensor",
        "input_boolean",
    }
    assert config["http"]["server_port"] == 8123
    assert [item["alias"] for item in config["automation manual"]] == ["Morning", "Evening"]
    assert set(config["homeassistant"]["packages"]) == {"energy", "boiler"}


def test_loads_in_parallel_threads_do_not_share_secrets(write: WriteFile, tmp_path: Path) -> None:
    results: dict[int, object] = {}
    paths = []
    for index in range(8):
        write(f"home{index}/secrets.yaml", f"token: secret-{index}\n")
        paths.append(write(f"home{index}/configuration.yaml", "token: !secret token\n"))

    def load(index: int) -> None:
        for _ in range(20):
            results[index] = load_config(paths[index].parent)["token"]

    threads = [threading.Thread(target=load, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {index: f"secret-{index}" for index in range(8)}


def test_loading_is_linear_in_the_number_of_secrets(write: WriteFile, tmp_path: Path) -> None:
    lines = "\n".join(f"key{i}: value{i}" for i in range(500))
    write("secrets.yaml", lines + "\n")
    uses = "\n".join(f"use{i}: !secret key{i}" for i in range(500))
    path = write("configuration.yaml", uses + "\n")
    loaded = load_yaml(path, config_dir=tmp_path)
    assert loaded["use499"] == "value499"
    assert loaded["use0"].location == Location(str(path), 1)
