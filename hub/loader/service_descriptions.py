"""Service descriptions: each integration's ``services.yaml``, as clients read them.

``get_services`` (WebSocket) and ``GET /api/services`` describe every registered service
with its name, description, fields (with selectors), the ``target`` it acts on and
whether it returns a ``response``. The text comes from ``services.yaml`` beside the
integration's ``manifest.json``; the file is read (in the executor) when the integration
has loaded, and normalised the way Home Assistant's loader does: target filters become
lists (``domain: switch`` -> ``[{"domain": ["switch"]}]``) and selectors get their
defaults (a number selector's ``step: 1.0`` and ``mode: slider``...), so clients see
exactly the shapes HA sends. A file that does not parse is logged and ignored; its
services are still listed, with empty texts.

A service registered with an explicit ``description`` uses that instead of the file.
The whole answer is built once and rebuilt only after a service is registered or
removed or a file was read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import yaml

from hub.const import EVENT_COMPONENT_LOADED, EVENT_SERVICE_REGISTERED, EVENT_SERVICE_REMOVED
from hub.hub_data import HubKey
from hub.services import Service, SupportsResponse

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

SERVICES_FILE: Final = "services.yaml"

Description = dict[str, Any]
# domain -> service -> description, the ``get_services`` answer.
Descriptions = dict[str, dict[str, Description]]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InvalidServicesFile(ValueError):
    """A ``services.yaml`` entry that cannot be used; the message says which and why."""


# -- normalisation (Home Assistant's services.yaml schema) -------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidServicesFile(f"{where}: expected a mapping")
    return {str(key): item for key, item in value.items()}


def _features(value: Any, where: str) -> list[int]:
    features = []
    for item in _as_list(value):
        if isinstance(item, bool) or not isinstance(item, int):
            raise InvalidServicesFile(f"{where}: supported_features are whole numbers")
        features.append(item)
    return features


def _entity_filter(value: Any, where: str) -> dict[str, Any]:
    raw = _mapping(value, where)
    result: dict[str, Any] = {}
    if "integration" in raw:
        result["integration"] = str(raw["integration"])
    for key in ("domain", "device_class"):
        if key in raw:
            result[key] = [str(item) for item in _as_list(raw[key])]
    if "supported_features" in raw:
        result["supported_features"] = _features(raw["supported_features"], where)
    return result


def _device_filter(value: Any, where: str) -> dict[str, Any]:
    raw = _mapping(value, where)
    result: dict[str, Any] = {
        key: str(raw[key])
        for key in ("integration", "manufacturer", "model", "model_id")
        if key in raw
    }
    if "entity" in raw:
        result["entity"] = [_entity_filter(item, where) for item in _as_list(raw["entity"])]
    return result


def normalize_target(value: Any, where: str = "target") -> dict[str, Any] | None:
    """A ``target:`` block with every filter as a list of filter objects."""
    if value is None:
        return None
    raw = _mapping(value, where)
    target: dict[str, Any] = {}
    if "entity" in raw:
        target["entity"] = [_entity_filter(item, where) for item in _as_list(raw["entity"])]
    if "device" in raw:
        target["device"] = [_device_filter(item, where) for item in _as_list(raw["device"])]
    return target


def _number_selector(config: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        for key in ("min", "max"):
            if key in config:
                config[key] = float(config[key])
        step = config.get("step", 1)
        config["step"] = step if step == "any" else float(step)
    except (TypeError, ValueError):
        raise InvalidServicesFile(f"{where}: min, max and step are numbers") from None
    config.setdefault("mode", "slider")
    if config["mode"] not in ("slider", "box"):
        raise InvalidServicesFile(f"{where}: mode is slider or box")
    if config["mode"] == "slider" and ("min" not in config or "max" not in config):
        raise InvalidServicesFile(f"{where}: min and max are required in slider mode")
    return config


def _select_selector(config: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(config.get("options"), list):
        raise InvalidServicesFile(f"{where}: a select selector needs a list of options")
    for key in ("custom_value", "sort", "multiple"):
        config.setdefault(key, False)
    return config


def _entity_selector(config: dict[str, Any], where: str) -> dict[str, Any]:
    for key in ("domain", "device_class"):
        if key in config:
            config[key] = [str(item) for item in _as_list(config[key])]
    if "filter" in config:
        config["filter"] = [_entity_filter(item, where) for item in _as_list(config["filter"])]
    config.setdefault("multiple", False)
    config.setdefault("reorder", False)
    return config


_SELECTOR_DEFAULTS: Final = {
    "number": _number_selector,
    "select": _select_selector,
    "entity": _entity_selector,
}


def normalize_selector(value: Any, where: str = "selector") -> dict[str, Any]:
    """``{type: config}`` with HA's defaults filled in (``None`` config -> ``{}``)."""
    raw = _mapping(value, where)
    if len(raw) != 1:
        raise InvalidServicesFile(f"{where}: exactly one selector type, found {', '.join(raw)}")
    ((kind, config),) = raw.items()
    normalized = _mapping(config, f"{where}.{kind}")
    fill = _SELECTOR_DEFAULTS.get(kind)
    return {kind: fill(normalized, f"{where}.{kind}") if fill else normalized}


