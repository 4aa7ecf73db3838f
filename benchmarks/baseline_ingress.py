"""The benchmark's baseline: an aiohttp handler that only verifies the HMAC and publishes each event
with a confirm (concurrently, confirms awaited together). Ingress is measured against this."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import sys

import aio_pika
from aiohttp import web


async def main(port: int) -> None:
    secret = os.environ["LINE_CHANNEL_SECRET"].encode()
    prefix = os.environ.get("AMQP_PREFIX", "")
    connection = await aio_pika.connect_robust(os.environ["AMQP_URL"])
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.declare_exchange(
        f"{prefix}tsunagari.events", aio_pika.ExchangeType.TOPIC, durable=True
    )

    async def webhook(request: web.Request) -> web.Response:
        body = await request.read()
        expected = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(expected, request.headers.get("x-line-signature", "")):
            return web.Response(status=401)
        events = json.loads(body)["events"]
        await asyncio.gather(
            *(
                exchange.publish(
                    aio_pika.Message(json.dumps(e).encode(), delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key="line.event.received",
                )
                for e in events
            )
        )
        return web.Response(text="ok")

    async def health(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/line/webhook", webhook)
    app.router.add_get("/healthz", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
