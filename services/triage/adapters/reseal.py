"""Re-sealing after a key rotation (docs/operations.md, "Keys"): every value triage sealed with an
older key of ENCRYPTION_KEYS is opened and sealed again with the current one, a batch at a time, in
the background. When `remaining()` reads 0 the old key can leave ENCRYPTION_KEYS.

Each kind of sealed field is named with how its context is derived (the context is authenticated:
a value opens only in its own record). The write is conditional on the very ciphertext that was read,
so a value changed meanwhile (an edit, an unsend, a purge, another process re-sealing) is left to
the next batch, never overwritten with stale text. Outbox entries are not re-sealed: they live
seconds, until the broker confirms them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.crypto import Keyring, Sealed
from shared.mongo import IndexSpec

Context = Callable[[dict[str, Any]], str]


@dataclass(frozen=True, slots=True)
class SealedField:
    collection: str
    path: str  # dotted path to the sealed document `{kid, n, ct}`
    context: Context


FIELDS: tuple[SealedField, ...] = (
    SealedField("messages", "text", lambda d: f"text:{d['case_id']}:{d['_id']}"),
    SealedField("messages", "edited_text", lambda d: f"edited_text:{d['case_id']}:{d['_id']}"),
    SealedField("messages", "risk_detail", lambda d: f"risk_detail:{d['case_id']}:{d['_id']}"),
    SealedField("notes", "text", lambda d: f"note:{d['case_id']}:{d['_id']}"),
    SealedField("consulters", "line_user", lambda d: str(d["_id"])),
    SealedField("line_events", "postback", lambda d: f"postback:{d['_id']}"),
    SealedField("cases", "reply_token.sealed", lambda d: f"reply_token:{d['_id']}"),
)
INDEXES = tuple(
    IndexSpec(f.collection, [(f"{f.path}.kid", 1)], name=f"reseal_{f.path.replace('.', '_')}") for f in FIELDS
)


def _get(doc: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None  # type: ignore[assignment]
    return doc


class Resealer:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._db = db
        self._keyring = keyring

    def _stale(self, field: SealedField) -> dict[str, Any]:
        return {f"{field.path}.kid": {"$exists": True, "$ne": self._keyring.current}}

    async def remaining(self) -> int:
        """Values still sealed with an older key."""
        total = 0
        for field in FIELDS:
            total += int(await self._db[field.collection].count_documents(self._stale(field)))
        return total

    async def batch(self, limit: int) -> int:
        """Re-seal up to `limit` values; returns how many were re-sealed."""
        done = 0
        for field in FIELDS:
            if done >= limit:
                break
            collection = self._db[field.collection]
            docs = await collection.find(self._stale(field)).limit(limit - done).to_list(None)
            for doc in docs:
                sealed = _get(doc, field.path)
                if not isinstance(sealed, dict):
                    continue  # changed since the query (purged, unsent, taken)
                context = field.context(doc)
                plain = self._keyring.open(Sealed.from_document(sealed), context=context)
                fresh = self._keyring.seal(plain, context=context).to_document()
                result = await collection.update_one(
                    {"_id": doc["_id"], f"{field.path}.n": sealed["n"], f"{field.path}.ct": sealed["ct"]},
                    {"$set": {field.path: fresh}},
                )
                done += int(result.modified_count)
        return done
