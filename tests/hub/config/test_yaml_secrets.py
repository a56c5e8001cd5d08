"""Secret lookup: nearest secrets.yaml first, never above the config folder, read once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hub.config.yaml_loader import load_yaml
from hub.config.yaml_nodes import Location, NodeDict
from hub.config.yaml_secrets import SecretStore

from .conftest import WriteFile


def _counting_reader(reads: list[Path]) -> Any:
    def read(path: Path) -> Any:
        reads.append(path)
        return load_yaml(path)

    return read


def test_candidates_go_from_the_file_folder_up_to_the_config_dir(tmp_path: Path) -> None:
    store = SecretStore(tmp_path, _counting_reader([]))
    requester = tmp_path / "packages" / "heating" / "boiler.yaml"
    assert store.candidates(requester) == [
        tmp_path / "packages" / "heating" / "secrets.yaml",
        tmp_path / "packages" / "secrets.yaml",
        tmp_path / "secrets.yaml",
    ]


def test_candidates_keep_relative_spelling(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    store = SecretStore(Path("config"), _counting_reader([]))
    assert store.candidates(Path("config/packages/x.yaml")) == [
        Path("config/packages/secrets.yaml"),
        Path("config/secrets.yaml"),
    ]


def test_no_candidates_outside_the_config_dir(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "config", _counting_reader([]))
    assert store.candidates(tmp_path / "elsewhere" / "x.yaml") == []
    assert store.candidates(tmp_path / "x.yaml") == []


def test_lookup_prefers_the_nearest_file_and_reads_each_file_once(
    write: WriteFile, tmp_path: Path
) -> None:
    write("secrets.yaml", "a: top\nb: top-b\n")
    write("sub/secrets.yaml", "a: near\n")
    reads: list[Path] = []
    store = SecretStore(tmp_path, _counting_reader(reads))
    requester = tmp_path / "sub" / "file.yaml"
    for _ in range(50):
        found_a = store.lookup("a", requester)
        found_b = store.lookup("b", requester)
        assert store.lookup("missing", requester) is None
    assert found_a is not None
    assert found_b is not None
    assert found_a.value == "near"
    assert found_b.value == "top-b"
    assert found_b.location == Location(str(tmp_path / "secrets.yaml"), 2)
    assert sorted(reads) == sorted([tmp_path / "sub" / "secrets.yaml", tmp_path / "secrets.yaml"])


def test_a_missing_secrets_file_is_empty_and_not_read(tmp_path: Path) -> None:
    reads: list[Path] = []
    store = SecretStore(tmp_path, _counting_reader(reads))
    assert store.lookup("a", tmp_path / "x.yaml") is None
    assert reads == []


def test_an_empty_secrets_file_defines_nothing(write: WriteFile, tmp_path: Path) -> None:
    write("secrets.yaml", "")
    store = SecretStore(tmp_path, load_yaml)
    assert store.lookup("a", tmp_path / "x.yaml") is None


def test_one_load_reads_secrets_once_for_many_tags(
    write: WriteFile, tmp_path: Path, monkeypatch: Any
) -> None:
    write("secrets.yaml", "a: 1\n")
    write("inc.yaml", "x: !secret a\ny: !secret a\n")
    path = write("main.yaml", "p: !secret a\nq: !include inc.yaml\nr: !include inc.yaml\n")
    loaded_files: list[Path] = []
    original = SecretStore._load

    def spy(self: SecretStore, secrets_file: Path) -> NodeDict:
        loaded_files.append(secrets_file)
        return original(self, secrets_file)

    monkeypatch.setattr(SecretStore, "_load", spy)
    loaded = load_yaml(path)
    assert loaded == {"p": 1, "q": {"x": 1, "y": 1}, "r": {"x": 1, "y": 1}}
    assert loaded_files == [tmp_path / "secrets.yaml"]
