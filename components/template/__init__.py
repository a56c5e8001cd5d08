"""``template``: entities whose state, attributes, icon and availability are templates.

Modern configuration (a list of blocks, merged from packages)::

    template:
      - unique_id: heating        # optional prefix for the entities' unique ids
        sensor:
          - name: Boiler power doubled
            unique_id: boiler_doubled
            state: "{{ states('sensor.boiler_power') | float(0) * 2 }}"
            unit_of_measurement: W
        binary_sensor:
          - name: Boiler running
            state: "{{ states('sensor.boiler_power') | float(0) > 50 }}"
            delay_off: "00:01:00"

plus ``switch`` (``turn_on``/``turn_off`` actions), ``number`` (``set_value``) and
``select`` (``select_option``), and the legacy ``sensor: - platform: template`` /
``binary_sensor:`` / ``switch:`` forms. Each entity re-renders only when an entity its
templates read changes (see ``hub.template.tracking``). ``template.reload`` re-reads
the YAML. Trigger-based blocks (``trigger:``, ``condition:``, ``action:``) render their
entities when a trigger fires (``trigger_entity``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from components.template.binary_sensor import TemplateBinarySensor
from components.template.number import TemplateNumber
from components.template.schemas import (
    CONF_BINARY_SENSORS,
    CONF_SENSORS,
    CONF_SWITCHES,
    CONF_TRIGGER,
    CONFIG_SCHEMA,
    DOMAINS,
    legacy_to_modern,
)
from components.template.select import TemplateSelect
from components.template.sensor import TemplateSensor
from components.template.switch import TemplateSwitch
from components.template.template_entity import CONF_UNIQUE_ID, TemplateEntity
from components.template.trigger_entity import (
    TriggerBlock,
    cancel_trigger_blocks,
    trigger_entities,
)
from hub.entity.component import ENTITY_COMPONENTS
from hub.entity.platform import add_entities
from hub.loader.reload import async_read_domain_configs, register_reload_service

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "template"

__all__ = ["CONFIG_SCHEMA", "DOMAIN", "async_setup"]

ENTITY_CLASSES: Final[dict[str, type[TemplateEntity]]] = {
    "sensor": TemplateSensor,
    "binary_sensor": TemplateBinarySensor,
    "switch": TemplateSwitch,
    "number": TemplateNumber,
    "select": TemplateSelect,
}
# Legacy platform blocks: their key under the platform block, and the entity class.
_LEGACY_PLATFORMS: Final[dict[str, tuple[str, type[TemplateEntity]]]] = {
    "sensor": (CONF_SENSORS, TemplateSensor),
    "binary_sensor": (CONF_SENSORS, TemplateBinarySensor),
    "switch": (CONF_SWITCHES, TemplateSwitch),
}


async def async_setup(hub: Hub, config: Any) -> bool:
    """Create the entities of every ``template:`` block; register ``template.reload``."""
    blocks = config if isinstance(config, list) else []
    entities, runners = _entities(hub, blocks)
    await add_entities(hub, DOMAIN, entities)
    for runner in runners:
        await runner.start()

    async def reload(new_config: Any) -> None:
        await _reload(hub, new_config if isinstance(new_config, list) else [])

    register_reload_service(hub, DOMAIN, reload)
    return True


def _entities(
    hub: Hub, blocks: list[Mapping[str, Any]]
) -> tuple[list[TemplateEntity], list[TriggerBlock]]:
    """The entities of the blocks, and the runners of the trigger-based blocks."""
    entities: list[TemplateEntity] = []
    runners: list[TriggerBlock] = []
    for block in blocks:
        if CONF_TRIGGER in block:
            triggered, runner = trigger_entities(hub, block, ENTITY_CLASSES)
            entities.extend(triggered)
            runners.append(runner)
            continue
        prefix = block.get(CONF_UNIQUE_ID)
        for domain, entity_class in ENTITY_CLASSES.items():
            entities.extend(entity_class(hub, item, prefix) for item in block.get(domain, ()))
        for key, entity_class in (
            (CONF_SENSORS, TemplateSensor),
            (CONF_BINARY_SENSORS, TemplateBinarySensor),
        ):
            entities.extend(
                entity_class(hub, legacy_to_modern(object_id, item), prefix)
                for object_id, item in (block.get(key) or {}).items()
            )
    return entities, runners


async def _reload(hub: Hub, blocks: list[Mapping[str, Any]]) -> None:
    """Replace every template entity (modern and legacy) with the new configuration's."""
    legacy = await async_read_domain_configs(hub, list(_LEGACY_PLATFORMS))
    cancel_trigger_blocks(hub)
    components = hub.data.get(ENTITY_COMPONENTS, {})
    for domain in DOMAINS:
        component = components.get(domain)
        if component is not None and DOMAIN in component.platforms:
            await component.platforms[DOMAIN].reset()
    entities, runners = _entities(hub, blocks)
    for domain, (key, entity_class) in _LEGACY_PLATFORMS.items():
        for platform_block in legacy.get(domain) or ():
            if platform_block.get("platform") != DOMAIN:
                continue
            entities.extend(
                entity_class(hub, legacy_to_modern(object_id, item))
                for object_id, item in platform_block[key].items()
            )
    await add_entities(hub, DOMAIN, entities)
    for runner in runners:
        await runner.start()
