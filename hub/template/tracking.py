"""Re-render templates when what they read changes.

A ``TemplateTracker`` renders its templates with ``render_with_info`` and listens to
exactly what the renders read: the entities named (through the hub's per-entity state
index, one dictionary lookup per state change), the domains iterated or all states
(one bus listener with a filter), and the clock (a timer at the start of every minute).
After each re-render the listeners follow what the new render read, so a template like
``{{ states('sensor.a') if is_state('input_boolean.x', 'on') else states('sensor.b') }}``
listens to ``sensor.a`` or ``sensor.b``, never both.

Rate limits follow Home Assistant: a template that iterates all states (or failed) is
re-rendered at most once a minute, one that iterates a domain once a second, unless the
change is of an entity it names; held changes are rendered when the limit ends. The
action hears about a template only when its result changed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from hub.const import EVENT_STATE_CHANGED
from hub.exceptions import TemplateError
from hub.template.render_context import LogFunction, log_function
from hub.template.render_info import RenderInfo
from hub.tracking import track_state_change

if TYPE_CHECKING:
    from hub.clock import Timer
    from hub.core import Hub
    from hub.events import Event
    from hub.template.template import Template

_LOGGER = logging.getLogger(__name__)
_MISSING: Final[Any] = object()
_MINUTE: Final = 60.0


@dataclass(slots=True, eq=False)
class TrackedTemplate:
    """A template to track, the variables it renders with and an optional rate limit
    (seconds) that replaces the default one for domain-wide and all-states templates."""

    template: Template
    variables: Mapping[str, Any] | None = None
    rate_limit: float | None = None


@dataclass(slots=True, frozen=True)
class TrackUpdate:
    """A template whose result changed: the previous result (None the first time) and
    the new one (a value, or the ``TemplateError`` the render raised)."""

    template: Template
    last_result: Any
    result: Any


TrackAction = Callable[["Event | None", list[TrackUpdate]], None]


class TemplateTracker:
    """Tracks a group of templates; the action hears all of a change's updates at once."""

    def __init__(
        self,
        hub: Hub,
        templates: Sequence[TrackedTemplate],
        action: TrackAction,
        *,
        strict: bool = False,
        log_fn: LogFunction | None = None,
    ) -> None:
        self._hub = hub
        self._templates = list(templates)
        self._action = action
        self._strict = strict
        self._log_fn = log_fn
        self._infos: dict[int, RenderInfo] = {}
        self._results: dict[int, Any] = {}
        self._rendered_at: dict[int, float] = {}
        self._held: dict[int, Timer] = {}
        self._entities: frozenset[str] = frozenset()
        self._cancel_entities: Callable[[], None] | None = None
        self._cancel_bus: Callable[[], None] | None = None
        self._minute_timer: Timer | None = None
        self._cancelled = False
        for tracked in self._templates:
            if tracked.template.hub is None:
                tracked.template.hub = hub

    # -- life cycle ----------------------------------------------------------------------

    def start(self, report: bool = False) -> None:
        """Render every template once and listen to what they read. With ``report``
        the action hears the first results at once (before this returns); without,
        ``info(template)`` has them and the action hears only of changes."""
        updates: list[TrackUpdate] = []
        for index, tracked in enumerate(self._templates):
            update = self._render(index, tracked)
            info = self._infos[index]
            if info.exception is not None and self._log_fn is None:
                _LOGGER.error(
                    "Error while processing template %s: %s", tracked.template, info.exception
                )
            if update is not None:
                updates.append(update)
        self._update_listeners()
        if report:
            self._run_action(None, updates)

    def refresh(self) -> None:
        """Render every template now and tell the action about each changed result,
        rate limits notwithstanding."""
        if self._cancelled:
            return
        updates = [
            update
            for index, tracked in enumerate(self._templates)
            if (update := self._render(index, tracked)) is not None
        ]
        self._update_listeners()
        self._run_action(None, updates)

    def cancel(self) -> None:
        """Stop tracking; safe to call more than once."""
        self._cancelled = True
        if self._cancel_entities is not None:
            self._cancel_entities()
            self._cancel_entities = None
        if self._cancel_bus is not None:
            self._cancel_bus()
            self._cancel_bus = None
        if self._minute_timer is not None:
            self._minute_timer.cancel()
            self._minute_timer = None
        for timer in self._held.values():
            timer.cancel()
        self._held.clear()

    @property
    def listeners(self) -> dict[str, Any]:
        """What is listened to, in HA's ``render_template`` shape."""
        infos = list(self._infos.values())
        listens_all = any(info.listens_to_all for info in infos)
        entities: set[str] = set()
        domains: set[str] = set()
        if not listens_all:
            for info in infos:
                entities |= info.entities
                domains |= info.domains | info.domains_lifecycle
        return {
            "all": listens_all,
            "entities": sorted(entities),
            "domains": sorted(domains),
            "time": any(info.has_time for info in infos),
        }

    def info(self, template: Template) -> RenderInfo | None:
        """The last render info of a tracked template."""
        for index, tracked in enumerate(self._templates):
            if tracked.template is template:
                return self._infos.get(index)
        return None

    # -- rendering -----------------------------------------------------------------------

    def _render_info(self, index: int, tracked: TrackedTemplate) -> RenderInfo:
        token = log_function.set(self._log_fn) if self._log_fn is not None else None
        try:
            info = tracked.template.render_with_info(tracked.variables, strict=self._strict)
        finally:
            if token is not None:
                log_function.reset(token)
        self._infos[index] = info
        self._rendered_at[index] = self._hub.clock.time()
        return info

    def _render(self, index: int, tracked: TrackedTemplate) -> TrackUpdate | None:
        """Render; the update when the result changed (or is the first)."""
        info = self._render_info(index, tracked)
        result = info.exception if info.exception is not None else info.result
        last = self._results.get(index, _MISSING)
        if last is not _MISSING and _same(last, result):
            return None
        self._results[index] = result
        return TrackUpdate(tracked.template, None if last is _MISSING else last, result)

    def _run_action(self, event: Event | None, updates: list[TrackUpdate]) -> None:
        if not updates or self._cancelled:
            return
        try:
            self._action(event, updates)
        except Exception:
            _LOGGER.exception("Error in template tracking action %r", self._action)

    # -- listening -----------------------------------------------------------------------

    def _update_listeners(self) -> None:
        if self._cancelled:
            return
        infos = list(self._infos.values())
        needs_bus = any(
            info.listens_to_all or info.domains or info.domains_lifecycle for info in infos
        )
        if needs_bus:
            self._listen_entities(frozenset())
            if self._cancel_bus is None:
                self._cancel_bus = self._hub.bus.listen(
                    EVENT_STATE_CHANGED, self._on_state_changed, self._wants
                )
        else:
            if self._cancel_bus is not None:
                self._cancel_bus()
                self._cancel_bus = None
            self._listen_entities(frozenset(_union(info.entities for info in infos)))
        self._update_minute_timer(any(info.has_time for info in infos))

    def _listen_entities(self, entities: frozenset[str]) -> None:
        if entities == self._entities and (self._cancel_entities is not None or not entities):
            return
        if self._cancel_entities is not None:
            self._cancel_entities()
            self._cancel_entities = None
        self._entities = entities
        if entities:
            self._cancel_entities = track_state_change(self._hub, entities, self._on_state_changed)

    def _wants(self, event: Event) -> bool:
        data = event.data
        return any(info.wants(data) for info in self._infos.values())

    def _on_state_changed(self, event: Event) -> None:
        if self._cancelled:
            return
        data = event.data
        entity_id: str = data["entity_id"]
        updates: list[TrackUpdate] = []
        for index, tracked in enumerate(self._templates):
            info = self._infos.get(index)
            if info is None or not info.wants(data):
                continue
            if self._hold(index, tracked, info, entity_id):
                continue
            if (update := self._render(index, tracked)) is not None:
                updates.append(update)
        self._update_listeners()
        self._run_action(event, updates)

    # -- rate limits ---------------------------------------------------------------------

    def _hold(self, index: int, tracked: TrackedTemplate, info: RenderInfo, entity_id: str) -> bool:
        """Whether a re-render must wait for the rate limit (a timer renders it then)."""
        if entity_id in info.entities:
            return False
        limit = tracked.rate_limit if tracked.rate_limit is not None else info.rate_limit
        if not limit:
            return False
        due = self._rendered_at.get(index, -math.inf) + limit
        if self._hub.clock.time() >= due:
            return False
        if index not in self._held:
            self._held[index] = self._hub.clock.call_at(due, self._render_held, index)
        return True

    def _render_held(self, index: int) -> None:
        self._held.pop(index, None)
        if self._cancelled:
            return
        update = self._render(index, self._templates[index])
        self._update_listeners()
        self._run_action(None, [update] if update is not None else [])

    # -- time ----------------------------------------------------------------------------

    def _update_minute_timer(self, needed: bool) -> None:
        if not needed:
            if self._minute_timer is not None:
                self._minute_timer.cancel()
                self._minute_timer = None
            return
        if self._minute_timer is None:
            self._schedule_minute()

    def _schedule_minute(self) -> None:
        now = self._hub.clock.time()
        next_minute = (math.floor(now / _MINUTE) + 1) * _MINUTE
        self._minute_timer = self._hub.clock.call_at(next_minute, self._on_minute)

    def _on_minute(self) -> None:
        self._minute_timer = None
        if self._cancelled:
            return
        updates = [
            update
            for index, tracked in enumerate(self._templates)
            if (info := self._infos.get(index)) is not None
            and info.has_time
            and (update := self._render(index, tracked)) is not None
        ]
        self._update_listeners()
        if self._minute_timer is None and any(i.has_time for i in self._infos.values()):
            self._schedule_minute()
        self._run_action(None, updates)


def _union(sets: Iterable[set[str]]) -> set[str]:
    result: set[str] = set()
    for item in sets:
        result |= item
    return result


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, TemplateError) or isinstance(new, TemplateError):
        return type(old) is type(new) and str(old) == str(new)
    return type(old) is type(new) and bool(old == new)


def track_template_result(
    hub: Hub,
    template: Template,
    callback: Callable[[Any], None],
    variables: Mapping[str, Any] | None = None,
    rate_limit: float | None = None,
) -> Callable[[], None]:
    """Call ``callback(result)`` now with the first result, then whenever the result
    changes (a ``TemplateError`` when the render failed); returns the cancel function."""

    def action(_event: Event | None, updates: list[TrackUpdate]) -> None:
        callback(updates[-1].result)

    tracker = TemplateTracker(hub, [TrackedTemplate(template, variables, rate_limit)], action)
    tracker.start(report=True)
    return tracker.cancel
