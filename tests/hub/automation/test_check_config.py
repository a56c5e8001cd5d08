"""``watthub check-config`` catches and locates mistakes in automations, scripts and
blueprints: each at its file and line, each automation on its own (the valid ones are
not reported, one mistake does not hide the next)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from hub.cli import main

MISTAKES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "config" / "automation_mistakes"

# (file, line, what the message must say)
MISTAKES = [
    ("automations.yaml", 1, "required option 'triggers' is missing"),
    ("automations.yaml", 4, "required option 'actions' is missing"),
    ("automations.yaml", 9, "Cannot specify both 'trigger' and 'triggers'"),
    ("automations.yaml", 19, "Invalid trigger 'telepathy'"),
    ("automations.yaml", 25, "Binary Sensor Hall is neither a valid entity ID"),
    ("automations.yaml", 33, "unknown condition 'horoscope'"),
    ("automations.yaml", 41, "unknown action"),
    ("automations.yaml", 47, "does not match the format <domain>.<name>"),
    ("automations.yaml", 54, "Cannot specify both 'action' and 'service'"),
    ("automations.yaml", 62, "invalid template (TemplateSyntaxError"),
    ("automations.yaml", 64, "mode must be one of parallel, queued, restart, single"),
    ("automations.yaml", 72, "max must be at least 2"),
    ("automations.yaml", 79, "max_exceeded must be silent or a log level"),
    ("automations.yaml", 90, "expected a duration"),
    ("automations.yaml", 96, "repeat needs exactly one of count, for_each, while or until"),
    ("automations.yaml", 108, "stop takes error or response_variable, not both"),
    ("automations.yaml", 113, "unknown option 'condtion'"),
    ("automations.yaml", 117, 'the automation id must be text; quote it (id: "1234")'),
    ("automations.yaml", 131, "id 'same' is already used by the automation at"),
    ("automations.yaml", 140, "blueprint file nobody/nothing.yaml not found"),
    ("automations.yaml", 144, "missing input 'lights'"),
    ("automations.yaml", 152, "Unknown device '0123456789abcdef0123456789abcdef'"),
    ("automations.yaml", 161, "choose[0].sequence: required option 'sequence' is missing"),
    ("automations.yaml", 168, "must contain at least one of below, above"),
    (
        "blueprints/automation/broken/no_name.yaml",
        1,
        "blueprint broken/no_name.yaml is invalid: blueprint.name: required option 'name'",
    ),
    (
        "blueprints/automation/broken/undeclared_input.yaml",
        12,
        "uses `!input service_to_call`, which its `blueprint: input:` does not declare",
    ),
    ("scripts.yaml", 1, "script id 'turn_on' is reserved"),
    ("scripts.yaml", 5, "script 'no_sequence': sequence: required option 'sequence'"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[str], str]:
    """check-config's exit code, output lines and error output for the mistakes."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check-config", "--config", str(MISTAKES_DIR)])
    return code, out.getvalue().splitlines(), err.getvalue()


def test_at_least_fifteen_kinds_of_mistake_are_listed() -> None:
    assert len({fragment for _, _, fragment in MISTAKES}) >= 15


@pytest.mark.parametrize(("file", "line", "fragment"), MISTAKES)
def test_each_mistake_is_located(
    report: tuple[int, list[str], str], file: str, line: int, fragment: str
) -> None:
    _, lines, _ = report
    prefix = f"{MISTAKES_DIR / file}:{line}: "
    located = [text for text in lines if text.startswith(prefix)]
    assert located, f"nothing reported at {prefix}: {lines}"
    assert any(fragment in text for text in located), located


def test_exit_code_and_count(report: tuple[int, list[str], str]) -> None:
    code, lines, err = report
    assert code == 1
    assert len(lines) == len(MISTAKES)
    assert err == f"Configuration invalid: {len(MISTAKES)} problems.\n"
    # The valid automation and script among them are not reported.
    assert not any("'Fine'" in text or "script 'good'" in text for text in lines)
