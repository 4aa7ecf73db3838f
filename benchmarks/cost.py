"""What one event costs: database commands and CPU µs per event, per service, for a realistic mix.

    .venv/bin/python benchmarks/cost.py [--events 100] [--mongodb-url URL] [--checkout DIR]

Each service runs as its own process (ingress, triage, notifier, reports, outreach, and a stub of
LINE's Messaging API in this process), on a fresh broker prefix, against AMQP_URL and `--mongodb-url` (omitted: each process's
in-process substitute). The mix runs in phases, one kind of work at a time, `--events` of each:
a follow, her first message (a case opens and is assigned), a later message, a postback (an intake
answer), a counselor's reply, a referral to a partner (a signed webhook), outreach (a counselor proposes it
with her consent, a coordinator schedules a visit), the case's closing.

Per phase and service it prints the database commands per event (from each service's /metrics:
`tsunagari_db_commands_total`, counted by PyMongo's command monitoring on a real server and by the
adapters' calls on the substitute, shared/db_cost.py) and the CPU µs per event (the process's
user+system time from /proc, less its idle rate measured before the phase, less the time spent
inside the substitute, which a real server spends elsewhere). `--checkout DIR` runs another
checkout's services with this script (e.g. a `git worktree` of an older commit, for a before/after
table).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aio_pika
import aiohttp
import yaml
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._load import delete_topology, wait_http
from shared.crypto import generate_key_spec
from shared.messaging import Topology
from shared.secrets_init import ensure_secrets
from shared.staff_auth import HEADER, StaffClaims, sign_assertion
from tests.support.partner_receiver import PartnerReceiver

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-cost-channel-secret"
PASSWORD = "bench-cost-password-0123"
PORTS = {"ingress": 18081, "triage": 18082, "outreach": 18083, "notifier": 18084, "reports": 18085}
LINE_API_PORT = 18090
OUTREACH_STAFF = 20  # outreach workers in the bench roster, every day 08:00-22:00
ASSERTION_KEY = "bench-staff-assertion-key-0123456789abc"
DB_SERVICES = ("triage", "notifier", "reports", "outreach")
TICKS = os.sysconf("SC_CLK_TCK")
JST = ZoneInfo("Asia/Tokyo")
SAMPLE = re.compile(r'^(\w+)\{(.*)\} ([0-9.e+-]+)$')


def bench_seeds(directory: Path, partner: PartnerReceiver) -> None:
    """The project's seeds, with counselors on shift around the clock with room for every case, the
    service open all day, and partners pointed at a local receiver."""
    shutil.copytree(ROOT / "seeds", directory)
    roster = yaml.safe_load((directory / "counselors.yaml").read_text(encoding="utf-8"))
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for person in roster["counselors"]:
        if person["role"] in ("counselor", "supervisor"):
            person["capacity"] = 100_000
            person["shifts"] = [{"day": d, "start": "00:00", "end": "00:00"} for d in days]
            person["skills"] = sorted({*person.get("skills", []), "dv", "suicide", "youth", "child", "livelihood"})
    (directory / "counselors.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    hours = yaml.safe_load((directory / "hours.yaml").read_text(encoding="utf-8"))
    hours["sessions"] = [{"days": list(days), "opens": "00:00", "last_intake": "23:58", "closes": "23:59"}]
    (directory / "hours.yaml").write_text(yaml.safe_dump(hours, allow_unicode=True), encoding="utf-8")
    outreach = yaml.safe_load((directory / "outreach_staff.yaml").read_text(encoding="utf-8"))
    coordinator = next(p for p in outreach["staff"] if p["role"] == "outreach_coordinator")
    workers = [
        {"id": f"w-bench{i:02d}", "name": f"作業者{i}", "role": "outreach_worker", "languages": ["ja"],
         "skills": ["dv"], "days": list(days), "hours": "08:00-22:00"}
        for i in range(OUTREACH_STAFF)
    ]  # fmt: skip
    outreach["staff"] = [{**coordinator, "days": list(days), "hours": "08:00-22:00"}, *workers]
    (directory / "outreach_staff.yaml").write_text(yaml.safe_dump(outreach, allow_unicode=True), encoding="utf-8")
    partners = yaml.safe_load((directory / "partners.yaml").read_text(encoding="utf-8"))
    for entry in partners:
        entry["url"], entry["secret"] = partner.url, "env:PARTNER_SECRET_BENCH"
    (directory / "partners.yaml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")


def signed(events: list[dict[str, Any]]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"destination": "Ubench", "events": events}).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return body, {"x-line-signature": signature, "Content-Type": "application/json"}


def line_event(kind: str, user: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        **fields,
    }


def text(user: str, words: str) -> dict[str, Any]:
    message = {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": words, "quoteToken": "q"}
    return line_event("message", user, message=message)


async def line_api_stub() -> web.AppRunner:
    """LINE's Messaging API reduced to a 200 for every reply and push (the simulator answers only
    the users it knows; here every consulter is made up)."""

    async def sent(request: web.Request) -> web.Response:
        body = await request.json()
        messages = [{"id": uuid.uuid4().hex[:18], "quoteToken": "q"} for _ in body.get("messages", ())]
        return web.json_response({"sentMessages": messages})

    app = web.Application()
    app.router.add_post("/v2/bot/message/reply", sent)
    app.router.add_post("/v2/bot/message/push", sent)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", LINE_API_PORT).start()
    return runner


def spawn(name: str, env: dict[str, str], checkout: Path, logs: Path) -> subprocess.Popen[bytes]:
    """One service in its own process (its CPU is its own), its output kept for a failed start."""
    log = (logs / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "services", name, "--host", "127.0.0.1", "--port", str(PORTS[name])],
        cwd=checkout,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


class Services:
    """The processes, their metrics and CPU."""

    def __init__(self, procs: dict[str, Any]) -> None:
        self.procs = procs

    def cpu_s(self, name: str) -> float:
        fields = Path(f"/proc/{self.procs[name].pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    async def works(self, http: aiohttp.ClientSession, name: str) -> dict[str, float]:
        """Commands of service `name` so far, by unit of work (event type, API route, periodic round)."""
        async with http.get(f"http://127.0.0.1:{PORTS[name]}/metrics") as r:
            body = await r.text()
        out: defaultdict[str, float] = defaultdict(float)
        for line in body.splitlines():
            m = SAMPLE.match(line)
            if m and m.group(1) == "tsunagari_db_commands_total" and f'service="{name}"' in m.group(2):
                work = re.search(r'work="([^"]*)"', m.group(2))
                out[work.group(1) if work else "?"] += float(m.group(3))
        return out

    async def db(self, http: aiohttp.ClientSession, name: str) -> tuple[float, float]:
        """(commands so far, seconds inside the substitute so far) of service `name`."""
        async with http.get(f"http://127.0.0.1:{PORTS[name]}/metrics") as r:
            body = await r.text()
        commands = substitute = 0.0
        for line in body.splitlines():
            m = SAMPLE.match(line)
            if not m or f'service="{name}"' not in m.group(2):
                continue
            if m.group(1) == "tsunagari_db_commands_total":
                commands += float(m.group(3))
            elif m.group(1) == "tsunagari_db_substitute_cpu_seconds_total":
                substitute += float(m.group(3))
        return commands, substitute

    async def snapshot(self, http: aiohttp.ClientSession) -> dict[str, tuple[float, float, float]]:
        out = {}
        for name in self.procs:
            commands, substitute = await self.db(http, name) if name in DB_SERVICES else (0.0, 0.0)
            out[name] = (commands, substitute, self.cpu_s(name))
        return out


class Sink:
    """Counts every event type on the bus (a queue of its own bound to `#`)."""

    def __init__(self) -> None:
        self.counts: defaultdict[str, int] = defaultdict(int)
        self.last: dict[str, list[dict[str, Any]]] = defaultdict(list)

    async def start(self, connection: aio_pika.abc.AbstractConnection, topology: Topology) -> None:
        channel = await connection.channel()
        exchange = await channel.get_exchange(topology.events_exchange)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key="#")

        async def on(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            async with message.process():
                envelope = json.loads(message.body)
                self.counts[envelope["type"]] += 1
                self.last[envelope["type"]].append(envelope["data"])

        await queue.consume(on)

    async def until(self, kind: str, n: int, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while self.counts[kind] < n:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{kind}: {self.counts[kind]} of {n}")
            await asyncio.sleep(0.05)


async def idle_rates(services: Services, http: aiohttp.ClientSession, seconds: float = 1.0) -> dict[str, tuple[float, float]]:
    """Each service's commands and CPU seconds per second while nothing is sent (its periodic
    rounds: outreach's reminders and overdue check, the outbox sweeps)."""
    before = await services.snapshot(http)
    await asyncio.sleep(seconds)
    after = await services.snapshot(http)
    return {s: ((after[s][0] - before[s][0]) / seconds, (after[s][2] - before[s][2]) / seconds) for s in after}


