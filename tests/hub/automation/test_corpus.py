"""The shared Home Assistant YAML corpus (``../shared/acceptance/ha_yaml``) loads.

check-config exits 0 on the valid files and 1 on each error case, naming the problem;
a started hub shows one ``automation.*`` per automation (68) and one ``script.*`` per
script (2), and the error cases as unavailable entities, as Home Assistant does.
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from pathlib import Path

import pytest

from hub.bootstrap import build_hub
from hub.cli import main
from hub.clock import ManualClock
from tests.conftest import TEST_HTTP
from tests.hub.automation.corpus import CORPUS, assemble, error_cases

pytestmark = [
    pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available"),
    # Jinja decodes the string literal '^scene\..*' (Blackshome's blueprint) with
    # Python's unicode-escape codec, which warns about the "invalid escape"; the suite
    # turns warnings into errors, Home Assistant (and a running hub) does not.
    pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning"),
]

VALID_AUTOMATIONS = 68
VALID_SCRIPTS = 2


def _check(config_dir: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check-config", "--config", str(config_dir)])
    return code, out.getvalue()


def test_valid_corpus_passes_check_config(tmp_path: Path) -> None:
    code, output = _check(assemble(tmp_path / "config"))
    assert code == 0, output
    assert output.startswith("Configuration valid:")


@pytest.mark.parametrize(
    "case", error_cases(), ids=[Path(case["file"]).stem for case in error_cases()]
)
def test_each_error_case_is_reported(tmp_path: Path, case: dict[str, object]) -> None:
    code, output = _check(assemble(tmp_path / "config", extra_error=str(case["file"])))
    assert code == 1
    lines = output.splitlines()
    assert len(lines) == 1, output
    for word in case["error_mentions"]:  # type: ignore[attr-defined]
        assert word in lines[0], (word, lines[0])


async def test_started_hub_shows_every_automation_and_script(
    tmp_path: Path, clock: ManualClock
) -> None:
    hub = await build_hub(assemble(tmp_path / "config", all_errors=True), clock, TEST_HTTP)
    try:
        await hub.start()
        await hub.block_till_done()
        automations = Counter(state.state for state in hub.states.all("automation"))
        scripts = Counter(state.state for state in hub.states.all("script"))
        assert automations == {"on": VALID_AUTOMATIONS, "unavailable": 3}
        assert scripts == {"off": VALID_SCRIPTS, "unavailable": 1}
        # An hour of the corpus running (time triggers, patterns) breaks nothing.
        await clock.advance(3600, settle=hub.block_till_done)
        assert Counter(s.state for s in hub.states.all("automation"))["on"] == VALID_AUTOMATIONS
    finally:
        await hub.stop()


async def test_valid_corpus_has_no_unavailable_entity(tmp_path: Path, clock: ManualClock) -> None:
    hub = await build_hub(assemble(tmp_path / "config"), clock, TEST_HTTP)
    try:
        await hub.start()
        await hub.block_till_done()
        assert len(hub.states.entity_ids("automation")) == VALID_AUTOMATIONS
        assert len(hub.states.entity_ids("script")) == VALID_SCRIPTS
        assert all(state.state == "on" for state in hub.states.all("automation"))
    finally:
        await hub.stop()
