"""Shared pieces of the benchmarks: a bounded HTTP load loop, percentiles, process RSS."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


async def http_load(
    url: str,
    make_request: Callable[[], tuple[bytes, dict[str, str]]],
    *,
    concurrency: int,
    seconds: float,
    max_requests: int = 2_000_000,
) -> LoadResult:
    """`concurrency` workers post for `seconds` (bounded in time and count) and time each answer."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    sent = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline and sent < max_requests:
                sent += 1
                body, headers = make_request()
                started = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return LoadResult(len(latencies), errors, elapsed, latencies)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_process(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    """`cwd`: another checkout to run instead of this one (same interpreter and packages)."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_http(url: str, timeout: float = 30) -> None:
    """Until `GET url` answers 200 (the same wait the tests use)."""
    from tests.support.waiting import http_ok

    await http_ok(url, timeout)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


async def delete_topology(amqp_url: str, topology: Any) -> None:
    """Remove a benchmark's queues and exchanges (all under its own prefix) from the broker."""
    import aio_pika

    connection = await aio_pika.connect(amqp_url)
    channel = await connection.channel()
    await topology.delete_all(channel)
    await connection.close()
