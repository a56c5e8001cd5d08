"""The Home Assistant YAML tags: includes, directory includes, secrets, env vars, inputs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from hub.config.yaml_loader import load_config, load_yaml
from hub.config.yaml_nodes import Input, Location, NodeDict, NodeList
from hub.exceptions import ConfigError

from .conftest import WriteFile


def test_include_loads_relative_to_the_including_file(write: WriteFile) -> None:
    write("sub/child.yaml", "value: 1\nother: [a]\n")
    write("sub/parent.yaml", "child: !include child.yaml\n")
    path = write("main.yaml", "parent: !include sub/parent.yaml\n")
    loaded = load_yaml(path)
    child = loaded["parent"]["child"]
    assert child == {"value": 1, "other": ["a"]}
    # Locations inside the included file name that file.
    assert child.key_location("other").file.endswith("sub/child.yaml")
    assert child.key_location("other").line == 2
    assert loaded.key_location("parent") == Location(str(path), 1)


def test_include_of_an_empty_file_is_an_empty_mapping(write: WriteFile) -> None:
    write("empty.yaml", "")
    loaded = load_yaml(write("main.yaml", "x: !include empty.yaml\n"))
    assert loaded["x"] == {}
    assert isinstance(loaded["x"], NodeDict)


def test_include_of_a_missing_file_points_at_the_tag(fixtures: Path) -> None:
    path = fixtures / "errors" / "missing_include.yaml"
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.file == str(path)
    assert caught.value.line == 3
    assert "does_not_exist.yaml" in caught.value.message
    assert "does not exist" in caught.value.message


def test_error_inside_an_included_file_names_that_file(write: WriteFile) -> None:
    child = write("child.yaml", "a: 1\na: 2\n")
    with pytest.raises(ConfigError) as caught:
        load_yaml(write("main.yaml", "x: !include child.yaml\n"))
    assert caught.value.file == str(child)
    assert caught.value.line == 2


def test_include_loop_is_an_error(write: WriteFile) -> None:
    write("b.yaml", "back: !include a.yaml\n")
    path = write("a.yaml", "next: !include b.yaml\n")
    with pytest.raises(ConfigError, match="include loop"):
        load_yaml(path)


def test_the_same_file_may_be_included_twice(write: WriteFile) -> None:
    write("shared.yaml", "v: 1\n")
    loaded = load_yaml(write("main.yaml", "a: !include shared.yaml\nb: !include shared.yaml\n"))
    assert loaded == {"a": {"v": 1}, "b": {"v": 1}}


@pytest.mark.parametrize("tag", ["!include", "!include_dir_list", "!secret", "!env_var", "!input"])
def test_tags_need_an_argument(write: WriteFile, tag: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(write("main.yaml", f"ok: 1\nbad: {tag}\n"))
    assert caught.value.line == 2
    assert "needs one argument" in caught.value.message


def _tree(write: WriteFile) -> None:
    write("items/b.yaml", "- b1\n- b2\n")
    write("items/a.yaml", "- a1\n")
    write("items/sub/c.yaml", "- c1\n")
    write("items/.hidden.yaml", "- hidden\n")
    write("items/.hidden/d.yaml", "- hidden dir\n")
    write("items/secrets.yaml", "- secret\n")
    write("items/notes.txt", "- text\n")
    write("items/empty.yaml", "")


def test_include_dir_list_one_item_per_file_sorted(write: WriteFile) -> None:
    _tree(write)
    loaded = load_yaml(write("main.yaml", "x: !include_dir_list items\n"))
    # Files first, sorted, then sub-folders; hidden, secrets, non-yaml and empty skipped.
    assert loaded["x"] == [["a1"], ["b1", "b2"], ["c1"]]
    assert isinstance(loaded["x"], NodeList)
    assert loaded["x"].item_location(1).file.endswith("items/b.yaml")


def test_include_dir_merge_list_concatenates(write: WriteFile) -> None:
    _tree(write)
    loaded = load_yaml(write("main.yaml", "x: !include_dir_merge_list items\n"))
    assert loaded["x"] == ["a1", "b1", "b2", "c1"]
    assert loaded["x"].item_location(2).file.endswith("items/b.yaml")
    assert loaded["x"].item_location(2).line == 2


def test_symlinked_folders_are_not_entered(write: WriteFile, tmp_path: Path) -> None:
    write("items/a.yaml", "- a\n")
    (tmp_path / "items" / "loop").symlink_to(tmp_path / "items", target_is_directory=True)
    (tmp_path / "items" / "link.yaml").symlink_to(tmp_path / "items" / "a.yaml")
    loaded = load_yaml(write("main.yaml", "x: !include_dir_merge_list items\n"))
    assert loaded["x"] == ["a", "a"]


def test_include_dir_named_maps_file_names(write: WriteFile) -> None:
    write("named/heating.yaml", "a: 1\n")
    write("named/sub/energy.yaml", "b: 2\n")
    write("named/empty.yaml", "")
    write("named/.git/config.yaml", "c: 3\n")
    loaded = load_yaml(write("main.yaml", "x: !include_dir_named named\n"))
    assert loaded["x"] == {"empty": {}, "heating": {"a": 1}, "energy": {"b": 2}}
    assert list(loaded["x"]) == ["empty", "heating", "energy"]
    assert loaded["x"].key_location("energy").file.endswith("named/sub/energy.yaml")


def test_include_dir_named_refuses_two_files_with_one_name(write: WriteFile) -> None:
    write("named/heating.yaml", "a: 1\n")
    write("named/sub/heating.yaml", "b: 2\n")
    with pytest.raises(ConfigError, match=r"two files are named heating\.yaml"):
        load_yaml(write("main.yaml", "x: !include_dir_named named\n"))


def test_include_dir_merge_named_merges_mappings(write: WriteFile) -> None:
    write("scripts/one.yaml", "first:\n  sequence: []\n")
    write("scripts/two.yaml", "second:\n  sequence: []\n")
    loaded = load_yaml(write("main.yaml", "script: !include_dir_merge_named scripts\n"))
    assert loaded["script"] == {"first": {"sequence": []}, "second": {"sequence": []}}
    assert loaded["script"].key_location("second").file.endswith("scripts/two.yaml")


def test_include_dir_merge_named_refuses_a_name_in_two_files(write: WriteFile) -> None:
    write("scripts/one.yaml", "same:\n  sequence: []\n")
    two = write("scripts/two.yaml", "other: {}\nsame:\n  sequence: []\n")
    with pytest.raises(ConfigError) as caught:
        load_yaml(write("main.yaml", "script: !include_dir_merge_named scripts\n"))
    assert caught.value.file == str(two)
    assert caught.value.line == 2
    assert "'same' is already defined at" in caught.value.message
    assert "one.yaml:1" in caught.value.message


def test_merge_tags_warn_about_files_of_the_wrong_shape(
    write: WriteFile, caplog: pytest.LogCaptureFixture
) -> None:
    write("lists/good.yaml", "- 1\n")
    write("lists/mapping.yaml", "a: 1\n")
    with caplog.at_level(logging.WARNING):
        loaded = load_yaml(write("main.yaml", "x: !include_dir_merge_list lists\n"))
    assert loaded["x"] == [1]
    assert "mapping.yaml" in caplog.text
    assert "does not hold a list" in caplog.text


def test_missing_folder_warns_and_gives_nothing(
    write: WriteFile, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        loaded = load_yaml(
            write("main.yaml", "a: !include_dir_list nope\nb: !include_dir_named nope\n")
        )
    assert loaded == {"a": [], "b": {}}
    assert "does not exist" in caplog.text


def test_fixture_directory_includes(fixtures: Path) -> None:
    config = load_config(fixtures / "home")
    assert [sensor["name"] for sensor in config["sensor"]] == ["Meter", "Price"]
    assert set(config["script"]) == {"boiler_boost", "all_off"}
    assert config["automation"][0]["alias"] == "Boiler on at night tariff"


def test_secret_from_secrets_yaml(fixtures: Path) -> None:
    config = load_config(fixtures / "home")
    http = config["http"]
    assert http["server_port"] == 8123
    assert http["api_key"] == "top-level-key"
    # The value is located where it is used, and prints hidden.
    assert http["api_key"].location == Location(str(fixtures / "home" / "configuration.yaml"), 16)
    assert repr(http["api_key"]) == "'<secret>'"


def test_secret_is_searched_upward_from_the_including_file(fixtures: Path) -> None:
    packages = load_config(fixtures / "home")["homeassistant"]["packages"]
    # packages/heating/ has its own secrets.yaml; packages/ has none, so the top one is used.
    assert packages["boiler"]["boiler_meter"]["password"] == "heating-folder-password"
    assert packages["energy"]["meter"]["password"] == "top-level-password"


def test_missing_secret_points_at_the_tag(fixtures: Path) -> None:
    path = fixtures / "errors" / "missing_secret.yaml"
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.file == str(path)
    assert caught.value.line == 2
    assert caught.value.message.startswith("Secret 'not_there' is not defined in secrets.yaml")


def test_secrets_are_not_read_above_the_config_dir(write: WriteFile, tmp_path: Path) -> None:
    write("secrets.yaml", "token: outside\n")
    path = write("config/configuration.yaml", "token: !secret token\n")
    with pytest.raises(ConfigError, match="Secret 'token' is not defined"):
        load_config(path.parent)
    assert load_yaml(path, config_dir=tmp_path)["token"] == "outside"


def test_secret_of_another_type_is_returned_as_is(write: WriteFile, tmp_path: Path) -> None:
    write("secrets.yaml", "port: 8123\nhosts: [a, b]\n")
    loaded = load_yaml(write("main.yaml", "p: !secret port\nh: !secret hosts\n"))
    assert loaded == {"p": 8123, "h": ["a", "b"]}


def test_secret_inside_secrets_yaml_is_an_error(write: WriteFile) -> None:
    write("secrets.yaml", "a: !secret b\nb: x\n")
    with pytest.raises(ConfigError, match=r"cannot be used inside secrets\.yaml"):
        load_yaml(write("main.yaml", "v: !secret a\n"))


def test_secrets_yaml_must_be_a_mapping(write: WriteFile) -> None:
    write("secrets.yaml", "- a\n")
    with pytest.raises(ConfigError, match=r"secrets\.yaml must be a mapping"):
        load_yaml(write("main.yaml", "v: !secret a\n"))


def test_env_var(write: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTHUB_TEST_HOST", "meter.local")
    monkeypatch.delenv("WATTHUB_TEST_UNSET", raising=False)
    path = write(
        "main.yaml",
        """
        host: !env_var WATTHUB_TEST_HOST
        fallback: !env_var WATTHUB_TEST_UNSET default with spaces
        """,
    )
    loaded = load_yaml(path)
    assert loaded == {"host": "meter.local", "fallback": "default with spaces"}
    assert loaded["host"].location == Location(str(path), 1)


def test_env_var_missing_without_default(write: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATTHUB_TEST_UNSET", raising=False)
    path = write("main.yaml", "a: 1\nhost: !env_var WATTHUB_TEST_UNSET\n")
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert caught.value.line == 2
    assert "WATTHUB_TEST_UNSET is not set" in caught.value.message


def test_input_tag_gives_a_placeholder(write: WriteFile) -> None:
    path = write(
        "blueprint.yaml",
        """
        triggers:
          - trigger: state
            entity_id: !input motion_entity
        """,
    )
    placeholder = load_yaml(path)["triggers"][0]["entity_id"]
    assert placeholder == Input("motion_entity")
    assert placeholder.location == Location(str(path), 3)
