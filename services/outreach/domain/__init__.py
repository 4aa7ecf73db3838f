"""Outreach's pure rules and types: no I/O, no clock, no logging (docs/outreach.md).

- `places` the catalogue of safe places; `roster` the outreach staff and their working days;
- `consent` what her consent allows; `plan` a visit's plan and every way it can be refused;
- `slots` the per-staff time slots a visit reserves (what makes double-booking impossible);
- `states` the request's and the visit's states and who may move them; `queue` the coordinator's order;
- `reminders` when her reminders are due; `overdue` when a missing check-out alerts the coordinator;
- `figures` the fiscal year's visits against the target, by month and result, and the funnel;
- `refusals` the expected refusals the API turns into 4xx; `ports` the clock and the publisher.
"""
