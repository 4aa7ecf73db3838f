"""Notifier's database (`tsunagari_notifier`, MONGODB_DATABASE), opened once: every store over the one
handle (nothing outside `adapters/` holds it), the indexes they rely on, and the readiness ping.

`NotifierStores.open(db)` is what `bootstrap.py` calls with the real client's database (or the
in-process substitute); tests pass a private substitute through the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.notifier.adapters import alert_store, line_deliveries
from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.line_deliveries import LineDeliveries
from services.notifier.adapters.partner_store import PartnerStore
from shared.messaging import MongoInbox
from shared.mongo import ensure_indexes
from shared.mongo import open_database as shared_open_database

INDEXES = (*line_deliveries.INDEXES, *alert_store.INDEXES)


def open_database(url: str | None, name: str) -> Any:
    """The service's database on the real client (connects lazily) or the in-process substitute,
    its commands counted under `notifier` (shared/db_cost.py)."""
    return shared_open_database(url, name, service="notifier")


@dataclass(frozen=True)
class NotifierStores:
    partners: PartnerStore
    alerts: AlertStore
    line_deliveries: LineDeliveries
    inbox: MongoInbox
    _db: Any

    @classmethod
    def open(cls, db: Any) -> NotifierStores:
        return cls(
            partners=PartnerStore(db),
            alerts=AlertStore(db),
            line_deliveries=LineDeliveries(db),
            inbox=MongoInbox(db),
            _db=db,
        )

    async def prepare(self) -> None:
        """Create the indexes (idempotent)."""
        await ensure_indexes(self._db, INDEXES)

    async def ping(self) -> bool:
        try:
            await self._db.command("ping")
        except Exception:  # any error means "not ready", which readiness reports
            return False
        return True

    async def close(self) -> None:
        """Close the client (only a real one: the in-process substitute is shared and stays)."""
        await self._db.client.close()
