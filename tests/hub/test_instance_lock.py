"""Tests of ``hub.instance_lock``: one hub per configuration directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.instance_lock import LOCK_FILE, HubAlreadyRunning, InstanceLock, is_locked


def test_lock_writes_the_pid_and_refuses_a_second_holder(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path)
    first.acquire()
    try:
        assert (tmp_path / LOCK_FILE).read_text() == f"{os.getpid()}\n"
        with pytest.raises(HubAlreadyRunning) as caught:
            InstanceLock(tmp_path).acquire()
        message = str(caught.value)
        assert f"pid {os.getpid()}" in message
        assert str(tmp_path) in message
        assert "stop it first" in message
        assert is_locked(tmp_path)
    finally:
        first.release()
    assert not is_locked(tmp_path)


def test_release_lets_another_take_it(tmp_path: Path) -> None:
    with InstanceLock(tmp_path):
        assert is_locked(tmp_path)
    with InstanceLock(tmp_path) as again:
        assert is_locked(tmp_path)
        assert again.path == tmp_path / LOCK_FILE
    assert not is_locked(tmp_path)


def test_release_twice_is_harmless(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path)
    lock.acquire()
    lock.release()
    lock.release()
    assert not is_locked(tmp_path)


def test_stale_lock_file_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / LOCK_FILE).write_text("999999\n")
    assert not is_locked(tmp_path)
    with InstanceLock(tmp_path):
        assert (tmp_path / LOCK_FILE).read_text() == f"{os.getpid()}\n"


def test_lock_held_by_another_process(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib\n"
            "from hub.instance_lock import InstanceLock\n"
            f"lock = InstanceLock(pathlib.Path({str(tmp_path)!r}))\n"
            "lock.acquire()\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        assert is_locked(tmp_path)
        with pytest.raises(HubAlreadyRunning, match=f"pid {holder.pid}"):
            InstanceLock(tmp_path).acquire()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=5)
        holder.stdout.close()  # type: ignore[union-attr]
    # The lock dies with the process.
    assert not is_locked(tmp_path)


def test_missing_config_dir_is_not_locked(tmp_path: Path) -> None:
    assert not is_locked(tmp_path / "nope")
