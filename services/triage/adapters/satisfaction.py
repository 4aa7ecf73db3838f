"""Her answer to the satisfaction question, kept on the case as a code (`good`, `okay`, `poor`) and
the time: the first answer counts, and only from the consulter whose case it is."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class SatisfactionAnswers:
    def __init__(self, db: Any) -> None:
        self._cases = db["cases"]

    async def record(self, case_id: str, consulter_id: str, answer: str, at: datetime) -> bool:
        result = await self._cases.update_one(
            {"_id": case_id, "consulter_id": consulter_id, "satisfaction": None},
            {"$set": {"satisfaction": {"answer": answer, "at": at}}},
        )
        return bool(result.modified_count == 1)