async def settle(services: Services, http: aiohttp.ClientSession, idle: dict[str, tuple[float, float]]) -> None:
    """Until no service's commands or CPU move beyond their idle rate for a while (work that
    follows an event's own, such as a delivery's report coming back, is part of its cost)."""
    step = 0.4
    last = await services.snapshot(http)
    still = 0
    while still < 3:
        await asyncio.sleep(step)
        now = await services.snapshot(http)
        moved = any(
            now[n][0] - last[n][0] > idle[n][0] * step * 2 + 1 or now[n][2] - last[n][2] > idle[n][1] * step * 2 + 0.02
            for n in now
        )
        still = 0 if moved else still + 1
        last = now


async def phase(
    label: str, n: int, run: Callable[[], Awaitable[None]], services: Services, http: aiohttp.ClientSession
) -> dict[str, tuple[float, float]]:
    print(f"phase: {label}, {n} events …", flush=True)
    idle = await idle_rates(services, http)
    await settle(services, http, idle)
    idle = await idle_rates(services, http)
    began, before = time.monotonic(), await services.snapshot(http)
    works_before = {s: await services.works(http, s) for s in services.procs if s in DB_SERVICES}
    await run()
    await settle(services, http, idle)
    after, elapsed = await services.snapshot(http), time.monotonic() - began
    for s, was in works_before.items():
        now = await services.works(http, s)
        spent = {w: (now[w] - was.get(w, 0.0)) / n for w in now if now[w] != was.get(w, 0.0)}
        if spent:
            print(f"  {label} → {s}: " + ", ".join(f"{w} {v:.1f}" for w, v in sorted(spent.items())))
    row = {}
    for s in services.procs:
        commands = (after[s][0] - before[s][0]) - idle[s][0] * elapsed
        cpu = (after[s][2] - before[s][2]) - idle[s][1] * elapsed - (after[s][1] - before[s][1])
        row[s] = (max(0.0, commands) / n, max(0.0, cpu) / n * 1e6)
    return row


