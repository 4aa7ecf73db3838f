"""Triage's database, opened once: every repository over the one handle (nothing outside
`adapters/` holds it), the indexes they rely on, and the readiness ping.

`TriageStores.open(db, keyring, publisher)` builds them in dependency order; `bootstrap.py` calls it
with the real client's database (or the in-process substitute), tests with a private substitute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.triage.adapters.assignments import AssignmentStore
from services.triage.adapters.case_after_message import CaseAfterMessage
from services.triage.adapters.case_history import CaseHistory
from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.cases import CaseRepository
from services.triage.adapters.console_store import MongoAuditLog, MongoSessionStore
from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.indexes import INDEXES, RETIRED
from services.triage.adapters.line_events import LineEventLog
from services.triage.adapters.messages import MessageRepository
from services.triage.adapters.next_reply import NextReplies
from services.triage.adapters.notes import NoteRepository
from services.triage.adapters.once import OnceMarks
from services.triage.adapters.outreach_records import OutreachRecords
from services.triage.adapters.passwords import Passwords
from services.triage.adapters.programme import ProgrammeRecords
from services.triage.adapters.reply_tokens import ReplyTokens
from services.triage.adapters.reseal import Resealer
from services.triage.adapters.retention import RetentionStore
from services.triage.adapters.risk_corrections import RiskCorrections
from services.triage.adapters.satisfaction import SatisfactionAnswers
from services.triage.adapters.seats import SeatLedger
from services.triage.adapters.staff import StaffDirectory
from services.triage.adapters.templates import ReplyTemplates
from services.triage.adapters.tracking import Tracking
from services.triage.domain.ports import Publisher
from services.triage.domain.sessions import SessionPolicy
from shared.crypto import Keyring
from shared.messaging import MongoInbox
from shared.mongo import ensure_indexes
from shared.mongo import open_database as shared_open_database


@dataclass(frozen=True)
class TriageStores:
    cases: CaseRepository
    after_message: CaseAfterMessage
    history: CaseHistory
    next_replies: NextReplies
    consulters: ConsulterRepository
    messages: MessageRepository
    conversation: Conversation
    notes: NoteRepository
    line_events: LineEventLog
    staff: StaffDirectory
    seats: SeatLedger
    assignments: AssignmentStore
    outbox: CaseOutbox
    once: OnceMarks
    reply_tokens: ReplyTokens
    tracking: Tracking
    audit: MongoAuditLog
    sessions: MongoSessionStore
    programme: ProgrammeRecords
    retention: RetentionStore
    reseal: Resealer
    risk_corrections: RiskCorrections
    templates: ReplyTemplates
    satisfaction: SatisfactionAnswers
    outreach: OutreachRecords
    inbox: MongoInbox
    _db: Any

    @classmethod
    def open(
        cls,
        db: Any,
        keyring: Keyring,
        publisher: Publisher,
        *,
        session_policy: SessionPolicy,
        passwords: Passwords | None = None,
        history: CaseHistory | None = None,
    ) -> TriageStores:
        """`history`: the live stream's case reader, when the wiring built it first (see bootstrap)."""
        seats = SeatLedger(db)
        messages = MessageRepository(db, keyring)
        cases, next_replies, reply_tokens = CaseRepository(db), NextReplies(db), ReplyTokens(db, keyring)
        history = history or CaseHistory(db)
        return cls(
            cases=cases,
            after_message=CaseAfterMessage(db, cases, next_replies, reply_tokens, history),
            history=history,
            next_replies=next_replies,
            consulters=ConsulterRepository(db, keyring),
            messages=messages,
            conversation=Conversation(db, messages),
            notes=NoteRepository(db, keyring),
            line_events=LineEventLog(db, keyring),
            staff=StaffDirectory(db, passwords),
            seats=seats,
            assignments=AssignmentStore(db, seats),
            outbox=CaseOutbox(db, keyring, publisher),
            once=OnceMarks(db),
            reply_tokens=reply_tokens,
            tracking=Tracking(db),
            audit=MongoAuditLog(db),
            sessions=MongoSessionStore(db, session_policy),
            programme=ProgrammeRecords(db),
            retention=RetentionStore(db),
            reseal=Resealer(db, keyring),
            risk_corrections=RiskCorrections(db),
            templates=ReplyTemplates(db),
            satisfaction=SatisfactionAnswers(db),
            outreach=OutreachRecords(db),
            inbox=MongoInbox(db),
            _db=db,
        )

    async def prepare(self) -> None:
        """Create the indexes (idempotent)."""
        await ensure_indexes(self._db, INDEXES, RETIRED)

    async def ping(self) -> bool:
        try:
            await self._db.client.admin.command("ping")
        except Exception:  # any error means "not ready", which readiness reports
            return False
        return True


def case_history(db: Any) -> CaseHistory:
    """The case reader the live stream needs before the stores (their publisher announces to it)."""
    return CaseHistory(db)


def open_database(url: str | None, name: str) -> Any:
    """The service's database on the real client (connects lazily) or the in-process substitute,
    its commands counted (shared/db_cost.py)."""
    return shared_open_database(url, name, service="triage")
