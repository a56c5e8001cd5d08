"""The ``homeassistant:`` block: where the home is, its units, time zone and money.

The schema accepts exactly Home Assistant's 2025.1 keys and rejects any other, so a
misspelt ``lattitude`` is reported at its line instead of being ignored. Keys Home
Assistant still accepts but no longer uses (``temperature_unit``, ``legacy_templates``)
are validated and dropped.

``CoreConfig`` is mutable (slots, not frozen): the hub changes it at run time through
``homeassistant.set_location`` and the ``config/core/update`` WebSocket command. Folder
defaults that depend on the configuration folder (``media_dirs`` defaulting to
``<config>/media``, ``www`` in ``allowlist_external_dirs``) are applied by the runtime, not
here. Folder paths are not checked for existence here either: validation must not touch
the disk, and HA's check happens where the folders are used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import voluptuous as vol

from hub.config.location import invalid_errors
from hub.config.validators import (
    boolean,
    country,
    currency_or_historic,
    ensure_list,
    entity_id,
    integer,
    language,
    latitude,
    longitude,
    positive_int,
    slug,
    string,
    time_zone,
    unit_system,
    url,
)
from hub.exceptions import ConfigError

CORE_DOMAIN = "homeassistant"

_CUSTOMIZE_ENTRY = vol.Schema(
    {
        vol.Optional("friendly_name"): string,
        vol.Optional("hidden"): boolean,
        vol.Optional("assumed_state"): boolean,
    },
    extra=vol.ALLOW_EXTRA,
)

CUSTOMIZE_SCHEMA = vol.Schema(
    {
        vol.Optional("customize", default=dict): vol.Schema({entity_id: _CUSTOMIZE_ENTRY}),
        vol.Optional("customize_domain", default=dict): vol.Schema({string: _CUSTOMIZE_ENTRY}),
        vol.Optional("customize_glob", default=dict): vol.Schema({string: _CUSTOMIZE_ENTRY}),
    }
)


def _unique_by(
    what: str, key: Callable[[Mapping[str, Any]], Any]
) -> Callable[[Sequence[Mapping[str, Any]]], Sequence[Mapping[str, Any]]]:
    """A validator refusing two list entries with the same ``key(entry)``."""

    def validate(entries: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
        seen: set[Any] = set()
        for entry in entries:
            identity = key(entry)
            if identity in seen:
                raise vol.Invalid(
                    f"{what} {entry['type']} is listed twice; give each one a unique id"
                )
            seen.add(identity)
        return entries

    return validate


_AUTH_ENTRY = vol.Schema(
    {
        vol.Required("type"): string,
        vol.Optional("id"): string,
        vol.Optional("name"): string,
    },
    extra=vol.ALLOW_EXTRA,
)


def _stun_or_turn_url(value: Any) -> str:
    text = string(value)
    if urlsplit(text).scheme not in ("stun", "stuns", "turn", "turns"):
        raise vol.Invalid("expected a stun:, stuns:, turn: or turns: address")
    return text


_ICE_SERVER = vol.Schema(
    {
        vol.Required("url"): vol.All(ensure_list, [_stun_or_turn_url]),
        vol.Optional("username"): string,
        vol.Optional("credential"): string,
    }
)

CORE_CONFIG_SCHEMA = CUSTOMIZE_SCHEMA.extend(
    {
        vol.Optional("name"): string,
        vol.Optional("latitude"): latitude,
        vol.Optional("longitude"): longitude,
        vol.Optional("elevation"): integer,
        vol.Optional("radius"): positive_int,
        vol.Optional("unit_system"): unit_system,
        vol.Remove("temperature_unit"): vol.All(string, vol.Upper, vol.In(["C", "F"])),
        vol.Optional("time_zone"): time_zone,
        vol.Optional("currency"): currency_or_historic,
        vol.Optional("country"): country,
        vol.Optional("language"): language,
        vol.Optional("internal_url"): url,
        vol.Optional("external_url"): url,
        vol.Optional("allowlist_external_dirs"): vol.All(ensure_list, [string]),
        vol.Optional("whitelist_external_dirs"): vol.All(ensure_list, [string]),
        vol.Optional("allowlist_external_urls"): vol.All(ensure_list, [url]),
        vol.Optional("media_dirs"): vol.Schema({slug: string}),
        # Packages are merged into the configuration before this schema runs.
        vol.Optional("packages"): vol.Any(None, dict),
        vol.Optional("auth_providers"): vol.All(
            ensure_list,
            [_AUTH_ENTRY],
            _unique_by("auth provider", lambda entry: (entry["type"], entry.get("id"))),
        ),
        vol.Optional("auth_mfa_modules"): vol.All(
            ensure_list,
            [_AUTH_ENTRY],
            _unique_by("mfa module", lambda entry: entry.get("id", entry["type"])),
        ),
        vol.Remove("legacy_templates"): boolean,
        vol.Optional("debug"): boolean,
        vol.Optional("webrtc"): vol.Schema(
            {vol.Required("ice_servers"): vol.All(ensure_list, [_ICE_SERVER])}
        ),
    }
)


@dataclass(slots=True)
class CoreConfig:
    """The validated core settings, with Watthub's defaults for what is not set."""

    name: str = "Home"
    latitude: float = 52.37
    longitude: float = 4.89
    elevation: int = 0
    radius: int = 100
    unit_system: str = "metric"
    time_zone: str = "UTC"
    currency: str = "EUR"
    country: str | None = None
    language: str = "en"
    internal_url: str | None = None
    external_url: str | None = None
    allowlist_external_dirs: list[str] = field(default_factory=list)
    allowlist_external_urls: list[str] = field(default_factory=list)
    media_dirs: dict[str, str] = field(default_factory=dict)
    customize: dict[str, dict[str, Any]] = field(default_factory=dict)
    customize_domain: dict[str, dict[str, Any]] = field(default_factory=dict)
    customize_glob: dict[str, dict[str, Any]] = field(default_factory=dict)
    # None: not configured, so the auth layer uses Home Assistant's defaults.
    auth_providers: list[dict[str, Any]] | None = None
    auth_mfa_modules: list[dict[str, Any]] | None = None
    webrtc_ice_servers: list[dict[str, Any]] = field(default_factory=list)
    debug: bool = False

    @classmethod
    def from_config(cls, validated: Mapping[str, Any]) -> CoreConfig:
        """Build from the output of ``CORE_CONFIG_SCHEMA``; absent keys keep defaults."""
        core = cls()
        for key in _PLAIN_FIELDS:
            if key in validated:
                setattr(core, key, _plain(validated[key]))
        core.allowlist_external_dirs = _plain(
            [
                *validated.get("allowlist_external_dirs", ()),
                *validated.get("whitelist_external_dirs", ()),
            ]
        )
        for key in ("allowlist_external_urls", "auth_providers", "auth_mfa_modules"):
            if key in validated:
                setattr(core, key, [_plain(item) for item in validated[key]])
        for key in ("media_dirs", "customize", "customize_domain", "customize_glob"):
            setattr(core, key, _plain(validated.get(key, {})))
        if "webrtc" in validated:
            core.webrtc_ice_servers = _plain(validated["webrtc"]["ice_servers"])
        return core


