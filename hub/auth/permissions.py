"""Groups and what their members may do.

| group | read states/history | call services on entities | admin-only commands |
|---|---|---|---|
| ``system-admin`` (owner too) | all | all | yes |
| ``system-users`` | all | all, except admin-only services | no |
| ``system-read-only`` | all | none | no |
| ``provider`` (federation link) | only granted entities | only granted services | no |

Checks are on every call, so they are plain set lookups on a ``Permissions`` object built
once per user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

GROUP_ADMIN: Final = "system-admin"
GROUP_USER: Final = "system-users"
GROUP_READ_ONLY: Final = "system-read-only"
GROUP_PROVIDER: Final = "provider"

GROUP_NAMES: Final = {
    GROUP_ADMIN: "Administrators",
    GROUP_USER: "Users",
    GROUP_READ_ONLY: "Read Only",
    GROUP_PROVIDER: "Energy provider",
}


@dataclass(slots=True, frozen=True)
class Permissions:
    """What one user may do."""

    admin: bool = False
    read_all: bool = False
    control_all: bool = False
    # For restricted groups: explicit grants (entity ids, "domain.service" names).
    readable: frozenset[str] = field(default_factory=frozenset)
    controllable: frozenset[str] = field(default_factory=frozenset)
    services: frozenset[str] = field(default_factory=frozenset)

    def can_read(self, entity_id: str) -> bool:
        """Whether the user may see this entity's state and history."""
        return self.read_all or entity_id in self.readable

    def can_control(self, entity_id: str) -> bool:
        """Whether the user may call services that act on this entity."""
        return self.control_all or entity_id in self.controllable

    def can_call(self, domain: str, service: str) -> bool:
        """Whether the user may call ``domain.service`` at all."""
        return self.control_all or f"{domain}.{service}" in self.services


ADMIN_PERMISSIONS: Final = Permissions(admin=True, read_all=True, control_all=True)
USER_PERMISSIONS: Final = Permissions(read_all=True, control_all=True)
READ_ONLY_PERMISSIONS: Final = Permissions(read_all=True)
NO_PERMISSIONS: Final = Permissions()


def permissions_for_groups(group_ids: Iterable[str], is_owner: bool = False) -> Permissions:
    """The union of the groups' permissions (the most permissive wins)."""
    groups = set(group_ids)
    if is_owner or GROUP_ADMIN in groups:
        return ADMIN_PERMISSIONS
    if GROUP_USER in groups:
        return USER_PERMISSIONS
    if GROUP_READ_ONLY in groups:
        return READ_ONLY_PERMISSIONS
    # The provider group's grants come from the homeowner's consent (federation issue).
    return NO_PERMISSIONS
