"""``manifest.json``: what an integration is and what it needs, validated at load."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import voluptuous as vol
from voluptuous.humanize import humanize_error

from hub.exceptions import ManifestError

IOT_CLASSES = (
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
)
INTEGRATION_TYPES = (
    "device",
    "entity",
    "hardware",
    "helper",
    "hub",
    "service",
    "system",
    "virtual",
)

_DOMAIN = vol.Match(r"^[a-z0-9_]+$", msg="must be lowercase letters, digits and underscores")
_STRINGS = vol.All([str], vol.Length(min=0))

MANIFEST_SCHEMA = vol.Schema(
    {
        vol.Required("domain"): _DOMAIN,
        vol.Required("name"): str,
        vol.Optional("version"): vol.Match(
            r"^\d+(\.\d+)*([-+.].*)?$", msg="must be a version like 1.2.0"
        ),
        vol.Optional("requirements", default=[]): _STRINGS,
        vol.Optional("dependencies", default=[]): [_DOMAIN],
        vol.Optional("after_dependencies", default=[]): [_DOMAIN],
        vol.Optional("iot_class"): vol.In(IOT_CLASSES),
        vol.Optional("integration_type", default="hub"): vol.In(INTEGRATION_TYPES),
        vol.Optional("codeowners", default=[]): _STRINGS,
        vol.Optional("documentation"): str,
        vol.Optional("quality_scale"): str,
        vol.Optional("config_flow", default=False): bool,
        vol.Optional("loggers", default=[]): _STRINGS,
    },
    # HA manifests carry keys Watthub does not use (zeroconf, issue_tracker...): keep them.
    extra=vol.ALLOW_EXTRA,
)


@dataclass(slots=True, frozen=True)
class Manifest:
    """A validated manifest."""

    domain: str
    name: str
    version: str | None
    requirements: tuple[str, ...]
    dependencies: tuple[str, ...]
    after_dependencies: tuple[str, ...]
    iot_class: str | None
    integration_type: str
    codeowners: tuple[str, ...]
    documentation: str | None
    config_flow: bool
    raw: dict[str, Any]

    @classmethod
    def from_dict(cls, raw: dict[str, Any], source: str) -> Manifest:
        """Validate a parsed manifest; ``source`` names it in errors."""
        try:
            data = MANIFEST_SCHEMA(raw)
        except vol.Invalid as err:
            raise ManifestError(f"{source}: {humanize_error(raw, err)}") from err
        return cls(
            domain=data["domain"],
            name=data["name"],
            version=data.get("version"),
            requirements=tuple(data["requirements"]),
            dependencies=tuple(data["dependencies"]),
            after_dependencies=tuple(data["after_dependencies"]),
            iot_class=data.get("iot_class"),
            integration_type=data["integration_type"],
            codeowners=tuple(data["codeowners"]),
            documentation=data.get("documentation"),
            config_flow=data["config_flow"],
            raw=data,
        )

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read and validate ``path``. Blocking."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ManifestError(f"{path}: missing manifest.json") from None
        except (OSError, ValueError) as err:
            raise ManifestError(f"{path}: not valid JSON ({err})") from err
        if not isinstance(raw, dict):
            raise ManifestError(f"{path}: a manifest is a JSON object")
        return cls.from_dict(raw, str(path))

    def as_api(self) -> dict[str, Any]:
        """HA's ``manifest/get`` shape."""
        return {
            "codeowners": list(self.codeowners),
            "config_flow": self.config_flow,
            "documentation": self.documentation,
            "domain": self.domain,
            "integration_type": self.integration_type,
            "iot_class": self.iot_class,
            "name": self.name,
            "requirements": list(self.requirements),
            **({"version": self.version} if self.version else {}),
        }
