"""The hand-off summary on a case: her earlier cases (dates, level, outcome, who had them) and their
notes, for the counselor who has her now — when she returns, or when the case was reassigned. Read
only with the case itself (whose access was checked) and audited as `case.handoff.read` with the
earlier cases' ids. Her earlier messages are not included: the notes are the hand-off."""

from __future__ import annotations

from typing import Any

from services.triage.adapters.case_history import CaseHistory
from services.triage.adapters.notes import NoteRepository
from services.triage.api.access import CaseAccess
from services.triage.domain.staff import Principal


class Handoff:
    def __init__(self, *, history: CaseHistory, notes: NoteRepository, access: CaseAccess) -> None:
        self._history = history
        self._notes = notes
        self._access = access

    async def summary(self, who: Principal, case: dict[str, Any]) -> list[dict[str, Any]]:
        earlier = await self._history.earlier_of(case["consulter_id"], case["_id"])
        found = [{**d, "id": d["_id"], "notes": await self._notes.for_case(d["_id"])} for d in earlier]
        for item in found:
            item.pop("_id")
        if found:
            await self._access.audit(who, "case.handoff.read", case["_id"], cases=[c["id"] for c in found])
        return found
