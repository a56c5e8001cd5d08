"""Text and data functions: regular expressions, slugs, ordinals, JSON, base64,
``merge_response`` and the type tests (``is list``, ``is string_like``...)."""

from __future__ import annotations

import base64
import copy
import json
import random
import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any, Final
from urllib.parse import urlencode as urllib_urlencode

import orjson
from jinja2 import pass_context
from jinja2.runtime import Context

from hub.config.slugs import slugify as slugify_text

_ENTITY_ID: Final = "entity_id"


@lru_cache(maxsize=128)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _pattern(find: str, ignorecase: bool) -> re.Pattern[str]:
    return _compiled(find, re.IGNORECASE if ignorecase else 0)


def regex_match(value: Any, find: str = "", ignorecase: bool = False) -> bool:
    """Whether ``find`` matches at the start of ``value``."""
    return bool(_pattern(find, ignorecase).match(str(value)))


def regex_search(value: Any, find: str = "", ignorecase: bool = False) -> bool:
    """Whether ``find`` matches anywhere in ``value``."""
    return bool(_pattern(find, ignorecase).search(str(value)))


def regex_replace(
    value: Any = "", find: str = "", replace: str = "", ignorecase: bool = False
) -> str:
    """``value`` with every match of ``find`` replaced."""
    return _pattern(find, ignorecase).sub(replace, str(value))


def regex_findall(value: Any, find: str = "", ignorecase: bool = False) -> list[Any]:
    """Every match of ``find`` in ``value``."""
    return _pattern(find, ignorecase).findall(str(value))


def regex_findall_index(
    value: Any, find: str = "", index: int = 0, ignorecase: bool = False
) -> Any:
    """Match number ``index`` of ``find`` in ``value``."""
    return regex_findall(value, find, ignorecase)[index]


def slugify(value: Any, separator: str = "_") -> str:
    """A slug like entity ids use: ``"Living Room"`` -> ``"living_room"``."""
    if value is None or value == "":
        return ""
    slug = slugify_text(str(value))
    return slug if separator == "_" else slug.replace("_", separator)


def ordinal(value: Any) -> str:
    """``1`` -> ``"1st"``, ``12`` -> ``"12th"``, ``23`` -> ``"23rd"``."""
    text = str(value)
    suffixes = ("th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th")
    if int(text[-2:]) % 100 in range(11, 14):
        return text + "th"
    return text + suffixes[int(text[-1]) % 10]


def from_json(value: Any) -> Any:
    """Parse JSON text."""
    return orjson.loads(value)


def _refuse_json(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def to_json(
    value: Any, ensure_ascii: bool = False, pretty_print: bool = False, sort_keys: bool = False
) -> str:
    """JSON text of ``value`` (datetimes as ISO strings)."""
    if ensure_ascii:
        return json.dumps(
            value,
            ensure_ascii=True,
            indent=2 if pretty_print else None,
            sort_keys=sort_keys,
            default=_refuse_json,
        )
    option = orjson.OPT_NON_STR_KEYS
    if pretty_print:
        option |= orjson.OPT_INDENT_2
    if sort_keys:
        option |= orjson.OPT_SORT_KEYS
    return orjson.dumps(value, option=option, default=_json_fallback).decode()


def _json_fallback(value: Any) -> Any:
    """Template values orjson does not know natively: sets, tuples, wrapped states."""
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    as_dict = getattr(value, "as_dict", None)
    if callable(as_dict):
        return as_dict()
    return _refuse_json(value)


def base64_encode(value: str) -> str:
    """Base64 of the UTF-8 text."""
    return base64.b64encode(value.encode("utf-8")).decode("utf-8")


def base64_decode(value: str, encoding: str | None = "utf-8") -> str | bytes:
    """Decode base64; text in ``encoding`` (bytes when None)."""
    decoded = base64.b64decode(value)
    return decoded.decode(encoding) if encoding else decoded


def urlencode(value: Any) -> str:
    """A mapping as a URL query string."""
    return urllib_urlencode(value)


@pass_context
def random_every_time(context: Context, values: Any) -> Any:
    """A random item, chosen anew at every render (Jinja's caches its choice)."""
    return random.choice(values)


def merge_response(value: Any) -> list[Any]:
    """Flatten an action's per-entity response into one list, each item tagged with its
    ``entity_id`` (and ``value_key`` for single-list responses such as forecasts)."""
    if not isinstance(value, dict):
        raise TypeError("Response is not a dictionary")
    items: list[Any] = []
    for entity_id, entity_response in copy.deepcopy(value).items():
        if not isinstance(entity_response, dict):
            raise TypeError("Response is not a dictionary")
        if len(entity_response) == 1:
            ((value_key, only),) = entity_response.items()
            if isinstance(only, list):
                for item in only:
                    if isinstance(item, dict):
                        _tag(item, entity_id)
                        item["value_key"] = value_key
                items.extend(only)
                continue
        items.append(_tag(dict(entity_response), entity_id))
    return items


def _tag(item: dict[str, Any], entity_id: str) -> dict[str, Any]:
    if _ENTITY_ID in item:
        raise ValueError(f"Response dictionary already contains key '{_ENTITY_ID}'")
    item[_ENTITY_ID] = entity_id
    return item


def contains(container: Any, item: Any) -> bool:
    """``item in container`` (the ``contains`` test and filter)."""
    return item in container


def to_set(value: Any) -> set[Any]:
    """``set(value)``."""
    return set(value)


def to_tuple(value: Any) -> tuple[Any, ...]:
    """``tuple(value)``."""
    return tuple(value)


def is_list(value: Any) -> bool:
    """The ``list`` test."""
    return isinstance(value, list)


def is_set(value: Any) -> bool:
    """The ``set`` test."""
    return isinstance(value, set)


def is_tuple(value: Any) -> bool:
    """The ``tuple`` test."""
    return isinstance(value, tuple)


def is_datetime(value: Any) -> bool:
    """The ``datetime`` test."""
    return isinstance(value, datetime)


def is_string_like(value: Any) -> bool:
    """The ``string_like`` test: str, bytes or bytearray."""
    return isinstance(value, str | bytes | bytearray)
