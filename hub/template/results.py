"""Render results as native values, by Home Assistant's rules.

``"12"`` -> 12, ``"1.5"`` -> 1.5, ``"True"`` -> True (what ``{{ true }}`` renders; the text
``"true"`` stays text, as in HA), ``"[1, 2]"`` -> a list, ``"{'a': 1}"`` -> a dict,
``"None"`` -> None; anything else stays text. Numbers written
unusually (``"01"``, ``"1e3"``, ``"0x1A"``) stay text, and strings that look like Python
strings keep their quotes. Lists, dicts, sets and tuples remember the text they came
from: ``str()`` of them gives it back unchanged, so a template sensor that renders
``[1,2]`` keeps showing ``[1,2]``.
"""

from __future__ import annotations

import re
from ast import literal_eval
from functools import lru_cache
from typing import Any, Final

_IS_NUMERIC: Final = re.compile(r"^[+-]?(?!0\d)\d*(?:\.\d*)?$")
_CONTAINER: Final[Any] = object()
_TEXT: Final[Any] = object()


class ResultList(list[Any]):
    """A list parsed from a render; ``str()`` is the rendered text."""

    def __init__(self, value: Any = (), render_result: str | None = None) -> None:
        super().__init__(value)
        self.render_result = render_result

    def __str__(self) -> str:
        return self.render_result if self.render_result is not None else super().__str__()


class ResultDict(dict[Any, Any]):
    """A dict parsed from a render; ``str()`` is the rendered text."""

    def __init__(self, value: Any = (), render_result: str | None = None) -> None:
        super().__init__(value)
        self.render_result = render_result

    def __str__(self) -> str:
        return self.render_result if self.render_result is not None else super().__str__()


class ResultSet(set[Any]):
    """A set parsed from a render; ``str()`` is the rendered text."""

    def __init__(self, value: Any = (), render_result: str | None = None) -> None:
        super().__init__(value)
        self.render_result = render_result

    def __str__(self) -> str:
        return self.render_result if self.render_result is not None else str(set(self))


class ResultTuple(tuple[Any, ...]):
    """A tuple parsed from a render; ``str()`` is the rendered text."""

    render_result: str | None

    def __new__(cls, value: Any = (), render_result: str | None = None) -> ResultTuple:
        instance = super().__new__(cls, value)
        instance.render_result = render_result
        return instance

    def __getnewargs__(self) -> tuple[Any, ...]:
        return (tuple(self), self.render_result)

    def __str__(self) -> str:
        return self.render_result if self.render_result is not None else super().__str__()


_WRAPPERS: Final[dict[type, type]] = {
    list: ResultList,
    dict: ResultDict,
    set: ResultSet,
    tuple: ResultTuple,
}


@lru_cache(maxsize=512)
def _parse_scalar(text: str) -> Any:
    """The parsed value; ``_TEXT`` when it stays text; ``_CONTAINER`` for mutable
    results (parsed anew each time so that no caller can change what another gets).
    Failures are cached too: parsing text that is not Python is the slow case."""
    try:
        result = literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _TEXT
    if type(result) in _WRAPPERS:
        return _CONTAINER
    if isinstance(result, str | complex):
        return _TEXT
    if isinstance(result, bool) or not isinstance(result, int | float):
        return result
    return result if _IS_NUMERIC.match(text) is not None else _TEXT


_CONSTANTS: Final[dict[str, Any]] = {"True": True, "False": False, "None": None}


def parse_result(text: str) -> Any:
    """A render result as a native value (HA's ``_parse_result``)."""
    if _IS_NUMERIC.match(text) is not None:
        # The common case (a number) without ``literal_eval``: same values.
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            return text  # "", ".", "+": not numbers, and not Python either
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    result = _parse_scalar(text)
    if result is _TEXT:
        return text
    if result is _CONTAINER:
        value = literal_eval(text)
        return _WRAPPERS[type(value)](value, render_result=text)
    return result
