"""Console staff accounts: who they are, their role, and their argon2id password hash.

Passwords are only ever stored as argon2id hashes (argon2-cffi's `PasswordHasher`, RFC 9106 low-memory
parameters). An old hash is upgraded on the next successful login (`needs_rehash`). An unknown username
costs the same hash verification as a wrong password, so timing does not tell which usernames exist.

Print a hash for a seed or an admin tool: `python -m services.triage.api.security` (asks twice).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.triage.domain.roster import Role


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated staff member attached to a request."""

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


class UserDirectory(Protocol):
    """Where staff accounts live (a MongoDB collection in triage; in memory in tests)."""

    async def find(self, username: str) -> StaffUser | None:
        """The account with this username (compared case-insensitively), or None."""

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        """Store an upgraded hash after a successful login."""


class InMemoryUserDirectory:
    """A `UserDirectory` for tests and demos."""

    def __init__(self, users: list[StaffUser] | None = None) -> None:
        self.users = {u.username.casefold(): u for u in users or []}

    async def find(self, username: str) -> StaffUser | None:
        return self.users.get(username.casefold())

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        for key, user in self.users.items():
            if user.id == user_id:
                self.users[key] = StaffUser(
                    user.id,
                    user.username,
                    user.display_name,
                    user.role,
                    password_hash,
                    user.skills,
                    user.active,
                )


class Passwords:
    """argon2id hashing; pass a cheaper `PasswordHasher` in tests only."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        # Verified against when the username is unknown, so both paths cost the same.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


def main() -> None:
    import getpass

    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise SystemExit("the two passwords differ")
    if len(first) < 12:
        raise SystemExit("use at least 12 characters")
    print(Passwords().hash(first))


if __name__ == "__main__":
    main()
