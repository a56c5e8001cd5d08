"""``and``, ``or`` and ``not``: conditions of conditions.

Each child is checked at ``<path>/conditions/<index>``. ``and`` fails on the first
failing child, ``or`` passes on the first passing one, ``not`` fails when any child
passes. A disabled child (``None``) is ignored. Errors of children are collected and
raised only when no child decided the result, as Home Assistant does.
"""

from __future__ import annotations

from collections.abc import Sequence

from hub.condition.errors import ConditionErrorContainer, ConditionErrorIndex
from hub.condition.model import Check, Condition, Variables
from hub.exceptions import ConditionError
from hub.trace import trace_path


def and_check(children: Sequence[Condition]) -> Check:
    def check(variables: Variables) -> bool:
        errors: list[ConditionError] = []
        for index, child in enumerate(children):
            try:
                with trace_path(["conditions", str(index)]):
                    if child.evaluate(variables) is False:
                        return False
            except ConditionError as err:
                errors.append(ConditionErrorIndex("and", index, len(children), err))
        if errors:
            raise ConditionErrorContainer("and", errors)
        return True

    return check


def or_check(children: Sequence[Condition]) -> Check:
    def check(variables: Variables) -> bool:
        errors: list[ConditionError] = []
        for index, child in enumerate(children):
            try:
                with trace_path(["conditions", str(index)]):
                    if child.evaluate(variables) is True:
                        return True
            except ConditionError as err:
                errors.append(ConditionErrorIndex("or", index, len(children), err))
        if errors:
            raise ConditionErrorContainer("or", errors)
        return False

    return check


def not_check(children: Sequence[Condition]) -> Check:
    def check(variables: Variables) -> bool:
        errors: list[ConditionError] = []
        for index, child in enumerate(children):
            try:
                with trace_path(["conditions", str(index)]):
                    if child.evaluate(variables):
                        return False
            except ConditionError as err:
                errors.append(ConditionErrorIndex("not", index, len(children), err))
        if errors:
            raise ConditionErrorContainer("not", errors)
        return True

    return check
