"""Tests of ``hub.loader.manifest``: reading and validating ``manifest.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.exceptions import ManifestError
from hub.loader.builtin import BUILTIN_INTEGRATIONS
from hub.loader.catalog import IntegrationCatalog
from hub.loader.manifest import Manifest


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_minimal_manifest_gets_defaults(tmp_path: Path) -> None:
    manifest = Manifest.read(_write(tmp_path, {"domain": "boiler", "name": "Boiler"}))
    assert manifest.domain == "boiler"
    assert manifest.name == "Boiler"
    assert manifest.version is None
    assert manifest.requirements == ()
    assert manifest.dependencies == ()
    assert manifest.after_dependencies == ()
    assert manifest.integration_type == "hub"
    assert manifest.config_flow is False


def test_full_manifest(tmp_path: Path) -> None:
    manifest = Manifest.read(
        _write(
            tmp_path,
            {
                "domain": "p1",
                "name": "P1 meter",
                "version": "1.2.0",
                "requirements": ["pyserial>=3.5"],
                "dependencies": ["http"],
                "after_dependencies": ["logger"],
                "iot_class": "local_push",
                "integration_type": "device",
                "codeowners": ["@someone"],
                "documentation": "docs/integrations/p1.md",
                "config_flow": True,
            },
        )
    )
    assert manifest.requirements == ("pyserial>=3.5",)
    assert manifest.dependencies == ("http",)
    assert manifest.after_dependencies == ("logger",)
    assert manifest.as_api() == {
        "codeowners": ["@someone"],
        "config_flow": True,
        "documentation": "docs/integrations/p1.md",
        "domain": "p1",
        "integration_type": "device",
        "iot_class": "local_push",
        "name": "P1 meter",
        "requirements": ["pyserial>=3.5"],
        "version": "1.2.0",
    }


def test_as_api_leaves_out_a_missing_version(tmp_path: Path) -> None:
    manifest = Manifest.read(_write(tmp_path, {"domain": "x", "name": "X"}))
    assert "version" not in manifest.as_api()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"name": "No domain"}, "required key not provided @ data['domain']"),
        ({"domain": "x"}, "required key not provided @ data['name']"),
        ({"domain": "Bad-Domain", "name": "X"}, "must be lowercase letters"),
        ({"domain": "x", "name": "X", "version": "one"}, "must be a version like 1.2.0"),
        ({"domain": "x", "name": "X", "iot_class": "psychic"}, "iot_class"),
        ({"domain": "x", "name": "X", "dependencies": "http"}, "dependencies"),
    ],
)
def test_invalid_manifest_names_the_problem(tmp_path: Path, data: object, fragment: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(ManifestError) as caught:
        Manifest.read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("{not json", "not valid JSON"), ("[1, 2]", "a manifest is a JSON object")],
)
def test_unreadable_manifest(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ManifestError, match=fragment):
        Manifest.read(_write(tmp_path, text))


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"missing manifest\.json"):
        Manifest.read(tmp_path / "manifest.json")


def test_every_shipped_and_builtin_manifest_is_valid() -> None:
    root = Path(__file__).resolve().parents[3]
    paths = [*root.glob("hub/**/manifest.json"), *root.glob("components/*/manifest.json")]
    assert len(paths) >= 12
    catalog = IntegrationCatalog.discover(None)
    assert not catalog.errors
    for path in paths:
        domain = Manifest.read(path).domain
        # Built-ins may live in a folder named otherwise (hub/websocket is websocket_api).
        assert domain == path.parent.name or BUILTIN_INTEGRATIONS[domain].endswith(path.parent.name)
        assert domain in catalog


def test_home_assistant_keys_we_do_not_use_are_kept(tmp_path: Path) -> None:
    data = {
        "domain": "shelly",
        "name": "Shelly",
        "issue_tracker": "https://example.invalid/issues",
        "zeroconf": [{"type": "_http._tcp.local.", "name": "shelly*"}],
    }
    manifest = Manifest.read(_write(tmp_path, data))
    assert manifest.raw["zeroconf"] == data["zeroconf"]
    # Keys we do use are still checked.
    with pytest.raises(ManifestError, match="iot_class"):
        Manifest.from_dict({**data, "iot_class": "sometimes"}, "manifest.json")
