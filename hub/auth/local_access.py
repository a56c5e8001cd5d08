"""Which addresses are local, and whether a user may sign in from an address.

Home Assistant's networks: loopback, the private ranges (RFC 1918 and IPv6 unique-local
``fd00::/8``, also as IPv4-mapped IPv6) and link-local. A user flagged ``local_only`` is
refused from anywhere else. The login flow, ``/auth/token``, the HTTP auth middleware and
the WebSocket auth phase all ask ``user_access_error``.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from hub.auth.models import User

LOCAL_NETWORKS: Final = tuple(
    ip_network(network)
    for network in (
        # loopback
        "127.0.0.0/8",
        "::1/128",
        "::ffff:127.0.0.0/104",
        # private
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fd00::/8",
        "::ffff:10.0.0.0/104",
        "::ffff:172.16.0.0/108",
        "::ffff:192.168.0.0/112",
        # link-local
        "169.254.0.0/16",
        "fe80::/10",
    )
)

USER_NOT_ACTIVE: Final = "User is not active"
USER_REMOTE: Final = "User cannot authenticate remotely"


def is_local(address: IPv4Address | IPv6Address) -> bool:
    """Whether ``address`` is loopback, private or link-local."""
    return any(address in network for network in LOCAL_NETWORKS)


def is_local_remote(remote: str | None) -> bool:
    """Whether a request's remote address (a string, maybe None) is local."""
    if remote is None:
        return False
    try:
        return is_local(ip_address(remote))
    except ValueError:
        return False


def user_access_error(user: User, remote: str | None) -> str | None:
    """Why ``user`` may not sign in from ``remote`` (HA's messages), or None."""
    if not user.is_active:
        return USER_NOT_ACTIVE
    if not user.local_only:
        return None
    if remote is None:
        return "No request available to validate local access"
    try:
        address = ip_address(remote)
    except ValueError:
        return "Invalid remote IP"
    return None if is_local(address) else USER_REMOTE
