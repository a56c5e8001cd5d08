"""Entities: the objects integrations create, which the hub turns into states.

``Entity`` is the base every domain class (``SensorEntity``, ``SwitchEntity``...) builds
on; ``EntityPlatform`` adds one integration's entities of one domain to the hub (registry
ids, devices, polling); ``EntityComponent`` holds all entities of a domain and its entity
services; ``add_entities`` is what an integration calls.
"""

from __future__ import annotations

from hub.entity.component import ENTITY_COMPONENTS, EntityComponent
from hub.entity.entity import UNDEFINED, Entity, EntityCategory, UndefinedType
from hub.entity.platform import EntityPlatform, add_entities

__all__ = [
    "ENTITY_COMPONENTS",
    "UNDEFINED",
    "Entity",
    "EntityCategory",
    "EntityComponent",
    "EntityPlatform",
    "UndefinedType",
    "add_entities",
]
