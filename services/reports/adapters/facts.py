"""The fact collections (`fact_cases`, `fact_consulters`, `fact_alerts`, `fact_outreach`): each
`Write` of domain/projection.py becomes `$set`/`$min`/`$max` on one document, upserted by its key.

Reads are whole collections on purpose: the summariser folds every fact into every year's report
(adapters never filter facts, so no secondary index is needed; each write is by `_id`).
A rebuild replaces the collections with what the archive gives (`replace_all`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from services.reports.domain.facts import case_fact, consulter_fact
from services.reports.domain.writes import Collection, Write
from services.reports.domain.year import Facts, Visit

COLLECTIONS: dict[Collection, str] = {
    "cases": "fact_cases",
    "consulters": "fact_consulters",
    "alerts": "fact_alerts",
    "outreach": "fact_outreach",
}
OPERATORS = {"set": "$set", "min": "$min", "max": "$max"}


class FactStore:
    def __init__(self, db: Any) -> None:
        self._db = db

    async def apply(self, writes: Iterable[Write]) -> None:
        """One update per fact document touched; each is idempotent (see domain/writes.py)."""
        grouped: dict[tuple[Collection, str], dict[str, dict[str, Any]]] = defaultdict(dict)
        for write in writes:
            grouped[(write.collection, write.key)].setdefault(OPERATORS[write.op], {})[write.path] = write.value
        for (collection, key), update in grouped.items():
            await self._db[COLLECTIONS[collection]].update_one({"_id": key}, update, upsert=True)

    async def replace_all(self, docs: Mapping[Collection, Mapping[str, dict[str, Any]]]) -> None:
        """Drop every fact collection and insert `docs` (collection → key → document)."""
        for collection, name in COLLECTIONS.items():
            await self._db[name].drop()
            batch = [{"_id": key, **doc} for key, doc in docs.get(collection, {}).items()]
            for start in range(0, len(batch), 5000):
                await self._db[name].insert_many(batch[start : start + 5000], ordered=False)

    async def raw(self, collection: Collection) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._db[COLLECTIONS[collection]].find({}).to_list(None)
        return result

    async def load(self, visits: list[Visit]) -> Facts:
        return facts_from_docs(
            {collection: {str(d["_id"]): d for d in await self.raw(collection)} for collection in COLLECTIONS},
            visits,
        )


def facts_from_docs(docs: Mapping[Collection, Mapping[str, Mapping[str, Any]]], visits: list[Visit]) -> Facts:
    """Typed facts from fact documents (read back, or built in memory by a rebuild)."""
    return Facts(
        cases=[case_fact({"_id": k, **d}) for k, d in docs.get("cases", {}).items()],
        consulters={k: consulter_fact({"_id": k, **d}) for k, d in docs.get("consulters", {}).items()},
        alerts=list(docs.get("alerts", {}).values()),
        outreach=list(docs.get("outreach", {}).values()),
        visits=visits,
    )
