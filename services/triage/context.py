"""What triage's handlers, workflows and HTTP API share once the service has started: settings, keys,
seeds, the risk assessor, the repositories, the clock and (once the broker is reachable) the publisher.

`app.py` builds it when the service starts (see `TriageRuntime`); tests build it directly with fakes
and an injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.triage.adapters import CaseRepository, ConsulterRepository, LineEventLog, MessageRepository
from services.triage.adapters.assignments import AssignmentStore
from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.console_store import MongoAuditLog
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.notes import NoteRepository
from services.triage.adapters.once import OnceMarks
from services.triage.adapters.reply_tokens import ReplyTokens
from services.triage.adapters.seats import SeatLedger
from services.triage.adapters.seeds import Seeds, load_seeds
from services.triage.adapters.staff import StaffDirectory
from services.triage.adapters.tracking import Tracking
from services.triage.api.security import Passwords
from services.triage.config import Settings
from services.triage.domain.sla import SlaTargets
from services.triage.ports import Clock, Publisher
from services.triage.risk import RiskAssessor
from shared.crypto import Keyring

__all__ = ["Clock", "Publisher", "TriageContext", "system_clock"]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class TriageContext:
    settings: Settings
    db: Any
    keyring: Keyring
    assessor: RiskAssessor
    seeds: Seeds
    clock: Clock
    consulters: ConsulterRepository
    cases: CaseRepository
    messages: MessageRepository
    line_events: LineEventLog
    staff: StaffDirectory
    seats: SeatLedger
    assignments: AssignmentStore
    outbox: CaseOutbox
    once: OnceMarks
    reply_tokens: ReplyTokens
    conversation: Conversation
    notes: NoteRepository
    tracking: Tracking
    audit: MongoAuditLog
    publisher: Publisher | None = None  # set by the runtime once the broker is connected

    @classmethod
    def build(
        cls,
        settings: Settings,
        db: Any,
        assessor: RiskAssessor,
        *,
        seeds: Seeds | None = None,
        clock: Clock | None = None,
        passwords: Passwords | None = None,
    ) -> TriageContext:
        keyring = Keyring.from_spec(settings.encryption_keys)
        seats = SeatLedger(db)
        messages = MessageRepository(db, keyring)
        return cls(
            settings=settings,
            db=db,
            keyring=keyring,
            assessor=assessor,
            seeds=seeds or load_seeds(settings.seeds_dir),
            clock=clock or system_clock,
            consulters=ConsulterRepository(db, keyring),
            cases=CaseRepository(db),
            messages=messages,
            line_events=LineEventLog(db, keyring),
            staff=StaffDirectory(db, passwords),
            seats=seats,
            assignments=AssignmentStore(db, seats),
            outbox=CaseOutbox(db, keyring),
            once=OnceMarks(db),
            reply_tokens=ReplyTokens(db, keyring),
            conversation=Conversation(db, messages),
            notes=NoteRepository(db, keyring),
            tracking=Tracking(db),
            audit=MongoAuditLog(db),
        )

    @property
    def sla_targets(self) -> SlaTargets:
        s = self.settings
        return SlaTargets.from_seconds(
            emergency=s.sla_emergency_s, high=s.sla_high_s, medium=s.sla_other_s, low=s.sla_other_s
        )

    @property
    def reply_token_ttl(self) -> timedelta:
        return timedelta(seconds=self.settings.reply_token_ttl_s)
