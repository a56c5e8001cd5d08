"""The sandboxed Jinja environment templates render in, one per hub and flavour.

Home Assistant's functions, filters and tests are installed once when the environment
is created; compiled templates are cached by source, so every ``Template`` with the same
text (however many automations use it) compiles once. Three flavours share the rules:
``normal``, ``strict`` (undefined variables are errors) and ``limited`` (no states, no
clock, no registries: ``trigger_variables``).

Guards against runaway templates, beyond Jinja's sandbox (no private attributes, no
mutation of lists and dicts, ``range`` of at most 100 000 items): the output may not
exceed 256 KiB, ``range`` may produce at most a million items in one render (so nested
loops cannot spin for hours), ``*`` may not build a string or list of more than a
million items and ``**`` may not raise to a power over 10 000.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, NoReturn

import jinja2
from jinja2 import pass_context, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.runtime import AsyncLoopContext, Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace

from hub.exceptions import TemplateError
from hub.hub_data import HubKey
from hub.template import numbers, text
from hub.template.registries import RegistryFunctions
from hub.template.render_context import check_deadline, log
from hub.template.state_access import AllStates, DomainStates, TemplateState
from hub.template.state_functions import StateFunctions
from hub.template.times import TimeFunctions, as_timedelta, strptime, timestamp_utc
from hub.template.versions import version

if TYPE_CHECKING:
    from hub.core import Hub

MAX_TEMPLATE_OUTPUT: Final = 256 * 1024
MAX_RANGE_PER_RENDER: Final = 1_000_000
MAX_REPEAT: Final = 1_000_000
MAX_EXPONENT: Final = 10_000
MAX_CACHED_TEMPLATES: Final = 4096

NORMAL: Final = "normal"
STRICT: Final = "strict"
LIMITED: Final = "limited"

_RANGE_USED: Final = "_watthub_range_used"
_DICT_ATTRIBUTES: Final = frozenset(dir(dict))
_MISSING: Final[Any] = object()
# Objects whose public attributes templates may read (private ones never).
_OWN_OBJECTS: Final = (TemplateState, AllStates, DomainStates, LoopContext, AsyncLoopContext)


class LoggingUndefined(jinja2.Undefined):
    """An undefined variable renders empty and logs a warning (HA's behaviour); using
    it in a way that cannot work (``x.y``, ``x + 1``) is an error, logged too."""

    __slots__ = ()

    def _warn(self) -> None:
        log(logging.WARNING, self._undefined_message)

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        try:
            super()._fail_with_undefined_error(*args, **kwargs)
        except self._undefined_exception:
            log(logging.ERROR, self._undefined_message)
            raise

    def __str__(self) -> str:
        self._warn()
        return super().__str__()

    def __iter__(self) -> Any:
        self._warn()
        return super().__iter__()

    def __bool__(self) -> bool:
        self._warn()
        return super().__bool__()


@pass_context
def _budget_range(context: Context, *args: int) -> range:
    """``range`` with Jinja's 100 000 limit, and at most a million items per render."""
    check_deadline()
    result = safe_range(*args)
    used = getattr(context, _RANGE_USED, 0) + len(result)
    if used > MAX_RANGE_PER_RENDER:
        raise SecurityError(
            f"Template loops over more than {MAX_RANGE_PER_RENDER} range items in one render"
        )
    setattr(context, _RANGE_USED, used)
    return result


def _fail_when_undefined(value: Any) -> Any:
    """The ``is_defined`` filter: an error when the value is undefined."""
    if isinstance(value, jinja2.Undefined):
        value()
    return value


def _unsupported(name: str) -> Callable[..., NoReturn]:
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise TemplateError(f"Use of '{name}' is not supported in limited templates")

    return refuse


def _detached(name: str) -> Callable[..., NoReturn]:
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise TemplateError(f"Use of '{name}' needs a hub: the template is not attached to one")

    return _contextual(refuse)


def _contextual(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a function as depending on the hub, so Jinja never evaluates it at compile
    time (it folds filters and tests with constant arguments otherwise)."""

    @pass_context
    def call(_context: Context, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    call.__name__ = getattr(function, "__name__", "function")
    call.__doc__ = function.__doc__
    return call


def _contextual_test(function: Callable[..., Any]) -> Callable[..., Any]:
    @pass_eval_context
    def call(_context: Any, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return call


# Hub functions a limited template may not use (HA's list).
_LIMITED_GLOBALS: Final = (
    "closest",
    "distance",
    "expand",
    "is_hidden_entity",
    "is_state",
    "is_state_attr",
    "state_attr",
    "states",
    "state_translated",
    "has_value",
    "utcnow",
    "now",
    "device_attr",
    "is_device_attr",
    "device_id",
    "area_id",
    "area_name",
    "floor_id",
    "floor_name",
    "relative_time",
    "time_since",
    "time_until",
    "today_at",
    "label_id",
    "label_name",
)
_LIMITED_FILTERS: Final = (
    "closest",
    "expand",
    "device_id",
    "area_id",
    "area_name",
    "floor_id",
    "floor_name",
    "has_value",
    "label_id",
    "label_name",
    "states",
    "state_attr",
    "state_translated",
    "relative_time",
    "time_since",
    "time_until",
    "today_at",
)
_LIMITED_TESTS: Final = ("has_value", "is_hidden_entity", "is_state", "is_state_attr")
# The other hub functions (allowed in limited templates).
_HUB_GLOBALS: Final = (
    "device_entities",
    "config_entry_id",
    "config_entry_attr",
    "area_entities",
    "area_devices",
    "areas",
    "floors",
    "floor_areas",
    "integration_entities",
    "labels",
    "label_areas",
    "label_devices",
    "label_entities",
    "issues",
    "issue",
)
_HUB_FILTERS: Final = (
    "device_entities",
    "device_attr",
    "config_entry_id",
    "config_entry_attr",
    "area_entities",
    "area_devices",
    "floors",
    "floor_areas",
    "integration_entities",
    "labels",
    "label_areas",
    "label_devices",
    "label_entities",
    "issue",
)


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """HA's template language: Jinja, sandboxed, with the hub's functions."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, hub: Hub | None, flavour: str = NORMAL) -> None:
        super().__init__(
            undefined=jinja2.StrictUndefined if flavour == STRICT else LoggingUndefined
        )
        self.hub = hub
        self.flavour = flavour
        self._cache: dict[str, jinja2.Template] = {}
        self._safe: dict[tuple[type, str], bool] = {}
        self.add_extension("jinja2.ext.loopcontrols")
        self.globals["range"] = _budget_range
        times = TimeFunctions(hub.clock if hub is not None else None)
        self._install_pure(times)
        if hub is None:
            self._install_detached()
        else:
            self._install_hub(hub, times)
            if flavour == LIMITED:
                self._limit()
        # Jinja copies its globals (a ChainMap) into every render's context, one Python
        # lookup per name; renders start from this plain copy instead (see template.py).
        self.render_globals: dict[str, Any] = dict(self.globals)

    # -- compiling -----------------------------------------------------------------------

    def template_for(self, source: str) -> jinja2.Template:
        """The compiled template for ``source`` (cached; raises Jinja's errors)."""
        compiled = self._cache.get(source)
        if compiled is None:
            compiled = self.from_string(source)
            cache = self._cache
            if len(cache) >= MAX_CACHED_TEMPLATES:
                for old in list(cache)[: MAX_CACHED_TEMPLATES // 4]:
                    del cache[old]
            cache[source] = compiled
        return compiled

    @property
    def cached_templates(self) -> int:
        """How many compiled templates the cache holds."""
        return len(self._cache)

    # -- sandbox rules -----------------------------------------------------------------

    def is_safe_callable(self, obj: Any) -> bool:
        return isinstance(obj, AllStates) or bool(super().is_safe_callable(obj))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The answer depends only on the object's type and the attribute's name, and
        # the checks are slow (abstract base classes): remember it.
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._is_safe_attribute(obj, attr, value)
            if len(self._safe) >= MAX_CACHED_TEMPLATES:
                self._safe.clear()
            self._safe[key] = safe
        return safe

    def _is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, _OWN_OBJECTS):
            return not attr.startswith("_")
        if isinstance(obj, Namespace):
            return not attr.startswith("_")  # any name a template set, never internals
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``trigger.to_state``: Jinja tries the attribute first, failing with an
        # exception, before the key. A dict key that is not a dict method name is
        # the same either way, so look it up directly.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            found = obj.get(attribute, _MISSING)
            if found is not _MISSING:
                return found
        return super().getattr(obj, attribute)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif (
            isinstance(right, int)
            and right > MAX_EXPONENT
            and isinstance(left, int)
            and abs(left) > 1
        ):
            raise SecurityError(f"Template raises to a power over {MAX_EXPONENT}")
        return self.binop_table[operator](left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_deadline()
        return super().call(__context, __obj, *args, **kwargs)

    # -- functions -----------------------------------------------------------------------

    def _install_pure(self, times: TimeFunctions) -> None:
        """Functions that need no hub (time zone aside)."""
        filters: dict[str, Any] = {
            "round": numbers.forgiving_round,
            "multiply": numbers.multiply,
            "add": numbers.add,
            "log": numbers.logarithm,
            "sin": numbers.sine,
            "cos": numbers.cosine,
            "tan": numbers.tangent,
            "asin": numbers.arc_sine,
            "acos": numbers.arc_cosine,
            "atan": numbers.arc_tangent,
            "atan2": numbers.arc_tangent2,
            "sqrt": numbers.square_root,
            "as_datetime": times.as_datetime,
            "as_timedelta": as_timedelta,
            "as_timestamp": times.as_timestamp,
            "as_local": _contextual(times.as_local),
            "timestamp_custom": _contextual(times.timestamp_custom),
            "timestamp_local": _contextual(times.timestamp_local),
            "timestamp_utc": timestamp_utc,
            "to_json": text.to_json,
            "from_json": text.from_json,
            "is_defined": _fail_when_undefined,
            "average": numbers.average,
            "median": numbers.median,
            "statistical_mode": numbers.statistical_mode,
            "random": text.random_every_time,
            "base64_encode": text.base64_encode,
            "base64_decode": text.base64_decode,
            "ordinal": text.ordinal,
            "regex_match": text.regex_match,
            "regex_replace": text.regex_replace,
            "regex_search": text.regex_search,
            "regex_findall": text.regex_findall,
            "regex_findall_index": text.regex_findall_index,
            "bitwise_and": numbers.bitwise_and,
            "bitwise_or": numbers.bitwise_or,
            "bitwise_xor": numbers.bitwise_xor,
            "pack": numbers.struct_pack,
            "unpack": numbers.struct_unpack,
            "ord": ord,
            "is_number": numbers.is_number,
            "float": numbers.forgiving_float,
            "int": numbers.forgiving_int,
            "slugify": text.slugify,
            "iif": numbers.iif,
            "bool": numbers.forgiving_boolean,
            "version": version,
            "contains": text.contains,
        }
        global_functions: dict[str, Any] = {
            "log": numbers.logarithm,
            "sin": numbers.sine,
            "cos": numbers.cosine,
            "tan": numbers.tangent,
            "sqrt": numbers.square_root,
            "pi": math.pi,
            "tau": math.pi * 2,
            "e": math.e,
            "asin": numbers.arc_sine,
            "acos": numbers.arc_cosine,
            "atan": numbers.arc_tangent,
            "atan2": numbers.arc_tangent2,
            "float": numbers.forgiving_float,
            "as_datetime": times.as_datetime,
            "as_local": times.as_local,
            "as_timedelta": as_timedelta,
            "as_timestamp": times.as_timestamp,
            "timedelta": timedelta,
            "merge_response": text.merge_response,
            "strptime": strptime,
            "urlencode": text.urlencode,
            "average": numbers.average,
            "median": numbers.median,
            "statistical_mode": numbers.statistical_mode,
            "max": numbers.max_function,
            "min": numbers.min_function,
            "is_number": numbers.is_number,
            "set": text.to_set,
            "tuple": text.to_tuple,
            "int": numbers.forgiving_int,
            "pack": numbers.struct_pack,
            "unpack": numbers.struct_unpack,
            "slugify": text.slugify,
            "iif": numbers.iif,
            "bool": numbers.forgiving_boolean,
            "version": version,
            "zip": zip,
        }
        tests: dict[str, Any] = {
            "is_number": numbers.is_number,
            "list": text.is_list,
            "set": text.is_set,
            "tuple": text.is_tuple,
            "datetime": text.is_datetime,
            "string_like": text.is_string_like,
            "match": text.regex_match,
            "search": text.regex_search,
            "contains": text.contains,
        }
        self.filters.update(filters)
        self.globals.update(global_functions)
        self.tests.update(tests)

    def _install_hub(self, hub: Hub, times: TimeFunctions) -> None:
        """Functions reading states, registries or the clock."""
        states = StateFunctions(hub)
        registries = RegistryFunctions(hub)
        all_states = AllStates(hub)
        both: dict[str, Callable[..., Any]] = {
            "device_entities": registries.device_entities,
            "device_attr": registries.device_attr,
            "device_id": registries.device_id,
            "config_entry_id": registries.config_entry_id,
            "config_entry_attr": registries.config_entry_attr,
            "area_id": registries.area_id,
            "area_name": registries.area_name,
            "area_entities": registries.area_entities,
            "area_devices": registries.area_devices,
            "floors": registries.floors,
            "floor_id": registries.floor_id,
            "floor_name": registries.floor_name,
            "floor_areas": registries.floor_areas,
            "integration_entities": registries.integration_entities,
            "labels": registries.labels,
            "label_id": registries.label_id,
            "label_name": registries.label_name,
            "label_areas": registries.label_areas,
            "label_devices": registries.label_devices,
            "label_entities": registries.label_entities,
            "expand": states.expand,
            "state_attr": states.state_attr,
            "state_translated": states.state_translated,
            "has_value": states.has_value,
            "relative_time": times.relative_time,
            "time_since": times.time_since,
            "time_until": times.time_until,
            "today_at": times.today_at,
        }
        self.globals.update(both)
        self.filters.update({name: _contextual(function) for name, function in both.items()})
        self.globals.update(
            {
                "areas": registries.areas,
                "issues": _no_issues,
                "issue": _no_issue,
                "closest": states.closest,
                "distance": states.distance,
                "is_hidden_entity": registries.is_hidden_entity,
                "is_state": states.is_state,
                "is_state_attr": states.is_state_attr,
                "is_device_attr": registries.is_device_attr,
                "states": all_states,
                "utcnow": times.utcnow,
                "now": times.now,
            }
        )
        self.filters["closest"] = _contextual(states.closest_filter)
        self.filters["states"] = _contextual(all_states)
        self.filters["issue"] = _contextual(_no_issue)
        self.tests.update(
            {
                name: _contextual_test(function)
                for name, function in (
                    ("is_device_attr", registries.is_device_attr),
                    ("is_hidden_entity", registries.is_hidden_entity),
                    ("is_state", states.is_state),
                    ("is_state_attr", states.is_state_attr),
                    ("has_value", states.has_value),
                )
            }
        )

    def _install_detached(self) -> None:
        """Without a hub (validating configuration) the hub's names exist, so templates
        using them compile, but they refuse to run."""
        for name in (*_HUB_GLOBALS, *_LIMITED_GLOBALS):
            self.globals[name] = _detached(name)
        for name in (*_HUB_FILTERS, *_LIMITED_FILTERS):
            self.filters[name] = _detached(name)
        for name in (*_LIMITED_TESTS, "is_device_attr"):
            self.tests[name] = _detached(name)

    def _limit(self) -> None:
        for name in _LIMITED_GLOBALS:
            self.globals[name] = _unsupported(name)
        for name in _LIMITED_FILTERS:
            self.filters[name] = _unsupported(name)
        for name in _LIMITED_TESTS:
            self.tests[name] = _unsupported(name)


def _no_issues() -> dict[Any, Any]:
    """Open repair issues (Watthub has no repairs registry yet)."""
    return {}


def _no_issue(domain: str, issue_id: str) -> None:
    """A repair issue (none exist yet)."""


def _check_repeat(sequence: Any, count: Any) -> None:
    if (
        isinstance(sequence, str | list | tuple | bytes)
        and isinstance(count, int)
        and len(sequence) * count > MAX_REPEAT
    ):
        raise SecurityError(f"Template builds a value of more than {MAX_REPEAT} items with '*'")


_ENVIRONMENTS: Final = HubKey[dict[str, TemplateEnvironment]]("template_environments")
_NO_HUB: dict[str, TemplateEnvironment] = {}


def environment_for(hub: Hub | None, flavour: str = NORMAL) -> TemplateEnvironment:
    """The hub's environment of this flavour (created on first use)."""
    if hub is None:
        found = _NO_HUB.get(flavour)
        if found is None:
            found = _NO_HUB[flavour] = TemplateEnvironment(None, flavour)
        return found
    environments = hub.data.get(_ENVIRONMENTS)
    if environments is None:
        environments = hub.data.setdefault(_ENVIRONMENTS, {})
    found = environments.get(flavour)
    if found is None:
        found = environments[flavour] = TemplateEnvironment(hub, flavour)
    return found


def functions_of(environment: TemplateEnvironment) -> Mapping[str, Mapping[str, Any]]:
    """The globals, filters and tests an environment offers (for docs and tests)."""
    return {
        "globals": dict(environment.globals),
        "filters": dict(environment.filters),
        "tests": dict(environment.tests),
    }
