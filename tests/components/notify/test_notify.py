"""notify: notify.persistent_notification, legacy platform services, notify entities."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from components.notify import NotifyEntity
from components.persistent_notification import notifications
from hub.clock import ManualClock
from hub.entity import add_entities
from tests.conftest import HubFactory
from tests.hub.custom_integrations import forget_custom_modules

PLATFORM = """
from components.notify import BaseNotificationService

SENT = []


class Recorder(BaseNotificationService):
    def __init__(self, config):
        self.config = config

    @property
    def targets(self):
        return {"Kitchen Screen": "screen-1", "phone": "phone-7"}

    async def async_send_message(self, message, **kwargs):
        SENT.append((self.config.get("name"), message, kwargs))


async def async_get_service(hub, config, discovery_info=None):
    return Recorder(config)
"""


@pytest.fixture
def recorder(config_dir: Path) -> Iterator[Path]:
    """A custom integration ``recorder_notify`` with a notify platform."""
    folder = config_dir / "custom_components" / "recorder_notify"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(
        json.dumps({"domain": "recorder_notify", "name": "Recorder", "version": "1.0"})
    )
    (folder / "__init__.py").write_text("")
    (folder / "notify.py").write_text(textwrap.dedent(PLATFORM))
    yield folder
    forget_custom_modules()


async def test_persistent_notification_service(make_hub: HubFactory) -> None:
    hub = await make_hub("notify:\n")
    await hub.services.call(
        "notify",
        "persistent_notification",
        {"message": "Washing done", "title": "Laundry", "data": {"notification_id": "wash"}},
        blocking=True,
    )
    item = notifications(hub).items["wash"]
    assert (item.message, item.title) == ("Washing done", "Laundry")


async def test_legacy_platform_services(make_hub: HubFactory, recorder: Path) -> None:
    hub = await make_hub(
        """
        notify:
          - platform: recorder_notify
            name: Family
        """
    )
    assert hub.services.has_service("notify", "family")
    assert hub.services.has_service("notify", "family_kitchen_screen")
    assert hub.services.has_service("notify", "family_phone")
    await hub.services.call(
        "notify", "family", {"message": "Hello", "title": "Hi", "data": {"x": 1}}, blocking=True
    )
    await hub.services.call("notify", "family_phone", {"message": "Just you"}, blocking=True)
    import custom_components.recorder_notify.notify as platform  # type: ignore[import-not-found]

    assert platform.SENT == [
        ("Family", "Hello", {"title": "Hi", "data": {"x": 1}}),
        ("Family", "Just you", {"target": ["phone-7"]}),
    ]


class Screen(NotifyEntity):
    def __init__(self) -> None:
        self.entity_id = "notify.screen"
        self.messages: list[tuple[str, str | None]] = []

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        self.messages.append((message, title))


async def test_notify_entities_send_message(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub("notify:\n")
    screen = Screen()
    await add_entities(hub, "test", [screen])
    assert hub.states.is_state("notify.screen", "unknown")
    await clock.advance(30)
    await hub.services.call(
        "notify",
        "send_message",
        {"entity_id": "notify.screen", "message": "Tea", "title": "Kitchen"},
        blocking=True,
    )
    assert screen.messages == [("Tea", "Kitchen")]
    assert hub.states.is_state("notify.screen", "2026-01-15T12:00:30+00:00")
    await hub.stop()
    hub2 = await make_hub("notify:\n")
    await add_entities(hub2, "test", [Screen()])
    assert hub2.states.is_state("notify.screen", "2026-01-15T12:00:30+00:00")
