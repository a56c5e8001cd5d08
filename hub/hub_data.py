"""Typed keys for what integrations and core parts keep on the hub.

Like aiohttp's ``AppKey``: ``hub.data[REGISTRY_KEY]`` is typed by its key, so nothing
stored on the hub is an untyped string-keyed blob.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast, overload

T = TypeVar("T")
D = TypeVar("D")


class HubKey(Generic[T]):
    """A typed key into ``HubData``; compare by identity."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<HubKey {self.name}>"


class HubData:
    """A typed store of the hub's shared objects."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[HubKey[Any], Any] = {}

    def __getitem__(self, key: HubKey[T]) -> T:
        return cast("T", self._items[key])

    def __setitem__(self, key: HubKey[T], value: T) -> None:
        self._items[key] = value

    def __contains__(self, key: HubKey[Any]) -> bool:
        return key in self._items

    def __delitem__(self, key: HubKey[Any]) -> None:
        del self._items[key]

    @overload
    def get(self, key: HubKey[T]) -> T | None: ...

    @overload
    def get(self, key: HubKey[T], default: D) -> T | D: ...

    def get(self, key: HubKey[T], default: Any = None) -> Any:
        """The value for ``key``, or ``default``."""
        return self._items.get(key, default)

    def setdefault(self, key: HubKey[T], value: T) -> T:
        """The value for ``key``, storing ``value`` first if there is none."""
        return cast("T", self._items.setdefault(key, value))

    def pop(self, key: HubKey[T]) -> T | None:
        """Remove and return the value for ``key`` (None if absent)."""
        return cast("T | None", self._items.pop(key, None))