_PLAIN_FIELDS = (
    "name",
    "latitude",
    "longitude",
    "elevation",
    "radius",
    "unit_system",
    "time_zone",
    "currency",
    "country",
    "language",
    "internal_url",
    "external_url",
    "debug",
)


def _plain(value: Any) -> Any:
    """Located YAML containers as plain ``dict``/``list``/``str`` for run-time state."""
    if isinstance(value, Mapping):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def check_core_config(config_root: Mapping[str, Any]) -> tuple[CoreConfig, list[ConfigError]]:
    """Validate ``config_root["homeassistant"]`` (may be absent).

    Returns the ``CoreConfig`` and every problem, each at its line; with problems the
    ``CoreConfig`` holds the defaults, so a hub can still start and say what is wrong.
    """
    block = config_root.get(CORE_DOMAIN)
    try:
        validated = CORE_CONFIG_SCHEMA({} if block is None else block)
    except vol.Invalid as exc:
        return CoreConfig(), invalid_errors(config_root, exc, CORE_DOMAIN)
    return CoreConfig.from_config(validated), []


def validate_core_config(config_root: Mapping[str, Any]) -> CoreConfig:
    """Like ``check_core_config`` but raises the first problem as a ``ConfigError``."""
    core, errors = check_core_config(config_root)
    if errors:
        raise errors[0]
    return core
