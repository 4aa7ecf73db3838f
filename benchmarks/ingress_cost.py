"""What ingress's own work costs per webhook, in Python bytecodes: a count that load from other
processes cannot move, unlike a timing on this shared two-core machine (docs/performance.md).

    .venv/bin/python benchmarks/ingress_cost.py [--events 1]

Counts, for one signed webhook of `--events` text messages, the bytecodes each stage of ingress
runs (checking the body, building the sealed envelopes, publishing them against a broker stand-in
that confirms at once, the per-request metrics) and what the baseline runs for the same (JSON in, JSON
out, one AMQP message an event, published together). aiohttp's and aio-pika's own work, the same on
both sides, is left out. C work (JSON parsing, AES-GCM, HMAC, pydantic-core) is not
counted: it is small beside the interpreter's and shows in the timings instead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aio_pika

from benchmarks.ingress import make_body
from services.ingress.domain.webhook import to_envelopes
from services.ingress.metrics import IngressMetrics
from shared.crypto import Keyring, generate_key_spec
from shared.line_input import read_webhook
from shared.messaging.publisher import EventPublisher


def bytecodes(work: Callable[[], object], rounds: int = 50) -> float:
    """Bytecodes `work` runs, averaged over `rounds` (after one warm-up call)."""
    count = 0

    def tracer(frame: FrameType, event: str, _: Any) -> Any:
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return tracer

    work()
    sys.settrace(tracer)
    try:
        for _ in range(rounds):
            work()
    finally:
        sys.settrace(None)
    return count / rounds


class AnswersAtOnce:
    """Stands in for aiormq's channel (what aio-pika's exchange hands a message to): takes the
    frame, confirms immediately. Both sides publish through it, so what aiormq and the socket do,
    the same for both, is left out."""

    async def basic_publish(self, body: bytes, **_: Any) -> None:
        return None


class RobustChannelStandIn:
    def __init__(self, channel: AnswersAtOnce) -> None:
        self._channel = channel

    async def get_underlay_channel(self) -> AnswersAtOnce:
        return self._channel


class ExchangeStandIn:
    name = "tsunagari.events"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1)
    args = parser.parse_args()
    body, _ = make_body(args.events)
    keyring = Keyring.from_spec(generate_key_spec())
    now = datetime.now(UTC)
    webhook = read_webhook(body)
    envelopes = to_envelopes(webhook, now, keyring=keyring, pseudonym_key="cost-pseudonym-key-0")
    publisher = EventPublisher(None)  # type: ignore[arg-type]
    underlay = AnswersAtOnce()
    publisher._exchange = ExchangeStandIn()  # type: ignore[assignment]
    publisher._channel = RobustChannelStandIn(underlay)  # type: ignore[assignment]
    metrics = IngressMetrics()
    loop = asyncio.new_event_loop()

    def publish() -> None:
        loop.run_until_complete(publisher.publish_all(envelopes))

    def idle_loop_round() -> None:
        loop.run_until_complete(asyncio.sleep(0))

    def per_request_metrics() -> None:
        for event in webhook.events:
            metrics.count_received(event["type"])
        metrics.count_published("direct", len(envelopes))
        metrics.observe_ack(0.012)

    async def baseline_send(message: aio_pika.Message) -> None:
        # What aio-pika's `Exchange.publish` does before aiormq: the channel, then the properties.
        channel = await RobustChannelStandIn(underlay).get_underlay_channel()
        await channel.basic_publish(
            message.body, routing_key="line.event.received", properties=message.properties, mandatory=True
        )

    async def baseline_publish() -> None:
        await asyncio.gather(
            *(
                baseline_send(
                    aio_pika.Message(json.dumps(e).encode(), delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
                )
                for e in json.loads(body)["events"]
            )
        )

    def baseline() -> None:
        loop.run_until_complete(baseline_publish())

    stages = {
        "check the body (shared/line_input)": lambda: read_webhook(body),
        "sealed envelopes (domain/webhook)": lambda: to_envelopes(
            webhook, now, keyring=keyring, pseudonym_key="cost-pseudonym-key-0"
        ),
        "publish with a confirm deadline": publish,
        "per-request metrics": per_request_metrics,
    }
    loop_round = bytecodes(idle_loop_round)
    total = 0.0
    print(f"ingress, one webhook of {args.events} event(s), bytecodes:")
    for name, work in stages.items():
        spent = bytecodes(work) - (loop_round if work is publish else 0)
        total += spent
        print(f"  {name:40} {spent:7.0f}")
    print(f"  {'total':40} {total:7.0f}")
    print(
        f"baseline (JSON in and out, one AMQP message an event, gathered): {bytecodes(baseline) - loop_round:7.0f}"
    )


if __name__ == "__main__":
    main()
