"""The update domain: on/off by version, HA's attributes, skip and install."""

from __future__ import annotations

from typing import Any

import pytest
import voluptuous as vol

from hub.core import Hub
from hub.domains.update import UpdateEntity, UpdateEntityFeature
from hub.entity import add_entities
from hub.exceptions import ServiceValidationError
from hub.states import State
from tests.conftest import HubFactory

U = UpdateEntityFeature


class Firmware(UpdateEntity):
    def __init__(self, **attrs: Any) -> None:
        self._attr_unique_id = "fw"
        self._attr_name = "Plug firmware"
        self._attr_installed_version = "1.0.0"
        self._attr_latest_version = "1.1.0"
        self._attr_supported_features = U.INSTALL
        for key, value in attrs.items():
            setattr(self, f"_attr_{key}", value)
        self.installs: list[tuple[str | None, bool]] = []

    async def async_install(self, version: str | None, backup: bool) -> None:
        self.installs.append((version, backup))
        self._attr_installed_version = version or self.latest_version
        self.write_state()


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


async def setup(hub: Hub, firmware: Firmware) -> Firmware:
    await add_entities(hub, "test", [firmware])
    return firmware


def state_of(hub: Hub) -> State:
    state = hub.states.get("update.plug_firmware")
    assert state is not None
    return state


async def call(hub: Hub, service: str, **data: Any) -> None:
    await hub.services.call(
        "update", service, {"entity_id": "update.plug_firmware", **data}, blocking=True
    )


async def test_update_available_is_on_with_ha_attributes(hub: Hub) -> None:
    await setup(hub, Firmware(title="Plug OS", release_url="https://example.com/notes"))
    state = state_of(hub)
    assert state.state == "on"
    assert state.as_dict()["attributes"] == {
        "auto_update": False,
        "display_precision": 0,
        "installed_version": "1.0.0",
        "in_progress": False,
        "latest_version": "1.1.0",
        "release_summary": None,
        "release_url": "https://example.com/notes",
        "skipped_version": None,
        "title": "Plug OS",
        "update_percentage": None,
        "friendly_name": "Plug firmware",
        "supported_features": 1,
    }


@pytest.mark.parametrize(
    ("installed", "latest", "expected"),
    [("1.1.0", "1.1.0", "off"), (None, "1.1.0", "unknown"), ("1.0.0", None, "unknown")],
)
async def test_state(hub: Hub, installed: str | None, latest: str | None, expected: str) -> None:
    await setup(hub, Firmware(installed_version=installed, latest_version=latest))
    assert state_of(hub).state == expected


async def test_skip_and_clear_skipped(hub: Hub) -> None:
    firmware = await setup(hub, Firmware())
    await call(hub, "skip")
    state = state_of(hub)
    assert (state.state, state.attributes["skipped_version"]) == ("off", "1.1.0")
    firmware._attr_latest_version = "1.2.0"  # a newer release shows again
    firmware.write_state()
    assert state_of(hub).state == "on"
    await call(hub, "skip")
    await call(hub, "clear_skipped")
    state = state_of(hub)
    assert (state.state, state.attributes["skipped_version"]) == ("on", None)


async def test_install_latest(hub: Hub) -> None:
    firmware = await setup(hub, Firmware())
    await call(hub, "install")
    assert firmware.installs == [(None, False)]
    assert state_of(hub).state == "off"
    with pytest.raises(ServiceValidationError, match="No update available"):
        await call(hub, "install")
    assert len(firmware.installs) == 1


async def test_install_needs_the_install_feature(hub: Hub) -> None:
    firmware = await setup(hub, Firmware(supported_features=0))
    with pytest.raises(ServiceValidationError, match=r"does not support action update\.install"):
        await call(hub, "install")
    assert firmware.installs == []


async def test_install_without_a_known_latest_version(hub: Hub) -> None:
    firmware = await setup(hub, Firmware(latest_version=None))
    with pytest.raises(ServiceValidationError, match="No update available"):
        await call(hub, "install")
    assert firmware.installs == []


async def test_specific_version_needs_its_feature(hub: Hub) -> None:
    firmware = await setup(hub, Firmware())
    with pytest.raises(ServiceValidationError, match="cannot install a specific version"):
        await call(hub, "install", version="0.9.0")
    firmware._attr_supported_features = U.INSTALL | U.SPECIFIC_VERSION
    await call(hub, "install", version="0.9.0")
    assert firmware.installs == [("0.9.0", False)]


async def test_backup_needs_its_feature(hub: Hub) -> None:
    firmware = await setup(hub, Firmware())
    with pytest.raises(ServiceValidationError, match="cannot make a backup"):
        await call(hub, "install", backup=True)
    assert firmware.installs == []
    firmware._attr_supported_features = U.INSTALL | U.BACKUP
    await call(hub, "install", backup=True)
    assert firmware.installs == [(None, True)]


async def test_install_refuses_unknown_fields(hub: Hub) -> None:
    await setup(hub, Firmware())
    with pytest.raises(vol.Invalid):
        await call(hub, "install", force=True)
