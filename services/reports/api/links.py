"""The channels' public friend-add links: `GET /r/<link>` counts a visit and redirects to LINE.

No login (the link is printed on cards and stickers). What is kept: one more on the channel's
counter for today (Japan time). What is not: the address, the browser, any header, the time of day;
no cookie is set and nothing is logged per visit. Prefetches (`Sec-Purpose`/`Purpose: prefetch`)
and link-preview robots are redirected without counting: they are not people opening the link.
An unknown link is a 404 and counts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from services.reports.adapters.visits import LinkVisits
from services.reports.domain.fiscal import FiscalCalendar
from shared.intake_options import ChannelRegistry

# Read to decide, never stored: link previews of chat apps and search crawlers.
ROBOTS = re.compile(r"bot|crawler|spider|preview|facebookexternalhit|slack|discord|whatsapp", re.IGNORECASE)


def _prefetch(request: web.Request) -> bool:
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower()


class ChannelLinks:
    def __init__(
        self,
        *,
        channels: ChannelRegistry,
        visits: LinkVisits,
        add_friend_url: str,
        calendar: FiscalCalendar,
        clock: Callable[[], datetime],
    ) -> None:
        self._channels = channels
        self._visits = visits
        self._add_friend_url = add_friend_url
        self._calendar = calendar
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/r/{link}", self.visit, allow_head=False)]

    async def visit(self, request: web.Request) -> web.Response:
        channel = self._channels.by_link(request.match_info["link"])
        if channel is None:
            raise web.HTTPNotFound(text="Not found")
        if not _prefetch(request) and not ROBOTS.search(request.headers.get("User-Agent", "")):
            await self._visits.count(channel.id, self._calendar.local_date(self._clock()))
        raise web.HTTPFound(
            self._add_friend_url, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
        )
