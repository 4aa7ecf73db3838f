"""Console staff and their shifts (seeds/counselors.yaml), and whether someone is on shift at `now`.

Pure: `parse_roster` takes the already-loaded YAML document; the caller reads the file. Shift times
are Japan time; `now` must be timezone-aware (any zone: it is converted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")
Role = Literal["counselor", "supervisor", "admin", "outreach_coordinator", "outreach_worker"]
ROLES: tuple[str, ...] = get_args(Role)
CASE_ROLES = frozenset({"counselor", "supervisor"})
"""Roles that take cases from the queue."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    """Every week on `weekday` (0 = Monday) from `start` to `end`; `end <= start` runs past midnight."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class DatedSlot:
    """One dated shift (a swap or an extra evening), from `start` to `end` on `day` in Japan time."""

    day: date
    start: time
    end: time


Shift = WeeklySlot | DatedSlot


@dataclass(frozen=True, slots=True)
class Counselor:
    """A member of the console staff as the roster knows her (no password here)."""

    id: str
    username: str
    display_name: str
    role: Role
    skills: frozenset[str] = frozenset()
    capacity: int = 0
    on_call: bool = False
    shifts: tuple[Shift, ...] = field(default=())

    @property
    def takes_cases(self) -> bool:
        return self.role in CASE_ROLES and self.capacity > 0


def _within(day: date, start: time, end: time, local: datetime) -> bool:
    begins = datetime.combine(day, start, JST)
    ends = datetime.combine(day + timedelta(days=1 if end <= start else 0), end, JST)
    return begins <= local < ends


def on_shift(shifts: Iterable[Shift], now: datetime) -> bool:
    """True when `now` falls in one of `shifts` (start included, end excluded)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(JST)
    today, yesterday = local.date(), local.date() - timedelta(days=1)
    for slot in shifts:
        # A weekly slot that started yesterday evening may still be running after midnight.
        if isinstance(slot, DatedSlot):
            starts = [slot.day]
        else:
            starts = [d for d in (today, yesterday) if d.weekday() == slot.weekday]
        if any(_within(day, slot.start, slot.end, local) for day in starts):
            return True
    return False


def parse_time(value: Any) -> time:
    """ "18:00" → time(18, 0). YAML may also hand over minutes since midnight for unquoted 18:00."""
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 18:00 as sexagesimal 1080
        return time(value // 60, value % 60)
    return time.fromisoformat(str(value))


def parse_date(value: Any) -> date:
    """YAML hands over an unquoted 2026-12-03 as a date already; a quoted one as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _parse_shift(raw: Mapping[str, Any]) -> Shift:
    start, end = parse_time(raw["start"]), parse_time(raw["end"])
    if "date" in raw:
        return DatedSlot(parse_date(raw["date"]), start, end)
    return WeeklySlot(WEEKDAYS.index(str(raw["day"]).lower()[:3]), start, end)


def parse_roster(document: Mapping[str, Any]) -> tuple[Counselor, ...]:
    """Build the roster from the loaded seeds/counselors.yaml; a wrong entry raises ValueError."""
    staff = []
    for raw in document.get("counselors") or ():
        role = str(raw["role"])
        if role not in ROLES:
            raise ValueError(f"{raw.get('id')}: unknown role {role!r}")
        capacity = int(raw.get("capacity", 0))
        if capacity < 0:
            raise ValueError(f"{raw['id']}: capacity must not be negative")
        staff.append(
            Counselor(
                id=str(raw["id"]),
                username=str(raw["username"]),
                display_name=str(raw["display_name"]),
                role=role,  # type: ignore[arg-type]  # checked against ROLES above
                skills=frozenset(str(s) for s in raw.get("skills") or ()),
                capacity=capacity,
                on_call=bool(raw.get("on_call", False)),
                shifts=tuple(_parse_shift(s) for s in raw.get("shifts") or ()),
            )
        )
    ids = [c.id for c in staff]
    if len(set(ids)) != len(ids):
        raise ValueError("counselor ids must be unique")
    return tuple(staff)
