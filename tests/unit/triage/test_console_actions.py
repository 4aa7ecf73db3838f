"""Console actions that leave triage: close, outreach, referral, take, (re)assign; failures and
the OpenAPI document (fake publisher, substitute DB)."""

from typing import Any

import pytest

from services.triage.bootstrap import Triage
from shared.events import LineMessageFailed, envelope_for, read_data
from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import USER, FakePublisher, text_event

WORDS = "夫に殴られて、家にいるのが怖い"
CONSENT = {
    "help": ["accompany"],
    "accompany_to": "welfare_office",
    "contact": {"line_only": True, "never_call": True, "windows": [{"days": ["thu"], "start": "18:00", "end": "21:00"}]},
    "given_via": "line_chat",
    "withdrawal_explained": True,
}


@pytest.fixture
async def case_id(duty_handle: Any, duty: Triage, db: Any) -> str:
    await duty_handle(text_event(WORDS, at=duty.clock()))
    case = await db["cases"].find_one({})
    assert case["counselor_id"] == "c-aoki"
    return str(case["_id"])


async def test_close_frees_the_seat_and_counts_a_consultation(
    api: Any, case_id: str, duty: Triage, publisher: FakePublisher
) -> None:
    aoki = await login(api, "aoki")
    assert (await aoki.send("POST", f"/api/cases/{case_id}/close", {"outcome": "finished"})).status == 422
    await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"})
    response = await aoki.send("POST", f"/api/cases/{case_id}/close", {"outcome": "referred"})
    assert response.status == 200
    [closed] = publisher.of_type("case.closed")
    assert (closed.data["outcome"], closed.data["consultation"], closed.data["closed_by"]) == (
        "referred",
        True,
        "c-aoki",
    )
    staff = await duty.stores.seats.get("c-aoki")
    assert staff is not None and staff["active_count"] == 0
    again = await aoki.send("POST", f"/api/cases/{case_id}/close", {"outcome": "referred"})
    assert again.status == 409 and (await again.json())["error"]["code"] == "case_closed"
    sato = await login(api, "sato")
    assert (await sato.send("POST", f"/api/cases/{case_id}/close", {"outcome": "resolved"})).status == 409


async def test_outreach_needs_consent(
    api: Any, case_id: str, publisher: FakePublisher, duty: Triage, db: Any
) -> None:
    aoki = await login(api, "aoki")
    refused = await aoki.send("POST", f"/api/cases/{case_id}/outreach", {"consent": False, "urgency": "high"})
    assert refused.status == 422 and (await refused.json())["error"]["code"] == "consent_required"
    assert publisher.of_type("outreach.requested") == []
    assert await db["outreach_requests"].count_documents({}) == 0
    body = {"consent": True, "urgency": "high", "accompaniment": "welfare_office", "area": "north ward"}
    refused = await aoki.send("POST", f"/api/cases/{case_id}/outreach", body)
    assert refused.status == 422 and (await refused.json())["error"]["code"] == "consent_record_required"
    ok = await aoki.send("POST", f"/api/cases/{case_id}/outreach", {**body, "consent_record": CONSENT})
    assert ok.status == 201
    [requested] = publisher.of_type("outreach.requested")
    assert requested.data["requested_by"] == "c-aoki" and requested.data["area"] == "north ward"
    assert requested.data["consent"]["contact"] == CONSENT["contact"] and requested.version == 2


async def test_referral_carries_the_minimum(api: Any, case_id: str, publisher: FakePublisher) -> None:
    aoki = await login(api, "aoki")
    base = {
        "partner_kind": "welfare_office",
        "category": "livelihood",
        "urgency": "normal",
        "action": "call_back",
    }
    sneaky = await aoki.send(
        "POST", f"/api/cases/{case_id}/referrals", {**base, "details": {"name": "山田花子"}}
    )
    assert sneaky.status == 422 and publisher.of_type("partner.alert.requested") == []
    assert (
        await aoki.send("POST", f"/api/cases/{case_id}/referrals", {**base, "partner_kind": "bank"})
    ).status == 422
    response = await aoki.send("POST", f"/api/cases/{case_id}/referrals", base)
    assert response.status == 201
    [alert] = publisher.of_type("partner.alert.requested")
    raw = alert.model_dump_json()
    assert WORDS not in raw and USER not in raw and alert.data["details"] is None
    assert alert.data["contact"]["role"] == "counselor" and alert.data["case_ref"] == case_id
    with_details = await aoki.send(
        "POST",
        f"/api/cases/{case_id}/referrals",
        {**base, "details": {"name": "山田花子"}, "include_personal_details": True},
    )
    assert with_details.status == 201
    assert publisher.of_type("partner.alert.requested")[-1].data["details"] == {"name": "山田花子"}


