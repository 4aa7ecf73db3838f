"""The signed staff assertion of the one login: only the key's holder can make one, and one is good
for one request (method and path) for a short time."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.staff_auth import ASSERTION_TTL, InvalidAssertion, StaffClaims, sign_assertion, verify_assertion

KEY = "k" * 32
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
STAFF = StaffClaims("o-ono", "ono", "outreach_coordinator", "小野")


def token(**kw: object) -> str:
    args: dict[str, object] = {"method": "POST", "path": "/api/outreach/visits", "now": NOW, **kw}
    return sign_assertion(KEY, STAFF, **args)  # type: ignore[arg-type]


def test_a_fresh_assertion_names_the_staff_member() -> None:
    assert verify_assertion(KEY, token(), method="post", path="/api/outreach/visits", now=NOW) == STAFF


@pytest.mark.parametrize(
    ("key", "method", "path", "at"),
    [
        ("x" * 32, "POST", "/api/outreach/visits", NOW),  # signed with another key: forged
        (KEY, "GET", "/api/outreach/visits", NOW),  # another method
        (KEY, "POST", "/api/partners", NOW),  # another path
        (KEY, "POST", "/api/outreach/visits", NOW + ASSERTION_TTL),  # expired
    ],
)
def test_anything_else_is_refused(key: str, method: str, path: str, at: datetime) -> None:
    with pytest.raises(InvalidAssertion):
        verify_assertion(key, token(), method=method, path=path, now=at)


@pytest.mark.parametrize("bad", [None, "", "not-a-jwt", "a.b.c"])
def test_no_assertion_or_garbage_is_refused(bad: str | None) -> None:
    with pytest.raises(InvalidAssertion):
        verify_assertion(KEY, bad, method="GET", path="/api/partners", now=NOW)


def test_an_unsigned_token_is_refused() -> None:
    import jwt

    claims = {"sub": "x", "role": "admin", "htm": "GET", "htu": "/api/partners", "aud": "tsunagari-console"}
    unsigned = jwt.encode(
        {**claims, "iat": 0, "exp": int((NOW + timedelta(hours=1)).timestamp())}, None, algorithm="none"
    )
    with pytest.raises(InvalidAssertion):
        verify_assertion(KEY, unsigned, method="GET", path="/api/partners", now=NOW)
