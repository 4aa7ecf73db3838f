"""Who is signed in to the console: a staff account and the principal attached to each request.

Pure data. Passwords are hashed by `adapters/passwords.py`; accounts are stored by
`adapters/staff.py`; the HTTP layer (`api/`) attaches a `Principal` to each request it authenticates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.triage.domain.roster import Role


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated staff member a request acts for."""

    id: str
    username: str
    role: Role
    display_name: str
    skills: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "display_name": self.display_name,
            "skills": sorted(self.skills),
        }


@dataclass(frozen=True, slots=True)
class StaffUser:
    """A staff account as the directory stores it; `active=False` ends access at the next request."""

    id: str
    username: str
    display_name: str
    role: Role
    password_hash: str = field(repr=False)
    skills: frozenset[str] = frozenset()
    active: bool = True

    def principal(self) -> Principal:
        return Principal(self.id, self.username, self.role, self.display_name, self.skills)
