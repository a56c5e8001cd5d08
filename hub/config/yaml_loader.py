"""Load Home Assistant style YAML so that every value keeps its file and line.

``load_config`` reads ``configuration.yaml`` from a configuration folder; ``load_yaml``
reads any one YAML file (automations, blueprints, packages). Both follow Home
Assistant's loader: the custom tags live in ``yaml_tags``, the located values in
``yaml_nodes``. Differences from Home Assistant, on purpose:

- a key written twice in one mapping is an error (HA logs a warning and keeps the last
  one, which silently drops half of a user's settings); overriding a key that came in
  through a ``<<:`` merge is not a duplicate;
- a top-level key with no value (``sun:``) becomes an empty mapping, but ``[]``, ``0`` and
  ``false`` are kept as written (HA turns every falsy value into ``{}``).

An empty file loads as ``None`` from ``load_yaml`` (the caller decides what empty means)
and as ``{}`` from ``load_config``; included empty files follow ``yaml_tags``. Mapping
keys are plain ``str`` (their locations are kept by the mapping); non-text keys such as
``1:`` are kept as YAML gives them, although Home Assistant's own keys are all text.

Everything here is blocking file IO; callers run it in an executor. There is no global
mutable state: each call builds its own ``_LoadSession`` with its own secrets cache.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hub.config.yaml_nodes import Location, NodeDict, NodeList, NodeStr
from hub.config.yaml_secrets import SecretStore
from hub.config.yaml_tags import KNOWN_TAGS, register_tags
from hub.const import CONFIG_FILE
from hub.exceptions import ConfigError

if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    # libyaml's parser is several times faster; the constructors are the same Python code.
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE_TAG = "tag:yaml.org,2002:merge"
_UNKNOWN_TAG = "could not determine a constructor for the tag"


@dataclass(frozen=True, slots=True)
class _LoadSession:
    """What every file read during one load call shares: the secrets and their cache."""

    secrets: SecretStore


class HubLoader(_SafeLoader):
    """A safe YAML loader for one file, building located values."""

    def __init__(
        self,
        text: str,
        path: Path,
        session: _LoadSession,
        chain: tuple[Path, ...],
        *,
        secrets_file: bool = False,
    ) -> None:
        super().__init__(text)
        self.path = path
        self.file = str(path)
        self.session = session
        self.chain = chain
        self.secrets_file = secrets_file

    def location(self, node: yaml.Node) -> Location:
        """Where ``node`` starts in this file (1-based line)."""
        return Location(self.file, node.start_mark.line + 1)

    def load_included(self, target: Path, node: yaml.Node) -> Any:
        """Load ``target`` for an include tag at ``node``; errors point at the tag."""
        real = target.resolve()
        if real in self.chain:
            raise ConfigError(
                f"{node.tag} {node.value} includes a file that is already being loaded "
                "(an include loop); remove one of the includes",
                self.file,
                self.location(node).line,
            )
        try:
            return _read_document(target, self.session, (*self.chain, real))
        except FileNotFoundError:
            raise ConfigError(
                f"{node.tag} {node.value}: file {target} does not exist",
                self.file,
                self.location(node).line,
            ) from None
        except OSError as exc:
            raise ConfigError(
                f"{node.tag} {node.value}: cannot read {target}: {exc.strerror}",
                self.file,
                self.location(node).line,
            ) from None


def _construct_mapping(loader: HubLoader, node: yaml.MappingNode) -> NodeDict:
    """A mapping with each key's location; a key written twice is an error."""
    explicit = {id(key_node) for key_node, _ in node.value if key_node.tag != _MERGE_TAG}
    if len(explicit) != len(node.value):
        loader.flatten_mapping(node)
    result = NodeDict(location=loader.location(node))
    first_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, str):
            # Keys stay plain: their location is kept by the mapping, and JSON encoders
            # (orjson) refuse str subclasses as keys.
            key = str(key)
        line = loader.location(key_node).line
        _require_hashable(loader, key, line)
        if id(key_node) in explicit:
            if key in first_lines:
                raise ConfigError(
                    f"duplicate key '{key}' (first defined on line {first_lines[key]}); "
                    "remove one of them",
                    loader.file,
                    line,
                )
            first_lines[key] = line
        value = loader.construct_object(value_node, deep=True)
        result.set_located(key, value, loader.location(key_node))
    return result