def _field(value: Any, where: str) -> dict[str, Any]:
    field = _mapping(value, where)
    if "selector" in field:
        field["selector"] = normalize_selector(field["selector"], f"{where}.selector")
    if "filter" in field:
        raw = _mapping(field["filter"], f"{where}.filter")
        if "supported_features" in raw:
            raw["supported_features"] = _features(raw["supported_features"], f"{where}.filter")
        field["filter"] = raw
    return field


def _fields(value: Any, where: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, item in _mapping(value, where).items():
        if isinstance(item, Mapping) and isinstance(item.get("fields"), Mapping):
            section = _mapping(item, f"{where}.{name}")
            section["fields"] = _fields(section["fields"], f"{where}.{name}.fields")
            fields[name] = section
        else:
            fields[name] = _field(item, f"{where}.{name}")
    return fields


def normalize_services_file(raw: Any, source: str) -> dict[str, Description]:
    """A parsed ``services.yaml``: service name -> its normalised entry."""
    entries: dict[str, Description] = {}
    for service, value in _mapping(raw, source).items():
        where = f"{source}: {service}"
        entry = _mapping(value, where)
        if "fields" in entry:
            entry["fields"] = _fields(entry["fields"], f"{where}.fields")
        if "target" in entry:
            entry["target"] = normalize_target(entry["target"], f"{where}.target")
        entries[service] = entry
    return entries


def read_services_file(path: Path) -> dict[str, Description]:
    """Load and normalise one ``services.yaml``; ``{}`` when there is none or it is
    invalid (logged). Blocking: run in the executor."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as err:
        _LOGGER.warning("Cannot read %s: %s", path, err)
        return {}
    try:
        return normalize_services_file(yaml.load(text, Loader=_Loader), str(path))
    except (yaml.YAMLError, InvalidServicesFile) as err:
        _LOGGER.warning("Ignoring the service descriptions in %s: %s", path, err)
        return {}


# -- the descriptions of one hub ----------------------------------------------------------


def describe(service: Service, entry: Mapping[str, Any] | None) -> Description:
    """One service as ``get_services`` shows it."""
    source = service.description if service.description is not None else entry or {}
    description: Description = {
        "name": source.get("name", ""),
        "description": source.get("description", ""),
        "fields": dict(source.get("fields") or {}),
    }
    if "target" in source:
        description["target"] = source["target"]
    if service.supports_response is not SupportsResponse.NONE:
        description["response"] = {
            "optional": service.supports_response is SupportsResponse.OPTIONAL
        }
    return description


class ServiceDescriptions:
    """The ``services.yaml`` texts of one hub's integrations and the answer built
    from them."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._files: dict[str, dict[str, Description]] = {}
        self._answer: Descriptions | None = None
        hub.bus.listen(EVENT_COMPONENT_LOADED, self._component_loaded)
        hub.bus.listen(EVENT_SERVICE_REGISTERED, self._forget_answer)
        hub.bus.listen(EVENT_SERVICE_REMOVED, self._forget_answer)

    @classmethod
    def of(cls, hub: Hub) -> ServiceDescriptions:
        """The hub's descriptions (created, and listening, on first use)."""
        descriptions = hub.data.get(SERVICE_DESCRIPTIONS)
        if descriptions is None:
            descriptions = hub.data[SERVICE_DESCRIPTIONS] = cls(hub)
        return descriptions

    def _forget_answer(self, _event: Event | None = None) -> None:
        self._answer = None

    def _component_loaded(self, event: Event) -> None:
        domain = event.data.get("component")
        if isinstance(domain, str) and domain not in self._files:
            self._hub.create_task(self.load([domain]), f"services.yaml of {domain}")

    def _path(self, domain: str) -> Path | None:
        from hub.loader.setup import INTEGRATION_SETUP  # noqa: PLC0415 - setup imports much

        setup = self._hub.data.get(INTEGRATION_SETUP)
        if setup is None or domain not in setup.catalog:
            return None
        return setup.catalog.get(domain).path / SERVICES_FILE

    async def load(self, domains: Iterable[str]) -> None:
        """Read the files of ``domains`` not read yet."""
        wanted = {domain: self._path(domain) for domain in domains if domain not in self._files}
        if not wanted:
            return
        loaded = await self._hub.add_executor_job(_read_many, wanted)
        self._files.update(loaded)
        self._forget_answer()

    def entry(self, domain: str, service: str) -> Description | None:
        """The file's entry for ``domain.service`` (None when not read or absent)."""
        return self._files.get(domain, {}).get(service)

    def current(self) -> Descriptions:
        """Every registered service, described with the files read so far (shared: do
        not modify). Files are read as integrations load, so after start-up this is
        complete; ``all`` first reads any file still missing."""
        if self._answer is None:
            self._answer = {
                domain: {
                    name: describe(service, self.entry(domain, name))
                    for name, service in domain_services.items()
                }
                for domain, domain_services in self._hub.services.services().items()
            }
        return self._answer

    async def all(self) -> Descriptions:
        """Every registered service, described, after reading any missing file."""
        await self.load(self._hub.services.services())
        return self.current()


def _read_many(paths: Mapping[str, Path | None]) -> dict[str, dict[str, Description]]:
    return {
        domain: read_services_file(path) if path is not None else {}
        for domain, path in paths.items()
    }


SERVICE_DESCRIPTIONS: Final = HubKey[ServiceDescriptions]("service_descriptions")
