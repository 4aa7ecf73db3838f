"""Opening hours (seeds/hours.yaml, seeds/holidays.yaml; DESIGN §4 "Hours"). Pure: `now` is passed in.

For an operator: each session has three times, in Japan time (Asia/Tokyo has no daylight saving):
`opens` — new messages are taken and answered; `last_intake` — from this minute a new message gets
the out-of-hours reply, while counselors finish the queue; `closes` — counselors go off duty.
Every start is included and every end excluded: with 18:00 / 20:30 / 21:00, a message at 20:29:59 is
taken, one at 20:30:00 gets the out-of-hours reply, and at 21:00:00 the session is over.
National holidays and the year-end closure close the whole day, whatever the weekly schedule says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from services.triage.domain.roster import WEEKDAYS, parse_date, parse_time

WEEKDAY_JA = "月火水木金土日"


@dataclass(frozen=True, slots=True)
class Session:
    """One weekly session (0 = Monday); opens < last_intake <= closes on the same day."""

    weekday: int
    opens: time
    last_intake: time
    closes: time


@dataclass(frozen=True, slots=True)
class Closure:
    """Closed every year from `start` to `end` (month, day), both included; may cross the new year."""

    start: tuple[int, int]
    end: tuple[int, int]
    name: str

    def covers(self, day: date) -> bool:
        md = (day.month, day.day)
        return self.start <= md <= self.end if self.start <= self.end else not self.end < md < self.start


@dataclass(frozen=True, slots=True)
class Schedule:
    """The weekly sessions, the listed holidays and the yearly closures, in zone `tz`."""

    sessions: tuple[Session, ...]
    holidays: frozenset[date]
    closures: tuple[Closure, ...]
    tz: ZoneInfo

    def closed_on(self, day: date) -> bool:
        return day in self.holidays or any(c.covers(day) for c in self.closures)

    @property
    def holidays_known_until(self) -> date | None:
        """Last listed holiday: after it the calendar is blind, so warn well before."""
        return max(self.holidays, default=None)


def _month_day(value: Any) -> tuple[int, int]:
    month, day = str(value).split("-")
    return int(month), int(day)


def parse_schedule(hours: Mapping[str, Any], holidays: Mapping[str, Any]) -> Schedule:
    """Build a Schedule from the two loaded seed documents; a wrong entry raises ValueError."""
    sessions: list[Session] = []
    for raw in hours.get("sessions") or ():
        opens, last, closes = (parse_time(raw[k]) for k in ("opens", "last_intake", "closes"))
        if not opens < last <= closes:
            raise ValueError(f"session {raw}: need opens < last_intake <= closes on the same day")
        sessions.extend(Session(WEEKDAYS.index(str(d).lower()[:3]), opens, last, closes) for d in raw["days"])
    days = frozenset(parse_date(h["date"]) for h in holidays.get("holidays") or ())
    closures = tuple(
        Closure(_month_day(c["from"]), _month_day(c["to"]), str(c.get("name", "")))
        for c in holidays.get("closures") or ()
    )
    tz = ZoneInfo(str(hours.get("timezone", "Asia/Tokyo")))
    return Schedule(tuple(sorted(sessions, key=lambda s: (s.weekday, s.opens))), days, closures, tz)


def _local(now: datetime, schedule: Schedule) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(schedule.tz)


def _current(now: datetime, schedule: Schedule) -> Session | None:
    local = _local(now, schedule)
    if schedule.closed_on(local.date()):
        return None
    t = local.time()
    for s in schedule.sessions:
        if s.weekday == local.weekday() and s.opens <= t < s.closes:
            return s
    return None


def is_open(now: datetime, schedule: Schedule) -> bool:
    """New messages are taken now (between `opens` and `last_intake`)."""
    session = _current(now, schedule)
    return session is not None and _local(now, schedule).time() < session.last_intake


def in_session(now: datetime, schedule: Schedule) -> bool:
    """Counselors are on duty now (between `opens` and `closes`), even if intake has ended."""
    return _current(now, schedule) is not None


def next_opening(now: datetime, schedule: Schedule, horizon_days: int = 400) -> datetime | None:
    """When new messages are next taken: `now` itself if open, else the next session's `opens`."""
    if is_open(now, schedule):
        return now
    local = _local(now, schedule)
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        if schedule.closed_on(day):
            continue
        for s in schedule.sessions:
            start = datetime.combine(day, s.opens, schedule.tz)
            if s.weekday == day.weekday() and start > local:
                return start
    return None


def hours_text(schedule: Schedule) -> str:
    """「受付時間: 木曜・土曜 18:00〜21:00（受付は20:30まで）」 — for the out-of-hours reply."""
    parts = []
    by_times = sorted(schedule.sessions, key=lambda s: (s.opens, s.last_intake, s.closes, s.weekday))
    for (opens, last, closes), group in groupby(by_times, key=lambda s: (s.opens, s.last_intake, s.closes)):
        days = "・".join(f"{WEEKDAY_JA[s.weekday]}曜" for s in group)
        tail = f"（受付は{last:%H:%M}まで）" if last < closes else ""
        parts.append(f"{days} {opens:%H:%M}〜{closes:%H:%M}{tail}")
    return "受付時間: " + "、".join(parts)


def closed_days_text(schedule: Schedule) -> str:
    """「祝日と年末年始（12/29〜1/3）はお休みです。」"""
    ranges = "".join(
        f"と{c.name}（{c.start[0]}/{c.start[1]}〜{c.end[0]}/{c.end[1]}）" for c in schedule.closures
    )
    return f"祝日{ranges}はお休みです。"


def opening_text(when: datetime, schedule: Schedule) -> str:
    """「12月3日（木）18:00」 in the schedule's zone."""
    local = _local(when, schedule)
    return f"{local.month}月{local.day}日（{WEEKDAY_JA[local.weekday()]}）{local:%H:%M}"
