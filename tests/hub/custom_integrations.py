"""Test integrations from ``tests/fixtures/custom_components``, installed into a config dir.

The catalog loads ``<config>/custom_components/<domain>`` as ``custom_components.<domain>``;
tests copy in only the integrations they need, and forget the imported modules afterwards
so module-level state (attempt counters) never leaks from one test to the next.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

FIXTURE_INTEGRATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "custom_components"


def install_integrations(config_dir: Path, *domains: str) -> None:
    """Copy the named fixture integrations into ``config_dir/custom_components``."""
    target = config_dir / "custom_components"
    for domain in domains:
        shutil.copytree(
            FIXTURE_INTEGRATIONS / domain,
            target / domain,
            ignore=shutil.ignore_patterns("__pycache__"),
        )


def forget_custom_modules() -> None:
    """Drop every ``custom_components`` module from the import cache."""
    for name in [n for n in sys.modules if n.partition(".")[0] == "custom_components"]:
        del sys.modules[name]