class Counselor:
    def __init__(self, http: aiohttp.ClientSession) -> None:
        self.http, self.base, self.headers = http, f"http://127.0.0.1:{PORTS['triage']}", {}

    async def login(self, username: str) -> None:
        async with self.http.post(
            f"{self.base}/api/auth/login", json={"username": username, "password": PASSWORD}
        ) as r:
            assert r.status == 200, await r.text()
            body = await r.json()
            self.headers = {
                "Cookie": f"__Host-tsunagari={r.cookies['__Host-tsunagari'].value}",
                "X-CSRF-Token": body["csrf_token"],
            }

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        async with self.http.request(method, f"{self.base}{path}", json=body, headers=self.headers) as r:
            assert r.status < 300, f"{method} {path}: {r.status} {await r.text()}"
            return await r.json()


async def run(args: argparse.Namespace) -> None:
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    partner = PartnerReceiver()
    await partner.start()
    work = Path(tempfile.mkdtemp(prefix="bench-cost-"))
    bench_seeds(work / "seeds", partner)
    ensure_secrets(work / "secrets")
    topology = Topology(prefix=f"bcost{uuid.uuid4().hex[:6]}.")
    env = {
        "AMQP_URL": amqp_url,
        "AMQP_PREFIX": topology.prefix,
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": "bench",
        "LINE_API_BASE_URL": f"http://127.0.0.1:{LINE_API_PORT}",
        "ENCRYPTION_KEYS": generate_key_spec(),
        "PSEUDONYM_KEY": "bench-pseudonym-key-000",
        "STAFF_ASSERTION_KEY": ASSERTION_KEY,
        "PARTNER_SECRET_BENCH": partner.secret,
        "SEEDS_DIR": str(work / "seeds"),
        "SPOOL_DIR": str(work / "spool"),
        "SECRETS_DIR": str(work / "secrets"),
        "DEMO_PASSWORD": PASSWORD,
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "ALLOW_INSECURE_LOOPBACK": "true",
        "TSUNAGARI_PROFILE": "dev",
        "LINE_ADD_FRIEND_URL": "https://line.me/R/ti/p/@tsunagari-bench",
        "REPORTS_PUBLIC_BASE_URL": f"http://127.0.0.1:{PORTS['reports']}",
        # The periodic rounds are not what is measured: far apart, so the idle rate stays low.
        "SLA_CHECK_INTERVAL_S": "3600",
        "ASSIGN_INTERVAL_S": "3600",
        "RECONCILE_INTERVAL_S": "3600",
    }
    if args.mongodb_url:
        env["MONGODB_URL"] = args.mongodb_url
    names = [n for n in PORTS if (Path(args.checkout) / "services" / n / "app.py").exists()]
    logs = work / "logs"
    logs.mkdir()
    procs = {n: spawn(n, env, Path(args.checkout), logs) for n in names}
    services = Services(procs)
    line_api = await line_api_stub()
    connection = await aio_pika.connect_robust(amqp_url)
    table: dict[str, dict[str, tuple[float, float]]] = {}
    failed = True
    try:
        for n in names:
            try:
                await wait_http(f"http://127.0.0.1:{PORTS[n]}/readyz", 60)
            except TimeoutError:
                sys.exit(f"{n} did not start:\n" + (logs / f"{n}.log").read_text()[-3000:])
        sink = Sink()
        await sink.start(connection, topology)
        users = [f"U{uuid.uuid4().hex}" for _ in range(args.events)]
        async with aiohttp.ClientSession() as http:
            ingress = f"http://127.0.0.1:{PORTS['ingress']}/line/webhook"

            async def post_all(events: list[dict[str, Any]]) -> None:
                gate = asyncio.Semaphore(8)

                async def one(event: dict[str, Any]) -> None:
                    body, headers = signed([event])
                    async with gate, http.post(ingress, data=body, headers=headers) as r:
                        assert r.status == 200, r.status

                await asyncio.gather(*(one(e) for e in events))

            def webhooks(make: Callable[[str], dict[str, Any]], expect: str) -> Callable[[], Awaitable[None]]:
                async def go() -> None:
                    target = sink.counts[expect] + len(users)
                    await post_all([make(u) for u in users])
                    await sink.until(expect, target)

                return go

            n = len(users)
            table["follow"] = await phase(
                "follow", n, webhooks(lambda u: line_event("follow", u, follow={"isUnblocked": False}), "consulter.friendship.changed"), services, http
            )
            table["first message"] = await phase(
                "first message", n, webhooks(lambda u: text(u, "こんばんは。相談したいことがあります"), "case.assigned"), services, http
            )
            table["later message"] = await phase(
                "later message", n, webhooks(lambda u: text(u, "夫のことで、少し話を聞いてほしいです"), "case.message.appended"), services, http
            )
            table["postback"] = await phase(
                "postback", n, webhooks(lambda u: line_event("postback", u, postback={"data": "intake:age:skip"}), "line.event.received"), services, http
            )
            cases = sorted({d["case_id"]: d["counselor_id"] for d in sink.last["case.assigned"]}.items())
            counselors: dict[str, Counselor] = {}
            usernames = await staff_usernames(http, PASSWORD)
            for counselor_id in {c for _, c in cases}:
                counselors[counselor_id] = Counselor(http)
                await counselors[counselor_id].login(usernames[counselor_id])

            def api(path: str, body: dict[str, Any], expect: str) -> Callable[[], Awaitable[None]]:
                async def go() -> None:
                    target = sink.counts[expect] + len(cases)
                    gate = asyncio.Semaphore(8)

                    async def one(case_id: str, counselor_id: str) -> None:
                        async with gate:
                            await counselors[counselor_id].call("POST", path.format(case_id=case_id), body)

                    await asyncio.gather(*(one(c, who) for c, who in cases))
                    await sink.until(expect, target)

                return go

            table["counselor reply"] = await phase(
                "counselor reply", len(cases), api("/api/cases/{case_id}/reply", {"text": "お話しくださってありがとうございます。"}, "outbound.line.delivered"), services, http
            )
            referral = {"partner_kind": "council_of_social_welfare", "category": "poverty", "urgency": "normal", "action": "consult"}
            table["referral (partner alert)"] = await phase(
                "referral", len(cases), api("/api/cases/{case_id}/referrals", referral, "partner.alert.delivered"), services, http
            )
            coordinator = Coordinator(http, outreach_coordinator(work / "seeds"))

            async def outreach() -> None:
                """A counselor proposes outreach with her consent; the coordinator schedules it."""
                target = sink.counts["outreach.scheduled"] + len(cases)
                gate = asyncio.Semaphore(8)

                async def one(i: int, case_id: str, counselor_id: str) -> None:
                    async with gate:
                        made = await counselors[counselor_id].call(
                            "POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": CONSENT, "urgency": "normal"}
                        )
                        await coordinator.schedule(made["request_id"], i)

                await asyncio.gather(*(one(i, c, who) for i, (c, who) in enumerate(cases)))
                await sink.until("outreach.scheduled", target)

            if "outreach" in services.procs:
                table["outreach (propose, schedule)"] = await phase("outreach", len(cases), outreach, services, http)
            table["close"] = await phase(
                "close", len(cases), api("/api/cases/{case_id}/close", {"outcome": "referred", "cancel_outreach": True}, "case.closed"), services, http
            )
        failed = False
    finally:
        for p in procs.values():
            p.terminate()
        for p in procs.values():
            p.wait()
        await connection.close()
        await partner.stop()
        await line_api.cleanup()
        await delete_topology(amqp_url, topology)
        if failed:
            print(f"failed: the services' output is in {logs}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    backend = "MongoDB at --mongodb-url" if args.mongodb_url else "the in-process substitute (its own time taken out)"
    print(f"cost per event, {args.events} of each, {backend}; checkout {args.checkout}")
    shown = [s for s in ("ingress", "triage", "notifier", "reports", "outreach") if s in services.procs]
    print(f"{'event':26}" + "".join(f"{s + ' cmds':>15}{s + ' µs':>14}" for s in shown))
    for label, row in table.items():
        print(f"{label:26}" + "".join(f"{row[s][0]:15.1f}{row[s][1]:14.0f}" for s in shown))


CONSENT = {
    "help": ["meet_and_talk"],
    "contact": {"line_only": True, "never_call": True, "windows": []},
    "meet_at": ["ward-office-main"],
    "avoid": [],
    "given_via": "line_chat",
    "withdrawal_explained": True,
}


def outreach_coordinator(seeds: Path) -> StaffClaims:
    person = next(
        p for p in yaml.safe_load((seeds / "outreach_staff.yaml").read_text(encoding="utf-8"))["staff"]
        if p["role"] == "outreach_coordinator"
    )
    username = {p["id"]: p["username"] for p in yaml.safe_load((seeds / "counselors.yaml").read_text(encoding="utf-8"))["counselors"]}
    return StaffClaims(person["id"], username.get(person["id"], person["id"]), "outreach_coordinator", person["name"])


class Coordinator:
    """An outreach coordinator behind the proxy: the bench signs the staff assertion the proxy would
    get from triage (it holds STAFF_ASSERTION_KEY), and waits for the request to reach outreach."""

    def __init__(self, http: aiohttp.ClientSession, staff: StaffClaims) -> None:
        self.http, self.staff, self.base = http, staff, f"http://127.0.0.1:{PORTS['outreach']}"

    def _headers(self, method: str, path: str) -> dict[str, str]:
        return {HEADER: sign_assertion(ASSERTION_KEY, self.staff, method=method, path=path, now=datetime.now(UTC))}

    async def schedule(self, request_id: str, i: int) -> None:
        path = "/api/outreach/visits"
        day = (datetime.now(JST) + timedelta(days=1 + i // (OUTREACH_STAFF // 2))).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        pair = i % (OUTREACH_STAFF // 2)
        body = {
            "request_id": request_id,
            "starts_at": day.isoformat(),
            "ends_at": (day + timedelta(hours=1)).isoformat(),
            "staff_ids": [f"w-bench{2 * pair:02d}", f"w-bench{2 * pair + 1:02d}"],
            "place_id": "ward-office-main",
        }
        for _ in range(200):  # until outreach has consumed `outreach.requested`
            async with self.http.post(f"{self.base}{path}", json=body, headers=self._headers("POST", path)) as r:
                if r.status == 201:
                    return
                answer = await r.json()
                if r.status != 404:
                    raise AssertionError(f"scheduling: {r.status} {answer}")
            await asyncio.sleep(0.05)
        raise TimeoutError(f"outreach never saw request {request_id}")


async def staff_usernames(http: aiohttp.ClientSession, password: str) -> dict[str, str]:
    """Counselor id → username, from the seeded roster the bench wrote (the API needs a login first)."""
    del http, password
    roster = yaml.safe_load((ROOT / "seeds" / "counselors.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p["username"] for p in roster["counselors"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100, help="events of each kind (default 100)")
    parser.add_argument("--mongodb-url", help="a real MongoDB (replica set); omitted: the substitute")
    parser.add_argument("--checkout", default=str(ROOT), help="the checkout whose services run (default: this)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
