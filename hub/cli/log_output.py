"""Where the running hub's log lines go: the terminal and ``<config>/watthub.log``.

Handlers write from a background thread fed by a queue, so a slow terminal or disk never
blocks the event loop.
"""

from __future__ import annotations

import logging
import logging.handlers
import queue
import sys
from pathlib import Path
from typing import Final

FORMAT: Final = "%(asctime)s.%(msecs)03d %(levelname)s (%(threadName)s) [%(name)s] %(message)s"
DATE_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
LOG_FILE: Final = "watthub.log"


def configure_logging(config_dir: Path, verbose: bool) -> logging.handlers.QueueListener:
    """Route logging through a queue to stderr and the log file; returns the listener
    (stop it at exit to flush)."""
    formatter = logging.Formatter(FORMAT, DATE_FORMAT)
    terminal = logging.StreamHandler(sys.stderr)
    terminal.setFormatter(formatter)
    handlers: list[logging.Handler] = [terminal]
    try:
        file_handler = logging.handlers.RotatingFileHandler(
            config_dir / LOG_FILE, maxBytes=10 * 1024 * 1024, backupCount=3, encoding="utf-8"
        )
    except OSError as err:
        print(
            f"Cannot write {config_dir / LOG_FILE}: {err}; logging to the terminal only",
            file=sys.stderr,
        )
    else:
        file_handler.setFormatter(formatter)
        handlers.append(file_handler)
    log_queue: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.handlers.QueueHandler(log_queue))
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # Chatty libraries stay at WARNING unless the homeowner's logger: says otherwise.
    for name in ("aiohttp.access", "asyncio"):
        logging.getLogger(name).setLevel(logging.WARNING)
    listener = logging.handlers.QueueListener(log_queue, *handlers, respect_handler_level=True)
    listener.start()
    return listener
