"""Fact documents read back as typed values, and the rules that resolve several records into one.

- Her intake: for each of age band and channel, a counselor's latest entry wins over anything she
  answered on LINE; otherwise her latest LINE answer (DESIGN §4: both optional; a counselor's entry
  wins). Not given stays None.
- A visit's time: its latest scheduling; its result: completed or no_show, once recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Message:
    at: datetime
    weekday: int
    hour: int
    in_hours: bool


@dataclass(frozen=True, slots=True)
class Response:
    at: datetime
    waited_s: float
    rank: int
    target_s: float


@dataclass(frozen=True, slots=True)
class CaseFact:
    case_id: str
    consulter_id: str | None
    opened_at: datetime | None
    consultation_at: datetime | None
    max_rank: int | None
    responses: tuple[Response, ...] = ()
    closures: tuple[Mapping[str, Any], ...] = ()
    escalations: tuple[Mapping[str, Any], ...] = ()
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class Intake:
    age_band: str | None = None
    channel: str | None = None
    channel_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ConsulterFact:
    consulter_id: str
    first_contact_at: datetime | None
    consultations: Mapping[str, datetime] = field(default_factory=dict)
    friend_events: tuple[tuple[str, datetime], ...] = ()
    intake: Intake = Intake()


def case_fact(doc: Mapping[str, Any]) -> CaseFact:
    return CaseFact(
        case_id=str(doc["_id"]),
        consulter_id=doc.get("consulter_id"),
        opened_at=doc.get("opened_at"),
        consultation_at=doc.get("consultation_at"),
        max_rank=doc.get("max_rank"),
        responses=tuple(
            Response(r["at"], float(r["waited_s"]), int(r["rank"]), float(r["target_s"]))
            for r in (doc.get("responses") or {}).values()
        ),
        closures=tuple((doc.get("closures") or {}).values()),
        escalations=tuple((doc.get("escalations") or {}).values()),
        messages=tuple(
            Message(m["at"], int(m["wd"]), int(m["h"]), bool(m["in"])) for m in (doc.get("msgs") or {}).values()
        ),
    )


def _resolve(records: list[Mapping[str, Any]], name: str) -> tuple[str | None, datetime | None]:
    given = [r for r in records if r.get(name) is not None]
    if not given:
        return None, None
    # Counselor before LINE, then the latest; ties broken by value so any order gives one answer.
    best = max(given, key=lambda r: (r["source"] == "counselor", r["at"], str(r[name])))
    return str(best[name]), best["at"]


def resolve_intake(records: list[Mapping[str, Any]]) -> Intake:
    age, _ = _resolve(records, "age_band")
    channel, channel_at = _resolve(records, "channel")
    return Intake(age, channel, channel_at)


def consulter_fact(doc: Mapping[str, Any]) -> ConsulterFact:
    return ConsulterFact(
        consulter_id=str(doc["_id"]),
        first_contact_at=doc.get("first_contact_at"),
        consultations=dict(doc.get("consultations") or {}),
        friend_events=tuple((str(f["change"]), f["at"]) for f in (doc.get("friend") or {}).values()),
        intake=resolve_intake(list((doc.get("intake") or {}).values())),
    )
