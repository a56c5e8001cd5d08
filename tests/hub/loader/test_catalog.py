"""Tests of ``hub.loader.catalog`` and ``hub.loader.integration``: finding integrations
on disk and importing custom ones from the right configuration directory."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from hub.exceptions import IntegrationNotFound
from hub.loader.builtin import ALWAYS_SET_UP, BUILTIN_INTEGRATIONS, ENTITY_DOMAINS
from hub.loader.catalog import IntegrationCatalog
from tests.hub.loader.conftest import Install


def _integration(root: Path, domain: str, manifest: dict[str, object], code: str = "") -> Path:
    package = root / "custom_components" / domain
    package.mkdir(parents=True)
    (package / "manifest.json").write_text(json.dumps(manifest))
    (package / "__init__.py").write_text(code)
    return package


def test_builtins_and_shipped_integrations_are_found() -> None:
    catalog = IntegrationCatalog.discover(None)
    assert catalog.errors == {}
    domains = set(catalog.domains())
    assert set(BUILTIN_INTEGRATIONS) <= domains
    assert "demo" in domains
    assert set(ALWAYS_SET_UP) <= domains
    assert domains >= ENTITY_DOMAINS
    http = catalog.get("http")
    assert http.builtin
    assert not http.custom
    assert http.module_name == "hub.http"
    demo = catalog.get("demo")
    assert not demo.builtin
    assert demo.module_name == "components.demo"
    assert "http" in catalog
    assert "nope" not in catalog


def test_unknown_domain_raises() -> None:
    catalog = IntegrationCatalog.discover(None)
    with pytest.raises(IntegrationNotFound, match=r"Integration 'nope' not found\."):
        catalog.get("nope")


def test_custom_integrations_are_found(config_dir: Path, install: Install) -> None:
    install("fake_sensors", "flaky")
    catalog = IntegrationCatalog.discover(config_dir)
    fake = catalog.get("fake_sensors")
    assert fake.custom
    assert fake.module_name == "custom_components.fake_sensors"
    assert fake.path == config_dir / "custom_components" / "fake_sensors"
    assert fake.has_platform("sensor")
    assert not fake.has_platform("switch")
    assert not catalog.get("flaky").has_platform("sensor")


def test_folder_without_manifest_is_ignored(config_dir: Path) -> None:
    (config_dir / "custom_components" / "stray").mkdir(parents=True)
    catalog = IntegrationCatalog.discover(config_dir)
    assert "stray" not in catalog
    assert "stray" not in catalog.errors


def test_invalid_manifest_is_recorded_and_logged(
    config_dir: Path, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install("bad_manifest")
    catalog = IntegrationCatalog.discover(config_dir)
    assert "bad_manifest" not in catalog
    assert "required key not provided @ data['name']" in catalog.errors["bad_manifest"]
    assert any(m.startswith("Ignoring integration bad_manifest: ") for m in caplog.messages)


def test_domain_must_match_the_folder(config_dir: Path, install: Install) -> None:
    _integration(config_dir, "wrong_folder", {"domain": "other", "name": "X"})
    catalog = IntegrationCatalog.discover(config_dir)
    assert "other" not in catalog
    assert "wrong_folder" not in catalog
    assert "does not match the folder name" in catalog.errors["wrong_folder"]


def test_custom_integration_overrides_a_shipped_one(
    config_dir: Path, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    _integration(config_dir, "demo", {"domain": "demo", "name": "My demo"}, "MINE = True\n")
    with caplog.at_level(logging.WARNING):
        catalog = IntegrationCatalog.discover(config_dir)
    demo = catalog.get("demo")
    assert demo.custom
    assert demo.manifest.name == "My demo"
    assert demo.import_module().MINE is True
    assert "Custom integration demo overrides the shipped one of the same name" in (caplog.messages)


def test_custom_module_is_not_served_from_another_config_dir(
    tmp_path: Path, install: Install
) -> None:
    """Two config dirs in one process (tests, a restart on another dir) each get their
    own ``custom_components.x``."""
    first, second = tmp_path / "one", tmp_path / "two"
    _integration(first, "same_name", {"domain": "same_name", "name": "X"}, "WHERE = 'one'\n")
    _integration(second, "same_name", {"domain": "same_name", "name": "X"}, "WHERE = 'two'\n")
    (second / "custom_components" / "same_name" / "sensor.py").write_text("PLATFORM = 'two'\n")

    one = IntegrationCatalog.discover(first).get("same_name")
    assert one.import_module().WHERE == "one"
    two = IntegrationCatalog.discover(second).get("same_name")
    assert two.import_module().WHERE == "two"
    assert two.import_platform("sensor").PLATFORM == "two"
    # Back to the first: its module again, and no stale platform submodule.
    assert one.import_module().WHERE == "one"
    assert "custom_components.same_name.sensor" not in sys.modules
