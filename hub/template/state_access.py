"""How templates see states: ``states``, ``states.sensor``, ``states.sensor.power``.

``states`` is callable (``states('sensor.power')`` gives the state string) and gives
domains as attributes; a domain gives its entities as attributes and iterates them
sorted by entity id. Entity states are wrapped in ``TemplateState``, which records the
entity in the render info when the template actually reads something of it (its
``state``, ``attributes``, timestamps, name...), so reading ``.entity_id`` alone never
makes a template depend on the entity. States met by iterating a domain (or all states)
record nothing themselves: the iteration already recorded the domain (or all states).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, NoReturn

from hub.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNKNOWN
from hub.context import Context
from hub.exceptions import TemplateError
from hub.states import State, valid_entity_id
from hub.template import render_info
from hub.template.render_info import collect_entity

if TYPE_CHECKING:
    from hub.core import Hub

# Names Jinja looks up on callables to decide how to call them; never domains.
_RESERVED_NAMES: Final = frozenset(
    {"contextfunction", "evalcontextfunction", "environmentfunction", "jinja_pass_arg"}
)
_DOMAIN_CHECK_SUFFIX: Final = ".entity"
_SENSOR_DOMAIN: Final = "sensor"
# What templates may read of a state.
_READABLE: Final = frozenset(
    {
        "state",
        "attributes",
        "last_changed",
        "last_updated",
        "last_reported",
        "context",
        "domain",
        "object_id",
        "name",
        "entity_id",
        "state_with_unit",
    }
)


def _readonly(*args: Any, **kwargs: Any) -> NoReturn:
    raise TemplateError("Template states are read-only")


class TemplateState:
    """A ``State`` as templates see it; reading it records the entity."""

    __slots__ = ("_collect", "_hub", "_state", "entity_id")

    __setitem__ = _readonly
    __delitem__ = _readonly

    def __init__(self, hub: Hub, state: State, collect: bool = True) -> None:
        self._hub = hub
        self._state = state
        self._collect = collect
        self.entity_id = state.entity_id

    @property
    def raw(self) -> State:
        """The wrapped state, without recording a read (for the hub's own code)."""
        return self._snapshot()

    def _snapshot(self) -> State:
        return self._state

    def __getitem__(self, item: str) -> Any:
        # Jinja tries ``obj[name]`` before ``obj.name`` (``selectattr('state', ...)``,
        # ``map(attribute=...)``); answering here saves an exception per state.
        if item in _READABLE:
            return getattr(self, item)
        raise KeyError(item)

    def _read(self) -> State:
        if self._collect:
            collect_entity(self.entity_id)
        return self._snapshot()

    @property
    def state(self) -> str:
        """The state string."""
        return self._read().state

    @property
    def attributes(self) -> Mapping[str, Any]:
        """The attributes (read-only)."""
        return self._read().attributes

    @property
    def last_changed(self) -> datetime:
        """When the state string last changed (aware UTC)."""
        return self._read().last_changed

    @property
    def last_updated(self) -> datetime:
        """When the state or an attribute last changed (aware UTC)."""
        return self._read().last_updated

    @property
    def last_reported(self) -> datetime:
        """When the entity last reported (aware UTC)."""
        return self._read().last_reported

    @property
    def context(self) -> Context:
        """The context of the last change."""
        return self._read().context

    @property
    def domain(self) -> str:
        """The entity domain."""
        return self._read().domain

    @property
    def object_id(self) -> str:
        """The part of the entity id after the dot."""
        return self._read().object_id

    @property
    def name(self) -> str:
        """The friendly name, or the object id with spaces."""
        return self._read().name

    @property
    def state_with_unit(self) -> str:
        """The state rounded to the display precision, with its unit."""
        return self.format_state(rounded=True, with_unit=True)

    def format_state(self, rounded: bool, with_unit: bool) -> str:
        """The state as shown: rounded to the sensor's display precision, with unit."""
        state = self._read()
        text = _rounded(self._hub, state) if rounded else state.state
        unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
        return f"{text} {unit}" if with_unit and unit else text

    def __eq__(self, other: object) -> bool:
        state = self._read()
        if isinstance(other, TemplateState):
            return state == other.raw
        return state == other

    def __hash__(self) -> int:
        return hash(self.raw)

    def __repr__(self) -> str:
        return f"<template TemplateState({self._state!r})>"

    def __str__(self) -> str:
        return repr(self)


class LiveTemplateState(TemplateState):
    """An entity's current state, looked up at each read (``this`` in template
    entities: the entity's own state as it is when the template renders)."""

    __slots__ = ()

    def __init__(self, hub: Hub, entity_id: str) -> None:
        super().__init__(hub, State(entity_id, STATE_UNKNOWN))

    def _snapshot(self) -> State:
        return self._hub.states.get(self.entity_id) or self._state

    def __repr__(self) -> str:
        return f"<template LiveTemplateState({self.entity_id})>"


def _rounded(hub: Hub, state: State) -> str:
    """HA's ``async_rounded_state``: sensors use their registry display precision."""
    if state.domain != _SENSOR_DOMAIN:
        return state.state
    from hub.registry.entity_registry import ENTITY_REGISTRY  # noqa: PLC0415 - optional

    registry = hub.data.get(ENTITY_REGISTRY)
    entry = registry.get(state.entity_id) if registry is not None else None
    if entry is None:
        return state.state
    options = entry.options.get(_SENSOR_DOMAIN) or {}
    precision = options.get("display_precision")
    if precision is None:
        precision = options.get("suggested_display_precision")
    if precision is None:
        return state.state
    try:
        return f"{float(state.state):z.{int(precision)}f}"
    except (TypeError, ValueError):
        return state.state


def get_state(hub: Hub, entity_id: Any) -> TemplateState | None:
    """The wrapped state of ``entity_id``; a missing entity is still recorded, so the
    template re-renders when it appears."""
    if not isinstance(entity_id, str):
        return None
    state = hub.states.get(entity_id)
    if state is None:
        collect_entity(entity_id.lower())
        return None
    return TemplateState(hub, state)


def get_state_if_valid(hub: Hub, entity_id: str) -> TemplateState | None:
    """``get_state`` that refuses malformed entity ids (HA's message)."""
    entity_id = str(entity_id)
    state = hub.states.get(entity_id)
    if state is None and not valid_entity_id(entity_id):
        raise TemplateError(f"Invalid entity ID '{entity_id}'")
    if state is None:
        collect_entity(entity_id)
        return None
    return TemplateState(hub, state)


def resolve_state(hub: Hub, value: Any) -> State | TemplateState | None:
    """A state from a state, a wrapped state or an entity id."""
    if isinstance(value, State | TemplateState):
        return value
    if isinstance(value, str):
        return get_state(hub, value)
    return None


def _sorted_states(states: list[State]) -> list[State]:
    return sorted(states, key=_entity_id_key)


def _entity_id_key(state: State) -> str:
    return state.entity_id


class DomainStates:
    """``states.<domain>``: its entities as attributes, iterable in entity id order."""

    __slots__ = ("_domain", "_hub")

    __setitem__ = _readonly
    __delitem__ = _readonly

    def __init__(self, hub: Hub, domain: str) -> None:
        self._hub = hub
        self._domain = domain

    def __getattr__(self, name: str) -> TemplateState | None:
        name = str(name)
        if name.startswith("_"):
            raise AttributeError(name)
        return get_state_if_valid(self._hub, f"{self._domain}.{name}")

    __getitem__ = __getattr__

    def __iter__(self) -> Iterator[TemplateState]:
        render_info.collect_domain(self._domain)
        hub = self._hub
        for state in _sorted_states(hub.states.all(self._domain)):
            yield TemplateState(hub, state, collect=False)

    def __len__(self) -> int:
        render_info.collect_domain_lifecycle(self._domain)
        return self._hub.states.count(self._domain)

    def __repr__(self) -> str:
        return f"<template DomainStates('{self._domain}')>"


class AllStates:
    """``states``: ``states('x')``, ``states.sensor``, ``states['sensor.x']``, iteration."""

    __slots__ = ("_domains", "_hub")

    __setitem__ = _readonly
    __delitem__ = _readonly

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._domains: dict[str, DomainStates] = {}

    def __getattr__(self, name: str) -> TemplateState | DomainStates | None:
        name = str(name)
        if name.startswith("_") or name in _RESERVED_NAMES:
            raise AttributeError(name)
        if "." in name:
            return get_state_if_valid(self._hub, name)
        domains = self._domains
        found = domains.get(name)
        if found is None:
            if not valid_entity_id(f"{name}{_DOMAIN_CHECK_SUFFIX}"):
                raise TemplateError(f"Invalid domain name '{name}'")
            found = domains[name] = DomainStates(self._hub, name)
        return found

    __getitem__ = __getattr__

    def __iter__(self) -> Iterator[TemplateState]:
        render_info.collect_all()
        hub = self._hub
        for state in _sorted_states(hub.states.all()):
            yield TemplateState(hub, state, collect=False)

    def __len__(self) -> int:
        render_info.collect_all_lifecycle()
        return self._hub.states.count()

    def __call__(self, entity_id: str, rounded: Any = None, with_unit: bool = False) -> str:
        state = get_state(self._hub, entity_id)
        if state is None:
            return STATE_UNKNOWN
        if rounded is None:
            rounded = with_unit
        if rounded or with_unit:
            return state.format_state(bool(rounded), with_unit)
        return state.state

    def __repr__(self) -> str:
        return "<template AllStates>"
