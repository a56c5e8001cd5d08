"""Entity service schemas: target fields and their forms."""

from __future__ import annotations

import pytest
import voluptuous as vol

from hub.entity.service_schema import entity_service_schema, target_entity_ids, target_ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("switch.a", ["switch.a"]),
        ("Switch.A, switch.b", ["switch.a", "switch.b"]),
        (["switch.a", "SWITCH.B"], ["switch.a", "switch.b"]),
        (" ALL ", "all"),
        ("none", "none"),
    ],
)
def test_target_entity_ids_accepts(value: object, expected: object) -> None:
    assert target_entity_ids(value) == expected


@pytest.mark.parametrize("value", ["switch", "switch.a b", ["switch.a", "light"], 5, {"a": 1}])
def test_target_entity_ids_refuses(value: object) -> None:
    with pytest.raises(vol.Invalid):
        target_entity_ids(value)


def test_target_ids() -> None:
    assert target_ids("abc") == ["abc"]
    assert target_ids(("a", "b")) == ["a", "b"]
    with pytest.raises(vol.Invalid):
        target_ids(["a", 1])
    with pytest.raises(vol.Invalid):
        target_ids(5)


def test_schema_with_fields() -> None:
    schema = entity_service_schema({vol.Required("value"): vol.Coerce(float)})
    assert schema({"entity_id": "number.x", "value": "2.5"}) == {
        "entity_id": ["number.x"],
        "value": 2.5,
    }
    assert schema({"device_id": "d1", "area_id": ["a1"], "value": 1}) == {
        "device_id": ["d1"],
        "area_id": ["a1"],
        "value": 1.0,
    }
    assert schema({"label_id": "l", "floor_id": "f", "value": 1})["label_id"] == ["l"]
    with pytest.raises(vol.Invalid, match="must contain at least one of"):
        schema({"value": 1})
    with pytest.raises(vol.Invalid):
        schema({"entity_id": "number.x"})  # value is required
    with pytest.raises(vol.Invalid):
        schema({"entity_id": "number.x", "value": 1, "other": 2})


def test_schema_without_fields() -> None:
    schema = entity_service_schema()
    assert schema({"entity_id": "all"}) == {"entity_id": "all"}
    with pytest.raises(vol.Invalid):
        schema({})
