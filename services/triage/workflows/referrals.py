"""Proposing outreach and referring to a partner (DESIGN §4 "Outreach", "Partners").

- **Outreach**: only with her consent recorded (the API refuses `consent: false`); the request
  carries a coarse area at most, never an address. `outreach.requested`.
- **Referral**: `partner.alert.requested` to a partner kind, with the minimum: case reference,
  category, urgency, action and the counselor as contact. `details` go only when the counselor
  explicitly included them (`include_personal_details: true`), never message text or her LINE id.
Both are tracked (`outreach_requests`, `alerts`) so their outcome shows on the case.
"""

from __future__ import annotations

import uuid
from typing import Any

from services.triage.api.bodies import OutreachIn, ReferralIn
from services.triage.api.security import Principal
from services.triage.context import TriageContext
from services.triage.workflows.commit import Committed, commit, conflict
from services.triage.workflows.events import system_envelope
from shared.events import AlertContact, RequestOutreach, RequestPartnerAlert, derived_event_id


async def request_outreach(ctx: TriageContext, who: Principal, case: dict[str, Any], body: OutreachIn) -> str:
    now, request_id = ctx.clock(), str(uuid.uuid4())
    data = RequestOutreach(
        request_id=request_id,
        case_id=case["_id"],
        consulter_id=case["consulter_id"],
        consent_recorded_at=now,
        requested_by=who.id,
        urgency=body.urgency,
        accompaniment=body.accompaniment,
        area=body.area,
    )
    await ctx.tracking.requested("outreach", request_id, now, case_id=case["_id"], urgency=body.urgency)
    await _commit(ctx, case, data, request_id)
    return request_id


async def refer(ctx: TriageContext, who: Principal, case: dict[str, Any], body: ReferralIn) -> str:
    now, alert_id = ctx.clock(), str(uuid.uuid4())
    contact = AlertContact(name=who.display_name, role=who.role, phone=ctx.settings.service_contact_phone)
    data = RequestPartnerAlert(
        alert_id=alert_id,
        partner_kind=body.partner_kind,
        category=body.category,
        urgency=body.urgency,
        action=body.action,
        case_ref=case["_id"],
        contact=contact,
        details=dict(body.details) if body.include_personal_details and body.details else None,
    )
    await ctx.tracking.requested(
        "alert",
        alert_id,
        now,
        case_id=case["_id"],
        category=body.category,
        urgency=body.urgency,
        partner_kind=body.partner_kind.value,
        source="referral",
        by=who.id,
        personal_details=data.details is not None,
    )
    await _commit(ctx, case, data, alert_id)
    return alert_id


async def _commit(
    ctx: TriageContext, case: dict[str, Any], data: RequestOutreach | RequestPartnerAlert, request_id: str
) -> Committed:
    envelope = system_envelope(
        data, event_id=derived_event_id(request_id, data.TYPE), correlation_id=case["_id"]
    )
    done = await commit(ctx, case["_id"], {"open": True}, {}, [envelope])
    if done is None:
        raise conflict("The case was closed meanwhile; nothing was sent.")
    return done
