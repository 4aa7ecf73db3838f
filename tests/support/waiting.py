"""Waiting on a condition with a deadline — the one way tests (and benchmarks) wait, never a sleep
for timing. A condition may be a plain or an async callable."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable

import aiohttp

Condition = Callable[[], bool] | Callable[[], Awaitable[bool]]


async def until(condition: Condition, timeout: float = 15.0, interval: float = 0.02) -> None:
    """Return once `condition()` is true; `TimeoutError` after `timeout` seconds."""

    async def poll() -> None:
        while True:
            result = condition()
            if await result if inspect.isawaitable(result) else result:
                return
            await asyncio.sleep(interval)

    await asyncio.wait_for(poll(), timeout)


async def http_ok(url: str, timeout: float = 30.0) -> None:
    """Return once `GET url` answers 200 (a service is up or ready)."""
    async with aiohttp.ClientSession() as session:

        async def answers() -> bool:
            try:
                async with session.get(url) as response:
                    return response.status == 200
            except aiohttp.ClientError:
                return False

        await until(answers, timeout, interval=0.05)
