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

from services.triage.api.security import Principal
from services.triage.context import TriageContext
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.commit import Committed, commit, conflict
from services.triage.workflows.events import system_envelope
from shared.events import CaseClosed, CaseOutcome, CaseRiskAssessed, derived_event_id


async def set_risk(
    ctx: TriageContext, who: Principal, case: dict[str, Any], level: RiskLevel, reason: str | None
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
    done = await commit(ctx, case_id, {"open": True, "version": version}, update, [envelope])
    if done is None:
        raise conflict()
    if reason:
        await ctx.notes.add(case_id, who.id, reason, ctx.clock(), kind="risk_reason")
    return done


async def close(ctx: TriageContext, who: Principal, case: dict[str, Any], outcome: CaseOutcome) -> Committed:
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
            "closed_at": ctx.clock(),
            "outcome": outcome.value,
            "closed_by": who.id,
            "reply_token": None,
        },
        "$inc": {"version": 1},
    }
    done = await commit(ctx, case_id, {"open": True, "version": version}, update, [envelope])
    if done is None:
        raise conflict()
    if case["status"] == "assigned" and case.get("counselor_id"):
        await ctx.seats.release(case["counselor_id"])
    return done


async def set_intake(
    ctx: TriageContext, who: Principal, case: dict[str, Any], fields: dict[str, str]
) -> None:
    values = {f"intake.{k}": v for k, v in fields.items()}
    await ctx.db["consulters"].update_one(
        {"_id": case["consulter_id"]},
        {"$set": {**values, "intake.updated_at": ctx.clock(), "intake.updated_by": who.id}},
    )
