"""Outreach in process for unit tests: the real service (bootstrap.build) on a private substitute
database, a stepping clock, a fake publisher, and a client that signs each request's staff assertion
as the proxy would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from services.outreach.bootstrap import Outreach
from shared.events import (
    ContactWindow,
    Envelope,
    EventData,
    OutreachConsent,
    RequestOutreach,
    SafeContact,
    envelope_for,
)
from shared.staff_auth import HEADER, StaffClaims, sign_assertion

JST = ZoneInfo("Asia/Tokyo")
# Monday 2026-11-30, 10:00 in Japan: the week's visits are ahead (thu 12-03, sat 12-05).
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=JST)
KEY = "unit-test-staff-assertion-key-0123456789"
ROLES = {
    "o-ono": "outreach_coordinator",
    "o-kato": "outreach_coordinator",
    "w-ishii": "outreach_worker",
    "w-ueda": "outreach_worker",
    "w-endo": "outreach_worker",
    "w-mori": "outreach_worker",
    "s-sato": "supervisor",
    "c-aoki": "counselor",
    "a-admin": "admin",
}


class Clock:
    def __init__(self, now: datetime = MONDAY) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class FakePublisher:
    published: list[Envelope] = field(default_factory=list)
    fail: bool = False

    async def publish_all(self, envelopes: Any) -> None:
        batch = list(envelopes)
        if self.fail:
            raise RuntimeError("broker did not confirm")
        self.published.extend(batch)

    def of_type(self, event_type: str) -> list[Envelope]:
        return [e for e in self.published if e.type == event_type]


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=JST)


def consent(**changes: Any) -> OutreachConsent:
    base: dict[str, Any] = {
        "help": ("meet_and_talk", "accompany"),
        "accompany_to": "welfare_office",
        "contact": SafeContact(
            line_only=True, never_call=True, windows=(ContactWindow(days=("thu", "sat"), start="18:00", end="21:00"),)
        ),
        "avoid": ("family-restaurant-station",),
        "given_at": MONDAY - timedelta(days=1),
        "given_via": "line_chat",
        "withdrawal_explained": True,
    }
    return OutreachConsent(**{**base, **changes})


def request_data(request_id: str | None = None, *, case_id: str = "case-1", urgency: str = "normal", **consent_changes: Any) -> RequestOutreach:
    return RequestOutreach(
        request_id=request_id or f"r-{uuid.uuid4().hex[:8]}",
        case_id=case_id,
        consulter_id="cons_1",
        consent_recorded_at=MONDAY - timedelta(days=1),
        requested_by="c-aoki",
        urgency=urgency,  # type: ignore[arg-type]
        accompaniment="welfare_office",
        consent=consent(**consent_changes),
    )


async def feed(outreach: Outreach, data: EventData, *, producer: str = "triage") -> Envelope:
    """Hand one event to the consumer's handler, as the broker would."""
    envelope = envelope_for(data, producer=producer, correlation_id="corr")
    await outreach.handlers(envelope, data)
    return envelope


def plan(**changes: Any) -> dict[str, Any]:
    """Thursday 3 December, 14:00–15:30 JST at the ward office, two workers."""
    base: dict[str, Any] = {
        "starts_at": at(3, 14).isoformat(),
        "ends_at": at(3, 15, 30).isoformat(),
        "staff_ids": ["w-ishii", "w-ueda"],
        "place_id": "ward-office-main",
        "travel_before_min": 30,
        "travel_after_min": 30,
        "accompany_to": "welfare_office",
        "accompany_contact": "生活福祉課 03-0000-0000",
    }
    return {**base, **changes}


class Staff:
    """One staff member's requests, each signed for its method and path (as the proxy forwards)."""

    def __init__(self, client: TestClient, staff_id: str, clock: Clock, key: str = KEY) -> None:
        self.client, self.id, self.clock, self.key = client, staff_id, clock, key

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        claims = StaffClaims(self.id, self.id.split("-")[-1], ROLES[self.id], self.id)
        headers = {HEADER: sign_assertion(self.key, claims, method=method, path=path.split("?")[0], now=self.clock())}
        response = await self.client.request(method, path, json=body, headers=headers)
        data = await response.json() if response.content_type == "application/json" else await response.text()
        return response.status, data


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()
