"""Blueprints: the file format, ``!input`` substitution, uses and their errors, and
the blueprints Watthub ships."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

from hub.automation.config import AUTOMATION_SCHEMA, rename_old_keys
from hub.blueprint import (
    BlueprintFolder,
    BlueprintNotFound,
    InvalidBlueprint,
    MissingInput,
    UndefinedInput,
    populate,
)
from hub.blueprint.folder import SHIPPED_BLUEPRINTS
from hub.config.yaml_loader import load_yaml
from hub.exceptions import ConfigError
from hub.script.config import SCRIPT_ITEM_SCHEMA
from hub.script.validation import validate_item


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def _use(root: Path, text: str) -> Any:
    """A use written in ``uses.yaml`` (loaded, so it carries file and line)."""
    return load_yaml(_write(root, "uses.yaml", text))


BLUEPRINT = """\
    blueprint:
      name: Everything
      domain: automation
      input:
        entity:
          name: Entity
          selector: {entity: {}}
        key_name:
          default: brightness
        timing:
          name: Timing
          collapsed: true
          input:
            seconds:
              default: 30
              selector: {number: {min: 0, max: 60}}
    alias: From the blueprint
    description: Blueprint description
    triggers:
      - trigger: state
        entity_id: !input entity
        for:
          seconds: !input seconds
    actions:
      - action: light.turn_on
        data:
          !input key_name: 100
        target:
          entity_id:
            - !input entity
