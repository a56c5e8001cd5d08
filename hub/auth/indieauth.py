"""IndieAuth client ids and redirect URIs, as Home Assistant checks them.

A client identifies itself by a URL (``client_id``), and a login may only send its
authorization code back to a ``redirect_uri`` the client vouches for:

1. the same scheme and host (with port) as the client id;
2. the iOS app's ``homeassistant://auth-callback``;
3. the Android app's callback and its Wear OS callbacks;
4. otherwise a ``<link rel="redirect_uri" href="...">`` on the client id's page (read
   with a 5 s timeout and at most 10 kB).

Only rule 4 touches the network; the companion apps never need it.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from ipaddress import ip_address
from typing import Final
from urllib.parse import SplitResult, urljoin, urlsplit

import aiohttp

from hub.auth.local_access import is_local

_LOGGER = logging.getLogger(__name__)

IOS_CLIENT_ID: Final = "https://home-assistant.io/iOS"
ANDROID_CLIENT_ID: Final = "https://home-assistant.io/android"
APP_CALLBACK: Final = "homeassistant://auth-callback"
ANDROID_REDIRECT_URIS: Final = (
    APP_CALLBACK,
    "https://wear.googleapis.com/3p_auth/io.homeassistant.companion.android",
    "https://wear.googleapis-cn.com/3p_auth/io.homeassistant.companion.android",
)

FETCH_TIMEOUT: Final = 5.0
FETCH_LIMIT: Final = 10 * 1024


def parse_client_id(client_id: str) -> SplitResult:
    """The parts of a valid client id; raises ``ValueError`` saying what is wrong."""
    parts = urlsplit(client_id)
    if parts.scheme not in ("http", "https"):
        raise ValueError("Client ID needs an http or https scheme")
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        raise ValueError("Client ID cannot contain single-dot or double-dot path segments")
    if parts.fragment:
        raise ValueError("Client ID cannot contain a fragment")
    if parts.username is not None or parts.password is not None:
        raise ValueError("Client ID cannot contain a username or password")
    _ = parts.port  # raises ValueError for a port that does not parse
    host = parts.hostname
    if not host:
        raise ValueError("Client ID needs a host")
    try:
        address = ip_address(host)
    except ValueError:
        return parts  # a domain name
    if not is_local(address):
        raise ValueError("Client ID host must be a domain name or a local IP address")
    return parts


def verify_client_id(client_id: str | None) -> bool:
    """Whether ``client_id`` is an acceptable IndieAuth client id."""
    if not client_id:
        return False
    try:
        parse_client_id(client_id)
    except ValueError:
        return False
    return True


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    return parts.scheme, parts.hostname or "", parts.port


def redirect_uri_without_fetch(client_id: str, redirect_uri: str) -> bool | None:
    """Rules 1-3: True or False when they decide, None when only rule 4 can."""
    try:
        client = parse_client_id(client_id)
        redirect = urlsplit(redirect_uri)
        redirect_origin = _origin(redirect)
    except ValueError:
        return False
    if _origin(client) == redirect_origin and redirect.hostname:
        return True
    if client_id == IOS_CLIENT_ID and redirect_uri == APP_CALLBACK:
        return True
    if client_id == ANDROID_CLIENT_ID and redirect_uri in ANDROID_REDIRECT_URIS:
        return True
    return None


async def verify_redirect_uri(client_id: str, redirect_uri: str) -> bool:
    """Whether a login of ``client_id`` may be sent back to ``redirect_uri``."""
    decided = redirect_uri_without_fetch(client_id, redirect_uri)
    if decided is not None:
        return decided
    return redirect_uri in await fetch_redirect_uris(client_id)


async def fetch_redirect_uris(url: str) -> list[str]:
    """The ``redirect_uri`` links on the page at ``url`` (resolved against it); empty
    when the page cannot be read."""
    timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT)
    parser = _RedirectLinks()
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(url) as response,
        ):
            received = 0
            async for chunk in response.content.iter_chunked(1024):
                received += len(chunk)
                parser.feed(chunk.decode("utf-8", errors="replace"))
                if received >= FETCH_LIMIT:
                    break
    except (aiohttp.ClientError, TimeoutError, UnicodeError, ValueError) as err:
        _LOGGER.debug("Cannot read redirect URIs of client %s: %s", url, err)
        return []
    return [urljoin(url, href) for href in parser.hrefs]


class _RedirectLinks(HTMLParser):
    """Collects ``href`` of ``<link rel="redirect_uri">`` tags."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = dict(attrs)
        rel, href = values.get("rel"), values.get("href")
        if rel and href and "redirect_uri" in rel.split():
            self.hrefs.append(href)
