"""Triage's HTTP layer: the console's JSON API. It translates requests into workflow calls and the
domain's answers (principals, refusals) into HTTP; it never holds a database handle.

- `auth`: login, logout, me, and `setup_auth(app, ...)` that mounts the security layer;
- `middlewares`: authentication, CSRF, refusals as JSON errors, role checks;
- `sessions`, `csrf`, `ratelimit`: the session cookie, the synchronizer token, login failure limits;
- `session_check`: `GET /api/auth/check`, the proxy's question for the other services (one login);
- `access`: per-case access, the audit entry, and `perform` (the shape of an action on a case);
- `queue_routes`, `case_routes`, `action_routes`: the endpoints, each class built with what it uses;
- `bodies`: request bodies; `openapi`: the document at `/api/openapi.json`;
- `mount`: putting all of it on the app (called once, by bootstrap).
"""
