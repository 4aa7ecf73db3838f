"""Whole-system latency: webhook → `case.assigned`, webhook → visible through the counselor API, and
an emergency webhook → a partner's receipt; plus the whole system's RSS.

    .venv/bin/python benchmarks/e2e.py [--rates 50 200] [--seconds 10]

Runs `python -m services all` as one process (its own broker prefix, bench seeds: counselors on
shift around the clock with room for every case, partners pointed at a local receiver) against
AMQP_URL and MONGODB_URL (unset: the in-process substitute, whose unindexed scans make latency grow
with the data stored — measure against a real MongoDB for the deployment figure). Load: signed
webhooks posted to ingress at a fixed rate by this process, bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aio_pika
import aiohttp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._load import delete_topology, rss_mb, start_process, wait_http
from shared.crypto import generate_key_spec
from shared.messaging import Topology
from tests.support.partner_receiver import PartnerReceiver

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-e2e-channel-secret"
PASSWORD = "bench-e2e-password-0123"


def bench_seeds(directory: Path, partner: PartnerReceiver) -> None:
    shutil.copytree(ROOT / "seeds", directory)
    roster = yaml.safe_load((directory / "counselors.yaml").read_text(encoding="utf-8"))
    for person in roster["counselors"]:
        if person["role"] in ("counselor", "supervisor"):
            person["capacity"] = 100_000
            person["shifts"] = [
                {"day": d, "start": "00:00", "end": "00:00"}
                for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            ]
            person["skills"] = sorted(
                {*person.get("skills", []), "dv", "suicide", "youth", "child", "livelihood"}
            )
    (directory / "counselors.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    partners = yaml.safe_load((directory / "partners.yaml").read_text(encoding="utf-8"))
    for entry in partners:
        entry["url"], entry["secret"] = partner.url, "env:PARTNER_SECRET_BENCH"
    (directory / "partners.yaml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")


def webhook(text: str, user: str) -> tuple[bytes, dict[str, str], str]:
    event_id = uuid.uuid4().hex.upper()
    body = json.dumps(
        {
            "destination": "Ubench",
            "events": [
                {
                    "type": "message",
                    "mode": "active",
                    "timestamp": int(time.time() * 1000),
                    "source": {"type": "user", "userId": user},
                    "webhookEventId": event_id,
                    "deliveryContext": {"isRedelivery": False},
                    "replyToken": uuid.uuid4().hex,
                    "message": {
                        "id": str(uuid.uuid4().int)[:18],
                        "type": "text",
                        "text": text,
                        "quoteToken": "q",
                    },
                }
            ],
        }
    ).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return body, {"x-line-signature": signature, "Content-Type": "application/json"}, event_id


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")


async def run_rate(
    rate: int, seconds: float, topology: Topology, amqp_url: str, partner: PartnerReceiver
) -> None:
    sent: dict[str, float] = {}
    assigned: dict[str, float] = {}
    connection = await aio_pika.connect(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(
        topology.events_exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, "case.assigned")
    await queue.bind(exchange, "partner.alert.requested")
    await queue.bind(exchange, "case.opened")
    alert_source: dict[str, str] = {}  # alert_id -> webhookEventId
    case_source: dict[str, str] = {}  # case_id -> webhookEventId (the periodic assigner correlates by case)

    async def on_assigned(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        envelope = json.loads(message.body)
        if envelope["type"] == "partner.alert.requested":
            alert_source[envelope["data"]["alert_id"]] = envelope["correlation_id"]
            return
        if envelope["type"] == "case.opened":
            case_source[envelope["data"]["case_id"]] = envelope["correlation_id"]
            return
        event_id = envelope["correlation_id"]
        if event_id not in sent:
            event_id = case_source.get(envelope["data"]["case_id"], event_id)
        assigned.setdefault(event_id, time.perf_counter())

    await queue.consume(on_assigned, no_ack=True)
    visible: list[float] = []
    emergencies: dict[str, float] = {}
    users = ["U" + uuid.uuid4().hex for _ in range(rate * int(seconds))]  # one case per message
    async with aiohttp.ClientSession() as session:
        async with session.post(
            "http://127.0.0.1:8080/api/auth/login", json={"username": "sato", "password": PASSWORD}
        ) as r:
            login = await r.json()
            cookie = f"__Host-tsunagari={r.cookies['__Host-tsunagari'].value}"
        _ = login
        interval, began = 1.0 / rate, time.perf_counter()
        total = int(rate * seconds)
        tasks = []
        for n in range(total):
            await asyncio.sleep(max(0.0, began + n * interval - time.perf_counter()))
            is_emergency = n % 25 == 0
            text = "今から死ぬ。薬は全部飲んだ" if is_emergency else "こんばんは、相談したいことがあります"
            body, headers, event_id = webhook(text, users[n])
            sent[event_id] = time.perf_counter()
            if is_emergency:
                emergencies[event_id] = sent[event_id]
            tasks.append(
                asyncio.create_task(
                    session.post("http://127.0.0.1:8081/line/webhook", data=body, headers=headers)
                )
            )
        responses = await asyncio.gather(*tasks)
        errors = sum(1 for r in responses if r.status != 200)
        # Visible to a supervisor through the API: sample the last messages sent.
        deadline = time.perf_counter() + 60
        while len(assigned) < total and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        async with session.get("http://127.0.0.1:8080/api/queue", headers={"Cookie": cookie}) as r:
            waiting = await r.json()
        if missing_now := [e for e in sent if e not in assigned]:
            print(f"      still waiting in the queue after the run: {waiting}"[:600])
            print(f"      unmatched: {len(missing_now)}; cases opened seen: {len(case_source)}")
        probe_start = time.perf_counter()
        async with session.get("http://127.0.0.1:8080/api/cases", headers={"Cookie": cookie}) as r:
            listing = await r.json()
        visible.append(time.perf_counter() - probe_start)
        _ = listing
    latencies = [assigned[e] - sent[e] for e in sent if e in assigned]
    missing = [e for e in sent if e not in assigned]
    if missing:
        print(
            f"      not assigned within 60 s: {len(missing)} ({sum(e in emergencies for e in missing)} emergencies)"
        )
    if emergencies:
        with contextlib.suppress(TimeoutError):  # report what arrived, even when the system fell behind
            await partner.wait_count(len(emergencies), timeout=60)
    firsts = first_alerts(partner, alert_source, emergencies)
    print(
        f"{rate:>4}/s x {seconds:.0f}s: sent {total}, http errors {errors}, assigned {len(latencies)}; "
        f"webhook→case.assigned p50 {pct(latencies, 50):.0f} ms p95 {pct(latencies, 95):.0f} ms "
        f"p99 {pct(latencies, 99):.0f} ms; GET /api/cases after the run {visible[0] * 1000:.0f} ms; "
        f"emergency→partner first receipt p50 {pct(firsts, 50):.0f} ms p95 {pct(firsts, 95):.0f} ms "
        f"({len(firsts)}/{len(emergencies)} emergencies, {len(partner.received)} alerts)"
    )
    partner.received.clear()
    await connection.close()


def first_alerts(partner: PartnerReceiver, source: dict[str, str], sent: dict[str, float]) -> list[float]:
    """For each emergency, the time until the first partner (of those alerted) received it."""
    first: dict[str, float] = {}
    for r in partner.received:
        event_id = source.get(r.webhook_id)
        if event_id in sent:
            first[event_id] = min(first.get(event_id, r.at), r.at)
    return [first[e] - sent[e] for e in first]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    partner = PartnerReceiver()
    await partner.start()
    work = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    bench_seeds(work / "seeds", partner)
    for rate in args.rates:
        topology = Topology(prefix=f"bench{uuid.uuid4().hex[:6]}.")
        env = {
            "AMQP_URL": amqp_url,
            "AMQP_PREFIX": topology.prefix,
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": "bench",
            "ENCRYPTION_KEYS": generate_key_spec(),
            "PSEUDONYM_KEY": "bench-pseudonym-key-000",
            "STAFF_ASSERTION_KEY": "bench-staff-assertion-key-0123456789abc",
            "PARTNER_SECRET_BENCH": partner.secret,
            "SEEDS_DIR": str(work / "seeds"),
            "SPOOL_DIR": str(work / f"spool-{rate}"),
            "DEMO_PASSWORD": PASSWORD,
            "LOG_LEVEL": "WARNING",
            "ALLOW_INSECURE_LOOPBACK": "true",
            "SECRETS_DIR": str(work / "secrets"),
        }
        system = start_process(["-m", "services", "all", "--host", "127.0.0.1"], env)
        try:
            for port in (8081, 8082, 8083, 8084):
                await wait_http(f"http://127.0.0.1:{port}/readyz", timeout=60)
            await wait_http("http://127.0.0.1:8080/", timeout=30)  # the proxy (the console page)
            await run_rate(rate, args.seconds, topology, amqp_url, partner)
            print(f"      whole-system RSS (one process): {rss_mb(system.pid):.0f} MB")
        finally:
            system.terminate()
            system.wait()
            await delete_topology(amqp_url, topology)
    await partner.stop()


if __name__ == "__main__":
    asyncio.run(main())
