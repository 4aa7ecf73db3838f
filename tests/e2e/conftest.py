"""The whole system in one process, as `python -m services all` runs it, on free ports, against the
test's own broker names and a fresh in-process MongoDB substitute.

Each service is built separately so a test can give one of them another broker URL (through a
cuttable proxy) or stop and restart it mid-run. Triage's clock is fixed by the test: in hours
(Thursday 19:00 JST, a seeded evening) or out of hours (Thursday 23:00 JST).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
import yaml
from aiohttp import web

from services.dev_proxy import create_proxy
from shared.crypto import generate_key_spec
from shared.mongo import reset_substitute
from tests.support.partner_receiver import PartnerReceiver
from tests.support.waiting import http_ok

ROOT = Path(__file__).resolve().parents[2]
JST = ZoneInfo("Asia/Tokyo")
DEMO_PASSWORD = "e2e-demo-password-0123"
CHANNEL_SECRET = "e2e-channel-secret"
ACCESS_TOKEN = "e2e-access-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def thursday_at(hour: int) -> datetime:
    """The coming (or current) Thursday at `hour`:00 JST — a seeded evening, and not a holiday."""
    now = datetime.now(JST)
    day = now + timedelta(days=(3 - now.weekday()) % 7)
    for _ in range(60):  # skip Thursdays that are holidays or in the year-end closure
        candidate = day.replace(hour=hour, minute=0, second=0, microsecond=0)
        if not (candidate.month == 12 and candidate.day >= 29) and not (
            candidate.month == 1 and candidate.day <= 3
        ):
            return candidate
        day += timedelta(days=7)
    raise AssertionError("no Thursday found")


@dataclass
class TestClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class System:
    env: dict[str, str]
    ports: dict[str, int]
    clock: TestClock
    partner: PartnerReceiver
    runners: dict[str, web.AppRunner] = field(default_factory=dict)
    apps: dict[str, web.Application] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['proxy']}"

    @property
    def simulator(self) -> str:
        return f"http://127.0.0.1:{self.ports['simulator']}"

    async def start(self, name: str, **overrides: Any) -> web.Application:
        app = build(name, self.clock, **overrides)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.ports[name]).start()
        self.runners[name], self.apps[name] = runner, app
        return app

    async def stop(self, name: str) -> None:
        runner = self.runners.pop(name)
        self.apps.pop(name, None)
        await runner.cleanup()

    async def ready(self, name: str, timeout: float = 20.0) -> None:
        await http_ok(f"http://127.0.0.1:{self.ports[name]}/readyz", timeout)


def build(name: str, clock: TestClock, **overrides: Any) -> web.Application:
    if name == "ingress":
        from services.ingress.app import Settings as IngressSettings
        from services.ingress.app import create_app as ingress_app

        return ingress_app(IngressSettings(**overrides))
    if name == "triage":
        from services.triage.adapters.passwords import Passwords
        from services.triage.app import Settings as TriageSettings
        from services.triage.app import create_app as triage_app

        return triage_app(TriageSettings(**overrides), clock=clock, passwords=Passwords(_cheap_hasher()))
    if name == "notifier":
        from services.notifier.app import Settings as NotifierSettings
        from services.notifier.app import create_app as notifier_app

        return notifier_app(NotifierSettings(**overrides))
    if name == "outreach":
        from services.outreach.app import Settings as OutreachSettings
        from services.outreach.app import create_app as outreach_app

        return outreach_app(OutreachSettings(**overrides), clock=clock)
    if name == "reports":
        from services.reports.app import Settings as ReportsSettings
        from services.reports.app import create_app as reports_app

        return reports_app(ReportsSettings(**overrides), clock=clock)
    if name == "simulator":
        from services.simulator.app import Settings as SimulatorSettings
        from services.simulator.app import create_app as simulator_app

        return simulator_app(SimulatorSettings(**overrides))
    raise ValueError(name)


def _cheap_hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def write_seeds(target: Path, partner: PartnerReceiver) -> None:
    """The repository's seeds, with every partner pointed at the test's receiver."""
    shutil.copytree(ROOT / "seeds", target)
    partners = yaml.safe_load((target / "partners.yaml").read_text(encoding="utf-8"))
    for entry in partners:
        entry["url"] = partner.url
        entry["secret"] = "env:PARTNER_SECRET_E2E"
    (target / "partners.yaml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")


@pytest.fixture
async def system(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> AsyncIterator[System]:
    reset_substitute()
    partner = PartnerReceiver()
    await partner.start()
    ports = {
        name: free_port()
        for name in ("ingress", "triage", "outreach", "notifier", "simulator", "reports", "proxy")
    }  # reports is started by the tests that need it
    seeds = tmp_path / "seeds"
    write_seeds(seeds, partner)
    env = {
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": f"http://127.0.0.1:{ports['simulator']}",
        "SIMULATOR_INGRESS_URL": f"http://127.0.0.1:{ports['proxy']}/line/webhook",
        "ENCRYPTION_KEYS": generate_key_spec("k1"),
        "PARTNER_SECRET_E2E": partner.secret,
        "ALLOW_INSECURE_LOOPBACK": "true",
        "ALERT_RETRY_SCALE": "0.001",
        "SEEDS_DIR": str(seeds),
        "SPOOL_DIR": str(tmp_path / "spool"),
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SECRETS_DIR", raising=False)
    clock = TestClock(thursday_at(19))
    sys_ = System({**service_env, **env}, ports, clock, partner)
    proxy = web.AppRunner(
        create_proxy({n: f"http://127.0.0.1:{p}" for n, p in ports.items()}), access_log=None
    )
    await proxy.setup()
    await web.TCPSite(proxy, "127.0.0.1", ports["proxy"]).start()
    for name in ("simulator", "notifier", "outreach", "triage", "ingress"):
        await sys_.start(name)
    for name in ("ingress", "triage", "outreach", "notifier"):
        await sys_.ready(name)
    yield sys_
    for name in list(sys_.runners):
        await sys_.stop(name)
    await proxy.cleanup()
    await partner.stop()
    os.environ.pop("PARTNER_SECRET_E2E", None)


Login = Callable[[str], Any]


class Console:
    """A counselor's browser, reduced to the JSON API behind the proxy (one origin)."""

    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base = base
        self.session = session
        self.cookie = ""
        self.csrf = ""

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> dict[str, Any]:
        async with self.session.post(
            f"{self.base}/api/auth/login", json={"username": username, "password": password}
        ) as r:
            assert r.status == 200, await r.text()
            # The cookie is Secure (`__Host-`); over the test's plain loopback HTTP we carry it by hand.
            morsel = r.cookies.get("__Host-tsunagari")
            assert morsel is not None
            self.cookie = f"__Host-tsunagari={morsel.value}"
            body: dict[str, Any] = await r.json()
            self.csrf = body["csrf_token"]
            return body

    async def call(self, method: str, path: str, json: Any = None) -> tuple[int, Any]:
        headers = {"Cookie": self.cookie}
        if method not in ("GET", "HEAD"):
            headers["X-CSRF-Token"] = self.csrf
        async with self.session.request(method, f"{self.base}{path}", json=json, headers=headers) as r:
            body = await r.json() if r.content_type == "application/json" else await r.text()
            return r.status, body


@pytest.fixture
async def console(system: System) -> AsyncIterator[Console]:
    async with aiohttp.ClientSession() as session:
        yield Console(system.url, session)
