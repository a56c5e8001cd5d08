"""persistent_notification: services, the hub API and the WebSocket subscription."""

from __future__ import annotations

import pytest
import voluptuous as vol

from components.persistent_notification import (
    async_create_notification,
    async_dismiss_notification,
    notifications,
)
from hub.clock import ManualClock
from hub.core import Hub
from tests.conftest import HubFactory
from tests.hub.websocket.conftest import (  # noqa: F401 - fixtures
    Connect,
    connect,
    demo_hub,
    fast_bcrypt,
    tokens,
)


async def test_services_create_and_dismiss(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub("")  # always set up, configured or not
    await hub.services.call(
        "persistent_notification",
        "create",
        {"message": "Boiler needs service", "title": "Boiler", "notification_id": "boiler"},
        blocking=True,
    )
    await hub.services.call(
        "persistent_notification", "create", {"message": "No id"}, blocking=True
    )
    items = notifications(hub).items
    assert items["boiler"].as_dict() == {
        "created_at": "2026-01-15T12:00:00+00:00",
        "message": "Boiler needs service",
        "notification_id": "boiler",
        "title": "Boiler",
    }
    generated = next(key for key in items if key != "boiler")
    assert len(generated) == 32
    assert items[generated].title is None
    await clock.advance(5)
    await hub.services.call(  # same id: replaced
        "persistent_notification",
        "create",
        {"message": "Serviced", "notification_id": "boiler"},
        blocking=True,
    )
    assert items["boiler"].message == "Serviced"
    assert items["boiler"].created_at.isoformat() == "2026-01-15T12:00:05+00:00"
    await hub.services.call(
        "persistent_notification", "dismiss", {"notification_id": "boiler"}, blocking=True
    )
    await hub.services.call(  # unknown: nothing happens
        "persistent_notification", "dismiss", {"notification_id": "nope"}, blocking=True
    )
    assert list(notifications(hub).items) == [generated]
    await hub.services.call("persistent_notification", "dismiss_all", blocking=True)
    assert notifications(hub).items == {}
    with pytest.raises(vol.Invalid):
        await hub.services.call("persistent_notification", "create", {}, blocking=True)


async def test_the_api_for_hub_code(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    notification_id = async_create_notification(hub, "Credit is low", "Prepaid meter")
    assert notifications(hub).items[notification_id].title == "Prepaid meter"
    assert async_create_notification(hub, "Again", notification_id="fixed") == "fixed"
    async_dismiss_notification(hub, notification_id)
    assert list(notifications(hub).items) == ["fixed"]


async def test_websocket_subscription(connect: Connect, demo_hub: Hub) -> None:  # noqa: F811
    async_create_notification(demo_hub, "Existing", notification_id="first")
    client = await connect("user")
    answer = await client.command("persistent_notification/subscribe")
    assert answer["success"] is True
    assert answer["result"] is None
    subscription = answer["id"]
    current = await client.event(subscription)
    assert current["type"] == "current"
    assert list(current["notifications"]) == ["first"]
    first = current["notifications"]["first"]
    assert list(first) == ["created_at", "message", "notification_id", "title"]
    assert first["message"] == "Existing"
    assert first["title"] is None

    await demo_hub.services.call(
        "persistent_notification",
        "create",
        {"message": "New", "title": "T", "notification_id": "second"},
        blocking=True,
    )
    added = await client.event(subscription)
    assert added["type"] == "added"
    assert list(added["notifications"]) == ["second"]
    assert added["notifications"]["second"]["title"] == "T"

    async_dismiss_notification(demo_hub, "first")
    removed = await client.event(subscription)
    assert removed == {"type": "removed", "notifications": {"first": first}}

    listed = await client.command("persistent_notification/get")
    assert [item["notification_id"] for item in listed["result"]] == ["second"]

    answer = await client.command("unsubscribe_events", subscription=subscription)
    assert answer["success"] is True
    async_create_notification(demo_hub, "Unseen")
    pong = await client.command("ping")
    assert pong["type"] == "pong"
    assert all(m.get("id") != subscription for m in client._held)
