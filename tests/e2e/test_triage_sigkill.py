"""The triage process killed with SIGKILL mid-batch and restarted: every message handled, none twice.

Triage runs here as its own process (`python -m services triage`). With the in-process MongoDB
substitute its database dies with it, so the check is what consumers downstream see: each LINE event
yields exactly one distinct `case.message.appended` id (ids are derived from the event, so a redelivery
re-publishes the same id and consumers de-duplicate it). Against a real MongoDB (MONGODB_URL), the
stored messages are counted as well: exactly one per webhookEventId.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import defaultdict

import pytest

from tests.e2e.conftest import System
from tests.e2e.test_faults import send

pytestmark = pytest.mark.e2e


def spawn_triage(system: System) -> subprocess.Popen[bytes]:
    env = {**os.environ, **system.env}
    return subprocess.Popen(  # our own interpreter and module
        [
            sys.executable,
            "-m",
            "services",
            "triage",
            "--host",
            "127.0.0.1",
            "--port",
            str(system.ports["triage"]),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_triage_sigkilled_mid_batch_then_restarted(system: System, sink_factory) -> None:
    await system.stop("triage")
    sink = await sink_factory("case.message.appended")
    triage = spawn_triage(system)
    try:
        await system.ready("triage", timeout=60)
        first = await send(system, [f"前半{i}" for i in range(10)])
        await sink.wait_for(lambda got: len(got) >= 3, timeout=30)  # it is mid-batch now
        triage.send_signal(signal.SIGKILL)
        triage.wait(timeout=10)
        rest = await send(system, [f"後半{i}" for i in range(10)])  # queued while triage is dead
        triage = spawn_triage(system)
        ids = first + rest
        await sink.wait_for(lambda got: {e.correlation_id for e in got} >= set(ids), timeout=90)
    finally:
        triage.kill()
        triage.wait(timeout=10)

    distinct: dict[str, set[str]] = defaultdict(set)
    for envelope in sink.of_type("case.message.appended"):
        distinct[envelope.correlation_id].add(envelope.id)
    assert {i: len(distinct[i]) for i in ids} == dict.fromkeys(ids, 1)

    if system.env.get("MONGODB_URL"):
        from pymongo import AsyncMongoClient

        client: AsyncMongoClient = AsyncMongoClient(system.env["MONGODB_URL"])
        docs = (
            await client["tsunagari_triage"]["messages"]
            .find({"webhook_event_id": {"$in": ids}}, {"webhook_event_id": 1})
            .to_list(None)
        )
        counts: dict[str, int] = defaultdict(int)
        for doc in docs:
            counts[doc["webhook_event_id"]] += 1
        assert dict(counts) == dict.fromkeys(ids, 1)
        await client.close()
