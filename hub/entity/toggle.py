"""Entities whose state is on or off: ``OnOffEntity`` (binary sensors) and
``ToggleEntity`` (switches, later lights), which can also be switched."""

from __future__ import annotations

from typing import Any

from hub.const import STATE_OFF, STATE_ON
from hub.entity.entity import Entity


class OnOffEntity(Entity):
    """An entity whose state is ``on``/``off`` from ``is_on`` (None: unknown)."""

    _attr_is_on: bool | None = None

    @property
    def is_on(self) -> bool | None:
        """True when on; None when unknown."""
        return self._attr_is_on

    @property
    def state(self) -> str | None:
        is_on = self.is_on
        if is_on is None:
            return None
        return STATE_ON if is_on else STATE_OFF


class ToggleEntity(OnOffEntity):
    """An on/off entity with turn_on / turn_off / toggle."""

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn the entity on."""
        raise NotImplementedError

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the entity off."""
        raise NotImplementedError

    async def async_toggle(self, **kwargs: Any) -> None:
        """Switch to the other state."""
        if self.is_on:
            await self.async_turn_off(**kwargs)
        else:
            await self.async_turn_on(**kwargs)
