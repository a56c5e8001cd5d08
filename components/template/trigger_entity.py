"""Trigger-based template entities: ``template: - trigger: ... sensor: [...]``.

The block's triggers are attached once for all its entities (when the hub starts, or at
once on a reload). When one fires: the block's ``variables`` are rendered with
``trigger``, its ``condition`` checked, its ``action`` run (the variables it leaves are
used), then every entity renders its templates once with those variables and writes its
state. Between firings the entities keep their state, and across restarts too: they are
``RestoreEntity`` and come back with the state they had.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from components.template.schemas import CONF_ACTION, CONF_CONDITION, CONF_TRIGGER
from components.template.template_entity import CONF_UNIQUE_ID, CONF_VARIABLES, TemplateEntity
from hub.const import EVENT_HUB_START, STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.entity.restore_state import RestoreEntity
from hub.exceptions import ConditionError, HubError, TemplateError
from hub.hub_data import HubKey
from hub.template.state_access import LiveTemplateState

if TYPE_CHECKING:
    from hub.condition import Condition
    from hub.context import Context
    from hub.core import Hub
    from hub.events import Event
    from hub.script import Script, ScriptVariables
    from hub.states import State

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "template"
TRIGGER_BLOCKS: Final = HubKey[list["TriggerBlock"]]("template_trigger_blocks")


class TriggerEntityMixin(RestoreEntity):
    """Put in front of a template entity class: templates render when the block fires,
    not when what they read changes."""

    trigger_based = True

    async def async_added_to_hub(self) -> None:
        last = await self.async_get_last_state()
        if last is not None and last.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE):
            self.restore_state_value(last)
        await super().async_added_to_hub()

    def start_templates_when_running(self) -> None:
        """Nothing to track: the block renders the templates when it fires."""

    def restore_state_value(self, state: State) -> None:
        """Take the value of the state saved before a restart (per domain)."""
        entity: Any = self
        if hasattr(entity, "_attr_native_value") and entity.domain in ("sensor", "number"):
            entity._attr_native_value = state.state
        elif entity.domain in ("binary_sensor", "switch"):
            entity._attr_is_on = state.state == "on"
        elif entity.domain == "select":
            entity._attr_current_option = state.state

    def apply_trigger(self, variables: Mapping[str, Any], context: Context | None) -> None:
        """Render every template with the firing's variables and write the state."""
        if not self.added or self.entity_id is None:
            return
        if context is not None:
            self.set_context(context)
        run_variables = {**variables, "this": LiveTemplateState(self.hub, self.entity_id)}
        templates: list[Any] = self._templates  # type: ignore[attr-defined]
        for template, handler, what in templates:
            try:
                result = template.render(run_variables)
            except TemplateError as err:
                self._log_error(what, err)  # type: ignore[attr-defined]
                result = err
            handler(result)
            if what == "availability" and not self._attr_available:
                break
        self.after_template_updates()  # type: ignore[attr-defined]
        self.write_state()


_TRIGGER_CLASSES: dict[type, type] = {}


def trigger_class(entity_class: type[TemplateEntity]) -> type[TemplateEntity]:
    """The trigger-based variant of a template entity class."""
    found = _TRIGGER_CLASSES.get(entity_class)
    if found is None:
        found = _TRIGGER_CLASSES[entity_class] = type(
            f"Trigger{entity_class.__name__}", (TriggerEntityMixin, entity_class), {}
        )
    return found


