"""Why a condition could not be evaluated, in Home Assistant's wording.

``ConditionErrorMessage`` is one problem ("In 'numeric_state' condition: unknown entity
sensor.x"); ``ConditionErrorIndex`` places an error in a list ("In 'and' (item 2 of
3):"); ``ConditionErrorContainer`` holds several. Their text is indented like HA's, so
log lines and trace errors read the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from hub.exceptions import ConditionError


class ConditionErrorMessage(ConditionError):
    """One problem in one condition."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        self.message = message
        super().__init__(self.text())

    def lines(self, indent: int) -> Iterator[str]:
        yield f"{'  ' * indent}In '{self.kind}' condition: {self.message}"

    def text(self) -> str:
        return "\n".join(self.lines(0))


class ConditionErrorIndex(ConditionError):
    """An error of item ``index`` (of ``total``) of a list of conditions or entities."""

    def __init__(self, kind: str, index: int, total: int, error: ConditionError) -> None:
        self.kind = kind
        self.index = index
        self.total = total
        self.error = error
        super().__init__("\n".join(self.lines(0)))

    def lines(self, indent: int) -> Iterator[str]:
        where = f" (item {self.index + 1} of {self.total})" if self.total > 1 else ""
        yield f"{'  ' * indent}In '{self.kind}'{where}:"
        yield from condition_error_lines(self.error, indent + 1)


class ConditionErrorContainer(ConditionError):
    """Several errors."""

    def __init__(self, kind: str, errors: Sequence[ConditionError]) -> None:
        self.kind = kind
        self.errors = list(errors)
        super().__init__("\n".join(self.lines(0)))

    def lines(self, indent: int) -> Iterator[str]:
        for error in self.errors:
            yield from condition_error_lines(error, indent)


def condition_error_lines(error: ConditionError, indent: int) -> Iterator[str]:
    """The indented lines of any condition error."""
    lines = getattr(error, "lines", None)
    if lines is not None:
        yield from lines(indent)
    else:
        yield f"{'  ' * indent}{error}"
