"""The registry API: one login (the staff assertion, role admin), clear 400s, secrets never
returned; seeds loaded once, never duplicated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.integration.notifier.conftest import NotifierHarness, new_secret
from tests.support.staff import staff_headers

pytestmark = pytest.mark.integration


async def call(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """`headers` None: an admin's assertion for exactly this request, as the proxy forwards it."""
    async with aiohttp.ClientSession() as session:
        sent = staff_headers(method, url) if headers is None else headers
        async with session.request(method, url, json=body, headers=sent) as r:
            return r.status, await r.json()


async def test_the_api_needs_an_admins_staff_assertion(notifier: NotifierHarness) -> None:
    _, url = await notifier.start()
    partners = f"{url}/api/partners"
    assert (await call("GET", partners, headers={}))[0] == 401
    # The interim bearer token is gone; a header a browser could set opens nothing.
    assert (await call("GET", partners, headers={"Authorization": "Bearer test-admin-token-0123456789"}))[0] == 401
    assert (await call("GET", partners, headers={"X-Tsunagari-Staff": "admin"}))[0] == 401
    # Signed with another key, for another route, or too old: refused.
    assert (await call("GET", partners, headers=staff_headers("GET", partners, key="k" * 40)))[0] == 401
    assert (await call("GET", partners, headers=staff_headers("GET", f"{url}/api/outreach/requests")))[0] == 401
    assert (await call("GET", partners, headers=staff_headers("POST", partners)))[0] == 401
    stale = datetime.now(UTC) - timedelta(minutes=5)
    assert (await call("GET", partners, headers=staff_headers("GET", partners, now=stale)))[0] == 401
    # Roles: a counselor nothing; a supervisor the final failures only; an admin all of it.
    status, body = await call("GET", partners, headers=staff_headers("GET", partners, role="counselor"))
    assert status == 403 and body["error"]["code"] == "forbidden_role"
    failures = f"{url}/api/partners/failures"
    assert (await call("GET", failures, headers=staff_headers("GET", failures, role="counselor")))[0] == 403
    assert (await call("GET", failures, headers=staff_headers("GET", failures, role="supervisor")))[0] == 200
    assert (await call("GET", partners, headers=staff_headers("GET", partners, role="supervisor")))[0] == 403
    assert (await call("GET", partners))[0] == 200
    assert (await call("GET", f"{url}/healthz", headers={}))[0] == 200


async def test_a_change_must_be_json_not_a_form(notifier: NotifierHarness) -> None:
    """CSRF was checked by triage when it issued the assertion; here a cross-site form cannot post."""
    _, url = await notifier.start()
    async with aiohttp.ClientSession() as session:
        headers = staff_headers("POST", "/api/partners")
        async with session.post(f"{url}/api/partners", data={"id": "p"}, headers=headers) as r:
            assert r.status == 415


async def test_create_update_deactivate_and_secrets_never_come_back(notifier: NotifierHarness) -> None:
    _, url = await notifier.start()
    secret = new_secret()
    body = {
        "id": "npo-1",
        "name": "NPO",
        "kind": "npo",
        "url": "https://npo.example/hook",
        "secret": secret,
        "alerts": ["poverty"],
    }
    status, created = await call("POST", f"{url}/api/partners", body)
    assert status == 201 and "secret" not in created and created["active"] is True
    assert (await call("POST", f"{url}/api/partners", body))[0] == 409
    status, updated = await call("PATCH", f"{url}/api/partners/npo-1", {"alerts": ["*"]})
    assert status == 200 and updated["alerts"] == ["*"]
    status, listed = await call("GET", f"{url}/api/partners")
    assert secret not in str(listed) and [p["id"] for p in listed["partners"]] == ["npo-1"]
    status, off = await call("DELETE", f"{url}/api/partners/npo-1")
    assert status == 200 and off["active"] is False
    assert (await call("GET", f"{url}/api/partners/nobody"))[0] == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "http://npo.example/hook"}, "url"),
        ({"url": "::::"}, "url"),
        ({"secret": ""}, "secret"),
        ({"secret": "whsec_%%%"}, "secret"),
        ({"kind": "army"}, "kind"),
        ({"alerts": "poverty"}, "alerts"),
        ({"id": "Bad Id"}, "id"),
    ],
)
async def test_invalid_partners_get_a_clear_400(
    notifier: NotifierHarness, change: dict[str, Any], field: str
) -> None:
    _, url = await notifier.start(allow_insecure_loopback=False)
    body = {
        "id": "p",
        "name": "P",
        "kind": "npo",
        "url": "https://p.example/",
        "secret": new_secret(),
        **change,
    }
    status, error = await call("POST", f"{url}/api/partners", body)
    assert status == 400 and error["error"] == "invalid_partner" and error["field"] == field
    assert error["message"]


async def test_seeds_are_inserted_once_and_api_changes_survive_a_restart(
    notifier: NotifierHarness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNER_SECRET_TEST", new_secret())
    (tmp_path / "partners.yaml").write_text(
        "- {id: police, name: 警察, kind: police, url: 'https://partner.invalid/p', secret: 'env:PARTNER_SECRET_TEST', alerts: ['*']}\n",
        encoding="utf-8",
    )
    app, url = await notifier.start()
    assert (await call("PATCH", f"{url}/api/partners/police", {"url": "https://police.example/new"}))[
        0
    ] == 200
    await notifier.stop(app)
    _, url = await notifier.start()
    _, listed = await call("GET", f"{url}/api/partners")
    assert [(p["id"], p["url"]) for p in listed["partners"]] == [("police", "https://police.example/new")]
