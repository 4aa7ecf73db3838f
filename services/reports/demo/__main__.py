"""`python -m services.reports.demo`: publish a realistic fiscal year of events (demo/year.py) to the
broker, as triage, notifier and outreach would, so the reports service builds a full report through
its real consumer — then open the console's 実績報告 page.

Refused unless TSUNAGARI_PROFILE=dev (`python -m services all` sets it), and the reports service
counts these events only with REPORTS_ACCEPT_DEMO_EVENTS=true (also only in development): demo
figures never reach a production report by default. `--visits N` opens the channels' public links
N times (counted today) so the channels table has visits too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
from datetime import datetime

from aiohttp import ClientSession

from services.reports.demo.year import DemoYear
from services.reports.domain.fiscal import JAPAN, FiscalCalendar
from shared.intake_options import load_channels
from shared.messaging import EventPublisher, Topology, connect


async def publish(args: argparse.Namespace) -> int:
    topology = Topology(prefix=os.environ.get("AMQP_PREFIX", ""))
    connection = await connect(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"), name="reports-demo")
    publisher = EventPublisher(connection, topology)
    await publisher.start()
    now = datetime.now(JAPAN)
    years = [DemoYear(args.fiscal_year, cases=args.cases, seed=args.seed)]
    if args.current:
        current = FiscalCalendar().year_of(now)
        years.append(DemoYear(current, cases=args.cases * 3 // 4, seed=args.seed + 1, until=now))
    sent = 0
    try:
        for demo in years:
            batch = []
            for envelope in demo.events():
                batch.append(envelope)
                if len(batch) == 200:
                    await publisher.publish_all(batch)
                    sent, batch = sent + len(batch), []
            await publisher.publish_all(batch)
            sent += len(batch)
    finally:
        await connection.close()
    return sent


async def visit_links(base_url: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    links = [c.link for c in load_channels("seeds").channels if c.link]
    weights = [1 + 3 * (i % 3) for i in range(len(links))]
    async with ClientSession() as session:
        for _ in range(count):
            link = rng.choices(links, weights)[0]
            async with session.get(f"{base_url}/r/{link}", allow_redirects=False) as answer:
                answer.release()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.reports.demo", description=__doc__)
    parser.add_argument("--fiscal-year", type=int, default=FiscalCalendar().year_of(datetime.now(JAPAN)) - 1)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--current", action="store_true", help="also the current fiscal year, up to today")
    parser.add_argument("--visits", type=int, default=0, help="open the channels' links this many times")
    parser.add_argument("--base-url", default="http://127.0.0.1:8080", help="where the links are served")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if os.environ.get("TSUNAGARI_PROFILE") != "dev":
        sys.exit("Refused: demo data only with TSUNAGARI_PROFILE=dev (never on a production broker).")
    sent = asyncio.run(publish(args))
    if args.visits:
        asyncio.run(visit_links(args.base_url, args.visits, args.seed))
    print(f"published {sent} demo events; link visits: {args.visits}")


if __name__ == "__main__":
    main()
