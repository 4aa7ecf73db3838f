"""Benchmark: triage in process (MongoDB substitute) against the local RabbitMQ.

Publishes `line.event.received` text messages at a fixed rate over a set of consulters and measures,
for each, the time from publishing it to receiving its `case.risk.assessed` (default) or, with
`--until assigned`, its `case.assigned` (every message from a new consulter, so each opens a case;
counselors on shift around the clock with room for all); prints throughput, p50/p95/p99 and the
process's resident memory. Targets: p95 < 50 ms to assessed and < 100 ms to assigned at 200 msgs/s;
RSS < 300 MB. Queue listing with N stored cases: `benchmarks/triage_queue.py`.

    .venv/bin/python -m benchmarks.triage --rate 200 --duration 20 --consulters 50
    .venv/bin/python -m benchmarks.triage --rate 200 --duration 10 --until assigned

Everything runs under a unique AMQP prefix, deleted at the end. The publisher and the measuring
consumer share the process (and its two cores) with triage, so the figures are pessimistic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from services.triage.adapters.seeds import resolve_seeds_dir
from services.triage.bootstrap import build
from services.triage.config import Settings
from services.triage.domain.roster import WEEKDAYS
from shared.crypto import generate_key_spec
from shared.events import Envelope, LineEventReceived, envelope_for
from shared.logging import configure_logging
from shared.messaging import EventPublisher, Topology, connect

TEXTS = (
    "こんにちは。少し話を聞いてもらえますか",
    "最近眠れなくて、仕事も手につかない",
    "夫にお金を渡してもらえず、生活が苦しいです",
    "毎日怒鳴られて、自分が悪いのかなと思ってしまう",
    "もう消えたいって思うことがある",
    "今夜帰ってきたら殺される",
    "ありがとうございます、少し落ち着きました",
    "子どもの夜泣きがひどくて限界です",
)


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process (Linux /proc)."""
    values = {}
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def line_event(user: str, seq: int) -> Envelope:
    now = datetime.now(UTC)
    webhook_event_id = f"01B{uuid.uuid4().hex[:23].upper()}"
    event: dict[str, Any] = {
        "type": "message",
        "mode": "active",
        "timestamp": int(now.timestamp() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": webhook_event_id,
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        "message": {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": TEXTS[seq % len(TEXTS)]},
    }
    data = LineEventReceived(
        destination="Ubench",
        event=event,
        webhook_event_id=webhook_event_id,
        is_redelivery=False,
        event_type="message",
        received_at=now,
    )
    return envelope_for(data, producer="ingress", correlation_id=webhook_event_id)


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


BENCH_ROSTER = """counselors:
""" + "".join(
    f"""  - {{id: b-{n}, username: bench{n}, display_name: B{n}, role: counselor, capacity: 1000000,
      skills: [dv, child, youth, suicide, livelihood, "lang:en"],
      shifts: [{", ".join(f'{{day: {d}, start: "00:00", end: "00:00"}}' for d in WEEKDAYS)}]}}
"""
    for n in range(4)
)


def bench_seeds() -> str:
    """The repository's seeds with four counselors on shift all week and room for every case."""
    folder = Path(tempfile.mkdtemp(prefix="triage-bench-seeds-"))
    shutil.copytree(resolve_seeds_dir("seeds"), folder, dirs_exist_ok=True)
    (folder / "counselors.yaml").write_text(BENCH_ROSTER, encoding="utf-8")
    os.environ.setdefault("DEMO_PASSWORD", secrets.token_urlsafe(16))  # nothing printed
    return str(folder)


async def run(args: argparse.Namespace) -> None:
    topology = Topology(prefix=f"bench{uuid.uuid4().hex[:8]}.")
    target_type = "case.assigned" if args.until == "assigned" else "case.risk.assessed"
    if args.until == "assigned":
        args.consulters = int(args.rate * args.duration)  # one new case per message
    settings = Settings(
        amqp_url=args.amqp_url,
        amqp_prefix=topology.prefix,
        mongodb_url=args.mongodb_url,
        log_level="WARNING",
        encryption_keys=generate_key_spec("k1"),
        pseudonym_key="benchmark-pseudonym-key",
        staff_assertion_key="benchmark-staff-assertion-key-0123456789",
        mongodb_database=f"bench_{uuid.uuid4().hex[:6]}",
        seeds_dir=bench_seeds() if args.until == "assigned" else "seeds",
    )
    runtime = build(settings)
    await runtime.start(periodic=False)
    await asyncio.wait_for(runtime.broker_ready.wait(), 30)
    connection = await connect(args.amqp_url, name="triage-benchmark")
    sent: dict[str, float] = {}
    latencies: list[float] = []
    by_second: list[tuple[float, float]] = []  # (seconds after start it was sent, latency)
    all_done = asyncio.Event()
    total = int(args.rate * args.duration)

    # A case may be assigned by another message's handler (each assigns the whole queue), so
    # `case.assigned` is matched to its message by case id, learnt from `case.opened`.
    case_sent: dict[str, float] = {}
    assigned_at: dict[str, float] = {}

    def measured(sent_at: float, arrived: float) -> None:
        latencies.append(arrived - sent_at)
        by_second.append((sent_at - start, latencies[-1]))
        if len(latencies) == total:
            all_done.set()

    async def on_assessed(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        envelope = Envelope.from_bytes(message.body)
        cause, now = envelope.causation_id, time.perf_counter()
        case_id = str(envelope.data.get("case_id"))
        if target_type == "case.assigned" and envelope.type == "case.opened" and cause in sent:
            case_sent[case_id] = sent.pop(cause)
            if case_id in assigned_at:
                measured(case_sent.pop(case_id), assigned_at.pop(case_id))
        elif target_type == "case.assigned" and envelope.type == "case.assigned":
            if case_id in case_sent:
                measured(case_sent.pop(case_id), now)
            else:
                assigned_at[case_id] = now
        elif envelope.type == target_type and cause in sent:
            measured(sent.pop(cause), now)

    channel = await connection.channel()
    events, _ = await topology.declare_exchanges(channel)
    sink = await channel.declare_queue(f"{topology.prefix}bench-sink", exclusive=True)
    # Bound to every case event, as part 2's consumers will be: today no service queue takes
    # case.opened / case.message.appended / case.risk.assessed, and a mandatory publish of an
    # unroutable event fails (see docs/triage.md, "Known gaps").
    await sink.bind(events, routing_key="case.#")
    await sink.consume(on_assessed, no_ack=True)
    publisher = EventPublisher(connection, topology)
    await publisher.start()
    users = [f"U{uuid.uuid4().hex}" for _ in range(args.consulters)]
    pending: set[asyncio.Task[None]] = set()
    start = time.perf_counter()
    for i in range(total):  # a fixed schedule: message i leaves at start + i / rate
        delay = start + i / args.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        envelope = line_event(users[i % len(users)], i)
        sent[envelope.id] = time.perf_counter()
        task = asyncio.create_task(publisher.publish(envelope))
        pending.add(task)
        task.add_done_callback(pending.discard)
    publish_seconds = time.perf_counter() - start
    try:
        await asyncio.wait_for(all_done.wait(), args.drain_timeout)
    except TimeoutError:
        pass
    elapsed = time.perf_counter() - start
    rss, peak = rss_mb()
    await report(args, total, latencies, publish_seconds, elapsed, rss, peak, target_type)
    windows(by_second, args.window)
    await publisher.close()
    await runtime.stop()
    await topology.delete_all(channel)
    await connection.close()


async def report(
    args: argparse.Namespace,
    total: int,
    latencies: list[float],
    publish_s: float,
    elapsed: float,
    rss: float,
    peak: float,
    target_type: str,
) -> None:
    ms = sorted(x * 1000 for x in latencies)
    print(f"triage benchmark: {args.rate:g} msgs/s for {args.duration:g} s over {args.consulters} consulters")
    print(f"  published {total} in {publish_s:.1f} s; measured {len(ms)} ({total - len(ms)} missing)")
    print(f"  throughput: {len(ms) / elapsed:.1f} events/s processed (wall {elapsed:.1f} s)")
    if ms:
        print(
            f"  publish → {target_type}: p50 {percentile(ms, 0.50):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms,"
            f" p99 {percentile(ms, 0.99):.1f} ms, max {ms[-1]:.1f} ms, mean {statistics.fmean(ms):.1f} ms"
        )
    target = "100" if target_type == "case.assigned" else "50"
    print(f"  process RSS: {rss:.0f} MB now, {peak:.0f} MB peak (targets: p95 < {target} ms, RSS < 300 MB)")


def windows(by_second: list[tuple[float, float]], width: float) -> None:
    """p95 per publishing window: shows whether latency grows with the stored data."""
    buckets: dict[int, list[float]] = {}
    for sent_at, latency in by_second:
        buckets.setdefault(int(sent_at // width), []).append(latency * 1000)
    for index in sorted(buckets):
        values = sorted(buckets[index])
        print(
            f"    sent {index * width:5.0f}-{(index + 1) * width:<5.0f}s: n={len(values):5d}"
            f" p50 {percentile(values, 0.5):8.1f} ms  p95 {percentile(values, 0.95):8.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=200.0, help="messages per second (default 200)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of publishing (default 20)")
    parser.add_argument("--consulters", type=int, default=50, help="distinct consulters (default 50)")
    parser.add_argument("--drain-timeout", type=float, default=60.0, help="seconds to wait for the tail")
    parser.add_argument(
        "--mongodb-url",
        default=os.environ.get("MONGODB_URL") or None,
        help="real MongoDB (default: substitute)",
    )
    parser.add_argument(
        "--until", choices=("assessed", "assigned"), default="assessed", help="the event measured to"
    )
    parser.add_argument("--window", type=float, default=5.0, help="seconds per latency window (default 5)")
    parser.add_argument(
        "--log-level", default="WARNING", help="triage's log level (INFO logs 2 lines a message)"
    )
    parser.add_argument(
        "--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    args = parser.parse_args()
    if args.rate <= 0 or args.duration <= 0 or args.consulters <= 0:
        parser.error("rate, duration and consulters must be positive")
    configure_logging("triage", args.log_level, "json")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
