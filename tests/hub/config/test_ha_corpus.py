"""Every YAML file of the real-world Home Assistant corpus loads without a loader error.

The corpus lives in the shared folder beside the repository (``../shared`` from the repo
root); the test is skipped where it is absent. Its four deliberate error cases fail at
blueprint or device validation, not in the loader, so they must load too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hub.config.yaml_loader import load_yaml
from hub.config.yaml_nodes import Input, NodeDict, NodeList

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS = REPO_ROOT.parent / "shared" / "acceptance" / "ha_yaml"
MANIFEST = CORPUS / "manifest.json"

pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="HA YAML corpus not present")


def _manifest() -> list[dict[str, Any]]:
    if not MANIFEST.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return entries


ENTRIES = _manifest()


def _inputs(value: Any) -> list[Input]:
    if isinstance(value, Input):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _inputs(item)]
    if isinstance(value, list):
        return [found for item in value for found in _inputs(item)]
    return []


def test_manifest_lists_every_yaml_file() -> None:
    listed = {entry["file"] for entry in ENTRIES}
    on_disk = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.rglob("*.yaml")
        if path.name != "helpers.yaml"
    }
    assert listed == on_disk
    assert len(ENTRIES) == 89


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_corpus_file_loads(entry: dict[str, Any]) -> None:
    path = CORPUS / entry["file"]
    loaded = load_yaml(path)
    kind = entry["kind"]
    if kind == "automation":
        automation = loaded[0] if entry["shape"] == "list" else loaded
        assert isinstance(loaded, NodeList if entry["shape"] == "list" else NodeDict)
        if entry.get("alias") is not None:
            assert automation["alias"] == entry["alias"]
        if entry.get("id") is not None:
            assert str(automation["id"]) == entry["id"]
    elif kind == "blueprint":
        assert loaded["blueprint"]["name"] == entry["name"]
        assert loaded["blueprint"]["domain"] == entry["domain"]
        used = {placeholder.name for placeholder in _inputs(loaded)}
        assert used, "a blueprint uses its inputs through !input"
        assert all(placeholder.location is not None for placeholder in _inputs(loaded))
    else:
        use = loaded[entry["script_id"]] if entry["domain"] == "script" else loaded
        blueprint_path = use["use_blueprint"]["path"]
        assert entry["blueprint"].endswith(blueprint_path)
    assert loaded.location is not None
    assert loaded.location.file == str(path)


def test_error_cases_are_not_loader_errors() -> None:
    errors = [entry for entry in ENTRIES if entry["expect"] == "error"]
    assert {entry["file"] for entry in errors} == {
        "uses/confirmable_notification.yaml",
        "uses/error_missing_blueprint.yaml",
        "uses/error_missing_input.yaml",
        "uses/notify_leaving_zone.yaml",
    }
    for entry in errors:
        # Blueprint or device problems: the YAML itself is fine and keeps its lines.
        loaded = load_yaml(CORPUS / entry["file"])
        use = loaded[entry["script_id"]] if entry["domain"] == "script" else loaded
        assert use.key_location("use_blueprint") is not None


def test_helpers_file_loads() -> None:
    helpers = load_yaml(CORPUS / "helpers.yaml")
    assert isinstance(helpers, NodeDict)
    assert "input_boolean" in helpers
    assert helpers.key_location("input_boolean").line > 1


def test_merge_keys_in_the_corpus_are_resolved() -> None:
    merged = [entry for entry in ENTRIES if "yaml_merge_key" in entry["features"]]
    assert merged
    for entry in merged:
        text = json.dumps(load_yaml(CORPUS / entry["file"]), default=str)
        assert '"<<"' not in text
