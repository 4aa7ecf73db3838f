"""`link_visits`: how often each channel's friend-add link was opened, per Japan-time day.

One counter per (channel, day), `_id` = `<channel>|<YYYY-MM-DD>`. Nothing about the visitor is
written — no address, no browser, no cookie, no time finer than the day — so the counter cannot
tell anyone apart. The counters are the reports service's own observations, not derived from
events: a rebuild keeps them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.reports.domain.year import Visit


class LinkVisits:
    def __init__(self, db: Any) -> None:
        self._visits = db["link_visits"]

    async def count(self, channel: str, day: date) -> None:
        await self._visits.update_one(
            {"_id": f"{channel}|{day.isoformat()}"},
            {"$inc": {"n": 1}, "$setOnInsert": {"channel": channel, "day": day.isoformat()}},
            upsert=True,
        )

    async def all(self) -> list[Visit]:
        docs = await self._visits.find({}).to_list(None)
        return [Visit(d["channel"], date.fromisoformat(d["day"]), int(d["n"])) for d in docs]
