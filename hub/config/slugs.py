"""Slugs: the ``[a-z0-9_]`` form of a name, used for entity object ids and package names."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_TRANSLITERATION: Final = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "\u0131": "i",  # dotless i
        "°": "deg",
        "µ": "u",
    }
)
_DIGIT_GROUPING = re.compile(r"(?<=\d),(?=\d)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str | None) -> str:
    """Text as a slug of ``[a-z0-9_]``: ``"Tèst Mörê 1,000"`` -> ``"test_more_1000"``.

    Home Assistant's semantics: empty text (or ``None``) gives ``""``; text that has
    nothing left after slugifying gives ``"unknown"``. Home Assistant transliterates
    with ``unidecode``; we decompose (NFKD) and map the common letters that do not
    decompose (ß, æ, ø, œ, ł, đ, þ), which agrees for Latin-script names. Scripts
    without a Latin decomposition (Chinese, Cyrillic, ...) give ``"unknown"`` here
    where Home Assistant would produce a romanisation.
    """
    if not text:
        return ""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    slug = _NOT_ALNUM.sub("_", _DIGIT_GROUPING.sub("", ascii_text)).strip("_")
    return slug or "unknown"
