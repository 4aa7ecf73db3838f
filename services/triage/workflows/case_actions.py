"""A counselor's changes to a case: her risk level, closing it, notes and intake.

- **Risk**: the counselor's level wins over automatic assessments from then on (`risk_set_by:
  counselor`); it may lower the level as well as raise it. `case.risk.assessed` (by=counselor). Her
  optional reason is kept as a sealed note, never in the event or the audit log.
- **Close**: a coded outcome; the seat is given back; `case.closed` says whether it counts as a
  consultation (a counselor replied in it — `counselor_replied` survives reopening).
- **Intake**: age band and publicity channel, kept on the consulter for the reports.
"""

from __future__ import annotations

from typing import Any

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.notes import NoteRepository
from services.triage.adapters.seats import SeatLedger
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import case_changed
from services.triage.domain.staff import Principal
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.commit import CaseCommitter, Committed
from services.triage.workflows.events import system_envelope
from shared.events import CaseClosed, CaseOutcome, CaseRiskAssessed, derived_event_id


class CaseActions:
    def __init__(
        self,
        *,
        committer: CaseCommitter,
        notes: NoteRepository,
        seats: SeatLedger,
        consulters: ConsulterRepository,
        clock: Clock,
    ) -> None:
        self._committer = committer
        self._notes = notes
        self._seats = seats
        self._consulters = consulters
        self._clock = clock

    async def set_risk(
        self, who: Principal, case: dict[str, Any], level: RiskLevel, reason: str | None
    ) -> Committed:
        case_id, version = case["_id"], case["version"]
        data = CaseRiskAssessed(
            case_id=case_id,
            consulter_id=case["consulter_id"],
            level=level.value,
            assessed_level=level.value,
            previous_level=case["risk_level"],
            by="counselor",
            counselor_id=who.id,
        )
        envelope = system_envelope(
            data, event_id=derived_event_id(case_id, str(version), data.TYPE), correlation_id=case_id
        )
        update = {
            "$set": {
                "risk_level": level.value,
                "risk_rank": level.rank,
                "risk_set_by": "counselor",
                "risk_set_by_id": who.id,
            },
            "$inc": {"version": 1},
        }
        done = await self._committer.commit(case_id, {"open": True, "version": version}, update, [envelope])
        if done is None:
            raise case_changed()
        if reason:
            await self._notes.add(case_id, who.id, reason, self._clock(), kind="risk_reason")
        return done

    async def close(self, who: Principal, case: dict[str, Any], outcome: CaseOutcome) -> Committed:
        case_id, version = case["_id"], case["version"]
        data = CaseClosed(
            case_id=case_id,
            consulter_id=case["consulter_id"],
            outcome=outcome,
            closed_by=who.id,
            consultation=bool(case.get("counselor_replied")),
        )
        envelope = system_envelope(
            data, event_id=derived_event_id(case_id, str(version), data.TYPE), correlation_id=case_id
        )
        update = {
            "$set": {
                "status": "closed",
                "open": False,
                "closed_at": self._clock(),
                "outcome": outcome.value,
                "closed_by": who.id,
                "reply_token": None,
            },
            "$inc": {"version": 1},
        }
        done = await self._committer.commit(case_id, {"open": True, "version": version}, update, [envelope])
        if done is None:
            raise case_changed()
        if case["status"] == "assigned" and case.get("counselor_id"):
            await self._seats.release(case["counselor_id"])
        return done

    async def add_note(self, who: Principal, case: dict[str, Any], text: str) -> str:
        return await self._notes.add(case["_id"], who.id, text, self._clock())

    async def set_language(self, who: Principal, case: dict[str, Any], language: str | None) -> None:
        """A counselor's choice of language for her automatic replies (None: follow her messages)."""
        await self._consulters.set_language_override(case["consulter_id"], language, self._clock(), who.id)

    async def set_intake(self, who: Principal, case: dict[str, Any], fields: dict[str, str]) -> None:
        await self._consulters.set_intake(case["consulter_id"], fields, self._clock(), who.id)
