"""Outreach staff (seeds/outreach_staff.yaml, under the same ids as their console accounts in
seeds/counselors.yaml): workers and coordinators, their languages and skills, and the days and hours
they work (Japan time). A visit needs at least two of them, each working that day and those hours.

The ward keeps outreach available on every LINE counseling day: `uncovered_days` names the counseling
days (seeds/hours.yaml) on which fewer than two staff work — the seed test keeps it empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Any, Literal

StaffRole = Literal["outreach_worker", "outreach_coordinator"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
VISIT_STAFF_MINIMUM = 2


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    name: str
    role: StaffRole
    days: frozenset[str]
    start: time
    end: time
    languages: tuple[str, ...] = ("ja",)
    skills: tuple[str, ...] = ()

    def works(self, starts_at: datetime, ends_at: datetime, tz: tzinfo) -> bool:
        """The whole visit falls on one of her days, within her hours (Japan time)."""
        start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
        if start.date() != end.date() and end.time() != time(0, 0):
            return False
        if DAYS[start.weekday()] not in self.days:
            return False
        finish = end.time() if end.date() == start.date() else time(23, 59, 59)
        return self.start <= start.time() and finish <= self.end


@dataclass(frozen=True, slots=True)
class Roster:
    staff: tuple[StaffMember, ...]

    def get(self, staff_id: str) -> StaffMember | None:
        return next((s for s in self.staff if s.id == staff_id), None)

    def on(self, day: str) -> tuple[StaffMember, ...]:
        return tuple(s for s in self.staff if day in s.days)

    def names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.staff}


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes)) if value != "24:00" else time(23, 59, 59)


def parse_roster(doc: Mapping[str, Any]) -> Roster:
    raw: Sequence[Mapping[str, Any]] = doc.get("staff") or ()
    staff = []
    for entry in raw:
        role = str(entry["role"])
        if role not in ("outreach_worker", "outreach_coordinator"):
            raise ValueError(f"staff {entry.get('id')}: role must be outreach_worker or outreach_coordinator")
        days = frozenset(str(d) for d in entry.get("days") or ())
        if not days <= set(DAYS):
            raise ValueError(f"staff {entry.get('id')}: unknown day in {sorted(days)}")
        start, end = str(entry.get("hours", "09:00-21:00")).split("-")
        staff.append(
            StaffMember(
                id=str(entry["id"]),
                name=str(entry["name"]),
                role=role,  # type: ignore[arg-type]
                days=days,
                start=_clock(start),
                end=_clock(end),
                languages=tuple(str(x) for x in entry.get("languages") or ("ja",)),
                skills=tuple(str(x) for x in entry.get("skills") or ()),
            )
        )
    ids = [s.id for s in staff]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate staff ids in the outreach roster")
    return Roster(tuple(staff))


def uncovered_days(roster: Roster, counseling_days: Iterable[str]) -> list[str]:
    """Counseling days on which fewer than two outreach staff work (a visit needs two)."""
    return [d for d in DAYS if d in set(counseling_days) and len(roster.on(d)) < VISIT_STAFF_MINIMUM]
