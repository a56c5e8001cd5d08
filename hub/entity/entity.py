"""The ``Entity`` base class: what an integration implements, and how it becomes a state.

An integration subclass sets ``_attr_*`` class or instance attributes (or overrides the
properties) and calls ``write_state()`` when its values change. Writing a state is the
hub's hottest path, so the parts that rarely change (friendly name, the homeowner's
customisations) are computed once and refreshed only when the registry changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Final

from hub.const import (
    ATTR_ASSUMED_STATE,
    ATTR_ATTRIBUTION,
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_PICTURE,
    ATTR_FRIENDLY_NAME,
    ATTR_ICON,
    ATTR_SUPPORTED_FEATURES,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from hub.context import Context
from hub.exceptions import HubError, MaxLengthExceeded

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.entity.platform import EntityPlatform
    from hub.registry.device_registry import DeviceEntry, DeviceInfo
    from hub.registry.entity_registry import RegistryEntry

_LOGGER = logging.getLogger(__name__)

# A service call's context is used for state writes this soon after it (HA: 5 s).
CONTEXT_RECENT_TIME: Final = 5.0
# Floats are shown with 14 significant digits so 0.1 + 0.2 reads "0.3" (HA's rule).
_FLOAT_FORMAT: Final = ".14"


class UndefinedType(Enum):
    """Marks "not set" where None is a meaningful value (an entity name of None means
    "use the device name")."""

    UNDEFINED = "UNDEFINED"


UNDEFINED: Final = UndefinedType.UNDEFINED


class EntityCategory(StrEnum):
    """Entities that configure or diagnose a device rather than being its main feature."""

    CONFIG = "config"
    DIAGNOSTIC = "diagnostic"


class Entity:
    """Base of every entity."""

    # The entity domain (``sensor``); set by each domain's base class.
    domain: ClassVar[str] = ""

    _attr_unique_id: str | None = None
    _attr_name: str | UndefinedType | None = UNDEFINED
    _attr_has_entity_name: bool = False
    _attr_device_info: DeviceInfo | None = None
    _attr_available: bool = True
    _attr_should_poll: bool = False
    _attr_state: Any = STATE_UNKNOWN
    _attr_icon: str | None = None
    _attr_entity_picture: str | None = None
    _attr_device_class: str | None = None
    _attr_unit_of_measurement: str | None = None
    _attr_supported_features: int | None = None
    _attr_entity_category: EntityCategory | None = None
    _attr_extra_state_attributes: Mapping[str, Any] | None = None
    _attr_force_update: bool = False
    _attr_assumed_state: bool = False
    _attr_attribution: str | None = None
    _attr_translation_key: str | None = None
    _attr_entity_registry_enabled_default: bool = True
    _attr_entity_registry_visible_default: bool = True

    # Set by the platform when the entity is added.
    hub: Hub
    entity_id: str | None = None
    platform: EntityPlatform | None = None
    registry_entry: RegistryEntry | None = None
    device_entry: DeviceEntry | None = None

    _context: Context | None = None
    _context_set_at: float = 0.0
    _friendly_name: str | UndefinedType | None = UNDEFINED
    _customize: Mapping[str, Any] | None = None
    _on_remove: list[Callable[[], None]] | None = None
    _added: bool = False
    _length_error_logged: bool = False
    _last_attributes: Mapping[str, Any] | None = None

    # -- what integrations provide ----------------------------------------------------

    @property
    def unique_id(self) -> str | None:
        """A stable id within the integration; enables the registry (renames, areas)."""
        return self._attr_unique_id

    @property
    def name(self) -> str | UndefinedType | None:
        """The entity's own name. With ``has_entity_name``, None means "the device name"."""
        return self._attr_name

    @property
    def has_entity_name(self) -> bool:
        """Whether ``name`` is relative to the device (HA's modern naming)."""
        return self._attr_has_entity_name

    @property
    def device_info(self) -> DeviceInfo | None:
        """The device this entity belongs to."""
        return self._attr_device_info

    @property
    def available(self) -> bool:
        """False makes the state ``unavailable`` (device unreachable)."""
        return self._attr_available

    @property
    def should_poll(self) -> bool:
        """True when the platform must call ``async_update`` periodically."""
        return self._attr_should_poll

    @property
    def state(self) -> Any:
        """The state value; domain classes derive it (``is_on``, ``native_value``...)."""
        return self._attr_state

    @property
    def icon(self) -> str | None:
        """An ``mdi:`` icon."""
        return self._attr_icon

    @property
    def entity_picture(self) -> str | None:
        """A picture URL."""
        return self._attr_entity_picture

    @property
    def device_class(self) -> str | None:
        """What kind of thing this is within its domain (``power``, ``outlet``...)."""
        return self._attr_device_class

    @property
    def unit_of_measurement(self) -> str | None:
        """The unit of the state."""
        return self._attr_unit_of_measurement

    @property
    def supported_features(self) -> int | None:
        """Bitmask of the domain's optional features this entity supports."""
        return self._attr_supported_features

    @property
    def entity_category(self) -> EntityCategory | None:
        """Config or diagnostic entities are left out of area/device targets."""
        return self._attr_entity_category

    @property
    def capability_attributes(self) -> Mapping[str, Any] | None:
        """Attributes that describe what the entity can do; kept when unavailable."""
        return None

    @property
    def state_attributes(self) -> Mapping[str, Any] | None:
        """The domain's attributes (domain base classes)."""
        return None

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """The integration's additional attributes."""
        return self._attr_extra_state_attributes

    @property
    def force_update(self) -> bool:
        """Write a new state even when nothing changed (new last_changed each time)."""
        return self._attr_force_update

    @property
    def assumed_state(self) -> bool:
        """The state is a guess (the device cannot report it)."""
        return self._attr_assumed_state

    @property
    def attribution(self) -> str | None:
        """Where the data comes from."""
        return self._attr_attribution

    @property
    def translation_key(self) -> str | None:
        """Key into the integration's translations."""
        return self._attr_translation_key

    @property
    def entity_registry_enabled_default(self) -> bool:
        """Whether a newly registered entity starts enabled."""
        return self._attr_entity_registry_enabled_default

    @property
    def entity_registry_visible_default(self) -> bool:
        """Whether a newly registered entity starts visible."""
        return self._attr_entity_registry_visible_default

    async def async_update(self) -> None:
        """Fetch fresh data (polling entities, ``homeassistant.update_entity``)."""

    async def async_added_to_hub(self) -> None:
        """Called once the entity has its id, before its first state is written."""

    async def async_will_remove_from_hub(self) -> None:
        """Called before the entity is removed (unload, disable, rename)."""

    # -- naming -------------------------------------------------------------------------

    def suggested_object_id(self) -> str | None:
        """What the entity id is derived from the first time: the full friendly name."""
        name = self._compute_friendly_name()
        return name if isinstance(name, str) else None

    @property
    def friendly_name(self) -> str | None:
        """The name people see: the homeowner's, or derived from device and entity name."""
        cached = self._friendly_name
        if cached is UNDEFINED:
            cached = self._friendly_name = self._compute_friendly_name()
        return cached

    def _compute_friendly_name(self) -> str | None:
        if self.registry_entry is not None and self.registry_entry.name:
            return self.registry_entry.name
        name = self.name
        if not self.has_entity_name:
            return None if name is UNDEFINED else name
        device_name = self._device_name()
        if name is None or name is UNDEFINED:
            return device_name
        return f"{device_name} {name}" if device_name else name

    def _device_name(self) -> str | None:
        if self.device_entry is not None:
            return self.device_entry.display_name
        info = self.device_info
        return info.get("name") if info else None

    def refresh_cached_metadata(self) -> None:
        """Forget cached naming/customisation after a registry or device change."""
        self._friendly_name = UNDEFINED
        self._customize = None

    # -- writing state ------------------------------------------------------------------

    def set_context(self, context: Context) -> None:
        """Attribute the next state writes to ``context`` (a service call's)."""
        self._context = context
        self._context_set_at = self.hub.clock.time()

    def async_on_remove(self, func: Callable[[], None]) -> None:
        """Run ``func`` when the entity is removed (unsubscribe listeners, cancel timers)."""
        if self._on_remove is None:
            self._on_remove = []
        self._on_remove.append(func)

    def write_state(self) -> None:
        """Compute the state and attributes and store them in the state machine."""
        if not self._added or self.entity_id is None:
            raise HubError(f"{type(self).__name__} wrote a state before it was added to the hub")
        hub = self.hub
        attributes: dict[str, Any] = {}
        if capabilities := self.capability_attributes:
            attributes.update(capabilities)
        if self.available:
            state = _stringify(self.state)
            if state_attributes := self.state_attributes:
                attributes.update(state_attributes)
            if extra := self.extra_state_attributes:
                attributes.update(extra)
        else:
            state = STATE_UNAVAILABLE
        self._add_info_attributes(attributes)
        customize = self._customize
        if customize is None:
            customize = self._customize = self._lookup_customize()
        if customize:
            attributes.update(customize)
        context = self._context
        if context is not None and hub.clock.time() - self._context_set_at > CONTEXT_RECENT_TIME:
            context = self._context = None
        last = self._last_attributes
        # Unchanged attributes: hand over the stored read-only mapping, so the state
        # machine neither copies nor compares them again.
        written: Mapping[str, Any] = last if last is not None and last == attributes else attributes
        try:
            self._last_attributes = hub.states.set(
                self.entity_id, state, written, self.force_update, context
            ).attributes
        except MaxLengthExceeded:
            if not self._length_error_logged:
                _LOGGER.error(
                    "%s: state is longer than 255 characters; writing 'unknown' instead: %.40s...",
                    self.entity_id,
                    state,
                )
                self._length_error_logged = True
            hub.states.set(self.entity_id, STATE_UNKNOWN, attributes, self.force_update, context)

    def _add_info_attributes(self, attributes: dict[str, Any]) -> None:
        if (unit := self.unit_of_measurement) is not None:
            attributes[ATTR_UNIT_OF_MEASUREMENT] = unit
        if (attribution := self.attribution) is not None:
            attributes[ATTR_ATTRIBUTION] = attribution
        if self.assumed_state:
            attributes[ATTR_ASSUMED_STATE] = True
        entry = self.registry_entry
        if (name := self.friendly_name) is not None:
            attributes[ATTR_FRIENDLY_NAME] = name
        if (icon := (entry.icon if entry is not None and entry.icon else self.icon)) is not None:
            attributes[ATTR_ICON] = icon
        if (picture := self.entity_picture) is not None:
            attributes[ATTR_ENTITY_PICTURE] = picture
        device_class = entry.device_class if entry is not None and entry.device_class else None
        if (device_class := device_class or self.device_class) is not None:
            attributes[ATTR_DEVICE_CLASS] = str(device_class)
        if (features := self.supported_features) is not None:
            attributes[ATTR_SUPPORTED_FEATURES] = features

    def _lookup_customize(self) -> Mapping[str, Any]:
        from hub.entity.customize import CUSTOMIZE  # noqa: PLC0415 - optional at run time

        customize = self.hub.data.get(CUSTOMIZE)
        if customize is None or self.entity_id is None:
            return {}
        return customize.for_entity(self.entity_id)

    async def update_state(self, force_refresh: bool = False) -> None:
        """Optionally fetch fresh data, then write the state."""
        if force_refresh:
            try:
                await self.async_update()
            except Exception:
                _LOGGER.exception("Update of %s failed", self.entity_id)
                return
        self.write_state()

    # -- lifecycle (called by the platform) ----------------------------------------------

    async def add_to_hub(self) -> None:
        """Run the added hook and write the first state."""
        self._added = True
        await self.async_added_to_hub()
        self.write_state()

    async def remove_from_hub(self, remove_state: bool = True) -> None:
        """Run the removal hooks and remove the state."""
        if not self._added:
            return
        self._added = False
        try:
            await self.async_will_remove_from_hub()
        except Exception:
            # Logged, not raised: a failing hook must not keep the state around or abort
            # the caller (adding the platform's other entities, a registry rename).
            _LOGGER.exception("Removal hook of %s failed", self.entity_id)
        finally:
            for func in self._on_remove or ():
                try:
                    func()
                except Exception:
                    _LOGGER.exception("Cleanup of %s failed", self.entity_id)
            self._on_remove = None
            if remove_state and self.entity_id is not None:
                self.hub.states.remove(self.entity_id)

    @property
    def added(self) -> bool:
        """Whether the entity is live in the hub."""
        return self._added

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.entity_id or '(not added)'}>"


def _stringify(state: Any) -> str:
    if state is None:
        return STATE_UNKNOWN
    if isinstance(state, str):
        return state
    if isinstance(state, float):
        return f"{state:{_FLOAT_FORMAT}}"
    return str(state)
