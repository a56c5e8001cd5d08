"""Watthub: the platform every install runs (core, config, API, automations, recorder, energy)."""

from __future__ import annotations

from hub.const import HA_VERSION, __version__

__all__ = ["HA_VERSION", "__version__"]
