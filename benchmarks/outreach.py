"""Outreach scheduling under contention: 4 coordinators scheduling 1,000 requests against 20 staff at
once, through two outreach replicas' real API (the one login's staff check included) over one
database. Prints the double-bookings found afterwards (must be 0), the reservations that disagree
with the visits (must be 0), and the latency of a scheduling call (p50, p95, p99, max).

Each coordinator takes its share of the requests; for each it proposes a random pair of staff and
a random start (`--weeks` ahead, 8 by default, 09:00–20:00 on the half hour, 1 h visits with 30 min
travel either side: 1,000 visits fill about a third of 20 staff's time),
and on `409 staff_booked` tries another, up to `--attempts` times — every call is timed, refused
or not. Events go to an in-memory publisher unless `--amqp-url` names a broker (then they are
confirmed by it, under a private prefix that is removed afterwards).

    .venv/bin/python benchmarks/outreach.py                                 # in-process substitute
    .venv/bin/python benchmarks/outreach.py --mongodb-url mongodb://host/?replicaSet=rs0
    .venv/bin/python benchmarks/outreach.py --amqp-url amqp://guest:guest@127.0.0.1:5672/

On the substitute (no MONGODB_URL) each database call completes without yielding, so the
coordinators interleave only between calls; on a real replica set they interleave inside them too.
Either way the guarantee is the database's unique `_id` per (staff, slot), not the interleaving.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from aiohttp.test_utils import TestClient, TestServer

from services.outreach.adapters.seeds import load_outreach_seeds
from services.outreach.app import mount
from services.outreach.bootstrap import Outreach, build
from services.outreach.config import Settings
from services.outreach.domain.roster import DAYS, Roster, StaffMember
from services.outreach.domain.slots import occupancy, reservation_keys
from shared.crypto import generate_key_spec
from shared.events import (
    Envelope,
    OutreachConsent,
    RequestOutreach,
    SafeContact,
    envelope_for,
)
from shared.logging import configure_logging
from shared.mongo import backend_name, create_client
from shared.staff_auth import HEADER, StaffClaims, sign_assertion

KEY = "benchmark-staff-assertion-key-0123456789"
JST = ZoneInfo("Asia/Tokyo")


class CountingPublisher:
    def __init__(self) -> None:
        self.count = 0

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        self.count += len(list(envelopes))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def roster(size: int) -> Roster:
    every_day = frozenset(DAYS)
    staff = [
        StaffMember(f"w-{n:02d}", f"職員{n:02d}", "outreach_worker", every_day, datetime.min.time().replace(hour=8), datetime.min.time().replace(hour=22))
        for n in range(size)
    ]
    return Roster(tuple(staff))


def request(n: int, at: datetime) -> RequestOutreach:
    consent = OutreachConsent(
        help=("meet_and_talk",), contact=SafeContact(line_only=True, never_call=True), given_at=at,
        given_via="line_chat", withdrawal_explained=True,
    )
    return RequestOutreach(
        request_id=f"bench-r-{n:05d}", case_id=f"bench-k-{n:05d}", consulter_id=f"c_bench_{n:05d}",
        consent_recorded_at=at, requested_by="c-bench", consent=consent,
    )


class Coordinator:
    def __init__(self, client: TestClient[Any, Any], staff_id: str, now: datetime) -> None:
        self.client, self.staff = client, StaffClaims(staff_id, staff_id, "outreach_coordinator", staff_id)
        self.now = now  # the services' clock: fixed, so the assertions stay fresh however long it runs

    async def schedule(self, body: dict[str, Any]) -> tuple[int, str, float]:
        path = "/api/outreach/visits"
        headers = {HEADER: sign_assertion(KEY, self.staff, method="POST", path=path, now=self.now)}
        started = time.perf_counter()
        response = await self.client.post(path, json=body, headers=headers)
        answer = await response.json()
        elapsed = (time.perf_counter() - started) * 1000
        code = answer.get("error", {}).get("code", "") if response.status >= 400 else "scheduled"
        return response.status, code, elapsed


async def coordinate(
    who: Coordinator, requests: list[RequestOutreach], staff: list[str], first_day: datetime, days: int,
    attempts: int, rng: random.Random, timings: list[float], outcomes: Counter[str],
) -> None:
    for data in requests:
        for _ in range(attempts):
            day = first_day + timedelta(days=rng.randrange(days))
            start = day.replace(hour=9) + timedelta(minutes=30 * rng.randrange(23))
            pair = rng.sample(staff, 2)
            body = {
                "request_id": data.request_id,
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "staff_ids": pair,
                "place_id": "ward-office-main",
                "travel_before_min": 30,
                "travel_after_min": 30,
            }
            status, code, elapsed = await who.schedule(body)
            timings.append(elapsed)
            outcomes[code] += 1
            if status == 201:
                break
            if code != "staff_booked":
                raise AssertionError(f"unexpected answer {status} {code}")
        else:
            outcomes["gave_up"] += 1


async def double_bookings(outreach: Outreach) -> tuple[int, int]:
    """(overlapping pairs of one staff member's active visits, reservations that disagree)."""
    visits = await outreach.stores.visits.active()
    spans: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    expected: dict[str, tuple[str, int]] = {}
    for visit in visits:
        span = occupancy(visit["starts_at"], visit["ends_at"], visit["travel_before_min"], visit["travel_after_min"])
        for staff_id in visit["staff_ids"]:
            spans[staff_id].append((span.start, span.end))
        for key, _, _ in reservation_keys(visit["staff_ids"], span):
            expected[key] = (visit["_id"], visit["revision"])
    overlaps = 0
    for items in spans.values():
        items.sort()
        overlaps += sum(1 for (_, end), (start, _) in itertools.pairwise(items) if start < end)
    held = {r["_id"]: (r["visit_id"], r["revision"]) for r in await outreach.stores.reservations.all()}
    disagree = len(set(held.items()) ^ set(expected.items()))
    return overlaps, disagree


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--coordinators", type=int, default=4)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--attempts", type=int, default=30, help="tries per request before giving up")
    parser.add_argument("--weeks", type=int, default=8, help="how far ahead the visits are spread")
    parser.add_argument("--mongodb-url", default=None)
    parser.add_argument("--amqp-url", default=None, help="publish to this broker (default: in memory)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    configure_logging("benchmark", "WARNING", "console")
    name = f"bench_outreach_{uuid.uuid4().hex[:8]}"
    prefix = f"bench{uuid.uuid4().hex[:8]}."
    settings = Settings(  # type: ignore[call-arg]
        staff_assertion_key=KEY, encryption_keys=generate_key_spec("k1"), pseudonym_key="benchmark-pseudonym-key",
        mongodb_url=args.mongodb_url, mongodb_database=name,
        amqp_url=args.amqp_url or "amqp://guest:guest@127.0.0.1:9/", amqp_prefix=prefix, amqp_queue_type="classic",
    )
    seeds = load_outreach_seeds("seeds")
    seeds = type(seeds)(seeds.places, roster(args.staff), seeds.visits_per_year, seeds.years, seeds.counseling_days)
    db = create_client(args.mongodb_url)[name]
    publisher = None if args.amqp_url else CountingPublisher()
    now = datetime.now(JST).replace(minute=0, second=0, microsecond=0)
    replicas = [build(settings, db=db, seeds=seeds, publisher=publisher, clock=lambda: now) for _ in range(args.replicas)]
    print(f"backend: {backend_name(args.mongodb_url)}; broker: {args.amqp_url or 'in-memory publisher'}; database {name}")
    clients = []
    for outreach in replicas:
        app = mount(outreach, periodic=False)
        if publisher is not None:
            app.cleanup_ctx.clear()  # no broker to connect to
        client: TestClient[Any, Any] = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
    if args.amqp_url:
        await asyncio.gather(*(asyncio.wait_for(o.broker_ready.wait(), 20) for o in replicas))
    await replicas[0].stores.prepare()
    datas = [request(n, now - timedelta(days=1)) for n in range(args.requests)]
    started = time.perf_counter()
    for data in datas:
        envelope = envelope_for(data, producer="benchmark", correlation_id=data.request_id)
        await replicas[0].handlers(envelope, data)
    print(f"{len(datas):,} requests recorded in {time.perf_counter() - started:.1f} s")

    staff = [s.id for s in seeds.roster.staff]
    timings: list[float] = []
    outcomes: Counter[str] = Counter()
    first_day = (now + timedelta(days=1)).replace(hour=0)
    coordinators = [Coordinator(clients[n % len(clients)], f"o-bench-{n}", now) for n in range(args.coordinators)]
    started = time.perf_counter()
    try:
        await asyncio.gather(
            *(
                coordinate(
                    who, datas[n :: args.coordinators], staff, first_day, 7 * args.weeks, args.attempts,
                    random.Random(args.seed + n), timings, outcomes,
                )
                for n, who in enumerate(coordinators)
            )
        )
    finally:
        wall = time.perf_counter() - started
        for client in clients:
            await client.close()
    overlaps, disagree = await double_bookings(replicas[0])
    print(
        f"{args.coordinators} coordinators, {args.replicas} replicas, {args.staff} staff, {args.weeks} weeks: "
        f"{outcomes['scheduled']:,} visits scheduled, {outcomes['staff_booked']:,} refused as staff_booked, "
        f"{outcomes['gave_up']} requests given up after {args.attempts} tries, in {wall:.1f} s"
    )
    print(f"double-bookings: {overlaps}; reservations disagreeing with the visits: {disagree}")
    print(
        f"scheduling call ({len(timings):,} calls): p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, p99 {percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms"
    )
    tenth = max(1, len(timings) // 10)
    held = len(await replicas[0].stores.reservations.all())
    print(
        f"  p95 of the first tenth of the calls {percentile(timings[:tenth], 0.95):.1f} ms, of the last tenth "
        f"{percentile(timings[-tenth:], 0.95):.1f} ms ({held:,} reservations held at the end)"
    )
    if args.mongodb_url:
        await create_client(args.mongodb_url).drop_database(name)
    if overlaps or disagree:
        raise SystemExit("DOUBLE-BOOKED")


if __name__ == "__main__":
    asyncio.run(main())
