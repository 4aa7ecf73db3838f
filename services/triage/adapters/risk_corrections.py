"""`risk_corrections`: each time a counselor confirms, raises or lowers the automatic level, what the
assessment said and what she decided — levels, rule ids, her reason code — never text (issue 10,
item 7). Read back only as aggregates (`risk/feedback.py`), for admins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.triage.risk.feedback import Correction
from services.triage.risk.levels import RiskLevel
from shared.mongo import IndexSpec

INDEXES = (IndexSpec("risk_corrections", [("at", -1)], name="risk_corrections_recent"),)


class RiskCorrections:
    def __init__(self, db: Any) -> None:
        self._corrections = db["risk_corrections"]

    async def record(self, correction: Correction, *, case_id: str, by: str, at: datetime) -> None:
        await self._corrections.insert_one(
            {
                "at": at,
                "case_id": case_id,
                "by": by,
                "automatic": correction.automatic.value,
                "counselor": correction.counselor.value,
                "rule_ids": list(correction.rule_ids),
                "reason_code": correction.reason_code,
                "uncertain": correction.uncertain,
            }
        )

    async def since(self, start: datetime) -> list[Correction]:
        docs = await self._corrections.find({"at": {"$gte": start}}).to_list(None)
        return [
            Correction(
                RiskLevel(d["automatic"]),
                RiskLevel(d["counselor"]),
                tuple(d.get("rule_ids", ())),
                str(d.get("reason_code", "other")),
                bool(d.get("uncertain")),
            )
            for d in docs
        ]
