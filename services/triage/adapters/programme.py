"""`programme`: the programme's targets (consultations and outreach visits a fiscal year), one
document, replaced at every start so a restart never duplicates them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from services.triage.domain.targets import ProgrammeTargets


class ProgrammeRecords:
    def __init__(self, db: Any) -> None:
        self._programme = db["programme"]

    async def store_targets(self, targets: ProgrammeTargets) -> None:
        await self._programme.update_one({"_id": "targets"}, {"$set": asdict(targets)}, upsert=True)

    async def targets(self) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._programme.find_one({"_id": "targets"}, {"_id": 0})
        return found
