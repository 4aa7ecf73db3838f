"""The partner registry behind the console's one login, through the one-origin proxy: an admin's
session reaches notifier's API (CSRF checked as for triage's own), a counselor's does not, a
supervisor reads the final failures; nothing else opens it."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime

import aiohttp
import pytest

from tests.e2e.conftest import Console, System

pytestmark = pytest.mark.e2e


async def test_an_admins_session_manages_partners_and_nobody_elses_does(system: System) -> None:
    # Triage signs the assertions with the system's test clock; notifier checks them on the wall clock.
    system.clock.now = datetime.now(UTC)
    async with aiohttp.ClientSession() as session:
        anonymous = Console(system.url, session)
        status, body = await anonymous.call("GET", "/api/partners")
        assert status == 401 and body["error"]["code"] == "unauthenticated"

        admin = Console(system.url, session)
        await admin.login("admin")
        status, listed = await admin.call("GET", "/api/partners")
        assert status == 200 and "police" in {p["id"] for p in listed["partners"]}
        partner = {
            "id": "npo-e2e",
            "name": "NPO",
            "kind": "npo",
            "url": "https://npo.example/hook",
            "secret": "whsec_" + base64.b64encode(os.urandom(32)).decode(),
            "alerts": ["poverty"],
        }
        csrf, admin.csrf = admin.csrf, ""  # a change without the session's CSRF token
        status, body = await admin.call("POST", "/api/partners", partner)
        assert status == 403 and body["error"]["code"] == "csrf_token_missing"
        admin.csrf = csrf
        status, created = await admin.call("POST", "/api/partners", partner)
        assert status == 201 and "secret" not in created

        counselor = Console(system.url, session)
        await counselor.login("aoki")
        status, body = await counselor.call("GET", "/api/partners")
        assert status == 403 and body["error"]["code"] == "forbidden_role"

        supervisor = Console(system.url, session)
        await supervisor.login("sato")
        assert (await supervisor.call("GET", "/api/partners/failures"))[0] == 200
        assert (await supervisor.call("GET", "/api/partners"))[0] == 403
