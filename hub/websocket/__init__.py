"""The ``websocket_api`` integration: Home Assistant's WebSocket API (``/api/websocket``).

Other integrations add commands with ``hub.websocket.commands.register_command``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hub.auth import AUTH
from hub.const import EVENT_HUB_STOP
from hub.http.server import HTTP_SERVER
from hub.hub_data import HubKey
from hub.websocket.commands import register_command
from hub.websocket.core_commands import CORE_COMMANDS
from hub.websocket.entity_subscription import handle_subscribe_entities
from hub.websocket.registry_commands import REGISTRY_COMMANDS
from hub.websocket.template_commands import TEMPLATE_COMMANDS
from hub.websocket.view import LiveConnections, WebSocketView

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

DOMAIN: Final = "websocket_api"
CONNECTIONS: Final = HubKey[LiveConnections]("websocket_connections")


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Register the endpoint and the core, registry and template commands."""
    connections = LiveConnections()
    hub.data[CONNECTIONS] = connections
    for handler in (
        *CORE_COMMANDS,
        handle_subscribe_entities,
        *REGISTRY_COMMANDS,
        *TEMPLATE_COMMANDS,
    ):
        register_command(hub, handler)
    hub.data[HTTP_SERVER].register_view(WebSocketView(connections))
    hub.data[AUTH].on_refresh_token_removed(connections.token_revoked)

    async def close_all(_event: Event) -> None:
        await connections.close_all()

    hub.bus.listen_once(EVENT_HUB_STOP, close_all)
    return True
