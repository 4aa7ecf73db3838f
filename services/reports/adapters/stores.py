"""Every store of the reports service over its one database (`tsunagari_reports`, MONGODB_DATABASE).

Each query is by `_id` (MongoDB's own index) or reads a whole collection on purpose (the summariser
and the rebuild), so no secondary index is needed: `prepare` has nothing to create.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.reports.adapters.archive import EventArchive
from services.reports.adapters.facts import FactStore
from services.reports.adapters.summaries import Summaries
from services.reports.adapters.visits import LinkVisits
from shared.messaging import MongoInbox
from shared.mongo import open_database as shared_open_database


def open_database(url: str | None, name: str) -> Any:
    """The reports' database, its commands counted under `reports` (shared/db_cost.py)."""
    return shared_open_database(url, name, service="reports")


@dataclass(frozen=True)
class ReportStores:
    db: Any
    archive: EventArchive
    facts: FactStore
    summaries: Summaries
    visits: LinkVisits
    inbox: MongoInbox

    @classmethod
    def open(cls, db: Any) -> ReportStores:
        return cls(db, EventArchive(db), FactStore(db), Summaries(db), LinkVisits(db), MongoInbox(db))

    async def ping(self) -> bool:
        try:
            await self.db.command("ping")
        except Exception:  # readiness reports it; the reason is in the database's own logs
            return False
        return True
