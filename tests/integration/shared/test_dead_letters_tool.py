"""The operations tool for dead letters, against the real broker: list (no bodies), replay, discard."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import aio_pika
import pytest

from shared.messaging import Topology, service_queue

pytestmark = pytest.mark.integration
SECRET_TEXT = "今夜帰ってきたら殺される"


def ops(amqp_url: str, topology: Topology, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AMQP_URL": amqp_url, "AMQP_PREFIX": topology.prefix}
    return subprocess.run(
        [sys.executable, "-m", "shared.ops", "dead-letters", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_list_replay_and_discard_a_dead_letter(
    amqp_url: str, amqp_connection, topology: Topology
) -> None:  # type: ignore[no-untyped-def]
    channel = await amqp_connection.channel(publisher_confirms=True)
    await topology.declare_all(channel)
    spec = service_queue("triage.line-events")
    work = await channel.declare_queue(topology.queue_name(spec), passive=True)
    events, _ = await topology.declare_exchanges(channel)
    body = json.dumps({"text": SECRET_TEXT}, ensure_ascii=False).encode()
    await events.publish(
        aio_pika.Message(body=body, message_id="evt-1", type="line.event.received"),
        routing_key="line.event.received",
    )

    async def reject_from_work_queue() -> bytes:
        message = await work.get(timeout=5)
        assert message is not None
        await message.reject(requeue=False)  # what the consumer does with a poison message
        return message.body

    await reject_from_work_queue()
    dead_queue = topology.dead_queue_name(spec)

    listed = ops(amqp_url, topology, "list")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["queue"], r["message_id"], r["type"], r["reason"], r["from_queue"]) for r in rows] == [
        (dead_queue, "evt-1", "line.event.received", "rejected", topology.queue_name(spec))
    ]
    assert rows[0]["died_at"] and rows[0]["deaths"] == 1
    assert SECRET_TEXT not in listed.stdout + listed.stderr
    assert ops(amqp_url, topology, "list").stdout == listed.stdout  # listing keeps what it lists

    replayed = ops(amqp_url, topology, "replay", dead_queue, "--id", "evt-1")
    assert replayed.returncode == 0 and json.loads(replayed.stdout)["messages"] == 1
    assert await reject_from_work_queue() == body  # back where it was consumed, unchanged

    assert ops(amqp_url, topology, "discard", dead_queue, "--id", "no-such-id").returncode == 1
    discarded = ops(amqp_url, topology, "discard", dead_queue, "--id", "evt-1")
    assert discarded.returncode == 0 and json.loads(discarded.stdout)["messages"] == 1
    assert ops(amqp_url, topology, "list").stdout == ""


def test_only_dead_letter_queues_are_touched(amqp_url: str, topology: Topology) -> None:
    refused = ops(
        amqp_url, topology, "discard", topology.queue_name(service_queue("triage.line-events")), "--id", "x"
    )
    assert refused.returncode == 2 and "not a dead-letter queue" in refused.stderr
