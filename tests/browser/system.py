"""The whole system for the browser suite: every service on free ports behind the dev proxy (one
origin, as `python -m services all` runs it), a private broker topology, the in-process MongoDB
substitute, seeds where intake is always open and outreach staff always work, and the wall clock
or a test's own (the browser's own clock is real).

A module of browser tests shares one system: starting it costs seconds, and each test works with
its own consulter of the simulator (A–E), so the tests stay independent of one another.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from aiohttp import web

from services.dev_proxy import create_proxy
from shared.crypto import generate_key_spec
from shared.events import utcnow
from shared.messaging import SERVICE_QUEUES, Topology, connect
from shared.mongo import reset_substitute
from tests.e2e.conftest import ACCESS_TOKEN, CHANNEL_SECRET, DEMO_PASSWORD, ROOT, System, free_port
from tests.support.events import delete_topology
from tests.support.partner_receiver import PartnerReceiver

ALWAYS_OPEN = {
    "timezone": "Asia/Tokyo",
    "sessions": [
        {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "00:00", "last_intake": "23:59", "closes": "23:59"}
    ],
}
ALL_DAY = [{"day": day, "start": "00:00", "end": "00:00"} for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]


class WallClock:
    def __call__(self) -> Any:
        return utcnow()


def write_seeds(target: Path, partner: PartnerReceiver, on_shift: set[str]) -> None:
    """The repository's seeds; intake open all day, every day; staff in `on_shift` working all
    week (the others never, so their cases wait for a take); partners at the test's receiver."""
    shutil.copytree(ROOT / "seeds", target)
    (target / "hours.yaml").write_text(yaml.safe_dump(ALWAYS_OPEN), encoding="utf-8")
    (target / "holidays.yaml").write_text("holidays: []\nclosures: []\n", encoding="utf-8")
    outreach = yaml.safe_load((target / "outreach_staff.yaml").read_text(encoding="utf-8"))
    for member in outreach["staff"]:  # outreach staff work every day, all day, like the open hours
        member["days"], member["hours"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00-24:00"
    (target / "outreach_staff.yaml").write_text(yaml.safe_dump(outreach, allow_unicode=True), encoding="utf-8")
    roster = yaml.safe_load((target / "counselors.yaml").read_text(encoding="utf-8"))
    for person in roster["counselors"]:
        person["shifts"] = ALL_DAY if person["id"] in on_shift else []
    (target / "counselors.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    partners = yaml.safe_load((target / "partners.yaml").read_text(encoding="utf-8"))
    for entry in partners:
        entry["url"], entry["secret"] = partner.url, "env:PARTNER_SECRET_E2E"
    (target / "partners.yaml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")


@contextlib.asynccontextmanager
async def running_system(
    amqp_url: str, mongodb_url: str | None, tmp: Path, *, on_shift: set[str], clock: Any = None, **env: str
) -> AsyncIterator[System]:
    """`clock`: the services' clock (default the wall clock; the browser's own clock is always real)."""
    reset_substitute()
    topology = Topology(prefix=f"b{uuid.uuid4().hex[:10]}.", queue_type="classic")
    partner = PartnerReceiver()
    await partner.start()
    ports = {n: free_port() for n in ("ingress", "triage", "outreach", "notifier", "simulator", "proxy")}
    write_seeds(tmp / "seeds", partner, on_shift)
    settings = {
        "AMQP_URL": amqp_url,
        "AMQP_PREFIX": topology.prefix,
        "AMQP_QUEUE_TYPE": "classic",
        "PSEUDONYM_KEY": "browser-pseudonym-key-0123456789",
        "STAFF_ASSERTION_KEY": "browser-staff-assertion-key-0123456789abcdef",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": f"http://127.0.0.1:{ports['simulator']}",
        "SIMULATOR_INGRESS_URL": f"http://127.0.0.1:{ports['proxy']}/line/webhook",
        "ENCRYPTION_KEYS": generate_key_spec("k1"),
        "PARTNER_SECRET_E2E": partner.secret,
        "ALLOW_INSECURE_LOOPBACK": "true",
        "ALERT_RETRY_SCALE": "0.001",
        "SEEDS_DIR": str(tmp / "seeds"),
        "SPOOL_DIR": str(tmp / "spool"),
        "DEMO_PASSWORD": DEMO_PASSWORD,
        **env,
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in settings.items():
            patch.setenv(key, value)
        for key in ("SECRETS_DIR", *(() if mongodb_url else ("MONGODB_URL",))):
            patch.delenv(key, raising=False)
        if mongodb_url:
            patch.setenv("MONGODB_URL", mongodb_url)
        system = System(settings, ports, clock or WallClock(), partner)
        proxy = web.AppRunner(create_proxy({n: f"http://127.0.0.1:{p}" for n, p in ports.items()}), access_log=None)
        await proxy.setup()
        await web.TCPSite(proxy, "127.0.0.1", ports["proxy"]).start()
        try:
            for name in ("simulator", "notifier", "outreach", "triage", "ingress"):
                await system.start(name)
            for name in ("ingress", "triage", "outreach", "notifier"):
                await system.ready(name)
            yield system
        finally:
            for name in list(system.runners):
                await system.stop(name)
            await proxy.cleanup()
            await partner.stop()
            connection = await connect(amqp_url, name="browser-cleanup")
            try:
                names = {topology.queue_name(spec) for spec in SERVICE_QUEUES}
                await delete_topology(connection, topology, names)
            finally:
                await connection.close()


async def sim(system: System, method: str, path: str, json: Any = None) -> Any:
    """The simulator's control API (what a consulter's phone did, failures to inject)."""
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, f"{system.simulator}{path}", json=json) as response,
    ):
        assert response.status < 300, await response.text()
        return await response.json()


async def consulter_id(system: System, letter: str) -> str:
    listing = await sim(system, "GET", "/_sim/consulters")
    return next(c["user_id"] for c in listing["consulters"] if c["display_name"].endswith(letter))
