"""Assembling the shared Home Assistant YAML corpus (``../shared/acceptance/ha_yaml``)
into a configuration folder, the way a homeowner would lay it out.

- ``configuration.yaml``: ``automation: !include automations.yaml``, ``script: !include
  scripts.yaml``, then ``helpers.yaml`` appended;
- ``automations.yaml``: one list item per automation: files that hold one automation as a
  mapping are included (``- !include automations/NN.yaml``, so their YAML anchors stay
  file-local), files that hold a list are appended as they are, and the blueprint uses
  follow as list items;
- ``scripts.yaml``: the script uses (a mapping of script ids);
- ``blueprints/``: copied as they are.

Valid files only, or valid files plus one chosen error case.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "acceptance" / "ha_yaml"


def manifest() -> list[dict[str, Any]]:
    """The corpus manifest (every file, its kind and expectation)."""
    return list(json.loads((CORPUS / "manifest.json").read_text()))


def error_cases() -> list[dict[str, Any]]:
    """The manifest entries expected to fail."""
    return [entry for entry in manifest() if entry["expect"] == "error"]


def assemble(target: Path, extra_error: str | None = None, all_errors: bool = False) -> Path:
    """Write the corpus configuration into ``target``; returns it."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CORPUS / "blueprints", target / "blueprints")
    shutil.copytree(CORPUS / "automations", target / "automations")
    automations: list[str] = []
    scripts: list[str] = []
    for entry in manifest():
        wanted = entry["expect"] == "valid" or all_errors or entry["file"] == extra_error
        if not wanted or entry["kind"] == "blueprint":
            continue
        text = (CORPUS / entry["file"]).read_text()
        if entry["kind"] == "automation":
            if entry["shape"] == "mapping":
                automations.append(f"- !include {entry['file']}\n")
            else:
                automations.append(text.rstrip() + "\n")
        elif entry["domain"] == "automation":
            automations.append("- " + textwrap.indent(text.strip(), "  ")[2:] + "\n")
        else:
            scripts.append(text.rstrip() + "\n")
    (target / "automations.yaml").write_text("\n".join(automations))
    (target / "scripts.yaml").write_text("\n".join(scripts))
    (target / "configuration.yaml").write_text(
        "homeassistant:\n  name: Corpus home\n  time_zone: Europe/Amsterdam\n\n"
        "automation: !include automations.yaml\n"
        "script: !include scripts.yaml\n\n" + (CORPUS / "helpers.yaml").read_text()
    )
    return target
