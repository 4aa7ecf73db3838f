"""The console's live path, measured.

    .venv/bin/python benchmarks/console.py [--messages 50] [--streams 1000]

1. **Webhook → the case visible in the browser.** The whole system on free ports behind the dev
   proxy, in this process (as `python -m services all` runs it; tests/browser/system.py), nobody on
   shift so each case waits in the queue; a counselor's headless Chromium (Debian's) on the queue
   screen. One signed webhook at a time from a new consulter; the time from posting it to ingress
   until the page's queue shows the new row (a MutationObserver notes the moment, wall clock).
2. **Idle live streams held by one triage process.** Triage alone as its own process
   (`python -m services triage`), `--streams` SSE connections from four logged-in staff, all idle:
   streams open (triage's `tsunagari_triage_console_live_streams` gauge), the process's RSS before and after (memory
   per connection), and the time for one new case's notice to reach every stream.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._load import delete_topology, rss_mb, start_process, wait_http
from shared.crypto import generate_key_spec
from shared.events import LineEventReceived, envelope_for, utcnow
from shared.messaging import Topology, connect
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.system import running_system, write_seeds
from tests.e2e.conftest import CHANNEL_SECRET, DEMO_PASSWORD, free_port
from tests.support.partner_receiver import PartnerReceiver

OBSERVER = """() => { window.__rows = []; const body = document.querySelector("table.cases tbody");
  new MutationObserver(() => window.__rows.push([body.querySelectorAll("button.take").length, Date.now()]))
    .observe(body, {childList: true}); }"""


SEEN = "(n) => window.__rows.some(([count]) => count >= n)"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def webhook(text: str, user: str) -> tuple[bytes, dict[str, str]]:
    event = {
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user}, "webhookEventId": uuid.uuid4().hex.upper(),
        "deliveryContext": {"isRedelivery": False}, "replyToken": uuid.uuid4().hex,
        "message": {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": text, "quoteToken": "q"},
    }  # fmt: skip
    body = json.dumps({"destination": "Ubench", "events": [event]}).encode()
    signature = base64.b64encode(hmac.new(CHANNEL_SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return body, {"x-line-signature": signature, "Content-Type": "application/json"}


async def webhook_to_browser(messages: int, amqp_url: str) -> None:
    from playwright.async_api import async_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-console-"))
    env = {"LOG_LEVEL": "ERROR", "SLA_EMERGENCY_S": "3600", "SLA_HIGH_S": "3600", "SLA_OTHER_S": "3600"}
    async with running_system(amqp_url, os.environ.get("MONGODB_URL"), tmp, on_shift=set(), **env) as system:
        async with async_playwright() as playwright, aiohttp.ClientSession() as http:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = await (await browser.new_context(viewport={"width": 1366, "height": 900})).new_page()
            await page.goto(system.url + "/")
            await page.get_by_label("ユーザー名").fill("aoki")
            await page.get_by_label("パスワード").fill(DEMO_PASSWORD)
            await page.get_by_role("button", name="ログイン").click()
            await page.locator("#live-state.live-live").wait_for()
            await page.evaluate(OBSERVER)
            latencies = []
            for n in range(1, messages + 1):
                body, headers = webhook(f"こんばんは、相談したいことがあります（{n}）", "U" + uuid.uuid4().hex)
                sent = time.time() * 1000
                async with http.post(system.url + "/line/webhook", data=body, headers=headers) as answer:
                    assert answer.status == 200, answer.status
                await page.wait_for_function(SEEN, arg=n, timeout=10000, polling=50)
                seen = await page.evaluate("(n) => window.__rows.find(([count]) => count >= n)[1]", n)
                latencies.append(seen - sent)
            await browser.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"webhook → case visible in the browser, {messages} messages one at a time: "
        f"p50 {pct(latencies, 50):.0f} ms, p95 {pct(latencies, 95):.0f} ms, max {max(latencies):.0f} ms"
    )


async def login(http: aiohttp.ClientSession, base: str, username: str) -> str:
    async with http.post(f"{base}/api/auth/login", json={"username": username, "password": DEMO_PASSWORD}) as r:
        assert r.status == 200, await r.text()
        return f"__Host-tsunagari={r.cookies['__Host-tsunagari'].value}"


async def gauge(http: aiohttp.ClientSession, base: str) -> int:
    async with http.get(f"{base}/metrics") as r:
        for line in (await r.text()).splitlines():
            if line.startswith("tsunagari_triage_console_live_streams "):
                return int(float(line.split()[1]))
    return -1


async def idle_streams(streams: int, amqp_url: str) -> None:
    tmp, topology = Path(tempfile.mkdtemp(prefix="bench-streams-")), Topology(prefix=f"bsse{uuid.uuid4().hex[:6]}.")
    partner = PartnerReceiver()
    write_seeds(tmp / "seeds", partner, on_shift=set())
    port = free_port()
    env = {
        "AMQP_URL": amqp_url, "AMQP_PREFIX": topology.prefix, "ENCRYPTION_KEYS": generate_key_spec(),
        "PSEUDONYM_KEY": "bench-pseudonym-key-000", "STAFF_ASSERTION_KEY": "bench-staff-assertion-key-0123456789abc",
        "SEEDS_DIR": str(tmp / "seeds"), "DEMO_PASSWORD": DEMO_PASSWORD, "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    triage = start_process(["-m", "services", "triage", "--host", "127.0.0.1", "--port", str(port)], env)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_http(f"{base}/readyz", timeout=60)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=None)) as http:
            cookies = [await login(http, base, name) for name in ("aoki", "brown", "chen", "sato")]
            before = rss_mb(triage.pid)
            opened = await asyncio.gather(*(open_stream(http, base, cookies[i % 4]) for i in range(streams)))
            await asyncio.sleep(2)  # let the process settle before reading its memory (a measurement pause)
            after, held = rss_mb(triage.pid), await gauge(http, base)
            reach = await fan_out(opened, amqp_url, topology)
            for response in opened:
                response.close()
    finally:
        triage.terminate()
        triage.wait()
        shutil.rmtree(tmp, ignore_errors=True)
        await delete_topology(amqp_url, topology)
    print(
        f"{streams} idle live streams on one triage process: {held} held (gauge), RSS {before:.0f} MB → "
        f"{after:.0f} MB, {(after - before) * 1024 / max(1, streams):.1f} KB per connection; "
        f"a new case's notice reached all {len(reach)} streams in {max(reach):.0f} ms (p50 {pct(reach, 50):.0f} ms)"
    )


async def open_stream(http: aiohttp.ClientSession, base: str, cookie: str) -> aiohttp.ClientResponse:
    response = await http.get(f"{base}/api/events", headers={"Cookie": cookie})
    assert response.status == 200
    await response.content.readuntil(b"\n\n")  # hello
    return response


async def fan_out(opened: list[aiohttp.ClientResponse], amqp_url: str, topology: Topology) -> list[float]:
    """Publish one consulter's first message to triage's queue; time until each stream has a notice."""
    event = json.loads(webhook("相談したいです", "U" + uuid.uuid4().hex)[0])["events"][0]
    data = LineEventReceived(
        destination="Ubench",
        event=event,
        webhook_event_id=event["webhookEventId"],
        is_redelivery=False,
        event_type="message",
        received_at=utcnow(),
    )
    connection = await connect(amqp_url, name="bench-console")
    channel = await connection.channel()
    exchange = await channel.get_exchange(topology.events_exchange)
    envelope = envelope_for(data, producer="ingress", correlation_id=event["webhookEventId"])
    started = time.perf_counter()
    await exchange.publish(aio_pika.Message(envelope.to_bytes(), content_type="application/json"), routing_key=envelope.type)

    async def first_notice(response: aiohttp.ClientResponse) -> float:
        while b"event: message" not in await response.content.readuntil(b"\n\n"):
            pass
        return (time.perf_counter() - started) * 1000

    reach = list(await asyncio.wait_for(asyncio.gather(*(first_notice(r) for r in opened)), 60))
    await connection.close()
    return reach


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--streams", type=int, default=1000)
    args = parser.parse_args()
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    if args.messages:
        await webhook_to_browser(args.messages, amqp_url)
    if args.streams:
        await idle_streams(args.streams, amqp_url)


if __name__ == "__main__":
    asyncio.run(main())
