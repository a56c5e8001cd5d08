"""The service registry: named actions (``switch.turn_on``) with a schema, callable by
automations, the API and other integrations.

A call validates its data against the service's voluptuous schema first (so a bad call
fails at the caller, blocking or not), fires ``call_service``, then runs the handler:
awaited when ``blocking``, as an owned task otherwise. Entity services (those that act on
a target of entities, devices or areas) are built on top of this in ``hub.entity``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from hub.const import EVENT_CALL_SERVICE, EVENT_SERVICE_REGISTERED, EVENT_SERVICE_REMOVED
from hub.context import Context
from hub.exceptions import ServiceNotFound, ServiceValidationError
from hub.states import ReadOnlyDict

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

ServiceResponse = dict[str, Any] | None
ServiceHandler = Callable[["ServiceCall"], ServiceResponse | Awaitable[ServiceResponse]]

# Keys of a call's ``target``; they are merged into the call data as HA does.
TARGET_KEYS = ("entity_id", "device_id", "area_id", "floor_id", "label_id")


class SupportsResponse(StrEnum):
    """Whether a service returns data: never, when asked, or always (HA's values)."""

    NONE = "none"
    OPTIONAL = "optional"
    ONLY = "only"


@dataclass(slots=True, frozen=True)
class ServiceCall:
    """One call of a service, as its handler sees it."""

    domain: str
    service: str
    data: Mapping[str, Any]
    context: Context
    return_response: bool = False

    def __repr__(self) -> str:
        return f"<ServiceCall {self.domain}.{self.service} {dict(self.data)}>"


@dataclass(slots=True)
class Service:
    """A registered service."""

    domain: str
    service: str
    handler: ServiceHandler
    schema: Callable[[Any], Any] | None
    supports_response: SupportsResponse = SupportsResponse.NONE
    # The service's services.yaml entry (name, description, fields, target), for the API.
    description: Mapping[str, Any] | None = None
    # Only administrators may call it through the API (stop, restart, log levels...).
    admin_only: bool = False
    is_coroutine: bool = field(init=False)

    def __post_init__(self) -> None:
        self.is_coroutine = inspect.iscoroutinefunction(self.handler)


class ServiceRegistry:
    """Every service the hub offers, by domain and name."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._services: dict[str, dict[str, Service]] = {}

    def register(
        self,
        domain: str,
        service: str,
        handler: ServiceHandler,
        schema: Callable[[Any], Any] | None = None,
        supports_response: SupportsResponse = SupportsResponse.NONE,
        description: Mapping[str, Any] | None = None,
        admin_only: bool = False,
    ) -> None:
        """Register (or replace) ``domain.service``."""
        domain, service = domain.lower(), service.lower()
        self._services.setdefault(domain, {})[service] = Service(
            domain, service, handler, schema, supports_response, description, admin_only
        )
        self._hub.bus.fire_internal(
            EVENT_SERVICE_REGISTERED, {"domain": domain, "service": service}
        )

    def remove(self, domain: str, service: str) -> None:
        """Unregister ``domain.service`` (no error if it does not exist)."""
        domain, service = domain.lower(), service.lower()
        services = self._services.get(domain)
        if services is None or services.pop(service, None) is None:
            return
        if not services:
            del self._services[domain]
        self._hub.bus.fire_internal(EVENT_SERVICE_REMOVED, {"domain": domain, "service": service})

    def has_service(self, domain: str, service: str) -> bool:
        """Whether ``domain.service`` is registered."""
        return service.lower() in self._services.get(domain.lower(), {})

    def get(self, domain: str, service: str) -> Service:
        """The registered service; raises ``ServiceNotFound``."""
        try:
            return self._services[domain.lower()][service.lower()]
        except KeyError:
            raise ServiceNotFound(domain, service) from None

    def services(self) -> dict[str, dict[str, Service]]:
        """A copy of the registry: domain -> service name -> Service."""
        return {domain: dict(services) for domain, services in self._services.items()}

    def domain_services(self, domain: str) -> dict[str, Service]:
        """The services of one domain."""
        return dict(self._services.get(domain.lower(), {}))

    async def call(
        self,
        domain: str,
        service: str,
        service_data: Mapping[str, Any] | None = None,
        blocking: bool = False,
        context: Context | None = None,
        target: Mapping[str, Any] | None = None,
        return_response: bool = False,
    ) -> ServiceResponse:
        """Call a service.

        Raises ``ServiceNotFound``, ``vol.Invalid`` for data the schema rejects, and
        ``ServiceValidationError`` for a response request the service cannot honour.
        Errors raised by the handler reach the caller only when ``blocking``.
        """
        handler = self.get(domain, service)
        if return_response:
            if not blocking:
                raise ValueError("A non-blocking service call cannot return a response")
            if handler.supports_response is SupportsResponse.NONE:
                raise ServiceValidationError(
                    f"Service {handler.domain}.{handler.service} does not return a response",
                    translation_key="service_does_not_support_response",
                )
        elif handler.supports_response is SupportsResponse.ONLY:
            raise ServiceValidationError(
                f"Service {handler.domain}.{handler.service} only returns a response; "
                "call it with return_response",
                translation_key="service_lacks_response_request",
            )

        data: dict[str, Any] = dict(service_data) if service_data else {}
        if target:
            data.update(target)
        processed = handler.schema(data) if handler.schema is not None else data
        context = context or Context()
        call = ServiceCall(
            handler.domain, handler.service, ReadOnlyDict(processed), context, return_response
        )
        self._hub.bus.fire_internal(
            EVENT_CALL_SERVICE,
            {"domain": handler.domain, "service": handler.service, "service_data": data},
            context=context,
        )
        if not blocking:
            self._hub.create_task(
                self._run_logged(handler, call), f"service {call.domain}.{call.service}"
            )
            return None
        response = await self._run(handler, call)
        if not return_response:
            return None
        if not isinstance(response, dict):
            raise ServiceValidationError(
                f"Service {handler.domain}.{handler.service} returned {type(response).__name__}, "
                "expected a dict"
            )
        return response

    @staticmethod
    async def _run(handler: Service, call: ServiceCall) -> ServiceResponse:
        if handler.is_coroutine:
            return await handler.handler(call)  # type: ignore[no-any-return,misc]
        result = handler.handler(call)
        if inspect.isawaitable(result):
            return await result
        return result

    async def _run_logged(self, handler: Service, call: ServiceCall) -> None:
        try:
            await self._run(handler, call)
        except asyncio.CancelledError:
            raise
        except Exception:
            _LOGGER.exception("Error executing service %s", call)
