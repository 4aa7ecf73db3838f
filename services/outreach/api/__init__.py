"""Outreach's JSON API under `/api/outreach/` (docs/outreach.md, "API"): behind the one login — the
proxy's signed staff assertion, checked for every request (shared/web/staff.py), then each route's
roles (`roles.py`). Route groups: requests (the coordinator's queue), visits (calendar, clash check,
scheduling), the day (workers' today, check-in/out, results), and the roster, places, alerts and
figures."""
