"""Partner alerts end to end: RabbitMQ in, signed webhooks out to a receiver that verifies each one."""

from __future__ import annotations

import time
from typing import Any

import aiohttp
import pytest

from services.notifier.domain.alert_payload import ALLOWED_DATA_KEYS
from shared.events import PartnerKind
from tests.integration.notifier.conftest import NotifierHarness, Receiver, add_partner, new_secret
from tests.support.staff import staff_headers

pytestmark = pytest.mark.integration


async def test_a_delivered_alert_is_signed_minimal_and_reported(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    _, url = await notifier.start()
    secret = new_secret()
    await add_partner(url, "police", receiver.endpoint("police", secret), secret, alerts=["dv_imminent"])
    alert = await publish(partner_kind=PartnerKind.POLICE)
    [delivered] = await sink.wait_count("partner.alert.delivered", 1)
    [got] = receiver.at("police")
    assert got.verified and got.webhook_id == alert.alert_id
    assert set(got.body["data"]) <= ALLOWED_DATA_KEYS and "details" not in got.body["data"]
    assert (delivered.data["partner_id"], delivered.data["attempts"]) == ("police", 1)


async def test_retries_keep_the_webhook_id_and_deliver_once_after_500s_and_timeouts(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    _, url = await notifier.start(alert_timeout_s=0.3)
    secret = new_secret()
    await add_partner(url, "police", receiver.endpoint("police", secret, [500, "hang", 503]), secret)
    alert = await publish(partner_id="police")
    await sink.wait_count("partner.alert.delivered", 1, timeout=10)
    got = receiver.at("police")
    assert [r.status for r in got] == [500, 0, 503, 200]
    # Each failed attempt was reported with when the next one is due (supervisors see it retrying).
    retries = await sink.wait_count("partner.alert.retry_scheduled", 3)
    assert [e.data["attempts"] for e in retries] == [1, 2, 3] and all(e.data["next_attempt_at"] for e in retries)
    assert {r.webhook_id for r in got} == {alert.alert_id} and all(r.verified for r in got)
    async with aiohttp.ClientSession() as session:
        path = "/api/partners/police/deliveries"
        async with session.get(f"{url}{path}", headers=staff_headers("GET", path)) as r:
            log = (await r.json())["attempts"]
    assert sorted(a["attempt"] for a in log) == [1, 2, 3, 4]
    assert {a["error_class"] for a in log} >= {"timeout", None}


async def test_a_pending_delivery_survives_a_notifier_restart(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    # A slower schedule here (0.2: about 1 s before attempt 2), so the restart falls inside it.
    app, url = await notifier.start(alert_retry_scale=0.2)
    secret = new_secret()
    await add_partner(url, "police", receiver.endpoint("police", secret, [500]), secret)
    await publish(partner_id="police")
    await receiver.wait_for(lambda: len(receiver.at("police")) == 1)
    await notifier.stop(app)
    assert sink.of_type("partner.alert.delivered") == []
    await notifier.start(alert_retry_scale=0.2)  # same database: the schedule is there
    [delivered] = await sink.wait_count("partner.alert.delivered", 1, timeout=10)
    assert delivered.data["attempts"] == 2
    assert [r.status for r in receiver.at("police")] == [500, 200]


async def test_a_dead_partner_does_not_delay_a_live_one(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    _, url = await notifier.start(alert_timeout_s=2.0, breaker_threshold=3)
    secrets = {"dead": new_secret(), "live": new_secret()}
    await add_partner(
        url, "dead", receiver.endpoint("dead", secrets["dead"], ["hang"] * 100), secrets["dead"]
    )
    await add_partner(url, "live", receiver.endpoint("live", secrets["live"]), secrets["live"])
    for _ in range(10):
        await publish(partner_id="dead")
    await receiver.wait_for(lambda: len(receiver.at("dead")) >= 1)
    started = time.perf_counter()
    for _ in range(10):
        await publish(partner_id="live")
    await sink.wait_count("partner.alert.delivered", 10, timeout=5)
    # Well inside one dead-partner timeout: nothing waited behind the dead endpoint.
    assert time.perf_counter() - started < 1.5
    assert len(receiver.at("dead")) <= 4  # at most the per-partner cap in flight


async def test_410_disables_the_partner_and_supervisors_see_the_failure(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    _, url = await notifier.start()
    secret = new_secret()
    await add_partner(url, "police", receiver.endpoint("police", secret, [410]), secret)
    await publish(partner_id="police")
    [failed] = await sink.wait_count("partner.alert.failed", 1)
    assert failed.data["reason"] == "endpoint_disabled"
    await publish(partner_id="police")  # no active partner any more
    second = await sink.wait_count("partner.alert.failed", 2)
    assert second[1].data["reason"] == "no_partner"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/api/partners/police", headers=staff_headers("GET", "/api/partners/police")) as r:
            partner = await r.json()
        path = "/api/partners/failures"  # supervisors see the final failures
        async with session.get(f"{url}{path}", headers=staff_headers("GET", path, role="supervisor")) as r:
            failures = (await r.json())["failures"]
    assert partner["active"] is False and "secret" not in partner
    assert sorted(f["reason"] for f in failures) == ["endpoint_disabled", "no_partner"]
    assert len(receiver.at("police")) == 1


async def test_a_redelivered_request_is_sent_once(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    sink = await sink_factory("partner.alert.*")
    _, url = await notifier.start()
    secret = new_secret()
    await add_partner(url, "police", receiver.endpoint("police", secret), secret)
    await publish(alert_id="same-alert", partner_id="police")
    await sink.wait_count("partner.alert.delivered", 1)
    await publish(alert_id="same-alert", partner_id="police")  # a new envelope, the same alert
    await publish(alert_id="next-alert", partner_id="police")  # handled after it: something to wait for
    await sink.wait_count("partner.alert.delivered", 2)
    assert sorted(r.webhook_id for r in receiver.at("police")) == ["next-alert", "same-alert"]


async def test_details_a_counselor_included_reach_the_partner_but_are_sealed_at_rest(
    notifier: NotifierHarness, receiver: Receiver, publish: Any, sink_factory: Any
) -> None:
    from services.notifier.adapters.alert_store import delivery_id
    from services.notifier.app import NOTIFIER

    sink = await sink_factory("partner.alert.delivered")
    app, url = await notifier.start()
    secret = new_secret()
    await add_partner(url, "police", receiver.endpoint("police", secret), secret, alerts=["*"])
    details = {"name": "山田 花子", "place": "駅前の交番で待っています"}
    alert = await publish(partner_id="police", details=details)
    await sink.wait_count("partner.alert.delivered", 1)
    [got] = receiver.at("police")
    assert got.verified and got.body["data"]["details"] == details
    stored = await app[NOTIFIER].stores.alerts.get(delivery_id(alert.alert_id, "police"))
    raw = repr(stored)
    assert stored is not None and "山田" not in raw and "交番" not in raw and "payload" in stored
