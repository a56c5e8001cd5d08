"""Tests of ``hub.auth.user_commands``: the People page's user administration and
password changes, over a real WebSocket."""

from __future__ import annotations

from hub.auth import AUTH
from hub.auth.permissions import GROUP_ADMIN, GROUP_READ_ONLY
from tests.hub.auth.conftest import OWNER, AuthClient, add_user, password_of, ws_as

ADMIN_COMMANDS = (
    ("config/auth/list", {}),
    ("config/auth/create", {"name": "X"}),
    ("config/auth/update", {"user_id": "x", "name": "Y"}),
    ("config/auth/delete", {"user_id": "x"}),
    (
        "config/auth_provider/homeassistant/create",
        {"user_id": "x", "username": "x", "password": "p"},
    ),
    ("config/auth_provider/homeassistant/admin_change_password", {"user_id": "x", "password": "p"}),
)


async def test_non_admins_are_refused(client: AuthClient) -> None:
    await add_user(client.hub, "reader", group=GROUP_READ_ONLY)
    ws = await ws_as(client, "reader")
    for command, fields in ADMIN_COMMANDS:
        error = await ws.error(command, **fields)
        assert error == {"code": "unauthorized", "message": "Unauthorized"}, command
    await ws.close()


async def test_create_a_user_the_way_the_web_ui_does(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    created = await ws.result(
        "config/auth/create", name="Grace", group_ids=["system-users"], local_only=True
    )
    user = created["user"]
    assert user == {
        "id": user["id"],
        "username": None,
        "name": "Grace",
        "is_owner": False,
        "is_active": True,
        "local_only": True,
        "system_generated": False,
        "group_ids": ["system-users"],
        "credentials": [],
    }
    assert (
        await ws.result(
            "config/auth_provider/homeassistant/create",
            user_id=user["id"],
            username="grace",
            password="cobol",
        )
        is None
    )
    listed = {u["name"]: u for u in await ws.result("config/auth/list")}
    assert listed["Grace"]["username"] == "grace"
    assert listed["Grace"]["credentials"] == [{"type": "homeassistant"}]
    assert listed["Owner"]["is_owner"] is True
    assert await client.login("grace", "cobol")

    taken = await ws.error(
        "config/auth_provider/homeassistant/create",
        user_id=user["id"],
        username="owner",
        password="p",
    )
    assert taken == {
        "code": "home_assistant_error",
        "message": 'Username "owner" already exists',
        "translation_key": "username_already_exists",
        "translation_placeholders": {"username": "owner"},
        "translation_domain": "auth",
    }
    shouting = await ws.error(
        "config/auth_provider/homeassistant/create",
        user_id=user["id"],
        username="GRACE2",
        password="p",
    )
    assert shouting["translation_key"] == "username_not_normalized"
    unknown_group = await ws.error("config/auth/create", name="Z", group_ids=["wizards"])
    assert unknown_group["code"] == "invalid_format"
    await ws.close()


async def test_update_a_user(client: AuthClient) -> None:
    guest = await add_user(client.hub, "guest")
    ws = await ws_as(client, OWNER)
    updated = await ws.result(
        "config/auth/update", user_id=guest.id, name="Visitor", group_ids=[GROUP_ADMIN]
    )
    assert updated["user"]["name"] == "Visitor"
    assert updated["user"]["group_ids"] == [GROUP_ADMIN]
    assert guest.is_admin

    await ws.result("config/auth/update", user_id=guest.id, is_active=False)
    flow_id = (await client.start_flow()).json()["flow_id"]
    blocked = await client.step(flow_id, username="guest", password=password_of("guest"))
    assert blocked.status == 403

    owner = client.hub.data[AUTH].get_user_by_username(OWNER)
    assert owner is not None
    refused = await ws.error("config/auth/update", user_id=owner.id, is_active=False)
    assert refused == {"code": "cannot_deactivate_owner", "message": "Unable to deactivate owner."}
    missing = await ws.error("config/auth/update", user_id="nobody", name="X")
    assert missing == {"code": "not_found", "message": "User not found"}
    system = await client.hub.data[AUTH].create_system_user("Link", "provider")
    frozen = await ws.error("config/auth/update", user_id=system.id, name="X")
    assert frozen["code"] == "cannot_modify_system_generated"
    await ws.close()


async def test_delete_a_user(client: AuthClient) -> None:
    guest = await add_user(client.hub, "guest")
    guest_tokens = await client.tokens("guest")
    ws = await ws_as(client, OWNER)
    owner = client.hub.data[AUTH].get_user_by_username(OWNER)
    assert owner is not None
    itself = await ws.error("config/auth/delete", user_id=owner.id)
    assert itself == {"code": "no_delete_self", "message": "Unable to delete your own account"}
    assert (await ws.error("config/auth/delete", user_id="nobody"))["code"] == "not_found"
    assert await ws.result("config/auth/delete", user_id=guest.id) is None
    assert client.hub.data[AUTH].get_user(guest.id) is None
    bearer = {"Authorization": f"Bearer {guest_tokens['access_token']}"}
    assert (await client.get("/api/", headers=bearer)).status == 401
    flow_id = (await client.start_flow()).json()["flow_id"]
    gone = await client.step(flow_id, username="guest", password=password_of("guest"))
    assert gone.json()["errors"] == {"base": "invalid_auth"}
    await ws.close()


async def test_change_own_password(client: AuthClient) -> None:
    await add_user(client.hub, "guest")
    ws = await ws_as(client, "guest")
    wrong = await ws.error(
        "config/auth_provider/homeassistant/change_password",
        current_password="nope",
        new_password="new-one",
    )
    assert wrong == {"code": "invalid_current_password", "message": "Invalid current password"}
    assert (
        await ws.result(
            "config/auth_provider/homeassistant/change_password",
            current_password=password_of("guest"),
            new_password="new-one",
        )
        is None
    )
    assert await client.login("guest", "new-one")
    await ws.close()


async def test_only_the_owner_sets_other_peoples_passwords(client: AuthClient) -> None:
    guest = await add_user(client.hub, "guest")
    await add_user(client.hub, "boss", group=GROUP_ADMIN)
    boss = await ws_as(client, "boss")
    refused = await boss.error(
        "config/auth_provider/homeassistant/admin_change_password", user_id=guest.id, password="x"
    )
    assert refused["code"] == "unauthorized"
    await boss.close()

    owner = await ws_as(client, OWNER)
    assert (
        await owner.result(
            "config/auth_provider/homeassistant/admin_change_password",
            user_id=guest.id,
            password="reset-by-owner",
        )
        is None
    )
    assert await client.login("guest", "reset-by-owner")
    missing = await owner.error(
        "config/auth_provider/homeassistant/admin_change_password", user_id="nobody", password="x"
    )
    assert missing == {"code": "user_not_found", "message": "User not found"}
    await owner.close()
