"""The registry commands (HA §4.5): list, get and edit entities, devices, areas, floors
and labels.

Every user may list; writes are for administrators (``unauthorized`` otherwise). Each
write goes through the registry, which fires its update event
(``entity_registry_updated``...) and saves; live entities follow those events (a renamed
entity id moves its state). Answers and errors are Home Assistant's: a registry refusing
a change answers ``invalid_info`` with the reason, an unknown entity ``not_found``
"Entity not found".

Where HA has no explicit answer, ours is:

* ``config/device_registry/update`` of an unknown device: ``not_found`` "Device not
  found" (HA fails with ``unknown_error``).
* ``config/area_registry/update``, ``config/floor_registry/update`` and
  ``config/label_registry/update`` of an unknown id: ``invalid_info`` "<Kind> ID doesn't
  exist", the answer HA gives to the matching ``delete``.
* ``config/device_registry/remove_config_entry``: the hub has no config entries, so it
  answers as HA does for an unknown one: ``home_assistant_error`` "Unknown config entry".
* Enabling an entity (``disabled_by: null``) answers ``require_restart: true``: a
  disabled entity is not loaded and, without config entries to reload, comes back at the
  next start (HA answers the same for entities without a config entry).
* Aliases lose surrounding spaces and empty ones are dropped, for areas and floors too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config import validators as cv
from hub.exceptions import HubError
from hub.hub_data import HubKey
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY, EntityRegistry, RegistryEntry
from hub.registry.floor_registry import FLOOR_REGISTRY
from hub.registry.label_registry import LABEL_REGISTRY
from hub.registry.named_registry import clean_aliases
from hub.states import valid_entity_id
from hub.websocket import messages
from hub.websocket.commands import (
    ERR_NOT_FOUND,
    CommandHandler,
    require_admin,
    websocket_command,
)

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

# HA's answer when a registry refuses a change.
ERR_INVALID_INFO: Final = "invalid_info"

# ``list_for_display`` sends entity categories as indexes into this map.
ENTITY_CATEGORIES: Final = {"0": "config", "1": "diagnostic"}
_ENTITY_CATEGORY_INDEX: Final = {name: int(index) for index, name in ENTITY_CATEGORIES.items()}

# Label colors: a hex color or one of the frontend's theme colors.
LABEL_THEME_COLORS: Final = frozenset(
    {
        "primary",
        "accent",
        "disabled",
        "red",
        "pink",
        "purple",
        "deep-purple",
        "indigo",
        "blue",
        "light-blue",
        "cyan",
        "teal",
        "green",
        "light-green",
        "lime",
        "yellow",
        "amber",
        "orange",
        "deep-orange",
        "brown",
        "light-grey",
        "grey",
        "dark-grey",
        "blue-grey",
        "black",
        "white",
    }
)
_HEX_COLOR: Final = re.compile(r"^#[0-9a-fA-F]{6}$")


def _color_hex(value: Any) -> str:
    if not isinstance(value, str) or not _HEX_COLOR.match(value):
        raise vol.Invalid("expected a color like #ff8800")
    return value


_LABEL_COLOR: Final = vol.Any(_color_hex, vol.In(LABEL_THEME_COLORS), None)
_ICON: Final = vol.Any(cv.icon, None)


def _invalid_info(connection: ActiveConnection, msg_id: int, message: str) -> None:
    connection.send_error(msg_id, ERR_INVALID_INFO, message)


# -- entities -------------------------------------------------------------------------


def display_entry(entry: RegistryEntry) -> dict[str, Any]:
    """HA's compact ``list_for_display`` item: ``lb`` always, other keys only when set."""
    shown: dict[str, Any] = {"ei": entry.entity_id, "pl": entry.platform}
    if entry.area_id is not None:
        shown["ai"] = entry.area_id
    shown["lb"] = sorted(entry.labels)
    for key, value in (
        ("di", entry.device_id),
        ("ic", entry.icon),
        ("tk", entry.translation_key),
        ("ec", _ENTITY_CATEGORY_INDEX.get(entry.entity_category or "")),
    ):
        if value is not None:
            shown[key] = value
    if entry.hidden:
        shown["hb"] = True
    if entry.has_entity_name:
        shown["hn"] = True
    if (name := entry.name or entry.original_name) is not None:
        shown["en"] = name
    if entry.domain == "sensor" and (precision := _display_precision(entry)) is not None:
        shown["dp"] = precision
    return shown


