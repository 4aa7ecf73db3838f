"""What triage's handlers and HTTP API share once the service has started: settings, keys, the
risk assessor, the repositories and (once the broker is reachable) the publisher.

`app.py` builds it in its cleanup context and publishes it under `TRIAGE` (see `TriageRuntime`).
Tests build it directly with fakes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from services.triage.adapters import CaseRepository, ConsulterRepository, LineEventLog, MessageRepository
from services.triage.config import Settings
from services.triage.risk import RiskAssessor
from shared.crypto import Keyring
from shared.events import Envelope


class Publisher(Protocol):
    """Publishes envelopes and returns once the broker confirmed every one (EventPublisher)."""

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None: ...


@dataclass
class TriageContext:
    settings: Settings
    db: Any
    keyring: Keyring
    assessor: RiskAssessor
    consulters: ConsulterRepository
    cases: CaseRepository
    messages: MessageRepository
    line_events: LineEventLog

    @classmethod
    def build(cls, settings: Settings, db: Any, assessor: RiskAssessor) -> TriageContext:
        keyring = Keyring.from_spec(settings.encryption_keys)
        return cls(
            settings=settings,
            db=db,
            keyring=keyring,
            assessor=assessor,
            consulters=ConsulterRepository(db, keyring),
            cases=CaseRepository(db),
            messages=MessageRepository(db, keyring),
            line_events=LineEventLog(db, keyring),
        )
