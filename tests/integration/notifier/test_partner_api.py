"""The registry API: admin token, clear 400s, secrets never returned; seeds loaded once, never duplicated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.integration.notifier.conftest import ADMIN_TOKEN, NotifierHarness, new_secret

pytestmark = pytest.mark.integration
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


async def call(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session:
        async with session.request(method, url, json=body, headers=AUTH if headers is None else headers) as r:
            return r.status, await r.json()


async def test_the_api_needs_the_admin_token(notifier: NotifierHarness) -> None:
    _, url = await notifier.start()
    assert (await call("GET", f"{url}/api/partners", headers={}))[0] == 401
    assert (await call("GET", f"{url}/api/partners", headers={"Authorization": "Bearer wrong"}))[0] == 401
    assert (await call("GET", f"{url}/healthz", headers={}))[0] == 200


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