def _display_precision(entry: RegistryEntry) -> Any:
    options = entry.options.get("sensor")
    if not options:
        return None
    precision = options.get("display_precision")
    return precision if precision is not None else options.get("suggested_display_precision")


@websocket_command({vol.Required("type"): "config/entity_registry/list"})
def handle_entity_list(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Every registered entity."""
    entries = [entry.as_api() for entry in hub.data[ENTITY_REGISTRY].entries()]
    connection.send_result(msg["id"], entries)


@websocket_command({vol.Required("type"): "config/entity_registry/list_for_display"})
def handle_entity_list_for_display(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Every enabled entity in the compact display form."""
    entries = [
        display_entry(entry) for entry in hub.data[ENTITY_REGISTRY].entries() if not entry.disabled
    ]
    connection.send_message(
        messages.raw_result_message(
            msg["id"], messages.dumps({"entity_categories": ENTITY_CATEGORIES, "entities": entries})
        )
    )


@websocket_command(
    {vol.Required("type"): "config/entity_registry/get", vol.Required("entity_id"): cv.entity_id}
)
def handle_entity_get(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """One entity's entry with its details."""
    entry = hub.data[ENTITY_REGISTRY].get(msg["entity_id"])
    if entry is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Entity not found")
        return
    connection.send_result(msg["id"], entry.as_extended_api())


@websocket_command(
    {
        vol.Required("type"): "config/entity_registry/get_entries",
        vol.Required("entity_ids"): cv.entity_ids,
    }
)
def handle_entity_get_entries(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Several entries by entity id (null for unknown ids)."""
    registry = hub.data[ENTITY_REGISTRY]
    entries = {
        entity_id: entry.as_extended_api() if (entry := registry.get(entity_id)) else None
        for entity_id in msg["entity_ids"]
    }
    connection.send_result(msg["id"], entries)


# Fields ``config/entity_registry/update`` passes on unchanged.
_ENTITY_UPDATE_FIELDS: Final = (
    "area_id",
    "device_class",
    "disabled_by",
    "hidden_by",
    "icon",
    "name",
    "new_entity_id",
)


@require_admin
@websocket_command(
    {
        vol.Required("type"): "config/entity_registry/update",
        vol.Required("entity_id"): cv.entity_id,
        vol.Optional("aliases"): [str],
        vol.Optional("area_id"): vol.Any(str, None),
        vol.Optional("categories"): {cv.slug: vol.Any(str, None)},
        vol.Optional("device_class"): vol.Any(str, None),
        vol.Optional("icon"): vol.Any(str, None),
        vol.Optional("labels"): [str],
        vol.Optional("name"): vol.Any(str, None),
        vol.Optional("new_entity_id"): str,
        # Through the API only the user may disable or hide.
        vol.Optional("disabled_by"): vol.Any(None, "user"),
        vol.Optional("hidden_by"): vol.Any(None, "user"),
        vol.Inclusive("options_domain", "entity_option"): str,
        vol.Inclusive("options", "entity_option"): vol.Any(None, dict),
    }
)
def handle_entity_update(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Apply the homeowner's changes to an entity (rename, area, disable, hide...)."""
    registry = hub.data[ENTITY_REGISTRY]
    entry = registry.get(msg["entity_id"])
    if entry is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Entity not found")
        return
    changes = _entity_changes(entry, msg)
    problem = _enable_problem(hub, entry, changes) or _rename_problem(hub, registry, entry, changes)
    if problem is not None:
        _invalid_info(connection, msg["id"], problem)
        return
    updated = registry.update(entry.entity_id, **changes)
    result: dict[str, Any] = {"entity_entry": updated.as_extended_api()}
    if "disabled_by" in changes and changes["disabled_by"] is None:
        # A disabled entity was never loaded; with no config entry to reload, it comes
        # back at the next start.
        result["require_restart"] = True
    connection.send_result(msg["id"], result)


def _entity_changes(entry: RegistryEntry, msg: Mapping[str, Any]) -> dict[str, Any]:
    changes = {key: msg[key] for key in _ENTITY_UPDATE_FIELDS if key in msg}
    if "aliases" in msg:
        changes["aliases"] = clean_aliases(msg["aliases"])
    if "labels" in msg:
        changes["labels"] = frozenset(msg["labels"])
    if "categories" in msg:
        # Per scope: a category id sets or moves it, null takes the entity out.
        categories = dict(entry.categories)
        for scope, category_id in msg["categories"].items():
            if category_id is None:
                categories.pop(scope, None)
            else:
                categories[scope] = category_id
        changes["categories"] = categories
    if "options_domain" in msg:
        domain = msg["options_domain"]
        options = {key: value for key, value in entry.options.items() if key != domain}
        if msg["options"] is not None:
            options[domain] = msg["options"]
        changes["options"] = options
    return changes


def _enable_problem(hub: Hub, entry: RegistryEntry, changes: Mapping[str, Any]) -> str | None:
    if "disabled_by" not in changes or changes["disabled_by"] is not None:
        return None
    if entry.device_id is None:
        return None
    device = hub.data[DEVICE_REGISTRY].get(entry.device_id)
    return "Device is disabled" if device is not None and device.disabled else None


def _rename_problem(
    hub: Hub, registry: EntityRegistry, entry: RegistryEntry, changes: Mapping[str, Any]
) -> str | None:
    new_entity_id = changes.get("new_entity_id")
    if new_entity_id is None or new_entity_id == entry.entity_id:
        return None
    if new_entity_id in registry or not hub.states.available(new_entity_id):
        return "Entity with this ID is already registered"
    if not valid_entity_id(new_entity_id):
        return "Invalid entity ID"
    if new_entity_id.partition(".")[0] != entry.domain:
        return "New entity ID should be same domain"
    return None


@require_admin
@websocket_command(
    {vol.Required("type"): "config/entity_registry/remove", vol.Required("entity_id"): cv.entity_id}
)
def handle_entity_remove(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Forget an entity (its live entity goes; the integration registers it again on the
    next start)."""
    registry = hub.data[ENTITY_REGISTRY]
    if msg["entity_id"] not in registry:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Entity not found")
        return
    registry.remove(msg["entity_id"])
    connection.send_result(msg["id"])


# -- devices --------------------------------------------------------------------------


@websocket_command({vol.Required("type"): "config/device_registry/list"})
def handle_device_list(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Every device."""
    devices = [device.as_api() for device in hub.data[DEVICE_REGISTRY].devices()]
    connection.send_result(msg["id"], devices)


_DEVICE_UPDATE_FIELDS: Final = ("area_id", "disabled_by", "labels", "name_by_user")


@require_admin
@websocket_command(
    {
        vol.Required("type"): "config/device_registry/update",
        vol.Required("device_id"): str,
        vol.Optional("area_id"): vol.Any(str, None),
        # Through the API only the user may disable.
        vol.Optional("disabled_by"): vol.Any("user", None),
        vol.Optional("labels"): [str],
        vol.Optional("name_by_user"): vol.Any(str, None),
    }
)
def handle_device_update(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Change a device's area, name, labels or disabled flag."""
    registry = hub.data[DEVICE_REGISTRY]
    if registry.get(msg["device_id"]) is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Device not found")
        return
    changes = {key: msg[key] for key in _DEVICE_UPDATE_FIELDS if key in msg}
    device = registry.update(msg["device_id"], **changes)
    connection.send_result(msg["id"], device.as_api())


@require_admin
@websocket_command(
    {
        vol.Required("type"): "config/device_registry/remove_config_entry",
        vol.Required("config_entry_id"): str,
        vol.Required("device_id"): str,
    }
)
def handle_device_remove_config_entry(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The hub has no config entries: every id is unknown, as HA would answer."""
    raise HubError("Unknown config entry")


# -- areas, floors, labels ---------------------------------------------------------------


def _with_clean_sets(msg: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    values = {key: msg[key] for key in fields if key in msg}
    if "aliases" in values:
        values["aliases"] = clean_aliases(values["aliases"])
    if "labels" in values:
        values["labels"] = frozenset(values["labels"])
    return values


@dataclass(frozen=True, slots=True)
class _NamedRegistry:
    """What differs between the area, floor and label commands (all else is shared)."""

    kind: str  # "area"
    key: HubKey[Any]
    entries: Callable[[Any], Iterable[Any]]
    fields: Mapping[Any, Any]  # optional fields besides name, with their validators
    delete_result: Any = None

    @property
    def id_field(self) -> str:
        return f"{self.kind}_id"

    @property
    def missing(self) -> str:
        return f"{self.kind.title()} ID doesn't exist"


def _named_registry_commands(spec: _NamedRegistry) -> tuple[CommandHandler, ...]:
    """``config/<kind>_registry/list|create|update|delete`` in HA's shapes."""
    prefix = f"config/{spec.kind}_registry"
    names = [str(key) for key in spec.fields]

    @websocket_command({vol.Required("type"): f"{prefix}/list"})
    def handle_list(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        entries = spec.entries(hub.data[spec.key])
        connection.send_result(msg["id"], [entry.as_api() for entry in entries])

    @require_admin
    @websocket_command(
        {vol.Required("type"): f"{prefix}/create", vol.Required("name"): str, **spec.fields}
    )
    def handle_create(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        values = _with_clean_sets(msg, names)
        try:
            entry = hub.data[spec.key].create(msg["name"], **values)
        except HubError as err:
            _invalid_info(connection, msg["id"], str(err))
            return
        connection.send_result(msg["id"], entry.as_api())

    @require_admin
    @websocket_command(
        {
            vol.Required("type"): f"{prefix}/update",
            vol.Required(spec.id_field): str,
            vol.Optional("name"): str,
            **spec.fields,
        }
    )
    def handle_update(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        registry = hub.data[spec.key]
        if registry.get(msg[spec.id_field]) is None:
            _invalid_info(connection, msg["id"], spec.missing)
            return
        try:
            entry = registry.update(msg[spec.id_field], **_with_clean_sets(msg, [*names, "name"]))
        except HubError as err:
            _invalid_info(connection, msg["id"], str(err))
            return
        connection.send_result(msg["id"], entry.as_api())

    @require_admin
    @websocket_command({vol.Required("type"): f"{prefix}/delete", vol.Required(spec.id_field): str})
    def handle_delete(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        try:
            hub.data[spec.key].delete(msg[spec.id_field])
        except KeyError:
            _invalid_info(connection, msg["id"], spec.missing)
            return
        connection.send_result(msg["id"], spec.delete_result)

    return handle_list, handle_create, handle_update, handle_delete


AREA_COMMANDS: Final = _named_registry_commands(
    _NamedRegistry(
        "area",
        AREA_REGISTRY,
        lambda registry: registry.areas(),
        {
            vol.Optional("aliases"): [str],
            vol.Optional("floor_id"): vol.Any(str, None),
            vol.Optional("icon"): vol.Any(str, None),
            vol.Optional("labels"): [str],
            vol.Optional("picture"): vol.Any(str, None),
        },
        delete_result="success",  # HA's answer
    )
)
FLOOR_COMMANDS: Final = _named_registry_commands(
    _NamedRegistry(
        "floor",
        FLOOR_REGISTRY,
        lambda registry: registry.floors(),
        {
            vol.Optional("aliases"): [str],
            vol.Optional("icon"): vol.Any(str, None),
            vol.Optional("level"): vol.Any(int, None),
        },
    )
)
LABEL_COMMANDS: Final = _named_registry_commands(
    _NamedRegistry(
        "label",
        LABEL_REGISTRY,
        lambda registry: registry.labels(),
        {
            vol.Optional("color"): _LABEL_COLOR,
            vol.Optional("description"): vol.Any(str, None),
            vol.Optional("icon"): _ICON,
        },
    )
)


REGISTRY_COMMANDS: Final = (
    handle_entity_list,
    handle_entity_list_for_display,
    handle_entity_get,
    handle_entity_get_entries,
    handle_entity_update,
    handle_entity_remove,
    handle_device_list,
    handle_device_update,
    handle_device_remove_config_entry,
    *AREA_COMMANDS,
    *FLOOR_COMMANDS,
    *LABEL_COMMANDS,
)