def _require_hashable(loader: HubLoader, key: Any, line: int) -> None:
    try:
        hash(key)
    except TypeError:
        raise ConfigError(
            f"a mapping key must be a plain value, not {type(key).__name__}",
            loader.file,
            line,
        ) from None


def _construct_sequence(loader: HubLoader, node: yaml.SequenceNode) -> NodeList:
    result = NodeList(location=loader.location(node))
    for child in node.value:
        result.append_located(loader.construct_object(child, deep=True), loader.location(child))
    return result


def _construct_string(loader: HubLoader, node: yaml.ScalarNode) -> NodeStr:
    return NodeStr(loader.construct_scalar(node), loader.location(node))


HubLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
HubLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
HubLoader.add_constructor("tag:yaml.org,2002:str", _construct_string)
register_tags(HubLoader)


def _read_text(path: Path) -> str:
    """The file's text; raises ``OSError`` (including ``FileNotFoundError``) as is."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            "is not UTF-8 text; save it with UTF-8 encoding", str(path), line
        ) from None


def _read_document(
    path: Path, session: _LoadSession, chain: tuple[Path, ...], *, secrets_file: bool = False
) -> Any:
    """Parse one YAML file; ``None`` when it holds no document."""
    loader = HubLoader(_read_text(path), path, session, chain, secrets_file=secrets_file)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, str(path)) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", str(path)) from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> ConfigError:
    """A parser error as ``file:line: invalid YAML: <problem>``."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or exc.context or "unreadable YAML"
    if problem.startswith(_UNKNOWN_TAG):
        tag = problem[len(_UNKNOWN_TAG) :].strip()
        return ConfigError(
            f"unknown tag {tag}; the tags Home Assistant knows are {', '.join(KNOWN_TAGS)}",
            file,
            line,
        )
    message = f"invalid YAML: {problem}"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return ConfigError(message, file, line)


def _session(config_dir: Path) -> _LoadSession:
    def read_secrets(path: Path) -> Any:
        return _read_document(path, session, (path.resolve(),), secrets_file=True)

    session = _LoadSession(SecretStore(config_dir, read_secrets))
    return session


def _normalized(path: str | os.PathLike[str]) -> Path:
    """``path`` with ``.`` and ``..`` removed but still as the caller spelled it."""
    return Path(os.path.normpath(path))


def load_yaml(path: str | os.PathLike[str], *, config_dir: Path | None = None) -> Any:
    """Load one YAML file with the Home Assistant tags; ``None`` for an empty file.

    ``!secret`` looks for ``secrets.yaml`` from the file's folder up to ``config_dir``
    (default: the file's own folder). Raises ``ConfigError`` with file and line.
    """
    file_path = _normalized(path)
    session = _session(config_dir if config_dir is not None else file_path.parent)
    try:
        return _read_document(file_path, session, (file_path.resolve(),))
    except FileNotFoundError:
        raise ConfigError("file not found", str(file_path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the file: {exc.strerror}", str(file_path)) from None


def load_config(config_dir: Path) -> NodeDict:
    """Load ``configuration.yaml`` from ``config_dir`` as a located mapping.

    An empty file gives an empty mapping. A top-level key without a value (``sun:``)
    gets an empty mapping, as Home Assistant does, so integrations can rely on a dict.
    """
    path = _normalized(config_dir / CONFIG_FILE)
    if not path.is_file():
        raise ConfigError(
            f"{CONFIG_FILE} not found in {config_dir}. Create it: an empty file "
            "works, or start with `homeassistant:` and your `name:`, `latitude:` and "
            "`longitude:` below it",
            str(path),
        )
    loaded = load_yaml(path, config_dir=config_dir)
    if loaded is None:
        return NodeDict(location=Location(str(path), 1))
    if not isinstance(loaded, NodeDict):
        raise ConfigError(
            f"{CONFIG_FILE} must be a mapping of integration names to their "
            f"settings (like `homeassistant:`), not a {type(loaded).__name__}",
            str(path),
            1,
        )
    for key, value in loaded.items():
        if value is None:
            loaded[key] = NodeDict(location=loaded.key_location(key))
    return loaded
