"""End to end, in one process against the real RabbitMQ: what a consulter, a counselor and a partner
agency would each notice."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.e2e.conftest import Console, System, thursday_at
from tests.support.waiting import until

pytestmark = pytest.mark.e2e


async def sim(system: System, method: str, path: str, json: Any = None) -> Any:
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, f"{system.simulator}{path}", json=json) as response,
    ):
        assert response.status < 300, await response.text()
        return await response.json()


async def consulter(system: System, index: int = 0) -> str:
    listing = await sim(system, "GET", "/_sim/consulters")
    consulters = listing["consulters"] if isinstance(listing, dict) else listing
    return str(consulters[index]["user_id"])


async def write(system: System, user_id: str, text: str) -> str:
    sent = await sim(system, "POST", f"/_sim/consulters/{user_id}/messages", {"text": text})
    assert sent["status"] == 200, sent  # ingress accepted the signed webhook
    return str(sent["webhookEventId"])


async def inbox_until(system: System, user_id: str, predicate, timeout: float = 15.0) -> list[dict]:  # type: ignore[no-untyped-def]
    items: list[dict] = []  # type: ignore[type-arg]

    async def arrived() -> bool:
        nonlocal items
        items = (await sim(system, "GET", f"/_sim/consulters/{user_id}/inbox"))["messages"]
        return bool(predicate(items))

    await until(arrived, timeout, interval=0.05)
    return items


def texts(items: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [m.get("text", "") for item in items for m in item.get("messages", [])]


async def test_consulter_writes_counselor_answers_reply_arrives(
    system: System, console: Console, sink_factory
) -> None:
    sink = await sink_factory("case.#")
    user_id = await consulter(system)

    await write(system, user_id, "こんばんは。夫のことで相談したいです")

    assigned = (await sink.wait_count("case.assigned", 1, timeout=20))[0]
    assert {e.type for e in sink.received} >= {"case.opened", "case.risk.assessed", "case.assigned"}
    counselor_id = assigned.data["counselor_id"]
    # The in-hours acknowledgement reached her phone, on the free reply API.
    acknowledged = await inbox_until(system, user_id, lambda items: len(items) >= 1)
    assert acknowledged[0]["kind"] == "reply"

    staff = {"c-aoki": "aoki", "c-brown": "brown", "c-chen": "chen", "s-sato": "sato"}
    await console.login(staff.get(counselor_id, counselor_id))
    status, mine = await console.call("GET", "/api/cases/mine")
    assert status == 200
    cases = mine["cases"] if isinstance(mine, dict) else mine
    case_id = assigned.data["case_id"]
    assert case_id in [c["case_id"] if "case_id" in c else c["id"] for c in cases]
    status, case = await console.call("GET", f"/api/cases/{case_id}")
    assert status == 200
    assert "夫のことで相談したいです" in str(case)

    status, _ = await console.call(
        "POST", f"/api/cases/{case_id}/reply", {"text": "お話を聞かせてください。"}
    )
    assert status in (200, 201, 202)
    arrived = await inbox_until(system, user_id, lambda items: "お話を聞かせてください。" in texts(items))
    assert "お話を聞かせてください。" in texts(arrived)


async def test_out_of_hours_message_gets_hours_and_contacts(system: System, sink_factory) -> None:
    system.clock.now = thursday_at(23)
    sink = await sink_factory("outbound.line.requested")
    user_id = await consulter(system, 1)

    await write(system, user_id, "今日は相談できますか")

    arrived = await inbox_until(system, user_id, lambda items: len(items) >= 1)
    reply = "\n".join(texts(arrived))
    for number in ("110", "0120-279-889", "0120-279-338", "#8008"):
        assert number in reply
    assert arrived[0]["kind"] == "reply"  # the reply token was fresh: no push quota used
    requested = await sink.wait_count("outbound.line.requested", 1)
    assert requested[0].data["purpose"] == "out_of_hours"


async def test_emergency_out_of_hours_reaches_partner_verified(system: System, sink_factory) -> None:
    system.clock.now = thursday_at(23)
    sink = await sink_factory("case.escalated", "partner.alert.#")
    user_id = await consulter(system, 2)

    await write(system, user_id, "今夜帰ってきたら殺される")

    received = await system.partner.wait_count(1, timeout=20)
    assert system.partner.refused == 0  # every delivery verified with standardwebhooks
    body = received[0].body
    assert body["type"] == "partner.alert"
    assert body["data"]["urgency"] == "emergency"
    assert set(body["data"]) <= {
        "alert_id",
        "case_ref",
        "category",
        "urgency",
        "action",
        "contact",
        "details",
    }
    assert "殺される" not in received[0].raw.decode() and user_id not in received[0].raw.decode()
    escalated = await sink.wait_count("case.escalated", 1)
    assert escalated[0].data["reason"] == "emergency_out_of_hours"


async def test_an_english_writer_is_answered_in_english_and_an_emergency_first_told_to_call_now(
    system: System, sink_factory: Any
) -> None:
    """Issue 17 on the simulator: out of hours, a consulter writing in English gets the out-of-hours
    reply in English; one whose message is an emergency gets the urgent variant (call 110 first)."""
    system.clock.now = thursday_at(23)
    sink = await sink_factory("outbound.line.requested")
    english, in_danger = await consulter(system, 3), await consulter(system, 4)

    await write(system, english, "Hello, I would like to talk to someone about my marriage")
    arrived = await inbox_until(system, english, lambda items: len(items) >= 1)
    reply = "\n".join(texts(arrived))
    assert "outside our hours" in reply and "受付時間外" not in reply and "110" in reply

    await write(system, in_danger, "今夜帰ってきたら殺される。包丁を持ってる")
    urgent = "\n".join(texts(await inbox_until(system, in_danger, lambda items: len(items) >= 1)))
    assert urgent.index("110") < urgent.index("0120")  # first: call now, then the 24-hour lines
    purposes = sorted(e.data["purpose"] for e in await sink.wait_count("outbound.line.requested", 2))
    assert purposes == ["out_of_hours", "urgent_out_of_hours"]
    assert all(e.data["silent"] for e in sink.of_type("outbound.line.requested"))
