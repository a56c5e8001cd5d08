"""The ``http:`` configuration block (Home Assistant's keys and defaults).

``use_x_forwarded_for`` and ``trusted_proxies`` go together, as in Home Assistant: a
reverse proxy is trusted only when both are set. File paths (certificates) are not
checked here; validation does not touch the disk, and the server reports a file it
cannot load when it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Any, Final

import voluptuous as vol

from hub.config.validators import boolean, ensure_list, port, string
from hub.const import DEFAULT_PORT

DEFAULT_SERVER_HOST: Final = ("0.0.0.0", "::")
DEFAULT_CORS: Final = ("https://cast.home-assistant.io",)
SSL_MODERN: Final = "modern"
SSL_INTERMEDIATE: Final = "intermediate"

IPNetwork = IPv4Network | IPv6Network


def network(value: Any) -> IPNetwork:
    """An IP network (``192.168.1.0/24``) or a single address (``172.30.33.2``)."""
    try:
        return ip_network(string(value))
    except ValueError as err:
        raise vol.Invalid(
            "expected an IP address or network such as 172.30.33.0/24 "
            "(host bits must be zero: write 192.168.1.0/24, not 192.168.1.1/24)"
        ) from err


_PROXY_PAIR = "use_x_forwarded_for and trusted_proxies go together: set both or neither"

CONFIG_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("server_host"): vol.All(ensure_list, vol.Length(min=1), [string]),
        vol.Optional("server_port", default=DEFAULT_PORT): port,
        vol.Optional("ssl_certificate"): string,
        vol.Optional("ssl_peer_certificate"): string,
        vol.Optional("ssl_key"): string,
        vol.Optional("ssl_profile", default=SSL_MODERN): vol.In([SSL_INTERMEDIATE, SSL_MODERN]),
        vol.Optional("cors_allowed_origins", default=list(DEFAULT_CORS)): vol.All(
            ensure_list, [string]
        ),
        vol.Inclusive("use_x_forwarded_for", "proxy", msg=_PROXY_PAIR): boolean,
        vol.Inclusive("trusted_proxies", "proxy", msg=_PROXY_PAIR): vol.All(ensure_list, [network]),
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
    ssl_peer_certificate: str | None = None
    ssl_profile: str = SSL_MODERN
    cors_allowed_origins: list[str] = field(default_factory=lambda: list(DEFAULT_CORS))
    use_x_forwarded_for: bool = False
    trusted_proxies: list[IPNetwork] = field(default_factory=list)
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
            ssl_peer_certificate=conf.get("ssl_peer_certificate"),
            ssl_profile=conf.get("ssl_profile", SSL_MODERN),
            cors_allowed_origins=list(conf.get("cors_allowed_origins", DEFAULT_CORS)),
            use_x_forwarded_for=conf.get("use_x_forwarded_for", False),
            trusted_proxies=[network(item) for item in conf.get("trusted_proxies", [])],
            ip_ban_enabled=conf.get("ip_ban_enabled", True),
            login_attempts_threshold=conf.get("login_attempts_threshold", -1),
            use_x_frame_options=conf.get("use_x_frame_options", True),
        )
