"""Tests of the endpoints whose engines arrive later: routed, authenticated, 501."""

from __future__ import annotations

import pytest

from tests.hub.http.conftest import ApiClient


@pytest.mark.parametrize(
    ("method", "path", "issue"),
    [
        ("GET", "/api/history/period", "issue 6"),
        ("GET", "/api/history/period/2026-01-15T00:00:00+00:00", "issue 6"),
        ("GET", "/api/logbook", "issue 6"),
        ("GET", "/api/logbook/2026-01-15T00:00:00+00:00", "issue 6"),
    ],
)
async def test_unfinished_endpoints_say_which_issue_brings_them(
    api: ApiClient, method: str, path: str, issue: str
) -> None:
    reply = await api.request(method, path)
    assert reply.status == 501
    assert reply.content_type == "application/json"
    assert issue in reply.json()["message"]
    anonymous = await api.request(method, path, role=None)
    assert (anonymous.status, anonymous.text) == (401, "401: Unauthorized")


async def test_history_is_not_there_yet_for_any_role(api: ApiClient) -> None:
    assert (await api.get("/api/history/period", role="read_only")).status == 501
