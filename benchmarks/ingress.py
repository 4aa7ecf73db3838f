"""Ingress throughput and ack latency against a verify-and-confirm baseline, same broker, same load.

    .venv/bin/python benchmarks/ingress.py [--seconds 5] [--concurrency 1 8 32 64]
    .venv/bin/python benchmarks/ingress.py --pairs 3 --concurrency 32 --events 1 5 --slice 1
    .venv/bin/python benchmarks/ingress.py ... --ingress-from ../checkout-of-an-older-commit

The second form is how the target is judged (issue 16): N paired runs per point, ingress and the
baseline back to back (which goes first alternates), then the median of the N throughput ratios and
of the N p99 ratios, with the load average before and after (the machine is shared). With
`--slice S` each run of a pair is cut into slices of S seconds taken in turn (ingress, baseline,
ingress, ...), so a burst of load from elsewhere falls on both alike.

Starts ingress (`python -m services ingress`) and the baseline as separate processes against
AMQP_URL (default: local RabbitMQ) with a private name prefix, posts signed webhooks of 1 and 5
events at rising concurrency, prints events/s and p50/p99 ack latency for both, their ratios, and
ingress's RSS; then removes its queues.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._load import delete_topology, http_load, median, rss_mb, start_process, wait_http
from shared.crypto import generate_key_spec
from shared.messaging import Topology

SECRET = "bench-channel-secret"


def make_body(events_per_request: int) -> tuple[bytes, dict[str, str]]:
    events = [
        {
            "type": "message",
            "mode": "active",
            "timestamp": 1764300000000,
            "source": {"type": "user", "userId": "U" + uuid.uuid4().hex},
            "webhookEventId": uuid.uuid4().hex.upper(),
            "deliveryContext": {"isRedelivery": False},
            "replyToken": uuid.uuid4().hex,
            "message": {
                "id": "1",
                "type": "text",
                "text": "こんばんは、相談したいことがあります",
                "quoteToken": "q",
            },
        }
        for _ in range(events_per_request)
    ]
    body = json.dumps({"destination": "Ubench", "events": events}).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return body, {"x-line-signature": signature, "Content-Type": "application/json"}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("--events", type=int, nargs="+", default=[1, 5])
    parser.add_argument("--pairs", type=int, default=0, help="paired runs per point; print their medians")
    parser.add_argument("--slice", type=float, default=0.0, help="interleave a pair's runs in slices of S s")
    parser.add_argument(
        "--ingress-from", type=Path, default=None, help="run the ingress of another checkout (before/after)"
    )
    args = parser.parse_args()
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    topology = Topology(prefix=f"bench{uuid.uuid4().hex[:6]}.")
    env = {
        "AMQP_URL": amqp_url,
        "AMQP_PREFIX": topology.prefix,
        "LINE_CHANNEL_SECRET": SECRET,
        "PSEUDONYM_KEY": "bench-pseudonym-key-000",
        "ENCRYPTION_KEYS": generate_key_spec("kbench"),
        "LOG_LEVEL": "WARNING",
        "SPOOL_DIR": tempfile.mkdtemp(prefix="ingress-spool-"),
    }
    ingress = start_process(
        ["-m", "services", "ingress", "--host", "127.0.0.1", "--port", "18081"],
        env,
        **({"cwd": args.ingress_from} if args.ingress_from else {}),
    )
    baseline = start_process(["benchmarks/baseline_ingress.py", "18082"], env)
    try:
        await wait_http("http://127.0.0.1:18081/readyz")
        await wait_http("http://127.0.0.1:18082/healthz")
        print(
            f"ingress benchmark: {os.cpu_count()} cores, {args.seconds:.0f} s per point, broker {amqp_url.split('@')[-1]}"
        )
        if args.pairs:
            await paired(args, ingress.pid)
        else:
            await table(args, ingress.pid)
    finally:
        ingress.terminate()
        baseline.terminate()
        ingress.wait()
        baseline.wait()
        await delete_topology(amqp_url, topology)


async def run_point(name: str, events: int, concurrency: int, seconds: float) -> Any:
    port = {"ingress": 18081, "baseline": 18082}[name]
    return await http_load(
        f"http://127.0.0.1:{port}/line/webhook",
        lambda: make_body(events),
        concurrency=concurrency,
        seconds=seconds,
    )


async def table(args: argparse.Namespace, ingress_pid: int) -> None:
    print(
        f"{'ev/req':>6} {'conc':>5} | {'ingress ev/s':>12} {'p50 ms':>7} {'p99 ms':>7} | "
        f"{'baseline ev/s':>13} {'p50 ms':>7} {'p99 ms':>7} | {'thr ratio':>9} {'p99 ratio':>9}"
    )
    peak_rss = 0.0
    for events in args.events:
        for concurrency in args.concurrency:
            ing = await run_point("ingress", events, concurrency, args.seconds)
            peak_rss = max(peak_rss, rss_mb(ingress_pid))
            base = await run_point("baseline", events, concurrency, args.seconds)
            print(
                f"{events:>6} {concurrency:>5} | {ing.rps * events:>12.0f} {ing.pct(50):>7.1f} {ing.pct(99):>7.1f} | "
                f"{base.rps * events:>13.0f} {base.pct(50):>7.1f} {base.pct(99):>7.1f} | "
                f"{ing.rps / base.rps:>9.2f} {ing.pct(99) / base.pct(99):>9.2f}"
                + (f"  errors={ing.errors}/{base.errors}" if ing.errors or base.errors else "")
            )
    print(f"ingress RSS: {rss_mb(ingress_pid):.0f} MB now, {peak_rss:.0f} MB peak sampled")


async def paired_run(
    order: tuple[str, str], events: int, concurrency: int, seconds: float, slice_s: float
) -> dict[str, Any]:
    """One pair: each side for `seconds`, in one go or in interleaved slices, results merged."""
    if not slice_s:
        return {name: await run_point(name, events, concurrency, seconds) for name in order}
    parts: dict[str, list[Any]] = {name: [] for name in order}
    for _ in range(max(1, round(seconds / slice_s))):
        for name in order:
            parts[name].append(await run_point(name, events, concurrency, slice_s))
    return {name: merged(runs) for name, runs in parts.items()}


def merged(runs: list[Any]) -> Any:
    first = runs[0]
    return type(first)(
        requests=sum(r.requests for r in runs),
        errors=sum(r.errors for r in runs),
        seconds=sum(r.seconds for r in runs),
        latencies=[x for r in runs for x in r.latencies],
    )


async def paired(args: argparse.Namespace, ingress_pid: int) -> None:
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for events in args.events:
        for concurrency in args.concurrency:
            throughput, p99 = [], []
            for pair in range(args.pairs):
                order = ("ingress", "baseline") if pair % 2 == 0 else ("baseline", "ingress")
                results = await paired_run(order, events, concurrency, args.seconds, args.slice)
                ing, base = results["ingress"], results["baseline"]
                throughput.append(ing.rps / base.rps)
                p99.append(ing.pct(99) / base.pct(99))
                print(
                    f"{events} ev/req, {concurrency} conns, pair {pair + 1}: ingress {ing.rps * events:.0f} ev/s "
                    f"p99 {ing.pct(99):.1f} ms; baseline {base.rps * events:.0f} ev/s p99 {base.pct(99):.1f} ms; "
                    f"ratios {throughput[-1]:.2f} / {p99[-1]:.2f}"
                    + (f"  errors={ing.errors}/{base.errors}" if ing.errors or base.errors else "")
                )
            print(
                f"{events} ev/req, {concurrency} conns: median throughput ratio {median(throughput):.2f}, "
                f"median p99 ratio {median(p99):.2f}"
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"ingress RSS: {rss_mb(ingress_pid):.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
