"""Tests of ``hub.loader.service_descriptions``: reading and normalising services.yaml,
and the ``get_services`` answer built from the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.core import Hub
from hub.loader.builtin import BUILTIN_INTEGRATIONS
from hub.loader.service_descriptions import (
    InvalidServicesFile,
    ServiceDescriptions,
    normalize_selector,
    normalize_services_file,
    normalize_target,
    read_services_file,
)
from hub.services import ServiceCall, SupportsResponse
from tests.conftest import HubFactory

HUB_ROOT = Path(__file__).resolve().parents[3] / "hub"


def _noop(call: ServiceCall) -> None:
    return None


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ({"entity": {"domain": "switch"}}, {"entity": [{"domain": ["switch"]}]}),
        ({"entity": {}}, {"entity": [{}]}),
        (
            {
                "entity": [{"domain": ["update"], "supported_features": [1]}],
                "device": {"integration": "demo"},
            },
            {
                "entity": [{"domain": ["update"], "supported_features": [1]}],
                "device": [{"integration": "demo"}],
            },
        ),
        (
            {"device": {"entity": {"device_class": "power"}}},
            {"device": [{"entity": [{"device_class": ["power"]}]}]},
        ),
        (None, None),
    ],
)
def test_targets_become_lists_of_filters(raw: object, normalized: object) -> None:
    assert normalize_target(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ({"boolean": None}, {"boolean": {}}),
        ({"text": None}, {"text": {}}),
        (
            {"number": {"min": 0, "max": 100}},
            {"number": {"min": 0.0, "max": 100.0, "step": 1.0, "mode": "slider"}},
        ),
        ({"number": {"mode": "box", "step": "any"}}, {"number": {"mode": "box", "step": "any"}}),
        (
            {"select": {"options": ["a", "b"]}},
            {
                "select": {
                    "options": ["a", "b"],
                    "custom_value": False,
                    "sort": False,
                    "multiple": False,
                }
            },
        ),
        (
            {"entity": {"domain": "sensor", "multiple": True}},
            {"entity": {"domain": ["sensor"], "multiple": True, "reorder": False}},
        ),
        ({"object": None}, {"object": {}}),
    ],
)
def test_selectors_get_home_assistants_defaults(raw: object, normalized: object) -> None:
    assert normalize_selector(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"number": {"min": 0}}, "min and max are required in slider mode"),
        ({"number": {"min": "low", "max": 1}}, "min, max and step are numbers"),
        ({"select": {}}, "needs a list of options"),
        ({"text": None, "boolean": None}, "exactly one selector type"),
        ("text", "expected a mapping"),
    ],
)
def test_bad_selectors_are_refused(raw: object, message: str) -> None:
    with pytest.raises(InvalidServicesFile, match=message):
        normalize_selector(raw)


def test_fields_and_sections_are_normalised() -> None:
    entries = normalize_services_file(
        {
            "configure": {
                "name": "Configure",
                "fields": {
                    "level": {"required": True, "selector": {"number": {"min": 1, "max": 5}}},
                    "advanced": {
                        "collapsed": True,
                        "fields": {
                            "flag": {
                                "selector": {"boolean": None},
                                "filter": {"supported_features": [2]},
                            }
                        },
                    },
                },
            },
            "bare": None,
        },
        "services.yaml",
    )
    fields = entries["configure"]["fields"]
    assert fields["level"]["selector"]["number"]["mode"] == "slider"
    assert fields["advanced"] == {
        "collapsed": True,
        "fields": {"flag": {"selector": {"boolean": {}}, "filter": {"supported_features": [2]}}},
    }
    assert entries["bare"] == {}


def test_a_broken_file_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "services.yaml"
    path.write_text("turn_on:\n  target: [\n")
    assert read_services_file(path) == {}
    assert "Ignoring the service descriptions" in caplog.text
    path.write_text(
        "turn_on:\n  fields:\n    level:\n      selector:\n        number:\n          min: 1\n"
    )
    assert read_services_file(path) == {}
    assert "min and max are required" in caplog.text
    assert read_services_file(tmp_path / "missing.yaml") == {}


@pytest.mark.parametrize(
    "domain",
    [
        domain
        for domain, module in BUILTIN_INTEGRATIONS.items()
        if module.startswith("hub.domains.")
    ],
)
def test_every_shipped_services_file_is_valid(
    domain: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = HUB_ROOT / "domains" / domain
    path = folder / "services.yaml"
    if not path.exists():
        assert domain in ("sensor", "binary_sensor")  # domains without services
        return
    entries = read_services_file(path)
    assert entries, f"{path} is empty or invalid: {caplog.text}"
    for service, entry in entries.items():
        assert entry["name"], f"{domain}.{service} has no name"
        assert entry["description"].endswith("."), f"{domain}.{service}"


async def test_every_builtin_service_is_described(make_hub: HubFactory) -> None:
    hub = await make_hub("demo:\n")
    descriptions = await ServiceDescriptions.of(hub).all()
    for domain, services in hub.services.services().items():
        for name in services:
            description = descriptions[domain][name]
            assert description["name"], f"{domain}.{name} has no name"
            assert description["description"], f"{domain}.{name} has no description"
    assert descriptions["switch"]["toggle"]["target"] == {"entity": [{"domain": ["switch"]}]}
    assert "target" not in descriptions["homeassistant"]["stop"]
    update_entity = descriptions["homeassistant"]["update_entity"]["fields"]["entity_id"]
    assert update_entity["selector"] == {"entity": {"multiple": True, "reorder": False}}


async def test_the_answer_follows_the_registry(hub: Hub) -> None:
    descriptions = ServiceDescriptions.of(hub)
    assert ServiceDescriptions.of(hub) is descriptions
    hub.services.register("test", "plain", _noop)
    first = await descriptions.all()
    assert first == {"test": {"plain": {"name": "", "description": "", "fields": {}}}}
    assert await descriptions.all() is first  # cached until the registry changes

    hub.services.register(
        "test",
        "answer",
        _noop,
        supports_response=SupportsResponse.ONLY,
        description={
            "name": "Answer",
            "description": "Answers.",
            "fields": {"q": {"required": True}},
        },
    )
    second = await descriptions.all()
    assert second["test"]["answer"] == {
        "name": "Answer",
        "description": "Answers.",
        "fields": {"q": {"required": True}},
        "response": {"optional": False},
    }
    hub.services.remove("test", "plain")
    assert set((await descriptions.all())["test"]) == {"answer"}
