"""A partner agency's webhook endpoint for tests: verifies every delivery with `standardwebhooks`
itself (as a partner would) and records what arrived; can be told to fail for a while."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from standardwebhooks.webhooks import Webhook


def new_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


@dataclass
class Received:
    webhook_id: str
    body: dict[str, Any]
    raw: bytes
    at: float = field(default_factory=time.perf_counter)


@dataclass
class PartnerReceiver:
    secret: str = field(default_factory=new_secret)
    received: list[Received] = field(default_factory=list)
    refused: int = 0
    attempts: int = 0  # verified requests, answered or failed
    fail_with: int | None = None  # answer this status instead of 200 while set
    port: int = 0
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/alerts"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/alerts", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            Webhook(self.secret).verify(raw, dict(request.headers))
        except Exception:  # the library raises ValueError/binascii.Error too, not only its own error
            self.refused += 1
            return web.Response(status=400)
        self.attempts += 1
        if self.fail_with is not None:
            return web.Response(status=self.fail_with)
        async with self._arrived:
            self.received.append(Received(request.headers["webhook-id"], json.loads(raw), raw))
            self._arrived.notify_all()
        return web.Response(status=204)

    async def wait_count(self, count: int, timeout: float = 15.0) -> list[Received]:
        async def enough() -> None:
            async with self._arrived:
                await self._arrived.wait_for(lambda: len(self.received) >= count)

        await asyncio.wait_for(enough(), timeout)
        return self.received
