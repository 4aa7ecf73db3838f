"""The states of an outreach request and of a visit, and what moves them (docs/outreach.md, "States").

Request: `requested` (consent recorded, waiting for a visit) → `scheduled` (a visit is planned) →
`completed` | `no_show` (the visit's result) — or `cancelled` at any point before that (her
withdrawal, the case closing, a coordinator). A visit cancelled on its own (she cancelled that
appointment, staff fell ill) sends the request back to `requested`; her "another time" makes it
`reschedule_requested` until the coordinator reschedules.

Visit: `scheduled` → `confirmed` (her quick reply) → `in_progress` (a worker checked in) →
`completed` | `no_show` (the result); `reschedule_requested` (her quick reply) → `scheduled` again
with the next revision; `cancelled` from any state before a result. A result needs a check-in
(a visit not yet started has no result); a check-out needs a check-in.
"""

from __future__ import annotations

from typing import Literal

RequestStatus = Literal["requested", "reschedule_requested", "scheduled", "completed", "no_show", "cancelled"]
VisitStatus = Literal["scheduled", "confirmed", "reschedule_requested", "in_progress", "completed", "no_show", "cancelled"]

REQUEST_OPEN: tuple[RequestStatus, ...] = ("requested", "reschedule_requested", "scheduled")
REQUEST_SCHEDULABLE: tuple[RequestStatus, ...] = ("requested", "reschedule_requested")
VISIT_ACTIVE: tuple[VisitStatus, ...] = ("scheduled", "confirmed", "reschedule_requested", "in_progress")
VISIT_RESCHEDULABLE: tuple[VisitStatus, ...] = ("scheduled", "confirmed", "reschedule_requested")
VISIT_DONE: tuple[VisitStatus, ...] = ("completed", "no_show", "cancelled")

Result = Literal["completed", "no_show", "cancelled"]
CancelledBy = Literal["consulter", "coordinator", "counselor", "system"]
CANCEL_REASONS = (
    "consent_withdrawn",
    "case_closed",
    "consulter_cancelled",
    "coordinator",
    "staff_unavailable",
    "safety",
    "other",
)
DESTINATIONS = (
    "welfare_office",
    "police",
    "child_family_support_center",
    "womens_council",
    "hospital",
    "ward_office",
    "court",
    "legal_aid",
    "housing",
    "other",
)
NEXT_STEPS = ("referral", "follow_up_visit", "counselor_follow_up", "none")
