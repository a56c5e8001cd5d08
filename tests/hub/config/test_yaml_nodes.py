"""Located YAML values: locations survive lookups, copies and pickling."""

from __future__ import annotations

import copy
import pickle

from hub.config.yaml_nodes import Input, Location, NodeDict, NodeList, NodeStr, SecretStr

HERE = Location("config/configuration.yaml", 3)
THERE = Location("config/packages/energy.yaml", 7)


def test_location_prints_as_file_colon_line() -> None:
    assert str(HERE) == "config/configuration.yaml:3"
    assert Location("a.yaml", 1) == Location("a.yaml", 1)


def test_node_str_is_a_plain_string_with_a_location() -> None:
    text = NodeStr("north", HERE)
    assert text == "north"
    assert hash(text) == hash("north")
    assert text.location == HERE
    assert {"north": 1}[text] == 1


def test_node_str_keeps_its_location_through_copy_and_pickle() -> None:
    text = NodeStr("north", HERE)
    for duplicate in (copy.copy(text), copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert duplicate == "north"
        assert duplicate.location == HERE


def test_secret_str_hides_its_value_in_repr_but_not_in_use() -> None:
    secret = SecretStr("hunter2", HERE)
    assert secret == "hunter2"
    assert repr(secret) == "'<secret>'"
    assert "hunter2" not in repr({"password": secret})
    assert f"{secret}" == "hunter2"
    restored = pickle.loads(pickle.dumps(secret))
    assert type(restored) is SecretStr
    assert restored.location == HERE


def test_node_dict_records_key_locations() -> None:
    mapping = NodeDict(location=HERE)
    mapping.set_located("latitude", 52.1, THERE)
    assert mapping == {"latitude": 52.1}
    assert mapping.key_location("latitude") == THERE
    assert mapping.key_location("missing") is None


def test_node_dict_falls_back_to_the_key_own_location() -> None:
    mapping = NodeDict()
    mapping[NodeStr("name", THERE)] = "Home"
    assert mapping.key_location(NodeStr("name", THERE)) == THERE
    assert mapping.location is None


def test_node_dict_copy_and_deepcopy_keep_locations() -> None:
    mapping = NodeDict(location=HERE)
    mapping.set_located("a", [1], THERE)
    shallow = mapping.copy()
    deep = copy.deepcopy(mapping)
    for duplicate in (shallow, deep, pickle.loads(pickle.dumps(mapping))):
        assert isinstance(duplicate, NodeDict)
        assert duplicate.location == HERE
        assert duplicate.key_location("a") == THERE
    shallow["b"] = 2
    assert "b" not in mapping
    assert shallow["a"] is mapping["a"]
    assert deep["a"] is not mapping["a"]


def test_node_dict_constructed_like_a_dict_has_no_location() -> None:
    # voluptuous builds its output with ``type(data)()``.
    assert NodeDict().location is None
    assert NodeDict({"a": 1}, b=2) == {"a": 1, "b": 2}


def test_node_list_records_item_locations() -> None:
    items = NodeList(location=HERE)
    items.append_located(5, HERE)
    items.append_located("x", THERE)
    assert items == [5, "x"]
    assert items.item_location(0) == HERE
    assert items.item_location(1) == THERE
    assert items.item_location(-1) == THERE
    assert items.item_location(2) is None


def test_node_list_after_plain_list_changes_trusts_the_items() -> None:
    items = NodeList()
    items.append_located(1, HERE)
    items.insert(0, NodeStr("first", THERE))
    assert items.item_location(0) == THERE
    assert items.item_location(1) is None  # a plain int cannot say where it came from
    items.append_located(2, HERE)
    assert items.item_location(2) == HERE


def test_node_list_extend_located_copies_locations() -> None:
    source = NodeList(location=HERE)
    source.append_located(1, HERE)
    source.append_located(2, THERE)
    target = NodeList()
    target.extend_located(source)
    target.extend_located([NodeStr("s", THERE), 3])
    assert target == [1, 2, "s", 3]
    assert [target.item_location(i) for i in range(4)] == [HERE, THERE, THERE, None]


def test_node_list_built_by_voluptuous_style_call() -> None:
    items = NodeList([1, 2])
    assert items == [1, 2]
    assert items.location is None
    assert copy.deepcopy(items) == [1, 2]


def test_input_compares_by_name_only() -> None:
    assert Input("motion", HERE) == Input("motion", THERE)
    assert Input("motion") != Input("light")
    assert hash(Input("motion", HERE)) == hash(Input("motion"))
