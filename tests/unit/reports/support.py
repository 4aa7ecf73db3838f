"""The reports service on a private in-process database, fed events straight into its handler (the
consumer's job), with a fixed clock; and a small builder of envelopes dated in Japan time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pymongo_async_mock import AsyncMongoMockClient

from services.reports.bootstrap import Reports, build
from services.reports.config import Settings
from services.reports.domain.fiscal import JAPAN
from shared.events import Envelope, EventData, read_data

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=JAPAN)


def jst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=JAPAN)  # type: ignore[misc]


def envelope(data: EventData, at: datetime, *, event_id: str | None = None, producer: str = "triage") -> Envelope:
    return Envelope(
        id=event_id or str(uuid.uuid4()),
        type=data.TYPE,
        version=data.VERSION,
        occurred_at=at,
        producer=producer,
        correlation_id="test",
        data=data.model_dump(mode="json"),
    )


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "pseudonym_key": "unit-test-pseudonym-key",
        # No broker in unit tests: a port nothing listens on (the supervisor keeps retrying, quietly).
        "amqp_url": "amqp://guest:guest@127.0.0.1:9/",
        "staff_assertion_key": "test-staff-assertion-key-0123456789abcdef",
        "line_add_friend_url": "https://line.me/R/ti/p/@example",
        "reports_public_base_url": "https://tsunagari.example.jp",
        **overrides,
    }
    return Settings(**values)


def reports(**overrides: Any) -> Reports:
    db = AsyncMongoMockClient(tz_aware=True)[f"reports_{uuid.uuid4().hex[:8]}"]
    return build(settings(**overrides), db=db, clock=lambda: NOW)


async def feed(service: Reports, envelopes: list[Envelope]) -> None:
    for env in envelopes:
        await service.handler(env, read_data(env))


async def year(service: Reports, fiscal_year: int) -> dict[str, Any]:
    await service.summariser.refresh(force=True)
    report = await service.stores.summaries.year(fiscal_year)
    assert report is not None, f"no report for FY{fiscal_year}"
    report.pop("refreshed_at", None)
    return report


def table(report: dict[str, Any], table_id: str) -> dict[str, dict[str, Any]]:
    """A table's rows by their code."""
    found = next(t for t in report["tables"] if t["id"] == table_id)
    return {row["code"]: row for row in found["rows"]}
