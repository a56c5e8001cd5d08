"""Home Assistant's YAML tags: includes, secrets, environment variables, blueprint inputs.

Paths are relative to the folder of the file holding the tag. Directory includes walk the
folder recursively: files first (sorted by name), then sub-folders (sorted by name); they
take only ``*.yaml`` files and skip hidden files and folders and ``secrets.yaml``.

Empty files, following Home Assistant: ``!include`` of an empty file gives ``{}``;
``!include_dir_named`` maps it to ``{}``; ``!include_dir_list`` and the two merge tags leave
it out. Where Home Assistant silently ignores a problem, we log a warning instead of
failing (a missing folder; a file that is not a list under ``!include_dir_merge_list`` or
not a mapping under ``!include_dir_merge_named``). A key that two files define under
``!include_dir_merge_named``, or two files with the same name under
``!include_dir_named``, is an error: Home Assistant keeps the last one and silently drops
the other, the same mistake as a key written twice in one file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hub.config.yaml_nodes import (
    Input,
    Location,
    NodeDict,
    NodeList,
    NodeStr,
    SecretStr,
    location_of,
)
from hub.const import SECRETS_FILE
from hub.exceptions import ConfigError

if TYPE_CHECKING:
    from hub.config.yaml_loader import HubLoader

_LOGGER = logging.getLogger(__name__)


def _argument(loader: HubLoader, node: yaml.Node) -> str:
    """The tag's single text argument; a tag without one is an error."""
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise ConfigError(
            f"{node.tag} needs one argument on the same line (like `{node.tag} name`)",
            loader.file,
            loader.location(node).line,
        )
    return str(node.value).strip()


def _target(loader: HubLoader, node: yaml.Node) -> Path:
    """The path a tag names, relative to the including file's folder."""
    return Path(os.path.normpath(loader.path.parent / _argument(loader, node)))


def include(loader: HubLoader, node: yaml.Node) -> Any:
    """``!include file.yaml``: the file's content; an empty file gives ``{}``."""
    loaded = loader.load_included(_target(loader, node), node)
    if loaded is None:
        return NodeDict(location=loader.location(node))
    return loaded


def _yaml_files(folder: Path) -> Iterator[Path]:
    """The ``*.yaml`` files under ``folder``: files first, then sub-folders, sorted.

    Like ``os.walk`` in Home Assistant, symlinked sub-folders are not entered (a link
    back up the tree would otherwise never end); symlinked files are read.
    """
    entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    visible = [entry for entry in entries if not entry.name.startswith(".")]
    for entry in visible:
        if entry.is_file() and entry.name.endswith(".yaml") and entry.name != SECRETS_FILE:
            yield entry
    for entry in visible:
        if entry.is_dir() and not entry.is_symlink():
            yield from _yaml_files(entry)


def _folder_files(loader: HubLoader, node: yaml.Node) -> list[Path]:
    folder = _target(loader, node)
    if not folder.is_dir():
        _LOGGER.warning(
            "%s: %s %s: folder %s does not exist; using nothing",
            loader.location(node),
            node.tag,
            node.value,
            folder,
        )
        return []
    try:
        return list(_yaml_files(folder))
    except OSError as exc:
        here = loader.location(node)
        raise ConfigError(
            f"{node.tag} {node.value}: cannot list {exc.filename or folder}: {exc.strerror}",
            here.file,
            here.line,
        ) from None


def include_dir_list(loader: HubLoader, node: yaml.Node) -> NodeList:
    """``!include_dir_list dir``: one list item per file."""
    result = NodeList(location=loader.location(node))
    for path in _folder_files(loader, node):
        loaded = loader.load_included(path, node)
        if loaded is not None:
            result.append_located(loaded, location_of(loaded) or _file_start(path))
    return result


def include_dir_named(loader: HubLoader, node: yaml.Node) -> NodeDict:
    """``!include_dir_named dir``: file name without ``.yaml`` -> the file's content."""
    result = NodeDict(location=loader.location(node))
    for path in _folder_files(loader, node):
        name = path.stem
        if name in result:
            raise ConfigError(
                f"{node.tag} {node.value}: two files are named {path.name} "
                f"({result.key_location(name)} and {path}); rename one of them",
                loader.file,
                loader.location(node).line,
            )
        loaded = loader.load_included(path, node)
        empty = NodeDict(location=_file_start(path))
        result.set_located(name, empty if loaded is None else loaded, _file_start(path))
    return result


