"""One exception tree for the whole hub.

Callers catch by meaning (``ConfigError``, ``DeviceUnavailable``...) rather than by the
library that happened to raise, and every message is written for the person who has to
act on it: what is wrong, where, and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class HubError(Exception):
    """Base of every error the hub raises on purpose."""


class ConfigError(HubError):
    """Configuration that cannot be used, with the file and line it came from."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        super().__init__(self.located())

    def located(self) -> str:
        """The message prefixed with ``file:line:`` when the location is known."""
        if self.file is None:
            return self.message
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class IntegrationError(HubError):
    """An integration failed to load or to set up."""


class IntegrationNotFound(IntegrationError):
    """No integration with that domain exists."""

    def __init__(self, domain: str) -> None:
        self.domain = domain
        super().__init__(f"Integration '{domain}' not found.")


class ManifestError(IntegrationError):
    """An integration's manifest.json is missing or invalid."""


class DeviceUnavailable(IntegrationError):
    """A device or its gateway cannot be reached right now; setup is retried with backoff."""


class ProtocolError(HubError):
    """A frame or message that does not decode; it is logged and dropped."""


class AuthError(HubError):
    """Authentication or authorisation failed."""


class Unauthorized(AuthError):
    """The caller may not do this."""


class ReauthRequired(AuthError):
    """Stored credentials are no longer accepted; the user must sign in again."""


class StorageError(HubError):
    """A stored file could not be read, migrated or written."""


class CreditError(HubError):
    """A prepaid-credit operation was refused."""


class ServiceError(HubError):
    """A service call failed while running."""


class ServiceNotFound(ServiceError):
    """No service with that domain and name is registered."""

    def __init__(self, domain: str, service: str) -> None:
        self.domain = domain
        self.service = service
        super().__init__(f"Service {domain}.{service} not found.")

    @property
    def translation_placeholders(self) -> Mapping[str, str]:
        """Values HA clients substitute into the ``service_not_found`` message."""
        return {"domain": self.domain, "service": self.service}


class ServiceValidationError(ServiceError):
    """The caller asked for something the service cannot do (bad value, wrong mode...)."""

    def __init__(
        self,
        message: str,
        *,
        translation_key: str | None = None,
        translation_placeholders: Mapping[str, Any] | None = None,
    ) -> None:
        self.translation_key = translation_key
        self.translation_placeholders = dict(translation_placeholders or {})
        super().__init__(message)


class InvalidStateError(HubError):
    """A state, entity id or event type that breaks the state model's rules."""


class MaxLengthExceeded(InvalidStateError):
    """A value is longer than the state model allows (255 for states, 64 for event types)."""

    def __init__(self, value: str, property_name: str, max_length: int) -> None:
        self.value = value
        self.property_name = property_name
        self.max_length = max_length
        super().__init__(
            f"{property_name} is {len(value)} characters long, the maximum is {max_length}: "
            f"{value[:40]!r}..."
        )


class HubStopping(HubError):
    """The hub is stopping and no longer accepts this work."""


class TemplateError(HubError):
    """A template that does not compile or fails to render (message names file:line)."""


class ConditionError(HubError):
    """A condition could not be evaluated (unknown entity, non-numeric value, template
    error). Automations log it and treat the condition as failed."""
