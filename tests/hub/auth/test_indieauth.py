"""Tests of ``hub.auth.indieauth``: client id rules and redirect URI rules 1-3 (rule 4,
reading the client's page, is stubbed out in these tests and checked only for when it
would be consulted and how a page's links are read)."""

from __future__ import annotations

import pytest

from hub.auth import indieauth
from hub.auth.indieauth import (
    redirect_uri_without_fetch,
    verify_client_id,
    verify_redirect_uri,
)


@pytest.mark.parametrize(
    ("client_id", "valid"),
    [
        ("https://home-assistant.io/android", True),
        ("https://home-assistant.io/iOS", True),
        ("https://home-assistant.io/iOS/dev-auth", True),
        ("http://homeassistant.local:8123/", True),
        ("https://example.com", True),  # an empty path counts as "/"
        ("https://EXAMPLE.com/app", True),
        ("http://192.168.1.10:8123/", True),
        ("http://127.0.0.1/", True),
        ("http://[::1]:8123/", True),
        ("http://[fe80::1]/", True),
        ("http://10.0.0.8/", True),
        ("http://8.8.8.8/", False),  # public IP literal
        ("http://[2001:db8::1]/", False),
        ("ftp://example.com/", False),
        ("homeassistant://auth-callback", False),
        ("example.com", False),
        ("https://example.com/./app", False),
        ("https://example.com/a/../b", False),
        ("https://example.com/#fragment", False),
        ("https://user@example.com/", False),
        ("https://user:pass@example.com/", False),
        ("https://example.com:99999/", False),
        ("https://example.com:port/", False),
        ("https:///path", False),
        ("", False),
    ],
)
def test_client_id_rules(client_id: str, valid: bool) -> None:
    assert verify_client_id(client_id) is valid


ANDROID = "https://home-assistant.io/android"
IOS = "https://home-assistant.io/iOS"


@pytest.mark.parametrize(
    ("client_id", "redirect_uri", "decision"),
    [
        # rule 1: same scheme, host and port
        ("https://example.com/", "https://example.com/callback?x=1", True),
        ("https://example.com/", "https://EXAMPLE.com/other", True),
        ("http://192.168.1.10:8123/", "http://192.168.1.10:8123/auth", True),
        ("https://example.com/", "http://example.com/callback", None),
        ("https://example.com/", "https://example.com:8443/callback", None),
        ("https://example.com/", "https://evil.example/callback", None),
        # rule 2: the iOS app
        (IOS, "homeassistant://auth-callback", True),
        (IOS, "homeassistant-dev://auth-callback", None),
        ("https://home-assistant.io/iOS/dev-auth", "homeassistant://auth-callback", None),
        # rule 3: the Android app and its watches
        (ANDROID, "homeassistant://auth-callback", True),
        (ANDROID, "https://wear.googleapis.com/3p_auth/io.homeassistant.companion.android", True),
        (
            ANDROID,
            "https://wear.googleapis-cn.com/3p_auth/io.homeassistant.companion.android",
            True,
        ),
        (ANDROID, "https://wear.googleapis.com/3p_auth/other.app", None),
        # an invalid client id is never redirected to
        ("http://8.8.8.8/", "http://8.8.8.8/callback", False),
        ("https://example.com/", "https://example.com:bad/", False),
    ],
)
def test_redirect_rules_without_the_network(
    client_id: str, redirect_uri: str, decision: bool | None
) -> None:
    assert redirect_uri_without_fetch(client_id, redirect_uri) is decision


async def test_rule_four_reads_the_client_page_only_when_needed(
    client_pages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await verify_redirect_uri(ANDROID, "homeassistant://auth-callback")
    assert client_pages == []
    assert not await verify_redirect_uri("https://example.com/app", "https://other.example/cb")
    assert client_pages == ["https://example.com/app"]

    async def page_links(url: str) -> list[str]:
        return ["https://other.example/cb"]

    monkeypatch.setattr(indieauth, "fetch_redirect_uris", page_links)
    assert await verify_redirect_uri("https://example.com/app", "https://other.example/cb")


def test_redirect_links_are_read_from_the_page() -> None:
    parser = indieauth._RedirectLinks()
    parser.feed(
        '<html><head><link rel="stylesheet" href="/style.css">'
        '<link rel="redirect_uri" href="/callback">'
        '<LINK REL="me redirect_uri" HREF="https://other.example/cb">'
        "<link rel=redirect_uri></head></html>"
    )
    assert parser.hrefs == ["/callback", "https://other.example/cb"]