def include_dir_merge_list(loader: HubLoader, node: yaml.Node) -> NodeList:
    """``!include_dir_merge_list dir``: the lists of all files, concatenated."""
    result = NodeList(location=loader.location(node))
    for path in _folder_files(loader, node):
        loaded = loader.load_included(path, node)
        if isinstance(loaded, list):
            result.extend_located(loaded)
        elif loaded is not None:
            _warn_ignored(loader, node, path, "a list (lines starting with `- `)")
    return result


def include_dir_merge_named(loader: HubLoader, node: yaml.Node) -> NodeDict:
    """``!include_dir_merge_named dir``: the mappings of all files, merged."""
    result = NodeDict(location=loader.location(node))
    for path in _folder_files(loader, node):
        loaded = loader.load_included(path, node)
        if isinstance(loaded, NodeDict):
            _merge_named(result, loaded)
        elif loaded is not None:
            _warn_ignored(loader, node, path, "a mapping (lines like `name:`)")
    return result


def _merge_named(result: NodeDict, loaded: NodeDict) -> None:
    for key, value in loaded.items():
        where = loaded.key_location(key)
        if key in result:
            raise ConfigError(
                f"'{key}' is already defined at {result.key_location(key)}; "
                "a name may appear in only one of the merged files",
                where.file if where else None,
                where.line if where else None,
            )
        result.set_located(key, value, where)


def _warn_ignored(loader: HubLoader, node: yaml.Node, path: Path, expected: str) -> None:
    _LOGGER.warning(
        "%s: %s %s ignores %s because it does not hold %s",
        loader.location(node),
        node.tag,
        node.value,
        path,
        expected,
    )


def _file_start(path: Path) -> Location:
    return Location(str(path), 1)


def secret(loader: HubLoader, node: yaml.Node) -> Any:
    """``!secret name``: the value from the nearest ``secrets.yaml`` that defines it."""
    name = _argument(loader, node)
    here = loader.location(node)
    if loader.secrets_file:
        raise ConfigError("!secret cannot be used inside secrets.yaml", here.file, here.line)
    found = loader.session.secrets.lookup(name, loader.path)
    if found is None:
        searched = ", ".join(str(path) for path in loader.session.secrets.candidates(loader.path))
        raise ConfigError(
            f"Secret '{name}' is not defined in secrets.yaml (looked in {searched or 'none'})",
            here.file,
            here.line,
        )
    if isinstance(found.value, str):
        return SecretStr(found.value, here)
    return found.value


def env_var(loader: HubLoader, node: yaml.Node) -> NodeStr:
    """``!env_var NAME [default]``: an environment variable; the default may have spaces."""
    name, *default = _argument(loader, node).split()
    here = loader.location(node)
    value = os.environ.get(name)
    if value is not None:
        return NodeStr(value, here)
    if default:
        return NodeStr(" ".join(default), here)
    raise ConfigError(
        f"environment variable {name} is not set; set it or give a default "
        f"(`!env_var {name} default value`)",
        here.file,
        here.line,
    )


def blueprint_input(loader: HubLoader, node: yaml.Node) -> Input:
    """``!input name``: a placeholder the blueprint's input value replaces later."""
    return Input(_argument(loader, node), loader.location(node))


_TAGS: dict[str, Callable[[HubLoader, yaml.Node], Any]] = {
    "!include": include,
    "!include_dir_list": include_dir_list,
    "!include_dir_named": include_dir_named,
    "!include_dir_merge_list": include_dir_merge_list,
    "!include_dir_merge_named": include_dir_merge_named,
    "!secret": secret,
    "!env_var": env_var,
    "!input": blueprint_input,
}


KNOWN_TAGS = tuple(_TAGS)


def register_tags(loader_class: type[HubLoader]) -> None:
    """Teach ``loader_class`` the Home Assistant tags."""
    for tag, constructor in _TAGS.items():
        loader_class.add_constructor(tag, constructor)
