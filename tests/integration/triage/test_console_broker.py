"""The console API on `create_app` against the real broker: login, CSRF, and each action's event
reaching RabbitMQ (reply, close, outreach, referral) without her words or LINE id where not due."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.triage.app import TRIAGE, create_app
from services.triage.config import Settings
from shared.crypto import generate_key_spec
from shared.messaging import EventPublisher, Topology
from tests.integration.triage.conftest import database_of
from tests.support.sealing import keyring_of, opened_request
from tests.unit.triage.support_api import login
from tests.unit.triage.support_duty import PASSWORD, PASSWORDS, Clock
from tests.unit.triage.support_triage import USER, line_envelope, text_event

pytestmark = pytest.mark.integration
WORDS = "夫に殴られて、家にいるのが怖い"


@pytest.fixture
async def client(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, amqp_connection: Any
) -> AsyncIterator[TestClient[Any, Any]]:
    monkeypatch.setenv("ENCRYPTION_KEYS", generate_key_spec("k1"))
    monkeypatch.setenv("MONGODB_DATABASE", f"triage_{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    app = create_app(Settings(), clock=Clock(), periodic=False, passwords=PASSWORDS)
    async with TestClient(TestServer(app), cookie_jar=aiohttp.DummyCookieJar()) as test_client:
        await asyncio.wait_for(app[TRIAGE].broker_ready.wait(), 15)
        yield test_client


async def test_console_actions_reach_the_broker(
    client: TestClient[Any, Any], amqp_connection: Any, topology: Topology, sink_factory: Any
) -> None:
    sink = await sink_factory("case.#", "outbound.#", "partner.#", "outreach.#")
    runtime = client.server.app[TRIAGE]
    clock = runtime.clock
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    await publisher.publish(line_envelope(text_event(WORDS, at=clock()), received_at=clock()))
    await publisher.close()
    [assigned] = await sink.wait_count("case.assigned", 1)
    case_id, counselor = assigned.data["case_id"], assigned.data["counselor_id"]
    username = (await database_of(runtime)["staff"].find_one({"_id": counselor}))["username"]
    me = await login(client, username)
    assert (
        await me.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"}, csrf=False)
    ).status == 403
    assert (await me.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"})).status == 201
    [reply] = [
        e
        for e in await sink.wait_count("outbound.line.requested", 2)
        if e.data["purpose"] == "counselor_reply"
    ]
    opened = opened_request(reply, keyring_of(runtime.settings.encryption_keys))
    assert opened.line_user_id == USER and reply.data["case_id"] == case_id
    consent = {"help": ["meet_and_talk"], "contact": {"line_only": True, "never_call": True}, "given_via": "line_chat", "withdrawal_explained": True}
    outreach = {"consent": True, "consent_record": consent, "urgency": "high", "area": "north"}
    assert (await me.send("POST", f"/api/cases/{case_id}/outreach", outreach)).status == 201
    referral = {"partner_kind": "police", "category": "dv_imminent", "urgency": "high", "action": "call_back"}
    assert (await me.send("POST", f"/api/cases/{case_id}/referrals", referral)).status == 201
    # Closing cancels the pending outreach request: refused until she says she means it.
    refused = await me.send("POST", f"/api/cases/{case_id}/close", {"outcome": "referred"})
    assert refused.status == 409 and (await refused.json())["error"]["code"] == "outreach_pending"
    close = {"outcome": "referred", "cancel_outreach": True}
    assert (await me.send("POST", f"/api/cases/{case_id}/close", close)).status == 200
    [requested] = await sink.wait_count("outreach.requested", 1)
    [alert] = await sink.wait_count("partner.alert.requested", 1)
    [closed] = await sink.wait_count("case.closed", 1)
    assert requested.data["case_id"] == case_id and closed.data["consultation"] is True
    assert WORDS not in alert.model_dump_json() and USER not in alert.model_dump_json()
    audit = {e["action"] for e in await runtime.stores.audit.for_case(case_id)}
    assert {"case.reply", "case.outreach.request", "case.referral", "case.close"} <= audit
