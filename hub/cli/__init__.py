"""The ``watthub`` command line: one module per subcommand.

Each subcommand module provides ``register(subparsers)`` which adds its parser and sets
``handler`` (a function taking the parsed arguments and returning the exit code). Later
commands (``auth``, ``bill``, ``token``, ``wmbus``...) plug in the same way.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hub.cli import auth, check_config, explain, run
from hub.const import HA_VERSION, __version__

_COMMANDS = (run, check_config, auth, explain)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    parser = argparse.ArgumentParser(
        prog="watthub",
        description="Watthub: a local-first home hub for energy, Home Assistant compatible.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"watthub {__version__} (Home Assistant API {HA_VERSION})",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in _COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``watthub`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    code: int = handler(args)
    return code
