"""What one render read: the entities, domains and clock a template depends on.

While a template renders inside ``Template.render_with_info`` a ``RenderInfo`` sits in a
context variable; every state lookup (``states('x')``, ``states.sensor.x.state``,
iterating ``states.sensor``...) and every clock read (``now()``) records itself there.
Trackers then listen to exactly that: the named entities, the domains iterated, all
states, or the minute clock. Rendering outside ``render_with_info`` records nothing and
costs one context-variable read per lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from hub.exceptions import TemplateError

# Home Assistant's defaults: a template that iterates every state (or failed, so may read
# anything) re-renders at most once a minute; one that iterates a domain once a second.
# Changes of entities a template names are never rate limited.
ALL_STATES_RATE_LIMIT: Final = 60.0
DOMAIN_STATES_RATE_LIMIT: Final = 1.0


class RenderInfo:
    """What a render read, and its result or error."""

    __slots__ = (
        "all_states",
        "all_states_lifecycle",
        "domains",
        "domains_lifecycle",
        "entities",
        "exception",
        "has_time",
        "is_static",
        "rate_limit",
        "result",
        "source",
    )

    def __init__(self, source: str) -> None:
        self.source = source
        self.result: Any = None
        self.exception: TemplateError | None = None
        self.entities: set[str] = set()
        self.domains: set[str] = set()
        # Only the number of states was read (``states.sensor | count``): only entities
        # appearing or disappearing matter, not their changes.
        self.domains_lifecycle: set[str] = set()
        self.all_states = False
        self.all_states_lifecycle = False
        self.has_time = False
        self.is_static = False
        self.rate_limit: float | None = None

    def __repr__(self) -> str:
        return (
            f"<RenderInfo {self.source!r} entities={sorted(self.entities)} "
            f"domains={sorted(self.domains)} all_states={self.all_states} "
            f"has_time={self.has_time} rate_limit={self.rate_limit} "
            f"exception={self.exception}>"
        )

    def finish(self) -> None:
        """Settle the default rate limit once the render is done (HA's rules)."""
        if self.rate_limit is not None or self.is_static:
            return
        if self.all_states or self.exception is not None:
            self.rate_limit = ALL_STATES_RATE_LIMIT
        elif self.domains or self.domains_lifecycle:
            self.rate_limit = DOMAIN_STATES_RATE_LIMIT

    def wants(self, data: Mapping[str, Any]) -> bool:
        """Whether a ``state_changed`` event (its data) should re-render the template."""
        entity_id: str = data["entity_id"]
        if self.all_states or entity_id in self.entities:
            return True
        domain = entity_id.partition(".")[0]
        if domain in self.domains:
            return True
        if data["old_state"] is not None and data["new_state"] is not None:
            return False  # a change, not an entity appearing or disappearing
        return self.all_states_lifecycle or domain in self.domains_lifecycle

    def rate_limit_for(self, entity_id: str) -> float | None:
        """How long to hold a re-render caused by ``entity_id`` (None: render now)."""
        if entity_id in self.entities:
            return None
        return self.rate_limit

    @property
    def listens_to_all(self) -> bool:
        """Whether every state change (or every entity added/removed) matters."""
        return self.all_states or self.all_states_lifecycle

    @property
    def listeners(self) -> dict[str, Any]:
        """HA's ``render_template`` ``listeners`` object."""
        listens_all = self.listens_to_all
        return {
            "all": listens_all,
            "entities": [] if listens_all else sorted(self.entities),
            "domains": [] if listens_all else sorted(self.domains | self.domains_lifecycle),
            "time": self.has_time,
        }


_current: ContextVar[RenderInfo | None] = ContextVar("template_render_info", default=None)


def current() -> RenderInfo | None:
    """The render info being collected, if any."""
    return _current.get()


def activate(info: RenderInfo | None) -> Any:
    """Start collecting into ``info``; returns the token for ``deactivate``."""
    return _current.set(info)


def deactivate(token: Any) -> None:
    """Stop collecting (restore what was collected before)."""
    _current.reset(token)


def collect_entity(entity_id: str) -> None:
    """A render read this entity's state."""
    info = _current.get()
    if info is not None:
        info.entities.add(entity_id)


def collect_domain(domain: str) -> None:
    """A render iterated the states of a domain."""
    info = _current.get()
    if info is not None:
        info.domains.add(domain)


def collect_domain_lifecycle(domain: str) -> None:
    """A render counted the states of a domain."""
    info = _current.get()
    if info is not None:
        info.domains_lifecycle.add(domain)


def collect_all() -> None:
    """A render iterated every state."""
    info = _current.get()
    if info is not None:
        info.all_states = True


def collect_all_lifecycle() -> None:
    """A render counted every state."""
    info = _current.get()
    if info is not None:
        info.all_states_lifecycle = True


def collect_time() -> None:
    """A render read the clock."""
    info = _current.get()
    if info is not None:
        info.has_time = True
