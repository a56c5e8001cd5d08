"""IP bans after failed logins (Home Assistant's ``http:`` ``ip_ban_enabled`` and
``login_attempts_threshold``).

A failed login is any 401 a view raises, a login-flow or ``/auth/token`` answer of 400
or more, a login form answered with ``invalid_auth``/``invalid_code``, and a WebSocket
``auth_invalid``. Each one is logged as a warning. When a threshold of 1 or more is
configured and one address reaches it, the address is appended to
``<config>/ip_bans.yaml`` and from then on every request from it, ``/api/websocket``
included, is answered ``403: Forbidden``. A successful login resets the address's count.
Bans are lifted by editing ``ip_bans.yaml`` and restarting.

Other parts report logins with two plain functions (no await needed)::

    from hub.http.ban import record_failed_login, record_successful_login

    record_failed_login(request, "WebSocket auth with an invalid access token")
    record_successful_login(request)

Both also take an address string plus ``hub=`` for callers without a request.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import yaml
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from hub.http.keys import HUB_KEY
from hub.hub_data import HubKey
from hub.timestamps import parse_datetime

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

IP_BANS_FILE: Final = "ip_bans.yaml"
ATTR_BANNED_AT: Final = "banned_at"

Address = IPv4Address | IPv6Address


@dataclass(slots=True, frozen=True)
class IpBan:
    """One banned address."""

    address: Address
    banned_at: datetime


class IpBans:
    """Failed-login counts and the banned addresses of one hub."""

    def __init__(self, hub: Hub, *, enabled: bool, threshold: int) -> None:
        self.hub = hub
        self.enabled = enabled
        self.threshold = threshold
        self.path = hub.path(IP_BANS_FILE)
        self.bans: dict[Address, IpBan] = {}
        self.failures: defaultdict[Address, int] = defaultdict(int)

    async def load(self) -> None:
        """Read ``ip_bans.yaml``; a broken file is logged and ignored."""
        if self.enabled:
            self.bans = await self.hub.add_executor_job(read_bans, self.path)

    def is_banned(self, remote: str | None) -> bool:
        """Whether requests from ``remote`` are refused."""
        if not self.bans or remote is None:
            return False
        address = _address(remote)
        return address is not None and address in self.bans

    def failed(self, remote: str | None, reason: str) -> None:
        """Count a failed login from ``remote``; ban it at the threshold."""
        _LOGGER.warning(
            "Login attempt or request with invalid authentication from %s: %s", remote, reason
        )
        address = _address(remote)
        if address is None or not self.enabled or self.threshold < 1:
            return
        self.failures[address] += 1
        if self.failures[address] < self.threshold or address in self.bans:
            return
        ban = IpBan(address, self.hub.clock.utcnow())
        self.bans[address] = ban
        # Persistent notifications ("ip-ban") come with a later issue; the log says it now.
        _LOGGER.warning("Banned IP %s for too many login attempts", address)
        self.hub.create_task(self._append(ban), "ip ban write")

    def succeeded(self, remote: str | None) -> None:
        """A successful login from ``remote`` forgets its failures."""
        address = _address(remote)
        if address is not None:
            self.failures.pop(address, None)

    async def _append(self, ban: IpBan) -> None:
        try:
            await self.hub.add_executor_job(append_ban, self.path, ban)
        except OSError as err:
            _LOGGER.error("Cannot write %s: %s (the ban holds until restart)", self.path, err)


IP_BANS: Final = HubKey[IpBans]("http_ip_bans")


def ban_middleware(bans: IpBans) -> Middleware:
    """Refuse banned addresses; count the 401s views raise."""

    @web.middleware
    async def check_ban(request: web.Request, handler: Handler) -> web.StreamResponse:
        if bans.is_banned(request.remote):
            raise web.HTTPForbidden(text="403: Forbidden")
        try:
            return await handler(request)
        except web.HTTPUnauthorized:
            bans.failed(request.remote, f"unauthorized request for '{request.rel_url}'")
            raise

    return check_ban


def record_failed_login(
    request_or_ip: web.Request | str, reason: str, hub: Hub | None = None
) -> None:
    """Count a failed login (and log it); bans the address at the threshold.

    Pass the aiohttp request, or the remote address with ``hub=``.
    """
    bans = _bans(request_or_ip, hub)
    remote = request_or_ip.remote if isinstance(request_or_ip, web.Request) else request_or_ip
    if bans is None:
        _LOGGER.warning(
            "Login attempt or request with invalid authentication from %s: %s", remote, reason
        )
        return
    bans.failed(remote, reason)


def record_successful_login(request_or_ip: web.Request | str, hub: Hub | None = None) -> None:
    """Reset the failed-login count of the request's address."""
    bans = _bans(request_or_ip, hub)
    if bans is not None:
        bans.succeeded(
            request_or_ip.remote if isinstance(request_or_ip, web.Request) else request_or_ip
        )


def _bans(request_or_ip: web.Request | str, hub: Hub | None) -> IpBans | None:
    if isinstance(request_or_ip, web.Request):
        hub = request_or_ip.app.get(HUB_KEY)
    return hub.data.get(IP_BANS) if hub is not None else None


def _address(remote: str | None) -> Address | None:
    if remote is None:
        return None
    try:
        return ip_address(remote)
    except ValueError:
        return None


def read_bans(path: Path) -> dict[Address, IpBan]:
    """The bans in ``ip_bans.yaml`` (``<ip>: {banned_at: <iso>}``). Blocking."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeError) as err:
        _LOGGER.error("Cannot read %s: %s; starting without IP bans", path, err)
        return {}
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as err:
        _LOGGER.error("%s is not valid YAML (%s); starting without IP bans", path, err)
        return {}
    if content is None:
        return {}
    if not isinstance(content, dict):
        _LOGGER.error("%s should map addresses to {banned_at: ...}; starting without IP bans", path)
        return {}
    bans: dict[Address, IpBan] = {}
    for key, info in content.items():
        ban = _ban_entry(key, info)
        if ban is None:
            _LOGGER.error("%s: ignoring the invalid ban entry %r: %r", path, key, info)
            continue
        bans[ban.address] = ban
    return bans


def _ban_entry(key: Any, info: Any) -> IpBan | None:
    address = _address(str(key))
    if address is None or not (info is None or isinstance(info, dict)):
        return None
    banned_at: Any = (info or {}).get(ATTR_BANNED_AT)
    if isinstance(banned_at, str):
        banned_at = parse_datetime(banned_at)
        if banned_at is None:
            return None
    if banned_at is None:
        banned_at = datetime.now(UTC)
    if not isinstance(banned_at, datetime):
        return None
    return IpBan(address, banned_at)


def append_ban(path: Path, ban: IpBan) -> None:
    """Append one ban to ``ip_bans.yaml`` in a single write. Blocking."""
    entry = yaml.safe_dump({str(ban.address): {ATTR_BANNED_AT: ban.banned_at.isoformat()}})
    prefix = ""
    if path.exists() and path.stat().st_size:
        with path.open("rb") as existing:
            existing.seek(-1, 2)
            prefix = "" if existing.read(1) == b"\n" else "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(prefix + entry)
