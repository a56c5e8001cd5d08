"""``watthub explain automation.x``: why an automation ran or did not, recently.

Reads what the hub saved in the configuration's ``.storage`` (see
``hub.automation.explain``), so it works beside a running hub and after it stopped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hub.automation.explain import explain


def register(subparsers: Any) -> None:
    """Add the ``explain`` parser."""
    parser = subparsers.add_parser(
        "explain",
        help="show why an automation ran or did not run recently",
    )
    parser.add_argument("entity_id", help="the automation, like automation.hall_light")
    parser.add_argument(
        "--config", "-c", type=Path, default=Path("config"), help="configuration directory"
    )
    parser.set_defaults(handler=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    """Print one line per recorded run or non-run; exit 1 when there is none."""
    config_dir: Path = args.config
    entity_id: str = args.entity_id
    if not entity_id.startswith("automation."):
        entity_id = f"automation.{entity_id}"
    if not config_dir.is_dir():
        print(f"{config_dir}: not a directory", file=sys.stderr)
        return 1
    lines = explain(config_dir, entity_id)
    if not lines:
        print(
            f"{entity_id}: nothing recorded yet (the hub saves what it records at most "
            "30 s later, and when it stops)",
            file=sys.stderr,
        )
        return 1
    print(f"{entity_id}:")
    for line in lines:
        print(f"  {line}")
    return 0
