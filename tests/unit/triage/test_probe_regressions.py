"""The probe's cases against the console API (issue 15): hostile JSON on the login and on a note is
a clear 400, never a 500, and stores nothing; a 422 never repeats what the client sent."""

from typing import Any

import pytest

from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import text_event

HOSTILE = [
    b'{"username": "aoki", "password": "\\ud800"}',  # a lone surrogate in the password
    b'{"username": "\\udfff", "password": "x"}',
    b"[" * 600 + b"]" * 600,  # deeper than the parser's recursion
    b'{"username": "aoki", "password": ' + b"[" * 100 + b"]" * 100 + b"}",
    b'{"username": "aoki", "password": "x", "n": ' + b"9" * 5000 + b"}",  # an integer over 4,300 digits
]


@pytest.mark.parametrize(
    "raw", HOSTILE, ids=["surrogate-password", "surrogate-user", "deep", "deepish", "bigint"]
)
async def test_hostile_login_bodies_are_400(api: Any, raw: bytes, db: Any) -> None:
    response = await api.post("/api/auth/login", data=raw, headers={"Content-Type": "application/json"})
    assert response.status == 400 and (await response.json())["error"]["code"] in (
        "invalid_json",
        "invalid_body",
    )
    assert await db["console_sessions"].count_documents({}) == 0


async def test_hostile_notes_are_400_and_store_nothing(
    api: Any, duty: Any, duty_handle: Any, db: Any
) -> None:
    await duty_handle(text_event("こんにちは", at=duty.clock()))
    case = await db["cases"].find_one({})
    who = await login(api, "sato")
    for raw in (b'{"text": "\\ud800"}', b'{"text": ' + b"[" * 50 + b"]" * 50 + b"}"):
        response = await who.client.post(
            f"/api/cases/{case['_id']}/notes",
            data=raw,
            headers={"Cookie": who.cookie, "X-CSRF-Token": who.token, "Content-Type": "application/json"},
        )
        assert response.status == 400
    assert await db["notes"].count_documents({}) == 0


async def test_a_422_names_no_key_the_client_invented(api: Any, duty: Any, duty_handle: Any, db: Any) -> None:
    await duty_handle(text_event("こんにちは", at=duty.clock()))
    case = await db["cases"].find_one({})
    who = await login(api, "sato")
    response = await who.send("POST", f"/api/cases/{case['_id']}/notes", {"text": "x", "夫の名前は山田": 1})
    assert response.status == 422 and "山田" not in await response.text()
