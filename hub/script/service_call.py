"""Turning a service-call action into a call: service name, data and target rendered.

``PreparedServiceCall`` is built once per action. Whatever holds no template (very often
the service name and the target, sometimes the data too) is worked out there, so a run
renders only what can change: the automation benchmark's ``value: "{{ trigger... }}"``
is the only thing rendered per call.

Home Assistant's rules: ``data`` and the old ``data_template`` are merged (a template may
give the whole mapping); the target's templates may render lists or comma-separated ids,
which are flattened; a top-level ``entity_id`` (old style) joins the target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import voluptuous as vol

from hub.exceptions import HubError, TemplateError
from hub.script.action_schema import service_name
from hub.script.const import (
    CONF_ACTION,
    CONF_DATA,
    CONF_DATA_TEMPLATE,
    CONF_ENTITY_ID,
    CONF_RESPONSE_VARIABLE,
    CONF_TARGET,
)
from hub.script.variables import has_template, static_value
from hub.services import SupportsResponse
from hub.template import Template, render_complex

if TYPE_CHECKING:
    from hub.core import Hub


@dataclass(slots=True, frozen=True)
class ServiceCallParams:
    """One rendered call: what ``hub.services.call`` needs."""

    domain: str
    service: str
    data: dict[str, Any]
    target: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The trace's ``params`` (Home Assistant's shape)."""
        return {
            "domain": self.domain,
            "service": self.service,
            "service_data": self.data,
            "target": self.target,
        }


class PreparedServiceCall:
    """A validated service-call action, with its static parts worked out once."""

    __slots__ = (
        "_data",
        "_data_flat",
        "_data_parts",
        "_domain_service",
        "_entity_id",
        "_target",
        "_target_static",
        "response_variable",
    )

    def __init__(self, config: Mapping[str, Any]) -> None:
        action = config[CONF_ACTION]
        self._domain_service: tuple[str, str] | Template
        if isinstance(action, Template) and not action.is_static:
            self._domain_service = action
        else:
            text = action.source if isinstance(action, Template) else str(action)
            domain, _, service = text.partition(".")
            self._domain_service = (domain, service)
        parts = [config[key] for key in (CONF_DATA, CONF_DATA_TEMPLATE) if key in config]
        self._data_parts = parts
        # Static data: merged once; the dict is copied by ServiceRegistry.call.
        self._data: dict[str, Any] | None = None
        if not any(has_template(part) for part in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(static_value(part))
            self._data = merged
        # The common case, one mapping whose values are plain or templates (no nesting):
        # static values merged once, only the templates rendered per call.
        self._data_flat: tuple[dict[str, Any], list[tuple[Any, Template]]] | None = None
        if self._data is None and len(parts) == 1 and isinstance(parts[0], Mapping):
            self._data_flat = _flat_templates(parts[0])
        self._target = config.get(CONF_TARGET)
        self._target_static: dict[str, Any] | None = None
        if not has_template(self._target):
            self._target_static = _normalise_target(static_value(self._target or {}))
        self._entity_id = config.get(CONF_ENTITY_ID)
        self.response_variable: str | None = config.get(CONF_RESPONSE_VARIABLE)

    @property
    def static_service(self) -> tuple[str, str] | None:
        """``(domain, service)`` when the name is not a template."""
        service = self._domain_service
        return None if isinstance(service, Template) else service

    def render(self, variables: Mapping[str, Any]) -> ServiceCallParams:
        """The call for this run; raises ``HubError`` for a template that fails."""
        domain, service = self._service(variables)
        data = self._data if self._data is not None else self._render_data(variables)
        target = (
            self._target_static
            if self._target_static is not None
            else self._render_target(variables)
        )
        if self._entity_id is not None:
            target = {**target, CONF_ENTITY_ID: self._entity_id}
        return ServiceCallParams(domain, service, data, target)

    def _service(self, variables: Mapping[str, Any]) -> tuple[str, str]:
        if not isinstance(self._domain_service, Template):
            return self._domain_service
        try:
            rendered = self._domain_service.render(variables)
        except TemplateError as err:
            raise HubError(f"Error rendering service name template: {err}") from err
        try:
            text = service_name(rendered)
        except vol.Invalid:
            raise HubError(f"Template rendered invalid service: {rendered}") from None
        domain, _, service = text.partition(".")
        return domain, service

    def _render_data(self, variables: Mapping[str, Any]) -> dict[str, Any]:
        if self._data_flat is not None:
            static, templates = self._data_flat
            data = dict(static)
            try:
                for key, template in templates:
                    data[key] = template.render(variables)
            except TemplateError as err:
                raise HubError(f"Error rendering data template: {err}") from err
            return data
        data = {}
        for part in self._data_parts:
            try:
                rendered = render_complex(part, variables)
            except TemplateError as err:
                raise HubError(f"Error rendering data template: {err}") from err
            if not isinstance(rendered, Mapping):
                raise HubError("Error rendering data template: Result is not a Dictionary")
            data.update(rendered)
        return data

    def _render_target(self, variables: Mapping[str, Any]) -> dict[str, Any]:
        try:
            rendered = render_complex(self._target, variables)
        except TemplateError as err:
            raise HubError(f"Error rendering target template: {err}") from err
        if not isinstance(rendered, Mapping):
            raise HubError("Error rendering target template: Result is not a Dictionary")
        return _normalise_target(rendered)


def _flat_templates(
    data: Mapping[Any, Any],
) -> tuple[dict[str, Any], list[tuple[Any, Template]]] | None:
    """Split a flat mapping into static values and (key, template) pairs; None when a
    key is a template or a value nests."""
    static: dict[str, Any] = {}
    templates: list[tuple[Any, Template]] = []
    for key, value in data.items():
        if isinstance(key, Template) or isinstance(value, Mapping | list):
            return None
        if isinstance(value, Template) and not value.is_static:
            templates.append((key, value))
        else:
            static[key] = static_value(value)
    return static, templates


def _normalise_target(target: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten rendered lists, split comma-separated ids and lowercase entity ids."""
    result: dict[str, Any] = {}
    for key, value in target.items():
        if isinstance(value, str) and value.lower() in ("all", "none"):
            result[key] = value.lower()
            continue
        ids = _flatten(value)
        if key == CONF_ENTITY_ID:
            ids = [item.lower() for item in ids]
        result[key] = ids
    return result


def _flatten(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple | set):
        return [item for part in value for item in _flatten(part)]
    return [str(value)]


def check_response_request(hub: Hub, params: ServiceCallParams, wants_response: bool) -> None:
    """Home Assistant's checks of ``response_variable`` against what the service returns.

    Raises ``vol.Invalid`` like Home Assistant (a script error, not ignorable). A service
    that does not exist is left to the call, which raises ``ServiceNotFound``.
    """
    if not hub.services.has_service(params.domain, params.service):
        return
    supports = hub.services.get(params.domain, params.service).supports_response
    name = f"{params.domain}.{params.service}"
    if supports is SupportsResponse.ONLY and not wants_response:
        raise vol.Invalid(
            f"Script requires '{CONF_RESPONSE_VARIABLE}' for response data for service call {name}"
        )
    if supports is SupportsResponse.NONE and wants_response:
        raise vol.Invalid(
            f"Script does not support '{CONF_RESPONSE_VARIABLE}' for service "
            f"'{CONF_RESPONSE_VARIABLE}' which does not support response data."
        )
