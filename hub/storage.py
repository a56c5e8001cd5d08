"""Versioned JSON files under ``<config>/.storage``, written atomically and debounced.

File format (Home Assistant's): ``{"version": 1, "minor_version": 2, "key": "...",
"data": {...}}``. A file older than the code is migrated on load by the store's
``migrate`` function (tested against fixtures of old files); a file from a newer major
version is refused rather than misread. Writes go to a temporary file that is fsynced and
renamed over the old one, so a power cut leaves either the old or the new file, never a
torn one. ``delay_save`` coalesces bursts of changes (a registry edit storm) into one
write, and every pending write is flushed in the hub's final-write stage.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import orjson

from hub.clock import Timer
from hub.const import EVENT_HUB_FINAL_WRITE, STORAGE_DIR
from hub.exceptions import StorageError

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

JsonData = dict[str, Any]
# migrate(old_major, old_minor, data) -> data in the current format.
Migration = Callable[[int, int, JsonData], JsonData]

DEFAULT_SAVE_DELAY: Final = 10.0


class Store:
    """One JSON document in ``.storage``."""

    def __init__(
        self,
        hub: Hub,
        key: str,
        version: int,
        minor_version: int = 1,
        migrate: Migration | None = None,
        private: bool = False,
    ) -> None:
        self._hub = hub
        self.key = key
        self.version = version
        self.minor_version = minor_version
        self._migrate = migrate
        self._private = private
        self.path = hub.path(STORAGE_DIR, key)
        self._pending: Callable[[], JsonData] | None = None
        self._timer: Timer | None = None
        self._unlisten_final_write: Callable[[], None] | None = None
        # One write at a time, in call order: an older write still in the executor must
        # not land after (and over) a newer one.
        self._write_lock = asyncio.Lock()

    async def load(self) -> JsonData | None:
        """The stored data in the current format, or None when nothing is stored yet."""
        document = await self._hub.add_executor_job(read_document, self.path)
        if document is None:
            return None
        return self._upgrade(document)

    def _upgrade(self, document: Mapping[str, Any]) -> JsonData:
        try:
            major = int(document["version"])
            minor = int(document.get("minor_version", 1))
            data = document["data"]
        except (KeyError, TypeError, ValueError) as err:
            raise StorageError(f"{self.path}: not a storage document ({err})") from err
        if major > self.version:
            raise StorageError(
                f"{self.path} was written by a newer Watthub (format {major}.{minor}, this "
                f"release reads up to {self.version}.{self.minor_version}); upgrade Watthub "
                "or restore a backup"
            )
        if (major, minor) == (self.version, self.minor_version) or (
            major == self.version and minor > self.minor_version
        ):
            return dict(data)
        if self._migrate is None:
            raise StorageError(
                f"{self.path}: format {major}.{minor} has no migration to "
                f"{self.version}.{self.minor_version}"
            )
        _LOGGER.info(
            "Migrating %s from %d.%d to %d.%d",
            self.key,
            major,
            minor,
            self.version,
            self.minor_version,
        )
        return self._migrate(major, minor, dict(data))

    async def save(self, data: JsonData) -> None:
        """Write ``data`` now (cancelling any delayed save)."""
        self._cancel_timer()
        self._pending = None
        await self._write(data)

    def delay_save(
        self, data_func: Callable[[], JsonData], delay: float = DEFAULT_SAVE_DELAY
    ) -> None:
        """Write ``data_func()`` after ``delay`` seconds; later calls within the delay
        replace the data but not the deadline. Flushed at the hub's final write."""
        self._pending = data_func
        if self._unlisten_final_write is None:
            self._unlisten_final_write = self._hub.bus.listen_once(
                EVENT_HUB_FINAL_WRITE, self._flush_at_final_write
            )
        if self._timer is None:
            self._timer = self._hub.clock.call_later(delay, self._flush_from_timer)

    @property
    def has_pending_save(self) -> bool:
        """Whether a delayed save is waiting."""
        return self._pending is not None

    async def flush(self) -> None:
        """Write a pending delayed save now."""
        self._cancel_timer()
        pending, self._pending = self._pending, None
        if pending is not None:
            await self._write(pending())

    async def remove(self) -> None:
        """Delete the file (and any pending save)."""
        self._cancel_timer()
        self._pending = None
        await self._hub.add_executor_job(_unlink, self.path)

    def _flush_from_timer(self) -> None:
        self._timer = None
        self._hub.create_task(self.flush(), f"storage flush {self.key}")

    async def _flush_at_final_write(self, _event: Event) -> None:
        self._unlisten_final_write = None
        await self.flush()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def _write(self, data: JsonData) -> None:
        document = {
            "version": self.version,
            "minor_version": self.minor_version,
            "key": self.key,
            "data": data,
        }
        async with self._write_lock:
            await self._hub.add_executor_job(write_document, self.path, document, self._private)


def read_document(path: Path) -> JsonData | None:
    """Read a storage file; None when it does not exist. Blocking."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise StorageError(f"{path} is not valid JSON ({err}); restore it from a backup") from err
    if not isinstance(document, dict):
        raise StorageError(f"{path} does not hold a JSON object")
    return document


def write_document(path: Path, document: Mapping[str, Any], private: bool = False) -> None:
    """Write JSON atomically: temp file in the same directory, fsync, rename, fsync dir.
    Blocking."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600 if private else 0o644)  # noqa: PTH101 - on the temp name
        Path(temp_name).replace(path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)
