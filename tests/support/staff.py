"""A staff assertion as the proxy would forward it (shared/staff_auth.py), for testing the APIs that
check it without going through triage's session check."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from shared.staff_auth import HEADER, StaffClaims, sign_assertion

STAFF_KEY = "test-staff-assertion-key-0123456789abcdef"
"""The key `service_env` (tests/conftest.py) gives every service."""


def staff_headers(
    method: str,
    url: str,
    *,
    role: str = "admin",
    staff_id: str = "a-admin",
    key: str = STAFF_KEY,
    now: datetime | None = None,
) -> dict[str, str]:
    """`{X-Tsunagari-Staff: ...}` for one request (`url` may be a full URL or a path)."""
    staff = StaffClaims(staff_id, staff_id.split("-")[-1], role, staff_id)
    path = urlsplit(url).path
    token = sign_assertion(key, staff, method=method, path=path, now=now or datetime.now(UTC))
    return {HEADER: token}
