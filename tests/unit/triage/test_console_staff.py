"""Staff by name, who is free, each person's settings kept on the server, and reply templates that
supervisors keep and counselors use (substitute database, stepping clock)."""

from __future__ import annotations

from typing import Any

from services.triage.bootstrap import Triage
from tests.unit.triage.support_api import login


async def test_the_team_by_name_with_who_is_on_shift_and_free(api: Any, duty: Triage, db: Any) -> None:
    await db["staff"].update_one({"_id": "c-brown"}, {"$set": {"shifts": []}})
    aoki = await login(api, "aoki")
    staff = {p["id"]: p for p in (await (await aoki.get("/api/staff")).json())["staff"]}
    assert staff["c-aoki"]["display_name"] == "C-Aoki" and staff["c-aoki"]["free"] is True
    assert staff["c-brown"]["on_shift"] is False and staff["c-brown"]["free"] is False


async def test_settings_follow_her_not_the_browser(api: Any) -> None:
    aoki = await login(api, "aoki")
    assert (await (await aoki.get("/api/me/preferences")).json())["preferences"] == {}
    saved = await aoki.send("PUT", "/api/me/preferences", {"lang": "en", "sound": True})
    assert (await saved.json())["preferences"] == {"lang": "en", "sound": True}
    again = await login(api, "aoki")  # another computer, another session
    assert (await (await again.get("/api/me/preferences")).json())["preferences"]["lang"] == "en"
    assert (await aoki.send("PUT", "/api/me/preferences", {"lang": "fr"})).status == 422


async def test_supervisors_keep_templates_and_counselors_use_them(api: Any, db: Any) -> None:
    sato, aoki = await login(api, "sato"), await login(api, "aoki")
    body = {"title": "はじめのあいさつ", "text": "ご連絡ありがとうございます。"}
    assert (await aoki.send("POST", "/api/templates", body)).status == 403
    created = await sato.send("POST", "/api/templates", body)
    template_id = (await created.json())["id"]
    changed = {"title": "はじめのあいさつ", "text": "ご連絡ありがとうございます。担当の者です。"}
    assert (await sato.send("PUT", f"/api/templates/{template_id}", changed)).status == 200
    [listed] = (await (await aoki.get("/api/templates")).json())["templates"]
    assert listed["text"] == changed["text"] and listed["id"] == template_id
    assert (await sato.send("DELETE", f"/api/templates/{template_id}", {})).status == 200
    assert (await (await aoki.get("/api/templates")).json())["templates"] == []
    assert (await sato.send("DELETE", f"/api/templates/{template_id}", {})).status == 404
    entries = await db["audit_log"].find({"action": {"$regex": "^template"}}).to_list(None)
    assert [e["action"] for e in entries] == ["template.add", "template.change", "template.remove"]
