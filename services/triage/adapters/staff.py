"""Staff accounts and counselor seats in MongoDB (`staff` collection), seeded from seeds/counselors.yaml.

- Loading the roster upserts profile fields (role, skills, capacity, shifts) without touching a
  password that was set, so re-seeding never duplicates or resets anyone.
- Demo passwords are never in the repository: `DEMO_PASSWORD_<USERNAME>` (or `DEMO_PASSWORD` for all)
  from the environment, else a random one generated, hashed, and printed once to the operator.
- Seats (`free_seats`, `active_count`) are changed only by `adapters/seats.py` (conditional `$inc`).
"""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import asdict
from typing import Any

from services.triage.adapters.passwords import Passwords
from services.triage.domain.roster import Counselor, DatedSlot, WeeklySlot
from services.triage.domain.staff import StaffUser


def _shift_doc(shift: WeeklySlot | DatedSlot) -> dict[str, Any]:
    doc = asdict(shift)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in doc.items()}


class StaffDirectory:
    """The `UserDirectory` of the console and the seat ledger of assignment."""

    def __init__(self, db: Any, passwords: Passwords | None = None) -> None:
        self._staff = db["staff"]
        self._passwords = passwords

    async def seed(self, roster: tuple[Counselor, ...], *, announce: bool = True) -> list[str]:
        """Upsert the roster; returns the usernames whose password was generated now."""
        generated = []
        for counselor in roster:
            profile = {
                "username": counselor.username.lower(),
                "display_name": counselor.display_name,
                "role": counselor.role,
                "skills": sorted(counselor.skills),
                "capacity": counselor.capacity,
                "on_call": counselor.on_call,
                "shifts": [_shift_doc(s) for s in counselor.shifts],
            }
            existing = await self._staff.find_one(
                {"_id": counselor.id}, {"password_hash": 1, "free_seats": 1}
            )
            on_insert: dict[str, Any] = {
                "active": True,
                "free_seats": counselor.capacity,
                "active_count": 0,
                "seat_version": 0,
            }
            if existing is None or not existing.get("password_hash"):
                password = _demo_password(counselor.username)
                if password is None:
                    password = secrets.token_urlsafe(12)
                    generated.append(counselor.username)
                    if announce:
                        print(f"demo login created: {counselor.username} / {password}", file=sys.stderr)
                self._passwords = self._passwords or Passwords()
                profile["password_hash"] = self._passwords.hash(password)
            await self._staff.update_one(
                {"_id": counselor.id}, {"$set": profile, "$setOnInsert": on_insert}, upsert=True
            )
        return generated

    async def find(self, username: str) -> StaffUser | None:
        return _user(await self._staff.find_one({"username": username.lower()}))

    async def find_by_id(self, user_id: str) -> StaffUser | None:
        return _user(await self._staff.find_one({"_id": user_id}))

    async def names(self) -> dict[str, str]:
        """Staff id → display name, for showing people by name."""
        docs = await self._staff.find({}, {"display_name": 1}).to_list(None)
        return {str(d["_id"]): str(d.get("display_name", d["_id"])) for d in docs}

    async def preferences(self, user_id: str) -> dict[str, Any]:
        """Her console settings (language, sound, desktop notice): kept here, never in the browser."""
        doc = await self._staff.find_one({"_id": user_id}, {"preferences": 1})
        return dict((doc or {}).get("preferences") or {})

    async def set_preferences(self, user_id: str, preferences: dict[str, Any]) -> None:
        values = {f"preferences.{k}": v for k, v in preferences.items()}
        await self._staff.update_one({"_id": user_id}, {"$set": values})

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        await self._staff.update_one({"_id": user_id}, {"$set": {"password_hash": password_hash}})

    async def case_takers(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._staff.find(
            {"active": True, "role": {"$in": ["counselor", "supervisor"]}, "capacity": {"$gt": 0}}
        ).to_list(None)
        return found

    async def on_call_supervisors(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._staff.find(
            {"active": True, "role": "supervisor", "on_call": True}
        ).to_list(None)
        return found


def _user(doc: dict[str, Any] | None) -> StaffUser | None:
    if doc is None:
        return None
    return StaffUser(
        id=doc["_id"],
        username=doc["username"],
        display_name=doc["display_name"],
        role=doc["role"],
        password_hash=doc.get("password_hash", ""),
        skills=frozenset(doc.get("skills", ())),
        active=doc.get("active", True),
    )


def _demo_password(username: str) -> str | None:
    return os.environ.get(f"DEMO_PASSWORD_{username.upper()}") or os.environ.get("DEMO_PASSWORD") or None
