"""`python -m services.reports.rebuild`: throw the read model away and make it again from the archive.

Run it with the reports service stopped (its events wait in `reports.events` meanwhile and are
applied once it is back). It replays every archived event into fresh facts, replaces the fact
collections and summarises every fiscal year; the link-visit counters are kept. Prints what it did.
"""

from __future__ import annotations

import asyncio

from services.reports.bootstrap import build
from services.reports.config import Settings
from shared.config import load_settings
from shared.logging import configure_logging


async def run() -> None:
    settings = load_settings(Settings)
    configure_logging("reports-rebuild", settings.log_level, settings.log_format)
    reports = build(settings)
    result = await reports.rebuild.run()
    print(f"rebuilt from {result.events} events: {result.facts} facts, years {list(result.years)}, {result.seconds:.1f} s")


if __name__ == "__main__":
    asyncio.run(run())