class TriggerBlock:
    """One trigger-based ``template:`` block: its triggers, condition, action and
    entities."""

    def __init__(self, hub: Hub, block: Mapping[str, Any], entities: list[TemplateEntity]) -> None:
        self._hub = hub
        self._block = block
        self._entities = entities
        self._name = f"template {block.get(CONF_UNIQUE_ID) or 'trigger'} block"
        self._detach: Callable[[], None] | None = None
        self._unlisten_start: Callable[[], None] | None = None
        self._conditions: list[Condition] | None = None
        self._script: Script | None = None
        self._variables: ScriptVariables | None = None
        self._cancelled = False

    async def start(self) -> None:
        """Attach the triggers now (hub running) or when the hub starts."""
        from hub.script import Script, ScriptVariables  # noqa: PLC0415 - heavy

        if (variables := self._block.get(CONF_VARIABLES)) is not None:
            self._variables = ScriptVariables(variables, self._hub)
        if (action := self._block.get(CONF_ACTION)) is not None:
            self._script = Script(self._hub, action, self._name, DOMAIN, mode="parallel")
        if not await self._build_conditions():
            return
        if self._hub.state.is_running:
            await self._attach(home_assistant_start=False)
            return

        async def at_start(_event: Event) -> None:
            self._unlisten_start = None
            await self._attach(home_assistant_start=True)

        self._unlisten_start = self._hub.bus.listen_once(EVENT_HUB_START, at_start)

    async def _build_conditions(self) -> bool:
        from hub.condition import condition_from_config  # noqa: PLC0415 - heavy

        try:
            self._conditions = [
                await condition_from_config(self._hub, config)
                for config in self._block.get(CONF_CONDITION) or ()
            ]
        except (HubError, vol.Invalid) as err:
            _LOGGER.error("%s: invalid condition: %s", self._name, err)
            return False
        return True

    async def _attach(self, home_assistant_start: bool) -> None:
        from hub.trigger import TriggerInfo, attach_triggers  # noqa: PLC0415 - heavy

        if self._cancelled:
            return
        info = TriggerInfo(
            domain=DOMAIN, name=self._name, home_assistant_start=home_assistant_start
        )
        try:
            self._detach = await attach_triggers(
                self._hub, self._block[CONF_TRIGGER], self._fired, info
            )
        except (HubError, vol.Invalid) as err:
            _LOGGER.error("%s: could not set up triggers: %s", self._name, err)

    def cancel(self) -> None:
        """Detach the triggers (reload, removal)."""
        self._cancelled = True
        if self._unlisten_start is not None:
            self._unlisten_start()
            self._unlisten_start = None
        if self._detach is not None:
            self._detach()
            self._detach = None

    async def _fired(self, run_variables: dict[str, Any], context: Context | None) -> None:
        if self._cancelled:
            return
        variables: dict[str, Any] = dict(run_variables)
        try:
            if self._variables is not None:
                variables = self._variables.render(variables)
        except TemplateError as err:
            _LOGGER.error("%s: error rendering variables: %s", self._name, err)
            return
        if not self._passes(variables):
            return
        if self._script is not None:
            result = await self._script.run(variables, context)
            if result.variables:
                variables = result.variables
        for entity in self._entities:
            if isinstance(entity, TriggerEntityMixin):
                entity.apply_trigger(variables, context)

    def _passes(self, variables: Mapping[str, Any]) -> bool:
        for condition in self._conditions or ():
            try:
                if not condition(variables):
                    return False
            except ConditionError as err:
                _LOGGER.warning("%s: error in condition: %s", self._name, err)
                return False
        return True


def trigger_entities(
    hub: Hub,
    block: Mapping[str, Any],
    entity_classes: Mapping[str, type[TemplateEntity]],
) -> tuple[list[TemplateEntity], TriggerBlock]:
    """The entities of a trigger-based block, and the block that renders them."""
    prefix = block.get(CONF_UNIQUE_ID)
    entities: list[TemplateEntity] = [
        trigger_class(entity_class)(hub, item, prefix)
        for domain, entity_class in entity_classes.items()
        for item in block.get(domain, ())
    ]
    runner = TriggerBlock(hub, block, entities)
    hub.data.setdefault(TRIGGER_BLOCKS, []).append(runner)
    return entities, runner


def cancel_trigger_blocks(hub: Hub) -> None:
    """Detach every block's triggers (before a reload)."""
    for block in hub.data.pop(TRIGGER_BLOCKS) or ():
        block.cancel()
