"""Every store of the outreach service over its one database (`tsunagari_outreach`,
MONGODB_DATABASE): requests and proposals, visits, reservations, coordinator alerts, the audit log,
the outbox and the consumer's inbox. `prepare` creates the indexes (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.outreach.adapters import alerts_repo, audit, requests_repo, visits_repo
from services.outreach.adapters.alerts_repo import CoordinatorAlerts
from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.outbox import Outbox
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.reservations import Reservations
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.ports import Publisher
from shared.crypto import Keyring
from shared.messaging import MongoInbox
from shared.mongo import ensure_indexes, open_database

INDEXES = (
    *requests_repo.INDEXES,
    *visits_repo.INDEXES,
    *alerts_repo.INDEXES,
    *audit.INDEXES,
)


def database(url: str | None, name: str) -> Any:
    return open_database(url, name, service="outreach")


@dataclass(frozen=True)
class OutreachStores:
    db: Any
    requests: OutreachRequests
    visits: Visits
    reservations: Reservations
    alerts: CoordinatorAlerts
    audit: AuditLog
    outbox: Outbox
    inbox: MongoInbox

    @classmethod
    def open(cls, db: Any, keyring: Keyring, publisher: Publisher) -> OutreachStores:
        return cls(
            db,
            OutreachRequests(db),
            Visits(db, keyring),
            Reservations(db),
            CoordinatorAlerts(db),
            AuditLog(db),
            Outbox(db, publisher),
            MongoInbox(db),
        )

    async def prepare(self) -> None:
        await ensure_indexes(self.db, INDEXES)

    async def ping(self) -> bool:
        try:
            await self.db.command("ping")
        except Exception:  # readiness reports it; the reason is in the database's own logs
            return False
        return True
