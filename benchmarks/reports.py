"""The reports at the issue's size: a fiscal year of 100,000 cases and 1,000,000 messages.

1. the year's events (services/reports/demo/year.py, scaled) are put in the reports' archive;
2. **rebuild**: the read model thrown away and made again from the archive (workflows/rebuild.py);
3. **report API**: `GET /api/reports/years/{fy}` (and one CSV) through the real app and the one
   login's staff check, `--requests` times: p50 and p95 (target p95 < 200 ms);
4. for reference, a live summarising round (all facts read back from the database) and the live
   handler's cost per event on the full database.

    .venv/bin/python -m benchmarks.reports                       # in-process substitute
    .venv/bin/python -m benchmarks.reports --mongodb-url mongodb://host/?replicaSet=rs0

With the substitute every figure is the substitute's (it scans collections and copies every
document); the API's figure holds anywhere because it reads one stored document per request.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from aiohttp.test_utils import TestClient, TestServer

from services.reports.app import mount
from services.reports.bootstrap import build
from services.reports.config import Settings
from services.reports.demo.year import DemoYear
from shared.events import read_data
from shared.mongo import backend_name, create_client
from shared.staff_auth import HEADER, StaffClaims, sign_assertion

KEY = "benchmark-staff-assertion-key-0123456789"
BATCH = 10_000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


async def fill(reports: Any, demo: DemoYear) -> dict[str, int]:
    counts: dict[str, int] = {}
    batch = []
    for envelope in demo.events():
        counts[envelope.type] = counts.get(envelope.type, 0) + 1
        batch.append(envelope)
        if len(batch) == BATCH:
            await reports.stores.archive.keep_many(batch)
            batch = []
    await reports.stores.archive.keep_many(batch)
    return counts


async def api_latency(reports: Any, fiscal_year: int, requests: int) -> dict[str, list[float]]:
    app = mount(reports, periodic=False)
    staff = StaffClaims("s-bench", "bench", "supervisor", "bench")
    paths = {"report": f"/api/reports/years/{fiscal_year}", "csv": f"/api/reports/years/{fiscal_year}/tables/monthly.csv"}
    timings: dict[str, list[float]] = {name: [] for name in paths}
    async with TestClient(TestServer(app)) as client:
        for _ in range(requests):
            for name, path in paths.items():
                from datetime import UTC, datetime

                header = {HEADER: sign_assertion(KEY, staff, method="GET", path=path, now=datetime.now(UTC))}
                started = time.perf_counter()
                answer = await client.get(path, headers=header)
                await answer.read()
                timings[name].append((time.perf_counter() - started) * 1000)
                assert answer.status == 200, answer.status
    return timings


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--fiscal-year", type=int, default=2025)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--mongodb-url", default=None)
    parser.add_argument("--sample", type=int, default=50, help="events timed through the live handler at the end")
    parser.add_argument("--live-round", action="store_true", help="also time a summarising round that reads the facts back")
    args = parser.parse_args()
    name = f"bench_reports_{uuid.uuid4().hex[:8]}"
    settings = Settings(
        pseudonym_key="benchmark-pseudonym-key", staff_assertion_key=KEY, mongodb_url=args.mongodb_url,
        mongodb_database=name, amqp_url="amqp://guest:guest@127.0.0.1:9/",
        line_add_friend_url="https://line.me/R/ti/p/@bench", reports_public_base_url="https://bench.example",
        reports_accept_demo_events=True,
    )
    client = create_client(args.mongodb_url)
    reports = build(settings, db=client[name])
    print(f"backend: {backend_name(args.mongodb_url)}; database {name}")

    def demo() -> DemoYear:
        per_case = args.messages / args.cases
        return DemoYear(args.fiscal_year, cases=args.cases, messages_per_case=per_case, friends=args.cases // 2)

    source = None
    if args.mongodb_url:
        started = time.perf_counter()
        counts = await fill(reports, demo())
        print(f"archive filled: {sum(counts.values()):,} events ({counts.get('consulter.message.received', 0):,} "
              f"messages, {counts.get('case.opened', 0):,} cases) in {time.perf_counter() - started:.1f} s")
    else:
        # mongomock's cursor is superlinear in the collection's size (20,000 documents: 2.3 s;
        # 40,000: 14.8 s), so a million-event archive cannot be read back from the substitute:
        # the rebuild folds the same events straight from the generator instead.
        async def generated() -> Any:
            for envelope in demo().events():
                yield envelope

        source = generated()
    result = await reports.rebuild.run(source)
    print(f"rebuild from events: {result.seconds:.1f} s ({result.events:,} events → {result.facts:,} facts, "
          f"years {list(result.years)}, {result.events / result.seconds:,.0f} events/s"
          f"{'' if args.mongodb_url else '; events generated in the same loop, not read from an archive'})")
    report = await reports.stores.summaries.year(args.fiscal_year)
    assert report is not None
    head = report["headline"]
    print(f"FY{args.fiscal_year}: consultations {head['consultations']:,}, messages {head['messages']:,}, "
          f"friends {head['friends_registered']:,}")
    timings = await api_latency(reports, args.fiscal_year, args.requests)
    for label, values in timings.items():
        print(f"API {label}: {len(values)} requests, p50 {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms")
    if args.live_round:
        started = time.perf_counter()
        await reports.summariser.refresh(force=True)
        print(f"live summarising round (facts read back, every year recomputed): {time.perf_counter() - started:.1f} s")
    sample = list(DemoYear(args.fiscal_year, cases=200, seed=99).events())[: args.sample]
    started = time.perf_counter()
    for envelope in sample:
        await reports.handler(envelope, read_data(envelope))
    per = (time.perf_counter() - started) / len(sample) * 1000
    print(f"live handler on the full database: {per:.2f} ms per event ({len(sample)} events)")
    if args.mongodb_url:
        await client.drop_database(name)


if __name__ == "__main__":
    asyncio.run(main())
