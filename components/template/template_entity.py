"""What every template entity shares: its templates, tracked as one group.

An entity registers each template with the handler that applies its result
(``add_template``). When the hub starts (or at once when it already runs) the entity
tracks them with one ``TemplateTracker``: a state change that affects several of its
templates is rendered once per template and written as one state. Availability comes
first, so an unavailable entity does not log errors of its other templates. A template
error is logged once per distinct message; an availability error counts as available
(Home Assistant's rule), icon/picture/attribute errors as "no value".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.const import EVENT_HUB_START
from hub.entity.entity import Entity
from hub.exceptions import TemplateError
from hub.template import (
    Template,
    TemplateTracker,
    TrackedTemplate,
    TrackUpdate,
    attach,
    render_complex,
    result_as_boolean,
)
from hub.template.state_access import LiveTemplateState

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

CONF_AVAILABILITY: Final = "availability"
CONF_ATTRIBUTES: Final = "attributes"
CONF_ICON: Final = "icon"
CONF_NAME: Final = "name"
CONF_OBJECT_ID: Final = "object_id"
CONF_PICTURE: Final = "picture"
CONF_UNIQUE_ID: Final = "unique_id"
CONF_VARIABLES: Final = "variables"

Handler = Callable[[Any], None]


class TemplateEntity(Entity):
    """Base for entities whose values come from templates (mixed with a domain class:
    ``class TemplateSensor(TemplateEntity, SensorEntity)``)."""

    _templates: list[tuple[Template, Handler, str]]
    # id(template) -> (handler, what), built on first use after the templates change.
    _handlers_by_template: dict[int, tuple[Handler, str]] | None = None
    _tracker: TemplateTracker | None = None
    _self_updates: int = 0
    _logged_errors: dict[str, str]
    _variables: Mapping[str, Any] | None = None
    # Rendered when a trigger fires rather than tracked (``trigger_entity``).
    trigger_based: bool = False

    def __init__(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        """Every template entity is built from the hub, its YAML item and the block's
        unique id; domain classes take the same arguments."""
        self.init_templates(hub, config, unique_id_prefix)

    def init_templates(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        """Take the shared keys: name, unique_id, availability, icon, picture,
        attributes, variables; every template inside renders against ``hub``."""
        attach(hub, config)
        self._templates = []
        self._logged_errors = {}
        unique_id = config.get(CONF_UNIQUE_ID)
        if unique_id is not None and unique_id_prefix:
            unique_id = f"{unique_id_prefix}-{unique_id}"
        self._attr_unique_id = unique_id
        self._variables = config.get(CONF_VARIABLES)
        if (object_id := config.get(CONF_OBJECT_ID)) is not None:
            self.entity_id = f"{self.domain}.{object_id}"
        self._init_name(config.get(CONF_NAME))
        if (availability := config.get(CONF_AVAILABILITY)) is not None:
            self.add_template(availability, self._update_available, "availability", first=True)
        if (icon := config.get(CONF_ICON)) is not None:
            self.add_template(icon, self._setter("_attr_icon"), "icon")
        if (picture := config.get(CONF_PICTURE)) is not None:
            self.add_template(picture, self._setter("_attr_entity_picture"), "picture")
        for key, template in (config.get(CONF_ATTRIBUTES) or {}).items():
            self.add_template(template, self._attribute_setter(str(key)), f"attribute {key}")

    def _init_name(self, name: Any) -> None:
        """A static name as is; a template's first render names the entity (and its id),
        later renders rename it."""
        if name is None:
            return
        if not isinstance(name, Template):
            self._attr_name = str(name)
            return
        if name.is_static:
            self._attr_name = name.template
            return
        try:
            self._attr_name = str(name.render(parse_result=False))
        except TemplateError as err:
            _LOGGER.warning("Could not render the name of a template entity: %s", err)
            self._attr_name = None
        self.add_template(name, self._update_name, "name")

    def add_template(
        self, template: Template, handler: Handler, what: str, *, first: bool = False
    ) -> None:
        """Track ``template``; ``handler`` gets each new result (or its TemplateError)."""
        item = (template, handler, what)
        self._handlers_by_template = None
        if first:
            self._templates.insert(0, item)
        else:
            self._templates.append(item)

    # -- handlers ------------------------------------------------------------------------

    def _setter(self, attribute: str) -> Handler:
        def apply(result: Any) -> None:
            value = None if isinstance(result, TemplateError) else result
            setattr(self, attribute, None if value is None else str(value))

        return apply

    def _attribute_setter(self, key: str) -> Handler:
        def apply(result: Any) -> None:
            attributes = dict(self._attr_extra_state_attributes or {})
            attributes[key] = None if isinstance(result, TemplateError) else result
            self._attr_extra_state_attributes = attributes

        return apply

    def _update_available(self, result: Any) -> None:
        self._attr_available = (
            True if isinstance(result, TemplateError) else result_as_boolean(result)
        )

    def _update_name(self, result: Any) -> None:
        if isinstance(result, TemplateError):
            return
        self._attr_name = str(result)
        self.refresh_cached_metadata()

    # -- life cycle ----------------------------------------------------------------------

    def start_templates_when_running(self) -> None:
        """Start tracking now if the hub runs, else when it starts (all entities exist)."""
        hub = self.hub
        if hub.state.is_running:
            self._start_tracking()
            return
        cancel = hub.bus.listen_once(EVENT_HUB_START, lambda _event: self._start_tracking())
        self.async_on_remove(cancel)

    def template_variables(self) -> dict[str, Any]:
        """``this`` (the entity's own state when a template renders) and the entity's
        ``variables`` (rendered once, seeing ``this``)."""
        assert self.entity_id is not None
        variables: dict[str, Any] = {"this": LiveTemplateState(self.hub, self.entity_id)}
        for key, value in (self._variables or {}).items():
            try:
                variables[key] = render_complex(value, variables)
            except TemplateError as err:
                _LOGGER.error("%s: variable %s: %s", self.entity_id, key, err)
        return variables

    def _start_tracking(self) -> None:
        if not self.added or not self._templates or self._tracker is not None:
            return
        variables = self.template_variables()
        tracker = TemplateTracker(
            self.hub,
            [TrackedTemplate(template, variables) for template, _handler, _what in self._templates],
            self._handle_updates,
        )
        self._tracker = tracker
        self.async_on_remove(self._stop_tracking)
        tracker.start(report=True)

    def _stop_tracking(self) -> None:
        if self._tracker is not None:
            self._tracker.cancel()
            self._tracker = None

    def _handle_updates(self, event: Event | None, updates: list[TrackUpdate]) -> None:
        if not self.added:
            return
        if event is not None:
            self.set_context(event.context)
            if event.data["entity_id"] == self.entity_id:
                self._self_updates += 1
            else:
                self._self_updates = 0
        if self._self_updates > len(self._templates):
            for update in updates:
                _LOGGER.warning(
                    "Template loop detected while processing event: %s, skipping template "
                    "render for %s",
                    event,
                    update.template,
                )
            return
        handlers = self._handlers_by_template
        if handlers is None:
            handlers = self._handlers_by_template = {
                id(template): (handler, what) for template, handler, what in self._templates
            }
        for update in updates:
            handler, what = handlers[id(update.template)]
            if isinstance(update.result, TemplateError):
                self._log_error(what, update.result)
            else:
                self._logged_errors.pop(what, None)
            handler(update.result)
        self.after_template_updates()
        self.write_state()

    def after_template_updates(self) -> None:
        """Hook for entities that derive values once all templates are applied."""

    def _log_error(self, what: str, error: TemplateError) -> None:
        message = str(error)
        if self._logged_errors.get(what) == message:
            return
        self._logged_errors[what] = message
        if not self._attr_available and what != "availability":
            return
        _LOGGER.error(
            "TemplateError('%s') while processing template for %s of %s",
            message,
            what,
            self.entity_id,
        )
