"""Referring to a partner (DESIGN §4 "Partners"; outreach: workflows/outreach.py).

**Referral**: `partner.alert.requested` to a partner kind, with the minimum: case reference,
category, urgency, action and the counselor as contact. `details` go only when the counselor
explicitly included them (`include_personal_details: true`), never message text or her LINE id.
It is tracked (`alerts`) so its outcome shows on the case.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from services.triage.adapters.tracking import Tracking
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import case_changed
from services.triage.domain.staff import Principal
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.events import system_envelope
from shared.events import (
    AlertContact,
    CaseReferred,
    PartnerKind,
    RequestPartnerAlert,
    Urgency,
    derived_event_id,
)


class Referrals:
    def __init__(
        self, *, committer: CaseCommitter, tracking: Tracking, clock: Clock, contact_phone: str | None
    ) -> None:
        """`contact_phone`: the service's call-back number, given with the counselor's name."""
        self._committer = committer
        self._tracking = tracking
        self._clock = clock
        self._contact_phone = contact_phone

    async def refer(
        self,
        who: Principal,
        case: dict[str, Any],
        *,
        partner_kind: PartnerKind,
        category: str,
        urgency: Urgency,
        action: str,
        details: Mapping[str, str] | None,
    ) -> str:
        """`details` only when the counselor explicitly included them (the API enforces it)."""
        now, alert_id = self._clock(), str(uuid.uuid4())
        contact = AlertContact(name=who.display_name, role=who.role, phone=self._contact_phone)
        data = RequestPartnerAlert(
            alert_id=alert_id,
            partner_kind=partner_kind,
            category=category,
            urgency=urgency,
            action=action,
            case_ref=case["_id"],
            contact=contact,
            details=dict(details) if details else None,
        )
        await self._tracking.requested(
            "alert",
            alert_id,
            now,
            case_id=case["_id"],
            category=category,
            urgency=urgency,
            partner_kind=partner_kind.value,
            source="referral",
            by=who.id,
            personal_details=data.details is not None,
        )
        referred = CaseReferred(
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            alert_id=alert_id,
            partner_kind=partner_kind,
            category=category,
            urgency=urgency,
            at=now,
        )
        await self._commit(case, data, alert_id, also=referred)
        return alert_id

    async def _commit(
        self,
        case: dict[str, Any],
        data: RequestPartnerAlert,
        request_id: str,
        also: CaseReferred | None = None,
    ) -> None:
        envelopes = [
            system_envelope(x, event_id=derived_event_id(request_id, x.TYPE), correlation_id=case["_id"])
            for x in (data, *((also,) if also else ()))
        ]
        if await self._committer.commit(case["_id"], {"open": True}, {}, envelopes) is None:
            raise case_changed("The case was closed meanwhile; nothing was sent.")
