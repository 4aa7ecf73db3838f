"""A realistic fiscal year of the events the reports consume, from a seeded random generator.

Shaped like the ward's report: about 300 cases a year over the evening sessions (226 of them
answered by a counselor against a target of 280), 442 friends net, the seed report's age mix
(10s 3.1 %, 20s 11.5 %, 30s 52.7 %, 40s 13.3 %, 50s 19.5 %), the ward's publicity channels, a few
outreach visits, some messages out of hours. The same generator makes the benchmark's year of
100,000 cases (`cases=`, `messages_per_case=`). Every envelope has producer `demo`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from services.reports.demo.sessions import Sessions
from services.reports.domain.fiscal import JAPAN
from shared.events import (
    CaseClosed,
    CaseEscalated,
    CaseOpened,
    CaseOutcome,
    CaseReferred,
    CaseRiskAssessed,
    ConsulterMessageReceived,
    Envelope,
    EventData,
    FirstResponseGiven,
    FriendshipChanged,
    IntakeRecorded,
    OutreachCancelled,
    OutreachCompleted,
    OutreachConsent,
    OutreachScheduled,
    PartnerAlertDelivered,
    PartnerAlertFailed,
    PartnerKind,
    RequestOutreach,
    SafeContact,
)

PRODUCER = "demo"
AGES = (("under_20", 3.1), ("20s", 11.5), ("30s", 52.7), ("40s", 13.3), ("50s", 19.5))
CHANNELS = (("school_card", 6), ("toilet_sticker", 24), ("social_ad", 30), ("ward_website", 16), ("word_of_mouth", 14), ("other", 4))
LEVELS = (("low", 45), ("medium", 35), ("high", 15), ("emergency", 5))
TARGET_S = {"low": 1800.0, "medium": 1800.0, "high": 600.0, "emergency": 120.0}
MEAN_WAIT_S = {"low": 900.0, "medium": 700.0, "high": 320.0, "emergency": 80.0}
OUTCOMES = (
    (CaseOutcome.RESOLVED, 38), (CaseOutcome.INFORMATION_GIVEN, 25), (CaseOutcome.REFERRED, 10),
    (CaseOutcome.CONSULTER_ENDED, 12), (CaseOutcome.OUTREACH, 3), (CaseOutcome.OTHER, 2),
)
KINDS = (PartnerKind.WELFARE_OFFICE, PartnerKind.WOMENS_COUNCIL, PartnerKind.POLICE, PartnerKind.CHILD_FAMILY_SUPPORT_CENTER, PartnerKind.NPO)
NS = uuid.UUID("0b7d4a8e-5d0c-4f7e-9a51-64656d6f7965")


def _pick(rng: random.Random, table: tuple[tuple[object, float], ...]) -> object:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


class DemoYear:
    """`events()` yields the year's envelopes (not sorted: the reports do not depend on order)."""

    def __init__(
        self, fiscal_year: int, *, cases: int = 300, answered: float = 0.75, messages_per_case: float = 8.0,
        friends: int = 442, until: datetime | None = None, seed: int = 7, sessions: Sessions | None = None,
    ) -> None:
        self.fy, self.cases, self.answered, self.per_case = fiscal_year, cases, answered, messages_per_case
        self.friends, self.rng, self.sessions = friends, random.Random(seed), sessions or Sessions.from_seed()
        start = date(fiscal_year, 4, 1)
        end = min(date(fiscal_year + 1, 3, 31), (until or datetime.max.replace(tzinfo=JAPAN)).astimezone(JAPAN).date())
        self.days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        self.session_days = [d for d in self.days if d.weekday() in self.sessions.windows]
        self.seq = 0

    def _id(self, *parts: object) -> str:
        return str(uuid.uuid5(NS, "|".join(str(p) for p in (self.fy, *parts))))

    def _env(self, data: EventData, at: datetime) -> Envelope:
        self.seq += 1
        return Envelope(
            id=self._id("event", self.seq), type=data.TYPE, version=data.VERSION, occurred_at=at, producer=PRODUCER,
            correlation_id="demo", data=data.model_dump(mode="json"),
        )

    def events(self) -> Iterator[Envelope]:
        rng = self.rng
        consulters = [f"c_demo{self.fy}_{n:06d}" for n in range(max(1, int(self.cases * 0.85)))]
        yield from self._friends(consulters)
        yield from self._history(consulters)
        for n in range(self.cases):
            yield from self._case(n, consulters[n % len(consulters)] if rng.random() < 0.85 else rng.choice(consulters))
        yield from self._outreach()

    def _friends(self, consulters: list[str]) -> Iterator[Envelope]:
        """`friends` net: that many more follows than blocks, every block within the year."""
        rng, blocks = self.rng, round(self.friends * 0.15)
        blocked = set(rng.sample(range(self.friends + blocks), blocks))
        last = datetime.combine(self.days[-1], datetime.max.time(), JAPAN)
        for n in range(self.friends + blocks):
            who = consulters[n] if n < len(consulters) else f"c_demo{self.fy}_f{n:06d}"
            at = datetime.combine(rng.choice(self.days), datetime.min.time(), JAPAN) + timedelta(minutes=rng.uniform(0, 1440))
            yield self._env(FriendshipChanged(consulter_id=who, change="followed", at=at), at)
            if n in blocked:
                later = min(last, at + timedelta(days=rng.uniform(1, 60)))
                yield self._env(FriendshipChanged(consulter_id=who, change="blocked", at=later), later)

    def _history(self, consulters: list[str]) -> Iterator[Envelope]:
        """About a fifth of the year's people had consulted the year before: the continuing ones."""
        for n, who in enumerate(consulters[: len(consulters) // 5]):
            case_id = self._id("earlier", n)
            day = datetime(self.fy - 1, 4, 1, tzinfo=JAPAN).date() + timedelta(days=self.rng.uniform(0, 364))
            at = datetime.combine(day, datetime.min.time(), JAPAN) + timedelta(hours=19, minutes=self.rng.uniform(0, 80))
            yield self._env(CaseOpened(case_id=case_id, consulter_id=who, reopened=False, opened_at=at), at)
            reply = at + timedelta(minutes=5)
            data = FirstResponseGiven(case_id=case_id, consulter_id=who, at=reply, waited_seconds=300, level="low", target_seconds=1800, consultation=True)
            yield self._env(data, reply)

    def _case(self, n: int, consulter: str) -> Iterator[Envelope]:
        rng, case_id = self.rng, self._id("case", n)
        outside = rng.random() < 0.18
        day = rng.choice(self.days if outside else self.session_days)
        at = datetime.combine(day, datetime.min.time(), JAPAN) + timedelta(hours=rng.choice((7, 12, 15, 21, 22, 23)), minutes=rng.uniform(0, 59)) if outside else self.sessions.in_session(day, rng)
        level = str(_pick(rng, LEVELS))
        yield self._env(CaseOpened(case_id=case_id, consulter_id=consulter, reopened=False, opened_at=at), at)
        yield self._env(CaseRiskAssessed(case_id=case_id, consulter_id=consulter, level=level, assessed_level=level, by="auto"), at)
        moment = at
        for m in range(max(1, round(rng.expovariate(1 / self.per_case))) if self.per_case > 1 else 1):
            data = ConsulterMessageReceived(
                consulter_id=consulter, case_id=case_id, message_id=self._id("msg", n, m), at=moment,
                weekday=moment.astimezone(JAPAN).weekday(), hour=moment.astimezone(JAPAN).hour, in_hours=self.sessions.is_open(moment),
            )
            yield self._env(data, moment)
            moment += timedelta(minutes=rng.uniform(1, 6))
        consultation = rng.random() < self.answered
        if consultation:
            opening = self.sessions.next_opening(at) if not self.sessions.is_open(at) else at
            waited = (opening - at).total_seconds() + rng.expovariate(1 / MEAN_WAIT_S[level])
            reply = at + timedelta(seconds=waited)
            if waited > TARGET_S[level]:
                late = at + timedelta(seconds=TARGET_S[level])
                yield self._env(CaseEscalated(case_id=case_id, consulter_id=consulter, level=level, reason="sla_breach", waited_seconds=TARGET_S[level], target_seconds=TARGET_S[level]), late)
            yield self._env(FirstResponseGiven(case_id=case_id, consulter_id=consulter, at=reply, waited_seconds=waited, level=level, target_seconds=TARGET_S[level], consultation=True), reply)
            yield from self._intake(consulter, case_id, reply)
        outcome = _pick(rng, OUTCOMES) if consultation else CaseOutcome.NO_RESPONSE
        closed = moment + timedelta(minutes=rng.uniform(10, 90))
        if outcome is CaseOutcome.REFERRED:
            yield from self._referral(n, consulter, case_id, closed)
        yield self._env(CaseClosed(case_id=case_id, consulter_id=consulter, outcome=outcome, closed_by="demo", consultation=consultation), closed)

    def _intake(self, consulter: str, case_id: str, at: datetime) -> Iterator[Envelope]:
        rng = self.rng
        if rng.random() > 0.88:
            return
        source = "counselor" if rng.random() < 0.4 else "line"
        data = IntakeRecorded(
            consulter_id=consulter, case_id=case_id, source=source, at=at,
            age_band=str(_pick(rng, AGES)),
            channel=str(_pick(rng, CHANNELS)) if rng.random() < 0.9 else None,
        )
        yield self._env(data, at)

    def _referral(self, n: int, consulter: str, case_id: str, at: datetime) -> Iterator[Envelope]:
        alert_id, kind = self._id("alert", n), self.rng.choice(KINDS)
        yield self._env(CaseReferred(case_id=case_id, consulter_id=consulter, alert_id=alert_id, partner_kind=kind, category="consultation", urgency="normal", at=at), at)
        if self.rng.random() < 0.92:
            yield self._env(PartnerAlertDelivered(alert_id=alert_id, partner_id=f"p-{kind.value}", attempts=1, status=200), at + timedelta(seconds=5))
        else:
            yield self._env(PartnerAlertFailed(alert_id=alert_id, partner_id=f"p-{kind.value}", reason="retries_exhausted", attempts=14), at + timedelta(days=3))

    def _outreach(self) -> Iterator[Envelope]:
        rng = self.rng
        for n in range(max(1, self.cases // 40)):
            request_id, case_id = self._id("outreach", n), self._id("case", n * 7)
            at = datetime.combine(rng.choice(self.session_days), datetime.min.time(), JAPAN) + timedelta(hours=19)
            consent = OutreachConsent(
                help=("meet_and_talk",), contact=SafeContact(line_only=True, never_call=True), given_at=at,
                given_via="line_chat", withdrawal_explained=True,
            )
            yield self._env(RequestOutreach(request_id=request_id, case_id=case_id, consulter_id="c_demo", consent_recorded_at=at, requested_by="demo", consent=consent), at)
            if n % 4 == 3:
                yield self._env(OutreachCancelled(request_id=request_id, case_id=case_id, reason="consent_withdrawn"), at + timedelta(days=2))
                continue
            visit_id, starts = self._id("visit", n), at + timedelta(days=rng.randint(3, 10), hours=-5)
            yield self._env(OutreachScheduled(request_id=request_id, visit_id=visit_id, case_id=case_id, starts_at=starts, ends_at=starts + timedelta(hours=1), staff_ids=("o-1", "o-2")), at + timedelta(days=1))
            result = "no_show" if n % 5 == 4 else "completed"
            yield self._env(OutreachCompleted(request_id=request_id, visit_id=visit_id, case_id=case_id, result=result), starts + timedelta(hours=1))
