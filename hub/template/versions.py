"""``version("2025.1.0") > "2024.12.4"``: comparable version strings for templates.

Home Assistant uses AwesomeVersion; this keeps the part templates use: comparison with
other versions or plain strings, numeric segments compared as numbers, and ``major``,
``minor``, ``patch`` accessors. A pre-release suffix (``2025.1.0b2``, ``1.0.0-rc1``)
sorts before the release it precedes; missing trailing numbers count as 0.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

_RELEASE: Final = re.compile(r"^[vV]?(\d+(?:\.\d+)*)(.*)$")
_SUFFIX_PART: Final = re.compile(r"(\d+)|([A-Za-z]+)")
# A release sorts after any pre-release: suffix parts are (0, ...), a release is (1,).
_NO_SUFFIX: Final = ((1,),)

SuffixPart = tuple[int, ...] | tuple[int, int, Any]


@functools.total_ordering
class Version:
    """A version string that compares like a version."""

    __slots__ = ("numbers", "string", "suffix")

    def __init__(self, value: Any) -> None:
        self.string: str = str(value.string if isinstance(value, Version) else value).strip()
        match = _RELEASE.match(self.string)
        if match is None:
            self.numbers: tuple[int, ...] = ()
            rest = self.string
        else:
            self.numbers = tuple(int(part) for part in match.group(1).split("."))
            rest = match.group(2)
        parts = tuple(
            (0, 0, int(digits)) if digits else (0, 1, letters.lower())
            for digits, letters in _SUFFIX_PART.findall(rest)
        )
        self.suffix: tuple[SuffixPart, ...] = parts or _NO_SUFFIX

    @property
    def major(self) -> int | None:
        """The first number."""
        return self.numbers[0] if self.numbers else None

    @property
    def minor(self) -> int | None:
        """The second number."""
        return self.numbers[1] if len(self.numbers) > 1 else None

    @property
    def patch(self) -> int | None:
        """The third number."""
        return self.numbers[2] if len(self.numbers) > 2 else None

    def _keys(self, other: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
        if isinstance(other, str | int | float):
            other = Version(other)
        if not isinstance(other, Version):
            return None
        width = max(len(self.numbers), len(other.numbers))
        mine = self.numbers + (0,) * (width - len(self.numbers))
        theirs = other.numbers + (0,) * (width - len(other.numbers))
        return (mine, self.suffix), (theirs, other.suffix)

    def __eq__(self, other: object) -> bool:
        keys = self._keys(other)
        return NotImplemented if keys is None else keys[0] == keys[1]

    def __lt__(self, other: Any) -> bool:
        keys = self._keys(other)
        return NotImplemented if keys is None else keys[0] < keys[1]

    def __hash__(self) -> int:
        return hash(self.string)

    def __str__(self) -> str:
        return self.string

    def __repr__(self) -> str:
        return f"<Version {self.string}>"


def version(value: Any) -> Version:
    """Template function and filter ``version``."""
    return Version(value)
