"""Who may do what in outreach's API (no hierarchy: every role allowed is listed).

| role | may |
| --- | --- |
| `outreach_coordinator` | everything: the queue, scheduling, rescheduling, cancelling, alerts, results |
| `outreach_worker` | the calendar and roster, her own visits today, check-in/out and their results |
| `supervisor` | read everything (queue, calendar, figures, alerts); change nothing |
| `counselor` | the places catalogue only (for the consent form in a case) |
| `admin` | the figures (the ward's reports) |
"""

from __future__ import annotations

from aiohttp import web

from services.outreach.workflows.scheduling import Actor
from shared.web.staff import require_role

COORDINATOR = "outreach_coordinator"
WORKER = "outreach_worker"
SUPERVISOR = "supervisor"
READERS = (COORDINATOR, WORKER, SUPERVISOR)
QUEUE_READERS = (COORDINATOR, SUPERVISOR)
FIELD_STAFF = (COORDINATOR, WORKER)
PLACE_READERS = (COORDINATOR, WORKER, SUPERVISOR, "counselor")
FIGURE_READERS = (COORDINATOR, SUPERVISOR, "admin")


def actor(request: web.Request, *roles: str) -> Actor:
    staff = require_role(request, *roles)
    return Actor(staff.id, staff.role)
