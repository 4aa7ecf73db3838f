"""`/api/reports/channels`: the publicity channels, each linked one's public friend-add link, and its
printable QR code (SVG and PNG) for the card or sticker (supervisors and admins)."""

from __future__ import annotations

from aiohttp import web

from services.reports.adapters.qr import qr_png, qr_svg
from shared.intake_options import Channel, ChannelRegistry
from shared.web.errors import api_error
from shared.web.respond import respond
from shared.web.staff import require_role

ROLES = ("supervisor", "admin")


class ChannelRoutes:
    def __init__(self, *, channels: ChannelRegistry, public_base_url: str) -> None:
        self._channels = channels
        self._base = public_base_url.rstrip("/")

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/reports/channels", self.list_channels),
            web.get("/api/reports/channels/{channel}/qr.svg", self.svg),
            web.get("/api/reports/channels/{channel}/qr.png", self.png),
        ]

    def link_url(self, channel: Channel) -> str | None:
        return f"{self._base}/r/{channel.link}" if channel.link else None

    def _linked(self, request: web.Request) -> tuple[Channel, str]:
        require_role(request, *ROLES)
        channel = self._channels.get(request.match_info["channel"])
        url = self.link_url(channel) if channel else None
        if channel is None or url is None:
            raise api_error(404, "no_link", "That channel has no friend-add link.")
        return channel, url

    async def list_channels(self, request: web.Request) -> web.Response:
        require_role(request, *ROLES)
        items = [
            {
                "id": c.id,
                "label": c.label,
                "quick_label": c.quick_label,
                "link_url": self.link_url(c),
                "qr_svg": f"/api/reports/channels/{c.id}/qr.svg" if c.link else None,
                "qr_png": f"/api/reports/channels/{c.id}/qr.png" if c.link else None,
            }
            for c in self._channels.channels
        ]
        return respond({"channels": items})

    async def svg(self, request: web.Request) -> web.Response:
        channel, url = self._linked(request)
        return web.Response(body=qr_svg(url, channel.label), content_type="image/svg+xml")

    async def png(self, request: web.Request) -> web.Response:
        _, url = self._linked(request)
        return web.Response(body=qr_png(url), content_type="image/png")
