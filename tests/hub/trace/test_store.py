"""Keeping traces: the last N per item, saved in ``.storage/trace.saved_traces`` and back
after a restart, in Home Assistant's stored shape; and the "why not" log."""

from __future__ import annotations

from pathlib import Path

import orjson

from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.storage import read_document
from hub.trace import (
    TraceRecorder,
    not_run_log,
    record_not_run,
    script_execution_set,
    trace_run,
    trace_step,
    trace_store,
)
from hub.trace.not_run import NOT_RUN_LIMIT
from hub.trace.store import SAVE_DELAY, RestoredTrace


def run_once(hub: Hub, item_id: str, stored_traces: int = 5, error: str | None = None) -> str:
    recorder = TraceRecorder("automation", item_id, Context(), {"id": item_id})
    with trace_run(hub, recorder, stored_traces):
        recorder.set_trigger_description("event 'go'")
        trace_step({"trigger": {"id": "0", "idx": "0"}}, path="trigger/0")
        if error is not None:
            recorder.set_error(error)
        script_execution_set("finished")
    return recorder.run_id


async def test_each_item_keeps_its_last_runs(hub: Hub) -> None:
    runs = [run_once(hub, "a", stored_traces=3) for _ in range(5)]
    run_once(hub, "b")
    store = trace_store(hub)
    assert [trace.run_id for trace in store.traces("automation.a")] == runs[2:]
    assert len(store.list_traces("automation")) == 4
    assert [item["run_id"] for item in store.list_traces("automation", "automation.a")] == runs[2:]
    assert store.list_traces("script") == []
    assert store.get_trace("automation.a", runs[0]) is None
    extended = store.get_trace("automation.a", runs[-1])
    assert extended is not None
    assert extended["trace"]["trigger/0"][0]["path"] == "trigger/0"


async def test_contexts_map_to_runs(hub: Hub) -> None:
    run_id = run_once(hub, "a")
    store = trace_store(hub)
    [trace] = store.traces("automation.a")
    assert store.list_contexts() == {
        trace.context_id: {"run_id": run_id, "domain": "automation", "item_id": "a"}
    }
    assert store.list_contexts("automation.b") == {}


async def test_traces_survive_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    first = Hub(tmp_path, clock=clock)
    old_runs = [run_once(first, "a") for _ in range(3)]
    run_once(first, "b", error="it broke")
    await first.stop()

    document = read_document(tmp_path / ".storage" / "trace.saved_traces")
    assert document is not None
    assert (document["version"], document["key"]) == (1, "trace.saved_traces")
    stored = document["data"]["automation.a"]
    assert [entry["short_dict"]["run_id"] for entry in stored] == old_runs
    assert set(stored[0]) == {"extended_dict", "short_dict"}
    assert document["data"]["automation.b"][0]["short_dict"]["error"] == "it broke"

    second = Hub(tmp_path, clock=clock)
    try:
        store = trace_store(second)
        await store.async_load()
        new_run = run_once(second, "a")
        traces = store.traces("automation.a")
        assert [trace.run_id for trace in traces] == [*old_runs, new_run]
        assert isinstance(traces[0], RestoredTrace)
        short = store.list_traces("automation", "automation.a")[0]
        assert short == stored[0]["short_dict"]
        assert store.get_trace("automation.a", old_runs[0]) == stored[0]["extended_dict"]
    finally:
        await second.stop()


async def test_restored_traces_respect_the_limit(tmp_path: Path, clock: ManualClock) -> None:
    first = Hub(tmp_path, clock=clock)
    runs = [run_once(first, "a") for _ in range(5)]
    await first.stop()
    second = Hub(tmp_path, clock=clock)
    try:
        store = trace_store(second)
        new_runs = [run_once(second, "a", stored_traces=2) for _ in range(2)]
        await store.async_load()
        assert [trace.run_id for trace in store.traces("automation.a")] == new_runs
        assert runs[-1] not in {trace.run_id for trace in store.traces("automation.a")}
    finally:
        await second.stop()


async def test_runs_are_saved_after_a_delay(hub: Hub, clock: ManualClock) -> None:
    path = hub.path(".storage", "trace.saved_traces")
    run_once(hub, "a")
    await hub.block_till_done()
    assert not path.exists()
    await clock.advance(SAVE_DELAY + 1, settle=hub.block_till_done)
    data = orjson.loads(path.read_bytes())["data"]
    assert list(data) == ["automation.a"]


async def test_a_broken_trace_file_is_ignored(tmp_path: Path, clock: ManualClock) -> None:
    (tmp_path / ".storage").mkdir()
    (tmp_path / ".storage" / "trace.saved_traces").write_text(
        '{"version": 1, "key": "trace.saved_traces", "data": '
        '{"automation.a": [{"nonsense": 1}], "automation.b": "x"}}'
    )
    hub = Hub(tmp_path, clock=clock)
    try:
        store = trace_store(hub)
        await store.async_load()
        assert store.list_traces("automation") == []
    finally:
        await hub.stop()


async def test_not_run_log_keeps_recent_entries_and_saves_them(
    tmp_path: Path, clock: ManualClock
) -> None:
    hub = Hub(tmp_path, clock=clock)
    for index in range(NOT_RUN_LIMIT + 3):
        record_not_run(hub, "automation.hall", "condition", {"index": index})
    entries = not_run_log(hub).entries("automation.hall")
    assert len(entries) == NOT_RUN_LIMIT
    assert entries[0].details == {"index": 3}
    assert entries[-1].as_dict() == {
        "item_id": "automation.hall",
        "time": "2026-01-15T12:00:00+00:00",
        "reason": "condition",
        "details": {"index": NOT_RUN_LIMIT + 2},
    }
    assert not_run_log(hub).entries("automation.other") == []
    await hub.stop()
    document = read_document(tmp_path / ".storage" / "trace.not_run")
    assert document is not None
    assert len(document["data"]["automation.hall"]) == NOT_RUN_LIMIT


async def test_a_run_ending_while_traces_load_is_saved(tmp_path: Path, clock: ManualClock) -> None:
    first = Hub(tmp_path, clock=clock)
    old = run_once(first, "a")
    await first.stop()
    second = Hub(tmp_path, clock=clock)
    store = trace_store(second)
    loading = second.create_task(store.async_load())
    new = run_once(second, "a")  # finishes before the stored traces are read
    await loading
    await second.stop()
    document = read_document(tmp_path / ".storage" / "trace.saved_traces")
    assert document is not None
    assert [entry["short_dict"]["run_id"] for entry in document["data"]["automation.a"]] == [
        old,
        new,
    ]
