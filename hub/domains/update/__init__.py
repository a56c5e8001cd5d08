"""The ``update`` domain: firmware or software that can be updated (plug firmware, meter
readers, the hub itself)."""

from __future__ import annotations

from enum import IntFlag
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.const import STATE_OFF, STATE_ON
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.exceptions import ServiceValidationError
from hub.loader.platforms import setup_entity_platforms

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "update"


class UpdateEntityFeature(IntFlag):
    """Optional update features (HA's bits)."""

    INSTALL = 1
    SPECIFIC_VERSION = 2
    PROGRESS = 4
    BACKUP = 8
    RELEASE_NOTES = 16


class UpdateEntity(Entity):
    """Base class of update entities; implement ``async_install`` when installable."""

    domain = DOMAIN
    _attr_installed_version: str | None = None
    _attr_latest_version: str | None = None
    _attr_in_progress: bool = False
    _attr_update_percentage: int | None = None
    _attr_release_summary: str | None = None
    _attr_release_url: str | None = None
    _attr_title: str | None = None
    _attr_auto_update: bool = False
    _attr_display_precision: int = 0
    _skipped_version: str | None = None

    @property
    def installed_version(self) -> str | None:
        """The version running now."""
        return self._attr_installed_version

    @property
    def latest_version(self) -> str | None:
        """The newest version available."""
        return self._attr_latest_version

    @property
    def state(self) -> str | None:
        installed, latest = self.installed_version, self.latest_version
        if installed is None or latest is None:
            return None
        if latest not in (installed, self._skipped_version):
            return STATE_ON
        return STATE_OFF

    @property
    def state_attributes(self) -> dict[str, Any]:
        return {
            "auto_update": self._attr_auto_update,
            "display_precision": self._attr_display_precision,
            "installed_version": self.installed_version,
            "in_progress": self._attr_in_progress,
            "latest_version": self.latest_version,
            "release_summary": self._attr_release_summary,
            "release_url": self._attr_release_url,
            "skipped_version": self._skipped_version,
            "title": self._attr_title,
            "update_percentage": self._attr_update_percentage,
        }

    async def async_install(self, version: str | None, backup: bool) -> None:
        """Install ``version`` (None: the latest)."""
        raise NotImplementedError

    async def install(self, version: str | None = None, backup: bool = False) -> None:
        """``update.install``."""
        features = self.supported_features or 0
        if version is not None and not features & UpdateEntityFeature.SPECIFIC_VERSION:
            raise ServiceValidationError(f"{self.entity_id} cannot install a specific version")
        if version is None and self.latest_version in (None, self.installed_version):
            raise ServiceValidationError(f"No update available for {self.entity_id}")
        if backup and not features & UpdateEntityFeature.BACKUP:
            raise ServiceValidationError(f"{self.entity_id} cannot make a backup first")
        await self.async_install(version, backup)

    async def skip(self) -> None:
        """``update.skip``: hide the available version."""
        self._skipped_version = self.latest_version
        self.write_state()

    async def clear_skipped(self) -> None:
        """``update.clear_skipped``."""
        self._skipped_version = None
        self.write_state()


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain and its services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "install",
        {vol.Optional("version"): str, vol.Optional("backup", default=False): bool},
        "install",
        required_features=UpdateEntityFeature.INSTALL,
    )
    component.register_entity_service("skip", None, "skip")
    component.register_entity_service("clear_skipped", None, "clear_skipped")
    await setup_entity_platforms(hub, component, config)
    return True
