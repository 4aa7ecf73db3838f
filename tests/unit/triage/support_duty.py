"""A staffed triage for tests: a stepping clock, counselors on shift around the clock, the real
repositories on a private substitute database, and cheap password hashing."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time, timedelta
from typing import Any

from argon2 import PasswordHasher

from services.triage.adapters.passwords import Passwords
from services.triage.adapters.seeds import load_seeds
from services.triage.bootstrap import Triage, build
from services.triage.config import Settings
from services.triage.domain.ports import Publisher
from services.triage.domain.roster import Counselor, WeeklySlot
from services.triage.risk import RiskAssessor

PASSWORD = "correct horse battery staple"
PASSWORDS = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
IN_HOURS = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # Thursday 19:00 in Japan: open
OUT_OF_HOURS = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 12:00 in Japan: closed
ALL_WEEK = tuple(WeeklySlot(day, time(0, 0), time(0, 0)) for day in range(7))  # end <= start: 24 h


class Clock:
    def __init__(self, now: datetime = IN_HOURS) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def staff(
    cid: str,
    role: str = "counselor",
    *,
    skills: tuple[str, ...] = (),
    capacity: int = 2,
    on_call: bool = False,
) -> Counselor:
    return Counselor(
        id=cid,
        username=cid.split("-")[-1],
        display_name=cid.title(),
        role=role,  # type: ignore[arg-type]
        skills=frozenset(skills),
        capacity=capacity,
        on_call=on_call,
        shifts=ALL_WEEK,
    )


DEFAULT_ROSTER = (
    staff("c-aoki", skills=("dv", "suicide"), capacity=2),
    staff("c-brown", skills=("lang:en",), capacity=1),
    staff("s-sato", "supervisor", skills=("dv", "suicide", "child"), capacity=1, on_call=True),
    staff("a-admin", "admin", capacity=0),
)


async def staffed_triage(
    settings: Settings,
    db: Any,
    assessor: RiskAssessor,
    clock: Clock,
    publisher: Publisher,
    roster: tuple[Counselor, ...] = DEFAULT_ROSTER,
) -> Triage:
    seeds = dataclasses.replace(load_seeds(settings.seeds_dir), roster=roster)
    triage = build(
        settings, db=db, assessor=assessor, seeds=seeds, clock=clock, passwords=PASSWORDS, publisher=publisher
    )
    await triage.stores.staff.seed(roster, announce=False)
    return triage
