"""The ``http:`` configuration block (Home Assistant's keys and defaults)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import voluptuous as vol

from hub.config.validators import boolean, ensure_list, port, string
from hub.const import DEFAULT_PORT

DEFAULT_SERVER_HOST: Final = ("0.0.0.0", "::")
DEFAULT_CORS: Final = ("https://cast.home-assistant.io",)

CONFIG_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("server_host"): vol.All(ensure_list, [string]),
        vol.Optional("server_port", default=DEFAULT_PORT): port,
        vol.Optional("ssl_certificate"): string,
        vol.Optional("ssl_peer_certificate"): string,
        vol.Optional("ssl_key"): string,
        vol.Optional("ssl_profile", default="modern"): vol.In(["intermediate", "modern"]),
        vol.Optional("cors_allowed_origins", default=list(DEFAULT_CORS)): vol.All(
            ensure_list, [string]
        ),
        vol.Optional("use_x_forwarded_for", default=False): boolean,
        vol.Optional("trusted_proxies", default=[]): vol.All(ensure_list, [string]),
        vol.Optional("ip_ban_enabled", default=True): boolean,
        vol.Optional("login_attempts_threshold", default=-1): vol.All(
            vol.Coerce(int), vol.Any(-1, vol.Range(min=1))
        ),
        vol.Optional("use_x_frame_options", default=True): boolean,
    }
)


@dataclass(slots=True)
class HttpConfig:
    """Validated ``http:`` settings."""

    server_host: list[str] = field(default_factory=lambda: list(DEFAULT_SERVER_HOST))
    server_port: int = DEFAULT_PORT
    ssl_certificate: str | None = None
    ssl_key: str | None = None
    cors_allowed_origins: list[str] = field(default_factory=lambda: list(DEFAULT_CORS))
    use_x_forwarded_for: bool = False
    trusted_proxies: list[str] = field(default_factory=list)
    ip_ban_enabled: bool = True
    login_attempts_threshold: int = -1
    use_x_frame_options: bool = True

    @classmethod
    def from_config(cls, conf: dict[str, Any]) -> HttpConfig:
        """Build from a validated block."""
        return cls(
            server_host=conf.get("server_host") or list(DEFAULT_SERVER_HOST),
            server_port=conf.get("server_port", DEFAULT_PORT),
            ssl_certificate=conf.get("ssl_certificate"),
            ssl_key=conf.get("ssl_key"),
            cors_allowed_origins=conf.get("cors_allowed_origins", list(DEFAULT_CORS)),
            use_x_forwarded_for=conf.get("use_x_forwarded_for", False),
            trusted_proxies=conf.get("trusted_proxies", []),
            ip_ban_enabled=conf.get("ip_ban_enabled", True),
            login_attempts_threshold=conf.get("login_attempts_threshold", -1),
            use_x_frame_options=conf.get("use_x_frame_options", True),
        )
