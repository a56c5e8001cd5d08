"""Values loaded from YAML that remember where they were written.

Every error a homeowner sees about their configuration should say which file and which
line to open. The loader therefore returns ``NodeDict``, ``NodeList`` and ``NodeStr``
instead of plain containers and strings; each carries a ``Location``. Numbers, booleans
and ``None`` cannot carry attributes, so they stay plain values and are found through
their parent's key or item location.

The classes are real ``dict``/``list``/``str`` subclasses so that schema validation and
every other consumer can treat them as ordinary values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, SupportsIndex


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a configuration file: the path as given and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def location_of(value: object) -> Location | None:
    """The location a loaded value carries, or ``None`` for plain values."""
    location = getattr(value, "location", None)
    return location if isinstance(location, Location) else None


class NodeStr(str):
    """A string from a YAML file, with the location it was written at.

    ``str`` subclasses cannot use ``__slots__``, so the location lives in the instance
    dict; equality and hashing are those of the plain string.
    """

    location: Location | None

    def __new__(cls, value: object, location: Location | None = None) -> NodeStr:
        instance = super().__new__(cls, value)
        instance.location = location
        return instance

    def __reduce__(self) -> tuple[Any, ...]:
        # copy/deepcopy/pickle would otherwise call __new__ without the location.
        return (type(self), (str(self), self.location))


class SecretStr(NodeStr):
    """A string that came from ``secrets.yaml``; its ``repr`` hides the value.

    Error messages quote the offending value with ``repr``. A password that fails
    validation must not end up in a log or a forum post, so it prints as ``'<secret>'``.
    """

    def __repr__(self) -> str:
        return "'<secret>'"


class NodeDict(dict[Any, Any]):
    """A mapping from a YAML file: its own location and the location of each key."""

    __slots__ = ("_key_locations", "location")

    def __init__(self, *args: Any, location: Location | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.location = location
        self._key_locations: dict[Any, Location] = {}

    def key_location(self, key: Any) -> Location | None:
        """Where ``key`` was written, falling back to the key's own location."""
        found = self._key_locations.get(key)
        if found is not None:
            return found
        return location_of(key)

    def set_located(self, key: Any, value: Any, location: Location | None) -> None:
        """Store ``value`` under ``key`` and remember where the key was written."""
        self[key] = value
        if location is not None:
            self._key_locations[key] = location

    def copy(self) -> NodeDict:
        """A shallow copy that keeps the locations."""
        duplicate = NodeDict(self, location=self.location)
        duplicate._key_locations.update(self._key_locations)
        return duplicate


class NodeList(list[Any]):
    """A sequence from a YAML file: its own location and the location of each item."""

    __slots__ = ("_item_locations", "location")

    def __init__(self, items: Iterable[Any] = (), location: Location | None = None) -> None:
        super().__init__(items)
        self.location = location
        self._item_locations: list[Location | None] = []

    def append_located(self, value: Any, location: Location | None) -> None:
        """Append ``value`` and remember where it was written."""
        self._pad_locations()
        self.append(value)
        self._item_locations.append(location)

    def extend_located(self, items: Iterable[Any]) -> None:
        """Append every item of ``items``, keeping their locations if it is a NodeList."""
        if isinstance(items, NodeList):
            for index, item in enumerate(items):
                self.append_located(item, items.item_location(index))
            return
        for item in items:
            self.append_located(item, location_of(item))

    def item_location(self, index: SupportsIndex) -> Location | None:
        """Where item ``index`` was written, if known."""
        position = int(index)
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            return None
        if len(self._item_locations) == len(self):
            recorded = self._item_locations[position]
            if recorded is not None:
                return recorded
        # The list was changed with plain list methods: trust only the item itself.
        return location_of(self[position])

    def _pad_locations(self) -> None:
        missing = len(self) - len(self._item_locations)
        if missing > 0:
            self._item_locations.extend(location_of(item) for item in self[-missing:])
        elif missing < 0:
            self._item_locations = [location_of(item) for item in self]


@dataclass(frozen=True, slots=True)
class Input:
    """A blueprint ``!input name`` placeholder, replaced by the input's value later."""

    name: str
    location: Location | None = field(default=None, compare=False)
