"""The homeowner's attribute overrides from ``homeassistant: customize:`` (plus the
``customize_domain`` and ``customize_glob`` forms), applied on every state write."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any, Final

from hub.hub_data import HubKey


class Customize:
    """Attribute overrides by entity id, domain and glob; looked up once per entity."""

    def __init__(
        self,
        by_entity: Mapping[str, Mapping[str, Any]] | None = None,
        by_domain: Mapping[str, Mapping[str, Any]] | None = None,
        by_glob: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self._by_entity = {key.lower(): dict(value) for key, value in (by_entity or {}).items()}
        self._by_domain = {key.lower(): dict(value) for key, value in (by_domain or {}).items()}
        self._by_glob = [
            (re.compile(fnmatch.translate(pattern.lower())), dict(value))
            for pattern, value in (by_glob or {}).items()
        ]

    def for_entity(self, entity_id: str) -> dict[str, Any]:
        """Overrides for one entity: domain, then globs, then the entity's own win."""
        merged: dict[str, Any] = dict(self._by_domain.get(entity_id.partition(".")[0], {}))
        for pattern, values in self._by_glob:
            if pattern.match(entity_id):
                merged.update(values)
        merged.update(self._by_entity.get(entity_id, {}))
        return merged


CUSTOMIZE: Final = HubKey[Customize]("customize")
