"""Faults, each with every webhookEventId accounted for: exactly one stored message each, none lost,
none doubled (DESIGN: "no message may be lost")."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections import Counter

import pytest

from services.triage.app import TRIAGE
from tests.e2e.conftest import System, thursday_at
from tests.e2e.test_spine import consulter, sim
from tests.integration.ingress.conftest import via_proxy
from tests.integration.triage.conftest import database_of
from tests.support.tcp_proxy import CuttableProxy
from tests.support.waiting import until

pytestmark = pytest.mark.e2e


async def send(system: System, texts: list[str], consulters: int = 4) -> list[str]:
    """Each text from one of `consulters` simulated consulters; every webhook must be answered 200."""
    users = [await consulter(system, i) for i in range(consulters)]
    ids = []
    for index, text in enumerate(texts):
        sent = await sim(
            system, "POST", f"/_sim/consulters/{users[index % consulters]}/messages", {"text": text}
        )
        assert sent["status"] == 200, sent
        ids.append(str(sent["webhookEventId"]))
    return ids


async def stored_counts(system: System) -> Counter[str]:
    db = database_of(system.apps["triage"][TRIAGE])
    docs = await db["messages"].find({"direction": "in"}, {"webhook_event_id": 1}).to_list(None)
    return Counter(doc["webhook_event_id"] for doc in docs)


async def all_stored_once(system: System, ids: list[str], timeout: float = 60.0) -> Counter[str]:
    async def all_there() -> bool:
        counts = await stored_counts(system)
        return all(counts[i] >= 1 for i in ids)

    await until(all_there, timeout, interval=0.1)
    counts = await stored_counts(system)
    assert {i: counts[i] for i in ids} == dict.fromkeys(ids, 1), "a message was lost or doubled"
    return counts


def rabbitmqctl(*args: str) -> None:
    subprocess.run([RABBITMQCTL, *args], check=True, capture_output=True, timeout=60)


RABBITMQCTL = shutil.which("rabbitmqctl") or ""


@pytest.mark.skipif(not RABBITMQCTL, reason="rabbitmqctl is not on PATH (the broker is not on this machine)")
async def test_all_broker_connections_closed_mid_flow(system: System) -> None:
    first = await send(system, [f"メッセージ{i}" for i in range(12)])
    closing = asyncio.create_task(asyncio.to_thread(rabbitmqctl, "close_all_connections", "e2e fault test"))
    during = await send(system, [f"途中のメッセージ{i}" for i in range(12)])
    await closing
    after = await send(system, [f"その後のメッセージ{i}" for i in range(6)])
    await all_stored_once(system, first + during + after)


async def test_triage_stopped_mid_batch_and_restarted(system: System) -> None:
    first = await send(system, [f"一通目{i}" for i in range(10)])
    await system.stop("triage")  # handlers cancelled mid-batch; unacked deliveries go back to the queue
    while_down = await send(system, [f"停止中{i}" for i in range(10)])
    await system.start("triage")
    await all_stored_once(system, first + while_down)


async def test_ingress_with_broker_unreachable_then_back(system: System, amqp_url: str) -> None:
    proxy = CuttableProxy("127.0.0.1", int(amqp_url.rsplit(":", 1)[1].split("/")[0]))
    await proxy.start()
    await system.stop("ingress")
    await system.start("ingress", amqp_url=via_proxy(amqp_url, proxy))
    await system.ready("ingress")
    proxy.cut()
    spooled = await send(system, [f"ブローカー不在{i}" for i in range(8)])  # still 200: spooled on disk
    proxy.restore()
    await all_stored_once(system, spooled)
    await proxy.close()


async def emergency(system: System, index: int = 3) -> None:
    system.clock.now = thursday_at(23)  # out of hours: an emergency alerts partners
    user = await consulter(system, index)
    await sim(system, "POST", f"/_sim/consulters/{user}/messages", {"text": "今から死ぬ。薬は全部飲んだ"})


async def test_partner_down_for_a_while_then_up_gets_each_alert_once(system: System, sink_factory) -> None:
    sink = await sink_factory("partner.alert.delivered")
    system.partner.fail_with = 503
    await emergency(system)
    await until(lambda: system.partner.attempts >= 2, 20)  # refused twice, retried on the schedule
    system.partner.fail_with = None
    delivered = await sink.wait_count("partner.alert.delivered", 1, timeout=30)
    received = system.partner.received
    assert len({r.webhook_id for r in received}) == len(received)  # each alert once
    assert {e.data["alert_id"] for e in delivered} <= {r.webhook_id for r in received}


async def test_notifier_restarted_with_retries_pending(system: System, sink_factory) -> None:
    sink = await sink_factory("partner.alert.delivered")
    system.partner.fail_with = 500
    await emergency(system)
    await until(lambda: system.partner.attempts >= 1, 20)
    await system.stop("notifier")  # the retry schedule lives in MongoDB, not in this process
    system.partner.fail_with = None
    await system.start("notifier")
    delivered = await sink.wait_count("partner.alert.delivered", 1, timeout=30)
    received = system.partner.received
    assert len({r.webhook_id for r in received}) == len(received)
    assert delivered[0].data["alert_id"] in {r.webhook_id for r in received}