async def test_take_and_reassign_respect_capacity(
    api: Any, duty_handle: Any, duty: Triage, publisher: FakePublisher, db: Any
) -> None:
    await db["staff"].update_many({}, {"$set": {"shifts": []}})  # nothing assigned automatically
    await duty_handle(text_event("こんにちは", at=duty.clock()))
    case = await db["cases"].find_one({})
    brown, sato = await login(api, "brown"), await login(api, "sato")
    assert (await brown.send("POST", f"/api/cases/{case['_id']}/take", {})).status == 200
    assert publisher.of_type("case.assigned")[-1].data["reason"] == "manual"
    await duty_handle(text_event("もしもし", user="U" + "c" * 32, at=duty.clock()))
    other = await db["cases"].find_one({"status": "waiting"})
    full = await brown.send("POST", f"/api/cases/{other['_id']}/take", {})  # capacity 1
    assert full.status == 409
    moved = await sato.send("POST", f"/api/cases/{case['_id']}/assign", {"counselor_id": "c-aoki"})
    assert moved.status == 200 and (await moved.json())["counselor_id"] == "c-aoki"
    last = publisher.of_type("case.assigned")[-1]
    assert (last.data["reason"], last.data["previous_counselor_id"]) == ("reassigned", "c-brown")
    assert (await duty.stores.seats.get("c-brown") or {})["active_count"] == 0
    assert (
        await sato.send("POST", f"/api/cases/{case['_id']}/assign", {"counselor_id": "nobody"})
    ).status == 422
    assert (
        await brown.send("POST", f"/api/cases/{case['_id']}/assign", {"counselor_id": "c-brown"})
    ).status == 403


async def test_failed_reply_is_listed_for_supervisors(api: Any, case_id: str, duty: Triage) -> None:
    aoki = await login(api, "aoki")
    sent = await (await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"})).json()
    failed = LineMessageFailed(
        request_id=sent["request_id"],
        consulter_id="c_x",
        case_id=case_id,
        reason="retries_exhausted",
        attempts=5,
    )
    envelope = envelope_for(failed, producer="notifier", correlation_id=case_id)
    await duty.feedback(envelope, read_data(envelope))
    sato = await login(api, "sato")
    [failure] = (await (await sato.get("/api/alerts/failures")).json())["failures"]
    assert (failure["id"], failure["status"], failure["reason"]) == (
        sent["request_id"],
        "failed",
        "retries_exhausted",
    )
    body = await (await aoki.get(f"/api/cases/{case_id}")).json()
    assert any(d["status"] == "failed" for d in body["deliveries"])
    assert (await aoki.get("/api/alerts/failures")).status == 403


async def test_openapi_lists_every_route(api: Any) -> None:
    document = await (await api.get("/api/openapi.json")).json()
    routes = {(path, method) for path, ops in document["paths"].items() for method in ops}
    expected = {
        ("/api/queue", "get"),
        ("/api/cases/mine", "get"),
        ("/api/cases", "get"),
        ("/api/alerts/failures", "get"),
        ("/api/cases/{case_id}", "get"),
        ("/api/cases/{case_id}/audit", "get"),
        ("/api/cases/{case_id}/risk", "put"),
        ("/api/cases/{case_id}/notes", "post"),
        ("/api/cases/{case_id}/intake", "put"),
        ("/api/cases/{case_id}/language", "put"),
        ("/api/cases/{case_id}/reply", "post"),
        ("/api/cases/{case_id}/close", "post"),
        ("/api/cases/{case_id}/outreach", "post"),
        ("/api/cases/{case_id}/outreach/proposals", "post"),
        ("/api/cases/{case_id}/outreach/{request_id}/withdraw", "post"),
        ("/api/me/outreach", "get"),
        ("/api/cases/{case_id}/referrals", "post"),
        ("/api/cases/{case_id}/take", "post"),
        ("/api/cases/{case_id}/assign", "post"),
        ("/api/retention/runs", "get"),
        ("/api/risk/corrections", "get"),
        ("/api/intake/options", "get"),
        ("/api/auth/login", "post"),
        ("/api/auth/logout", "post"),
        ("/api/auth/me", "get"),
        ("/api/events", "get"),
        ("/api/staff", "get"),
        ("/api/me/preferences", "get"),
        ("/api/me/preferences", "put"),
        ("/api/templates", "get"),
        ("/api/templates", "post"),
        ("/api/templates/{template_id}", "put"),
        ("/api/templates/{template_id}", "delete"),
        ("/api/cases/closed", "get"),
        ("/api/cases/{case_id}/messages/{message_id}/resend", "post"),
        ("/api/cases/{case_id}/channel", "put"),
        ("/api/cases/{case_id}/abusive", "put"),
    }
    assert routes == expected