"""


def test_inputs_are_substituted_anywhere(tmp_path: Path) -> None:
    _write(tmp_path, "blueprints/automation/me/all.yaml", BLUEPRINT)
    use = _use(
        tmp_path,
        """\
        id: mine
        alias: Mine
        use_blueprint:
          path: me/all.yaml
          input:
            entity: light.kitchen
        """,
    )
    expanded = BlueprintFolder(tmp_path, "automation").expand(use)
    config = expanded.config
    # The use's own keys win over the blueprint's; the rest come from the blueprint.
    assert config["alias"] == "Mine"
    assert config["id"] == "mine"
    assert config["description"] == "Blueprint description"
    assert "blueprint" not in config and "use_blueprint" not in config
    assert config["triggers"][0]["entity_id"] == "light.kitchen"
    # A default from an input section, an input as a mapping key, inside a list.
    assert config["triggers"][0]["for"] == {"seconds": 30}
    assert config["actions"][0]["data"] == {"brightness": 100}
    assert config["actions"][0]["target"]["entity_id"] == ["light.kitchen"]
    assert expanded.use == {
        "id": "mine",
        "alias": "Mine",
        "use_blueprint": {"path": "me/all.yaml", "input": {"entity": "light.kitchen"}},
    }
    assert set(expanded.blueprint.inputs) == {"entity", "key_name", "seconds"}
    assert expanded.blueprint.inputs["seconds"].section == "timing"
    # Locations survive: blueprint keys point into the blueprint, the use's into uses.yaml.
    assert config.key_location("triggers").file.endswith("all.yaml")
    assert config.key_location("alias").file.endswith("uses.yaml")
    assert config.location.file.endswith("uses.yaml")


def test_a_given_input_overrides_its_default(tmp_path: Path) -> None:
    _write(tmp_path, "blueprints/automation/me/all.yaml", BLUEPRINT)
    use = _use(
        tmp_path,
        """\
        use_blueprint:
          path: me/all.yaml
          input: {entity: light.hall, seconds: 5, key_name: color_temp}
        """,
    )
    config = BlueprintFolder(tmp_path, "automation").expand(use).config
    assert config["triggers"][0]["for"] == {"seconds": 5}
    assert config["actions"][0]["data"] == {"color_temp": 100}


def test_missing_input_names_the_input_the_file_and_the_use(tmp_path: Path) -> None:
    _write(tmp_path, "blueprints/automation/me/all.yaml", BLUEPRINT)
    use = _use(tmp_path, "alias: X\nuse_blueprint:\n  path: me/all.yaml\n  input: {}\n")
    with pytest.raises(MissingInput) as caught:
        BlueprintFolder(tmp_path, "automation").expand(use)
    assert "missing input 'entity'" in caught.value.message
    assert "me/all.yaml" in caught.value.message
    assert caught.value.file is not None and caught.value.file.endswith("uses.yaml")
    assert caught.value.line == 3


def test_missing_blueprint_file_is_located_at_the_path(tmp_path: Path) -> None:
    use = _use(tmp_path, "alias: X\nuse_blueprint:\n  path: me/none.yaml\n")
    with pytest.raises(BlueprintNotFound) as caught:
        BlueprintFolder(tmp_path, "automation").expand(use)
    assert "blueprint file me/none.yaml not found" in caught.value.message
    assert (caught.value.file, caught.value.line) == (str(tmp_path / "uses.yaml"), 3)


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("me/all.yml", "must end in .yaml"),
        ("../outside.yaml", "may not contain '..'"),
        ("/etc/passwd.yaml", "may not contain '..' or start with '/'"),
    ],
)
def test_bad_paths_are_refused(tmp_path: Path, path: str, fragment: str) -> None:
    use = _use(tmp_path, f"use_blueprint:\n  path: {path}\n")
    with pytest.raises(ConfigError) as caught:
        BlueprintFolder(tmp_path, "automation").expand(use)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("text", "error", "fragment", "line"),
    [
        (
            "blueprint: {domain: automation}\n",
            InvalidBlueprint,
            "blueprint.name: required option 'name' is missing",
            1,
        ),
        (
            "blueprint: {name: S, domain: script}\nsequence: []\n",
            InvalidBlueprint,
            "is a script blueprint, but it is used as a automation",
            1,
        ),
        (
            "blueprint:\n  name: New\n  domain: automation\n"
            "  homeassistant: {min_version: 2099.1.0}\n",
            InvalidBlueprint,
            "requires Home Assistant 2099.1.0 or newer",
            1,
        ),
        (
            "blueprint:\n  name: V\n  domain: automation\n"
            "  homeassistant: {min_version: '2025.1'}\n",
            InvalidBlueprint,
            "must be written MAJOR.MINOR.PATCH",
            4,
        ),
        (
            "blueprint:\n  name: U\n  domain: automation\n  input: {a: {}}\ntriggers: !input b\n",
            UndefinedInput,
            "uses `!input b`, which its `blueprint: input:` does not declare (declared: a)",
            5,
        ),
        (
            "blueprint:\n  name: D\n  domain: automation\n  input:\n    a: {}\n"
            "    section:\n      input: {a: {}}\n",
            InvalidBlueprint,
            "declares input 'a' twice",
            1,
        ),
        (
            "blueprint:\n  name: Sel\n  domain: automation\n  input:\n"
            "    a: {selector: {telepathy: {}}}\n",
            InvalidBlueprint,
            "unknown selector type 'telepathy'",
            5,
        ),
        (
            "blueprint:\n  name: Sel\n  domain: automation\n  input:\n"
            "    a: {selector: {number: {min: 0}}}\n",
            InvalidBlueprint,
            "needs max",
            5,
        ),
        ("- not a mapping\n", InvalidBlueprint, "must be a mapping starting with `blueprint:`", 1),
        ("blueprint: [\n", InvalidBlueprint, "cannot be read: invalid YAML", 2),
    ],
)
def test_broken_blueprint_files(
    tmp_path: Path, text: str, error: type[ConfigError], fragment: str, line: int
) -> None:
    file = _write(tmp_path, "blueprints/automation/me/broken.yaml", text)
    with pytest.raises(error) as caught:
        BlueprintFolder(tmp_path, "automation").load("me/broken.yaml")
    assert fragment in caught.value.message
    assert (caught.value.file, caught.value.line) == (str(file), line)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    file = _write(tmp_path, "blueprints/automation/me/all.yaml", BLUEPRINT)
    folder = BlueprintFolder(tmp_path, "automation")
    first = folder.load("me/all.yaml")
    assert folder.load("me/all.yaml") is first
    file.write_text(file.read_text().replace("name: Everything", "name: Changed"))
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert folder.load("me/all.yaml").name == "Changed"


def test_blueprints_lists_the_folder(tmp_path: Path) -> None:
    _write(tmp_path, "blueprints/automation/me/all.yaml", BLUEPRINT)
    _write(tmp_path, "blueprints/automation/me/broken.yaml", "blueprint: {}\n")
    found = BlueprintFolder(tmp_path, "automation").blueprints()
    assert found["me/all.yaml"].name == "Everything"  # type: ignore[union-attr]
    assert isinstance(found["me/broken.yaml"], InvalidBlueprint)


def test_populate_copies_the_shipped_blueprints_once(tmp_path: Path) -> None:
    assert populate(tmp_path, "automation")
    copied = sorted(p.name for p in (tmp_path / "blueprints/automation/watthub").iterdir())
    assert copied == sorted(p.name for p in (SHIPPED_BLUEPRINTS / "automation/watthub").iterdir())
    (tmp_path / "blueprints/automation/watthub/motion_light.yaml").write_text("edited")
    assert not populate(tmp_path, "automation")
    assert (tmp_path / "blueprints/automation/watthub/motion_light.yaml").read_text() == "edited"


# Sample values for the shipped blueprints' required inputs, by input name.
SAMPLES: dict[str, Any] = {
    "motion_sensor": "binary_sensor.hall_motion",
    "lights": {"entity_id": "light.hall"},
    "person": "person.anne",
    "notify_service": "notify.mobile_app_phone",
    "message": "Close the garage?",
    "price_sensor": "sensor.electricity_price",
    "appliance": {"entity_id": "switch.dishwasher"},
    "credit_sensor": "sensor.prepaid_credit",
    "water_heater": "water_heater.boiler",
}

SHIPPED = sorted(SHIPPED_BLUEPRINTS.glob("*/watthub/*.yaml"))


def test_the_shipped_set_is_complete() -> None:
    names = {path.relative_to(SHIPPED_BLUEPRINTS).as_posix() for path in SHIPPED}
    assert names == {
        "automation/watthub/motion_light.yaml",
        "automation/watthub/notify_leaving_zone.yaml",
        "automation/watthub/run_appliance_when_cheap.yaml",
        "automation/watthub/notify_low_credit.yaml",
        "automation/watthub/boost_boiler_before_peak.yaml",
        "script/watthub/confirmable_notification.yaml",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_each_shipped_blueprint_validates_when_used(tmp_path: Path, path: Path) -> None:
    domain = path.parent.parent.name
    folder = BlueprintFolder(tmp_path, domain)  # found without copying it
    relative = f"watthub/{path.name}"
    blueprint = folder.load(relative)
    assert blueprint.domain == domain and blueprint.name
    needed = {
        name: SAMPLES[name] for name, spec in blueprint.inputs.items() if not spec.has_default
    }
    use = {"alias": "Use", "use_blueprint": {"path": relative, "input": needed}}
    schema = AUTOMATION_SCHEMA if domain == "automation" else SCRIPT_ITEM_SCHEMA
    checked = validate_item(
        use,
        schema,
        label="use",
        folder=folder,
        action_keys=("actions", "sequence"),
        devices=frozenset(),
        prepare=rename_old_keys if domain == "automation" else None,
    )
    assert checked.valid, checked.error_text
