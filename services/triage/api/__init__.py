"""The console's HTTP layer: security first, then (later) the case endpoints.

- `security`: staff users, argon2id password hashing, the `UserDirectory` port.
- `sessions`: server-side sessions behind `SessionStore`, the `__Host-` cookie, timeouts.
- `csrf`: the per-session synchronizer token.
- `ratelimit`: login failures per account and per client address.
- `audit`: the `AuditLog` port (every read and write of a case).
- `errors`: JSON error bodies `{"error": {"code", "message"}}`.
- `middlewares`: security headers, JSON errors, authentication, CSRF, role checks.
- `auth`: login, logout, me, and `setup_auth(app, ...)` that mounts all of the above.
- `openapi`: describe handlers and serve an OpenAPI document.
"""
