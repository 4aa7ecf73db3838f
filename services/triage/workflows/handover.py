"""Putting a case in someone's hands by hand: a counselor takes a waiting case, or a supervisor
(re)assigns one. Both respect capacity (a seat is reserved first) and are atomic: if the case moved
or the seat was gone, nothing changes and the API answers 409."""

from __future__ import annotations

import uuid
from typing import Any

from services.triage.api.security import Principal
from services.triage.context import TriageContext
from services.triage.workflows.assign import Assigner
from services.triage.workflows.commit import ActionRefused
from services.triage.workflows.events import system_envelope
from shared.events import CaseAssigned, derived_event_id


def _full() -> ActionRefused:
    return ActionRefused(
        409, "not_available", "The case is no longer waiting or the counselor has no free seat."
    )


async def take(ctx: TriageContext, who: Principal, case: dict[str, Any]) -> dict[str, Any]:
    """A counselor (or supervisor) takes a waiting case herself."""
    return await _give_waiting(ctx, case, who.id)


async def assign(ctx: TriageContext, case: dict[str, Any], counselor_id: str) -> dict[str, Any]:
    """A supervisor gives the case to `counselor_id` (waiting or already assigned)."""
    target = await ctx.seats.get(counselor_id)
    if target is None or not target.get("active") or target.get("role") not in ("counselor", "supervisor"):
        raise ActionRefused(422, "unknown_counselor", "No active counselor or supervisor with that id.")
    if case["status"] == "waiting":
        return await _give_waiting(ctx, case, counselor_id)
    if case["status"] != "assigned":
        raise ActionRefused(409, "case_closed", "The case is closed.")
    if case["counselor_id"] == counselor_id:
        return case
    now = ctx.clock()
    data = CaseAssigned(
        case_id=case["_id"],
        consulter_id=case["consulter_id"],
        counselor_id=counselor_id,
        previous_counselor_id=case["counselor_id"],
        reason="reassigned",
        level=case["risk_level"],
    )
    envelope = system_envelope(
        data,
        event_id=derived_event_id(case["_id"], str(case["version"]), data.TYPE),
        correlation_id=case["_id"],
    )
    moved = await ctx.assignments.transfer(
        case["_id"],
        case["counselor_id"],
        counselor_id,
        now,
        outbox=ctx.outbox.push(case["_id"], [envelope], now),
    )
    if moved is None:
        raise _full()
    await ctx.outbox.deliver(ctx.publisher, case["_id"], [envelope])
    return moved


async def _give_waiting(ctx: TriageContext, case: dict[str, Any], counselor_id: str) -> dict[str, Any]:
    if case["status"] != "waiting":
        raise _full()
    waiting = await ctx.assignments.view(case)
    doc = await Assigner(ctx, ctx.publisher).give(
        waiting,
        counselor_id,
        ctx.clock(),
        reason="manual",
        event_id=derived_event_id(case["_id"], counselor_id, str(uuid.uuid4())),
        correlation_id=case["_id"],
    )
    if doc is None:
        raise _full()
    return doc
