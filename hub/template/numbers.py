"""Number functions and filters: conversions with ``default``, rounding, maths,
statistics, bitwise operations, struct packing and ``iif``.

Conversions raise when the input is invalid and no default was given, with Home
Assistant's message, so a broken sensor shows up as a template error rather than a
silent zero.
"""

from __future__ import annotations

import logging
import math
import statistics
import struct
from collections.abc import Callable, Iterable
from typing import Any, Final

import jinja2
import voluptuous as vol
from jinja2 import pass_environment

from hub.config.validators import boolean
from hub.template.render_context import raise_no_default

_LOGGER = logging.getLogger("hub.template")

# Marks "no default given" (None is a valid default).
NO_DEFAULT: Final[Any] = object()


def forgiving_float(value: Any, default: Any = NO_DEFAULT) -> Any:
    """``float(value)``, or ``default``; raises without one."""
    try:
        return float(value)
    except (ValueError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("float", value)
        return default


def forgiving_int(value: Any, default: Any = NO_DEFAULT, base: int = 10) -> Any:
    """Jinja's ``int`` (``"3.7"`` -> 3, ``"0x1A"`` with base 16), raising without default."""
    result = jinja2.filters.do_int(value, default=default, base=base)
    if result is NO_DEFAULT:
        raise_no_default("int", value)
    return result


def forgiving_boolean(value: Any, default: Any = NO_DEFAULT) -> Any:
    """true/false, yes/no, on/off, enable/disable, 1/0 or a number; raises without default."""
    try:
        return boolean(value)
    except vol.Invalid:
        if default is NO_DEFAULT:
            raise_no_default("bool", value)
        return default


def result_as_boolean(value: Any) -> bool:
    """A render result as a condition: truthy strings and numbers, anything else False."""
    if value is None:
        return False
    return bool(forgiving_boolean(value, default=False))


def is_number(value: Any) -> bool:
    """Whether ``value`` converts to a finite float."""
    try:
        number = float(value)
    except (ValueError, TypeError):
        return False
    return math.isfinite(number)


def forgiving_round(
    value: Any, precision: int = 0, method: str = "common", default: Any = NO_DEFAULT
) -> Any:
    """Round with HA's methods: common (Python's), ceil, floor, half (to 0.5)."""
    try:
        multiplier = float(10**precision)
        if method == "ceil":
            result = math.ceil(float(value) * multiplier) / multiplier
        elif method == "floor":
            result = math.floor(float(value) * multiplier) / multiplier
        elif method == "half":
            result = round(float(value) * 2) / 2
        else:
            result = round(float(value), precision)
        return int(result) if precision == 0 else result
    except (ValueError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("round", value)
        return default


def multiply(value: Any, amount: Any, default: Any = NO_DEFAULT) -> Any:
    """``float(value) * amount``."""
    try:
        return float(value) * amount
    except (ValueError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("multiply", value)
        return default


def add(value: Any, amount: Any, default: Any = NO_DEFAULT) -> Any:
    """``float(value) + amount``."""
    try:
        return float(value) + amount
    except (ValueError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("add", value)
        return default


def logarithm(value: Any, base: Any = math.e, default: Any = NO_DEFAULT) -> Any:
    """Logarithm of ``value`` in ``base`` (natural by default)."""
    try:
        base_float = float(base)
    except (ValueError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("log", base)
        return default
    try:
        return math.log(float(value), base_float)
    except (ValueError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("log", value)
        return default


def _unary(name: str, function: Callable[[float], float]) -> Callable[..., Any]:
    def apply(value: Any, default: Any = NO_DEFAULT) -> Any:
        try:
            return function(float(value))
        except (ValueError, TypeError):
            if default is NO_DEFAULT:
                raise_no_default(name, value)
            return default

    apply.__name__ = name
    apply.__doc__ = f"``{name}`` of the value (float), or ``default``."
    return apply


sine = _unary("sin", math.sin)
cosine = _unary("cos", math.cos)
tangent = _unary("tan", math.tan)
arc_sine = _unary("asin", math.asin)
arc_cosine = _unary("acos", math.acos)
arc_tangent = _unary("atan", math.atan)
square_root = _unary("sqrt", math.sqrt)


def arc_tangent2(*args: Any, default: Any = NO_DEFAULT) -> Any:
    """``atan2(y, x)``; arguments as two values or one pair, default last or by name."""
    try:
        if 1 <= len(args) <= 2 and isinstance(args[0], list | tuple):
            if len(args) == 2 and default is NO_DEFAULT:
                default = args[1]
            args = tuple(args[0])
        elif len(args) == 3 and default is NO_DEFAULT:
            default = args[2]
        return math.atan2(float(args[0]), float(args[1]))
    except (ValueError, TypeError, IndexError):
        if default is NO_DEFAULT:
            raise_no_default("atan2", args)
        return default


def _values_and_default(
    name: str, args: tuple[Any, ...], default: Any, lists_only: bool
) -> tuple[Iterable[Any], Any]:
    """``f([1, 2], default)`` or ``f(1, 2, 3)``: the values and the default.

    ``statistical_mode`` takes only a list or tuple first argument with a default after
    it (its arguments may be strings, which are iterable too).
    """
    if not args:
        raise TypeError(f"{name} expected at least 1 argument, got 0")
    first = args[0]
    if lists_only and len(args) == 1 and isinstance(first, Iterable):
        return first, default
    if isinstance(first, list | tuple) if lists_only else isinstance(first, Iterable):
        if len(args) > 1 and default is NO_DEFAULT:
            default = args[1]
        return first, default
    if len(args) == 1:
        raise TypeError(f"'{type(first).__name__}' object is not iterable")
    return args, default


def _statistic(
    name: str, function: Callable[[Any], Any], lists_only: bool = False
) -> Callable[..., Any]:
    def apply(*args: Any, default: Any = NO_DEFAULT) -> Any:
        values, default = _values_and_default(name, args, default, lists_only)
        try:
            return function(list(values))
        except (TypeError, statistics.StatisticsError):
            if default is NO_DEFAULT:
                raise_no_default(name, args)
            return default

    apply.__name__ = name
    apply.__doc__ = f"The {name} of a list or of several arguments, or ``default``."
    return apply


average = _statistic("average", statistics.fmean)
median = _statistic("median", statistics.median)
statistical_mode = _statistic("statistical_mode", statistics.mode, lists_only=True)


def _min_max(jinja_filter: Callable[..., Any], name: str) -> Callable[..., Any]:
    """The ``min``/``max`` filters as functions taking a list or several arguments."""

    @pass_environment
    def apply(environment: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        if not args:
            raise TypeError(f"{name} expected at least 1 argument, got 0")
        if len(args) == 1:
            if isinstance(args[0], Iterable):
                return jinja_filter(environment, args[0], **kwargs)
            raise TypeError(f"'{type(args[0]).__name__}' object is not iterable")
        return jinja_filter(environment, args, **kwargs)

    return apply


min_function = _min_max(jinja2.filters.do_min, "min")
max_function = _min_max(jinja2.filters.do_max, "max")


def bitwise_and(first: Any, second: Any) -> Any:
    """``first & second``."""
    return first & second


def bitwise_or(first: Any, second: Any) -> Any:
    """``first | second``."""
    return first | second


def bitwise_xor(first: Any, second: Any) -> Any:
    """``first ^ second``."""
    return first ^ second


def struct_pack(value: Any, format_string: str) -> bytes | None:
    """``struct.pack(format_string, value)``; None (and a warning) when it cannot."""
    try:
        return struct.pack(format_string, value)
    except struct.error:
        _LOGGER.warning(
            "Template warning: 'pack' unable to pack object '%s' with type '%s' and "
            "format_string '%s' see https://docs.python.org/3/library/struct.html for "
            "more information",
            value,
            type(value).__name__,
            format_string,
        )
        return None


def struct_unpack(value: bytes, format_string: str, offset: int = 0) -> Any:
    """The first value ``struct.unpack_from`` finds; None (and a warning) when it cannot."""
    try:
        return struct.unpack_from(format_string, value, offset)[0]
    except (struct.error, TypeError):
        _LOGGER.warning(
            "Template warning: 'unpack' unable to unpack object '%s' with format_string "
            "'%s' and offset %s see https://docs.python.org/3/library/struct.html for "
            "more information",
            value,
            format_string,
            offset,
        )
        return None


def iif(value: Any, if_true: Any = True, if_false: Any = False, if_none: Any = NO_DEFAULT) -> Any:
    """Immediate if: ``if_true`` when ``value`` is truthy, ``if_none`` when it is None."""
    if value is None and if_none is not NO_DEFAULT:
        return if_none
    return if_true if value else if_false
