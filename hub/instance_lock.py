"""One hub per configuration directory.

Two processes writing the same ``.storage`` would lose each other's changes, so ``watthub
run`` holds an exclusive lock on ``<config>/.watthub.lock`` (with its pid inside) while
it runs; tools that edit storage offline check it and refuse while a hub is running.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Final

from hub.exceptions import HubError

LOCK_FILE: Final = ".watthub.lock"


class HubAlreadyRunning(HubError):
    """Another process holds the configuration directory."""


class InstanceLock:
    """An exclusive, process-lifetime lock on a configuration directory."""

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise ``HubAlreadyRunning`` naming the holder's pid."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise HubAlreadyRunning(
                f"A Watthub hub (pid {holder}) is already running on {self.path.parent}; "
                "stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is None:
            return
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def is_locked(config_dir: Path) -> bool:
    """Whether a running hub holds ``config_dir``."""
    lock = InstanceLock(config_dir)
    try:
        lock.acquire()
    except HubAlreadyRunning:
        return True
    except FileNotFoundError:
        return False
    lock.release()
    return False
