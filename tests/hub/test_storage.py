"""Store: versioned documents, atomic writes, debounced saves, migrations, final flush."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from hub import storage
from hub.clock import ManualClock
from hub.core import Hub
from hub.exceptions import StorageError
from hub.storage import Store, write_document


async def test_save_and_load_round_trip(hub: Hub) -> None:
    store = Store(hub, "test.doc", 1)
    assert await store.load() is None
    await store.save({"a": [1, 2], "b": "ü"})
    document = json.loads(store.path.read_text())
    assert document == {
        "version": 1,
        "minor_version": 1,
        "key": "test.doc",
        "data": {"a": [1, 2], "b": "ü"},
    }
    assert await Store(hub, "test.doc", 1).load() == {"a": [1, 2], "b": "ü"}


async def test_delay_save_coalesces_and_keeps_deadline(hub: Hub, clock: ManualClock) -> None:
    store = Store(hub, "test.doc", 1)
    counter = {"n": 0}

    def data() -> dict[str, int]:
        counter["n"] += 1
        return {"n": counter["n"]}

    store.delay_save(data, 10)
    await clock.advance(5)
    store.delay_save(data, 10)  # does not push the deadline
    await clock.advance(5, settle=hub.block_till_done)
    assert counter["n"] == 1
    assert json.loads(store.path.read_text())["data"] == {"n": 1}
    assert not store.has_pending_save


async def test_pending_save_is_flushed_at_stop(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)
    store = Store(hub, "test.doc", 1)
    store.delay_save(lambda: {"kept": True}, 3600)
    await hub.stop()
    assert json.loads(store.path.read_text())["data"] == {"kept": True}


async def test_migration_from_older_minor(hub: Hub) -> None:
    write_document(
        hub.path(".storage", "test.doc"),
        {"version": 1, "minor_version": 1, "key": "test.doc", "data": {"old": 1}},
    )
    calls: list[tuple[int, int]] = []

    def migrate(major: int, minor: int, data: dict[str, int]) -> dict[str, int]:
        calls.append((major, minor))
        return {"new": data["old"] + 1}

    store = Store(hub, "test.doc", 1, minor_version=2, migrate=migrate)
    assert await store.load() == {"new": 2}
    assert calls == [(1, 1)]


async def test_newer_major_is_refused(hub: Hub) -> None:
    write_document(hub.path(".storage", "test.doc"), {"version": 3, "key": "test.doc", "data": {}})
    with pytest.raises(StorageError, match="newer Watthub"):
        await Store(hub, "test.doc", 1).load()


async def test_corrupt_file_is_a_clear_error(hub: Hub) -> None:
    path = hub.path(".storage", "test.doc")
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(StorageError, match="not valid JSON"):
        await Store(hub, "test.doc", 1).load()


def test_atomic_write_leaves_no_temp_files_and_private_mode(tmp_path: Path) -> None:
    path = tmp_path / ".storage" / "secret"
    write_document(path, {"version": 1, "data": {}}, private=True)
    write_document(path, {"version": 1, "data": {"x": 1}}, private=True)
    assert [p.name for p in path.parent.iterdir()] == ["secret"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_failed_write_keeps_old_file(tmp_path: Path) -> None:
    path = tmp_path / "doc"
    write_document(path, {"version": 1, "data": {"ok": True}})
    with pytest.raises(TypeError):
        write_document(path, {"version": 1, "data": {"bad": object()}})
    assert json.loads(path.read_text())["data"] == {"ok": True}
    assert [p.name for p in tmp_path.iterdir()] == ["doc"]


async def test_overlapping_writes_land_in_order(
    hub: Hub, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flush while an earlier write is still on disk-bound must not be overtaken by it:
    the newest data is what stays on disk."""
    store = Store(hub, "test.doc", 1)
    first_started = threading.Event()
    release_first = threading.Event()
    original = storage.write_document

    def slow_first_write(path: Path, document: dict[str, Any], private: bool = False) -> None:
        if document["data"] == {"n": 1}:
            first_started.set()
            release_first.wait(5)
        original(path, document, private)

    monkeypatch.setattr(storage, "write_document", slow_first_write)
    store.delay_save(lambda: {"n": 1}, 10)
    await clock.advance(10)  # the timer's write starts and blocks
    for _ in range(500):
        if first_started.is_set():
            break
        await asyncio.sleep(0.001)
    assert first_started.is_set()
    store.delay_save(lambda: {"n": 2}, 10)
    second = hub.create_task(store.flush())
    try:
        await asyncio.wait({second}, timeout=0.05)
        assert not second.done()  # waits for the first write
    finally:
        release_first.set()
        await hub.block_till_done()
    assert second.done()
    assert json.loads(store.path.read_text())["data"] == {"n": 2}
