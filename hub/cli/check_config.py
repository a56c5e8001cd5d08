"""``watthub check-config``: validate a configuration without starting the hub."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hub.bootstrap import read_configuration


def register(subparsers: Any) -> None:
    """Add the ``check-config`` parser."""
    parser = subparsers.add_parser(
        "check-config",
        help="validate the configuration (core and every integration) and exit 0 or 1",
    )
    parser.add_argument(
        "--config", "-c", type=Path, default=Path("config"), help="configuration directory"
    )
    parser.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Print every problem as ``file:line: message``; exit 1 if there is any."""
    config_dir: Path = args.config
    if not config_dir.is_dir():
        print(f"{config_dir}: not a directory", file=sys.stderr)
        return 1
    configuration = read_configuration(config_dir)
    if configuration.errors:
        for error in configuration.errors:
            print(error.located())
        count = len(configuration.errors)
        print(
            f"Configuration invalid: {count} problem{'s' if count != 1 else ''}.", file=sys.stderr
        )
        return 1
    domains = sorted(configuration.domains)
    print(f"Configuration valid: {len(domains)} integrations ({', '.join(domains)}).")
    return 0
