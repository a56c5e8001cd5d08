"""Test-only integration for the JS client tests: services that return data.

``js_test.echo`` (response only) answers with what it was called with;
``js_test.count`` (response optional) counts its calls and answers only when asked.
"""

from __future__ import annotations

from typing import Any

from hub.services import ServiceCall, SupportsResponse

DOMAIN = "js_test"


async def async_setup(hub: Any, config: Any) -> bool:
    """Register the services."""
    calls = 0

    def echo(call: ServiceCall) -> dict[str, Any]:
        data = dict(call.data)
        return {
            "echo": data,
            "entity_ids": data.get("entity_id", []),
            "user_id": call.context.user_id,
        }

    def count(call: ServiceCall) -> dict[str, Any] | None:
        nonlocal calls
        calls += 1
        return {"calls": calls} if call.return_response else None

    hub.services.register(
        DOMAIN,
        "echo",
        echo,
        supports_response=SupportsResponse.ONLY,
        description={"name": "Echo", "description": "Answers with the call's data."},
    )
    hub.services.register(
        DOMAIN,
        "count",
        count,
        supports_response=SupportsResponse.OPTIONAL,
        description={"name": "Count", "description": "Counts its calls."},
    )
    return True
