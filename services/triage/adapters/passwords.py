"""argon2id password hashing for staff accounts (argon2-cffi's `PasswordHasher` with the OWASP
Password Storage Cheat Sheet's first argon2id configuration: 19 MiB, 2 passes, 1 lane). RFC 9106's
low-memory profile (argon2-cffi's default, 64 MiB × 3 passes) is as strong a choice, but every
login verification holds its memory at once: 64 MiB a login took the triage process over its
300 MB budget (peak 298–301 MB, measured); 19 MiB keeps room for several logins at the same
moment. An old hash (other parameters) is upgraded on the next successful login (`needs_rehash`). An unknown
username costs the same verification as a wrong password, so timing does not tell which usernames
exist.

Print a hash for a seed or an admin tool: `python -m services.triage.adapters.passwords` (asks twice).
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """argon2id hashing; pass a cheaper `PasswordHasher` in tests only."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
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
