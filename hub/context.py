"""Context: who or what caused a change, carried by every event and state.

A REST or WebSocket call creates a context with the caller's user id; everything the call
causes carries it, which is how "states changed by this call" and automation traces work.
Contexts are treated as values: nothing in the hub assigns to one after construction.
"""

from __future__ import annotations

import orjson

from hub.ulid import ulid_now


class Context:
    """Origin of an event or state change (Home Assistant's ``Context``)."""

    __slots__ = ("_as_dict", "_json", "id", "parent_id", "user_id")

    def __init__(
        self, user_id: str | None = None, parent_id: str | None = None, id: str | None = None
    ) -> None:
        self.id: str = id or ulid_now()
        self.parent_id = parent_id
        self.user_id = user_id
        self._as_dict: dict[str, str | None] | None = None
        self._json: bytes | None = None

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Context)
            and self.id == other.id
            and self.parent_id == other.parent_id
            and self.user_id == other.user_id
        )

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<Context id={self.id} parent_id={self.parent_id} user_id={self.user_id}>"

    def as_dict(self) -> dict[str, str | None]:
        """The wire form ``{"id", "parent_id", "user_id"}``; built once."""
        if self._as_dict is None:
            self._as_dict = {"id": self.id, "parent_id": self.parent_id, "user_id": self.user_id}
        return self._as_dict

    @property
    def json(self) -> bytes:
        """The wire form as JSON bytes; built once."""
        if self._json is None:
            self._json = orjson.dumps(self.as_dict())
        return self._json

    @property
    def is_bare(self) -> bool:
        """True when only the id is set: the compressed state form sends a bare string then."""
        return self.parent_id is None and self.user_id is None
