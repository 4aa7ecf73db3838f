"""A counselor's changes to a case: her risk level, closing it, notes and intake.

- **Risk**: the counselor's level wins over automatic assessments from then on (`risk_set_by:
  counselor`); it may lower the level as well as raise it. `case.risk.assessed` (by=counselor). Her
  optional reason is kept as a sealed note, never in the event or the audit log; the first time she
  sets the level of an automatically assessed case, the correction is recorded as counts material
  (levels, rule ids, her reason code: `risk_corrections`), never text.
- **Close**: a coded outcome; the seat is given back; `case.closed` says whether it counts as a
  consultation (a counselor replied in it — `counselor_replied` survives reopening). Outreach
  cancels a pending request when its case closes, so closing one that has a request still waiting
  or scheduled is refused (409 `outreach_pending`, with the request ids) unless the counselor says
  she means it (`cancel_outreach`). One question at most goes with the closure: the intake on
  LINE while hers is not complete and not asked yet (workflows/intake.py, once per consulter),
  otherwise the optional satisfaction question — never two pushes at once.
- **Intake**: age band and publicity channel, kept on the consulter and announced as
  `consulter.intake.recorded` (source counselor: it wins over her own answers) for the reports.
"""

from __future__ import annotations

import uuid
from typing import Any

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.messages import MessageRepository
from services.triage.adapters.notes import NoteRepository
from services.triage.adapters.risk_corrections import RiskCorrections
from services.triage.adapters.seats import SeatLedger
from services.triage.adapters.tracking import Tracking
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import Conflict, case_changed
from services.triage.domain.staff import Principal
from services.triage.risk.feedback import Correction
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.commit import CaseCommitter, Committed
from services.triage.workflows.events import system_envelope
from services.triage.workflows.intake import IntakeQuestions
from services.triage.workflows.satisfaction import Satisfaction
from shared.events import CaseClosed, CaseOutcome, CaseRiskAssessed, IntakeRecorded, derived_event_id


class CaseActions:
    def __init__(
        self,
        *,
        committer: CaseCommitter,
        notes: NoteRepository,
        seats: SeatLedger,
        consulters: ConsulterRepository,
        messages: MessageRepository,
        corrections: RiskCorrections,
        tracking: Tracking,
        satisfaction: Satisfaction,
        clock: Clock,
        intake: IntakeQuestions,
    ) -> None:
        self._intake = intake
        self._messages = messages
        self._corrections = corrections
        self._committer = committer
        self._notes = notes
        self._seats = seats
        self._consulters = consulters
        self._tracking = tracking
        self._satisfaction = satisfaction
        self._clock = clock

    async def set_risk(
        self,
        who: Principal,
        case: dict[str, Any],
        level: RiskLevel,
        reason: str | None,
        reason_code: str = "other",
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
        if case.get("risk_set_by") != "counselor":  # a correction of the automatic level
            await self._record_correction(who, case, level, reason_code)
        return done

    async def _record_correction(
        self, who: Principal, case: dict[str, Any], level: RiskLevel, reason_code: str
    ) -> None:
        latest = await self._messages.latest_assessment(case["_id"]) or {}
        correction = Correction(
            automatic=RiskLevel(case["risk_level"]),
            counselor=level,
            rule_ids=tuple(latest.get("rule_ids", ())),
            reason_code=reason_code,
            uncertain=bool(latest.get("uncertain")),
        )
        await self._corrections.record(correction, case_id=case["_id"], by=who.id, at=self._clock())

    async def close(
        self, who: Principal, case: dict[str, Any], outcome: CaseOutcome, *, cancel_outreach: bool = False
    ) -> tuple[Committed, dict[str, Any]]:
        """Close the case; also what went with it (`outreach_cancelled`, `satisfaction_asked`)."""
        case_id, version = case["_id"], case["version"]
        pending = [
            r["_id"] for r in await self._tracking.for_case("outreach", case_id)
            if r.get("status") in ("requested", "scheduled")
        ]  # fmt: skip
        if pending and not cancel_outreach:
            raise Conflict("outreach_pending", "Closing cancels pending outreach.", requests=pending)
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
        intake = await self._intake.pending(case, data.consultation)
        question = None if intake else await self._satisfaction.question(case)
        envelopes = [envelope, *([question.envelope] if question else [])]
        update = {
            "$set": {
                "status": "closed",
                "open": False,
                "closed_at": self._clock(),
                "outcome": outcome.value,
                "closed_by": who.id,
                "reply_token": None,
                "awaiting_reply_since": None,
            },
            "$inc": {"version": 1},
        }
        query = {"open": True, "version": version}
        done = await self._committer.commit(case_id, query, update, envelopes, deliver=False)
        if done is None:
            raise case_changed()
        if case["status"] == "assigned" and case.get("counselor_id"):
            await self._seats.release(case["counselor_id"])
        if question:
            await self._satisfaction.record_asked(case, question)
        published = await self._committer.deliver(case_id, envelopes)
        if intake:
            await self._intake.after_close(case, data.consultation)
        return Committed(done.case, published), {
            "outreach_cancelled": len(pending),
            "satisfaction_asked": question is not None,
        }

    async def add_note(self, who: Principal, case: dict[str, Any], text: str) -> str:
        return await self._notes.add(case["_id"], who.id, text, self._clock())

    async def set_language(self, who: Principal, case: dict[str, Any], language: str | None) -> None:
        """A counselor's choice of language for her automatic replies (None: follow her messages)."""
        await self._consulters.set_language_override(case["consulter_id"], language, self._clock(), who.id)

    async def set_intake(self, who: Principal, case: dict[str, Any], fields: dict[str, str]) -> None:
        now = self._clock()
        await self._consulters.set_intake(case["consulter_id"], fields, now, who.id)
        data = IntakeRecorded(
            consulter_id=case["consulter_id"], case_id=case["_id"], source="counselor", at=now, **fields
        )
        envelope = system_envelope(data, event_id=str(uuid.uuid4()), correlation_id=case["_id"])
        await self._committer.commit(case["_id"], {}, {}, [envelope])
