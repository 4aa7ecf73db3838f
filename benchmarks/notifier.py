"""Notifier benchmark: partner alerts (rate, p95 publish → receipt) and LINE pushes/s, plus notifier RSS.

    .venv/bin/python benchmarks/notifier.py [--seconds 20] [--rate 100] [--pushes 1000]

Runs the notifier as its own process (`python -m services notifier`) against the local RabbitMQ, the
in-process MongoDB substitute, the LINE simulator and a partner receiver (both in this process) that
verifies every signature. Targets: p95 < 300 ms at 100 alerts/s; RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import aiohttp
from aiohttp import web
from standardwebhooks import Webhook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.simulator.app import create_app as create_simulator
from services.simulator.config import SimulatorSettings
from services.simulator.state import consulter_user_id
from shared.crypto import Keyring, generate_key_spec
from shared.events import AlertContact, RequestPartnerAlert, SendLineMessage, envelope_for
from shared.logging import configure_logging
from shared.messaging import EventPublisher, Topology, connect
from shared.outbound_sealing import seal_outbound
from tests.support.events import EventSink, delete_topology
from tests.support.staff import staff_headers

AMQP = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
STAFF_KEY, TOKEN, SECRET = (
    "bench-staff-assertion-key-0123456789abcdef",
    "bench-line-token",
    "whsec_" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
)


# Sealed as triage seals them (shared/outbound_sealing.py): notifier opens each one, as in production.
KEYS = generate_key_spec()
keyring = Keyring.from_spec(KEYS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def serve(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def main(seconds: float, rate: float, pushes: int) -> None:
    received: dict[str, float] = {}
    bad = 0

    async def receive(request: web.Request) -> web.Response:
        nonlocal bad
        body = await request.read()
        try:
            Webhook(SECRET).verify(body, dict(request.headers))
        except Exception:
            bad += 1
        received.setdefault(request.headers["webhook-id"], time.perf_counter())
        return web.Response(status=204)

    receiver_app = web.Application()
    receiver_app.router.add_post("/hook", receive)
    rport, sport, nport = free_port(), free_port(), free_port()
    sim = SimulatorSettings(
        line_channel_secret="s", line_channel_access_token=TOKEN, monthly_push_quota=10**9
    )
    runners = [await serve(receiver_app, rport), await serve(create_simulator(sim), sport)]
    topology = Topology(prefix=f"bench{uuid.uuid4().hex[:6]}.")
    env = {
        **os.environ,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE_URL": f"http://127.0.0.1:{sport}",
        "STAFF_ASSERTION_KEY": STAFF_KEY,
        "ENCRYPTION_KEYS": KEYS,
        "PSEUDONYM_KEY": "bench-pseudonym-key-0123",
        "AMQP_PREFIX": topology.prefix,
        "SEEDS_DIR": "/nonexistent",
        "ALLOW_INSECURE_LOOPBACK": "true",
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "json",
    }
    env.pop("MONGODB_URL", None)
    proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
        [sys.executable, "-m", "services", "notifier", "--host", "127.0.0.1", "--port", str(nport)],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{nport}"
    connection = await connect(AMQP, name="bench")
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 30
            while True:  # readiness poll with a deadline (the process is starting)
                try:
                    async with http.get(f"{base}/readyz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("notifier did not become ready")
                await asyncio.sleep(0.1)
            partner = {
                "id": "bench",
                "name": "bench",
                "kind": "police",
                "url": f"http://127.0.0.1:{rport}/hook",
                "secret": SECRET,
                "alerts": ["*"],
            }
            auth = staff_headers("POST", "/api/partners", key=STAFF_KEY)  # an admin, as the proxy forwards it
            async with http.post(f"{base}/api/partners", json=partner, headers=auth) as r:
                assert r.status == 201, await r.text()
        publisher = EventPublisher(connection, topology)
        await publisher.start()
        sink = EventSink(connection, topology, ["outbound.line.delivered"])
        await sink.start()
        baseline, peak = rss_mb(proc.pid), 0.0
        sent: dict[str, float] = {}
        pending: set[asyncio.Task[None]] = set()
        contact = AlertContact(name="bench", role="counselor")
        started, n = time.perf_counter(), int(seconds * rate)
        for i in range(n):  # open loop at `rate`: each publish at its planned time
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            alert = RequestPartnerAlert(
                alert_id=f"b-{i}-{uuid.uuid4().hex[:6]}",
                partner_id="bench",
                category="x",
                urgency="high",
                action="call_back",
                case_ref=f"C-{i}",
                contact=contact,
            )
            sent[alert.alert_id] = time.perf_counter()
            pending.add(
                asyncio.create_task(
                    publisher.publish(
                        seal_outbound(keyring, envelope_for(alert, producer="bench", correlation_id=alert.alert_id))
                    )
                )
            )
            if i % 100 == 0:
                peak = max(peak, rss_mb(proc.pid))
        end = time.monotonic() + 30
        while len(received) < n and time.monotonic() < end:
            await asyncio.sleep(0.05)
        elapsed = max(received.values()) - started
        lat = sorted((received[k] - sent[k]) * 1000 for k in sent if k in received)
        p95 = lat[int(len(lat) * 0.95) - 1]
        print(
            f"alerts: {len(received)}/{n} delivered in {elapsed:.1f} s = {len(received) / elapsed:.0f}/s at {rate:.0f}/s offered; "
            f"latency p50 {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {lat[-1]:.0f} ms; bad signatures {bad}"
        )
        t0 = time.perf_counter()
        users = [consulter_user_id(c) for c in "ABCDE"]
        requests = [
            SendLineMessage(
                request_id=f"bp-{i}-{uuid.uuid4().hex[:6]}",
                consulter_id="c_bench",
                line_user_id=users[i % 5],
                messages=({"type": "text", "text": "お知らせです"},),
            )
            for i in range(pushes)
        ]
        await publisher.publish_all(
            seal_outbound(keyring, envelope_for(r, producer="bench", correlation_id=r.request_id))
            for r in requests
        )
        await sink.wait_count("outbound.line.delivered", pushes, timeout=120)
        peak = max(peak, rss_mb(proc.pid))
        print(
            f"LINE: {pushes} pushes delivered in {time.perf_counter() - t0:.1f} s = {pushes / (time.perf_counter() - t0):.0f}/s"
        )
        print(
            f"notifier RSS: {baseline:.0f} MB at start, {peak:.0f} MB peak, {rss_mb(proc.pid):.0f} MB at end"
        )
    finally:
        proc.terminate()
        proc.wait(10)
        await delete_topology(
            connection,
            topology,
            [
                f"{topology.prefix}notifier.line-outbound",
                f"{topology.prefix}notifier.partner-alerts",
                f"{topology.prefix}triage.line-events",
                f"{topology.prefix}triage.feedback",
                f"{topology.prefix}outreach.requests",
            ],
        )
        await connection.close()
        for runner in runners:
            await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--pushes", type=int, default=1000)
    args = parser.parse_args()
    configure_logging("benchmark", "WARNING", "json")
    asyncio.run(main(args.seconds, args.rate, args.pushes))
