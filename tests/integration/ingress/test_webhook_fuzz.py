"""A bounded fuzz of `POST /line/webhook` with signed bodies (issue 15, "keep it true").

Hypothesis builds at least 1,000 webhooks a run, most shaped like LINE's and filled with what a
probe would try (lone surrogates, huge or non-finite numbers, deep nesting, long ids and types,
odd keys), some as broken bytes; each is signed with the channel secret and posted to ingress on the
real broker. No answer may be a 5xx; a 400 must name a known reason; and what reaches the broker
must be exactly the events the 200s accepted — nothing of a refused request, nothing spooled or
quarantined. Runs in a few seconds (a single event loop, confirms from the local broker).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, get_args

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.ingress.app import Settings, create_app
from services.ingress.context import INGRESS
from shared.line_input import KNOWN_EVENT_TYPES, Reason
from shared.messaging import SERVICE_QUEUES, Topology, connect, service_queue
from tests.support.events import delete_topology
from tests.support.line import CHANNEL_SECRET, sign
from tests.support.sealing import TEST_KEYS
from tests.support.waiting import until

pytestmark = pytest.mark.integration

CASES = 1000
REASONS = set(get_args(Reason))


class Raw:
    """JSON text written into the body as it is, where json.dumps cannot go: deep nesting, numbers of
    thousands of digits, NaN and Infinity (a marker string stands in for it until then)."""

    def __init__(self, text: str) -> None:
        self.marker = f"__raw_{uuid.uuid4().hex}__"
        self.text = text


# What a probe puts into a field: any code point (lone surrogates too), long strings, integers past
# 64 bits, floats, small JSON values, and raw JSON text.
texts = st.text(st.characters(codec=None), max_size=16)
probe_values = st.one_of(
    texts,
    st.integers(100, 2000).map(lambda n: "長" * n),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.recursive(st.none() | st.booleans() | texts, lambda inner: st.lists(inner, max_size=3), max_leaves=4),
    st.dictionaries(texts, texts, max_size=2),
    st.one_of(
        st.integers(20, 800).map(lambda depth: "[" * depth + "]" * depth),
        st.integers(18, 6000).map(lambda digits: "9" * digits),
        st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-0", "1E-400", "[[[[[[[[]]]]]]]]"]),
    ).map(Raw),
)
# Where it goes: LINE's fields, known and new.
FIELDS = (
    ("type",),
    ("webhookEventId",),
    ("replyToken",),
    ("timestamp",),
    ("mode",),
    ("source", "userId"),
    ("source", "type"),
    ("deliveryContext", "isRedelivery"),
    ("message", "text"),
    ("message", "id"),
    ("message", "emojis"),
    ("postback", "data"),
    ("newField",),
    ("newId",),
)
EVENT_TYPES = sorted(KNOWN_EVENT_TYPES)


def line_event(n: int, event_type: str) -> dict[str, Any]:
    """A well-formed event of `event_type`, the base a case changes."""
    return {
        "type": event_type,
        "mode": "active",
        "timestamp": 1764300000000 + n,
        "source": {"type": "user", "userId": f"U{n:032x}"},
        "webhookEventId": f"01FUZZ{uuid.uuid4().hex[:20].upper()}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        "message": {"id": str(n), "type": "text", "text": "こんばんは"},
    }


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """A LINE-shaped body with up to three fields changed by a probe (or left as it is), now and
    then written without ASCII escapes, cut short or with a byte changed."""
    events = [line_event(n, draw(st.sampled_from(EVENT_TYPES))) for n in range(draw(st.integers(0, 3)))]
    raws: list[Raw] = []
    destination: Any = "Ubot"
    for _ in range(draw(st.integers(0, 3))):
        value = draw(probe_values)
        if isinstance(value, Raw):
            raws.append(value)
            value = value.marker
        # Hypothesis leans to small integers: 0 is the usual path, the highest the rare one.
        if not events or draw(st.integers(0, 9)) == 9:
            destination = value
            continue
        target = events[draw(st.integers(0, len(events) - 1))]
        *parents, key = draw(st.sampled_from(FIELDS))
        for parent in parents:
            target = target.setdefault(parent, {})
        target[key] = value
    text = json.dumps({"destination": destination, "events": events}, ensure_ascii=draw(st.booleans()))
    for raw in raws:
        text = text.replace(json.dumps(raw.marker), raw.text)
    body = text.encode("utf-8", "surrogatepass")
    mutation = draw(st.integers(0, 19))
    if mutation == 18:
        body = body[: draw(st.integers(0, len(body)))]
    elif mutation == 19:
        at = draw(st.integers(0, len(body) - 1))
        body = body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1 :]
    return body


async def _queued(amqp_url: str, topology: Topology) -> int:
    connection = await connect(amqp_url, name="fuzz-count")
    channel = await connection.channel()
    queue = await channel.declare_queue(
        topology.queue_name(service_queue("triage.line-events")), passive=True
    )
    count = queue.declaration_result.message_count or 0
    await connection.close()
    return count


def test_signed_webhooks_never_get_a_5xx_and_refused_ones_publish_nothing(
    amqp_url: str, tmp_path: Path
) -> None:
    topology = Topology(prefix=f"t{uuid.uuid4().hex[:10]}.", queue_type="classic")
    service = Settings(
        line_channel_secret=CHANNEL_SECRET,
        encryption_keys=TEST_KEYS,
        pseudonym_key="fuzz-pseudonym-key-0123",
        amqp_url=amqp_url,
        amqp_prefix=topology.prefix,
        amqp_queue_type="classic",
        spool_dir=tmp_path / "spool",
        log_level="ERROR",
    )
    loop = asyncio.new_event_loop()
    client: TestClient[Any, Any] | None = None
    statuses: Counter[int] = Counter()
    reasons: Counter[str] = Counter()
    accepted = 0

    async def start() -> TestClient[Any, Any]:
        started: TestClient[Any, Any] = TestClient(TestServer(create_app(service)))
        await started.start_server()
        await until(lambda: started.server.app[INGRESS].broker.connected, timeout=10)
        return started

    async def post(body: bytes) -> tuple[int, Any]:
        assert client is not None
        response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})
        return response.status, await response.json()

    @settings(
        max_examples=CASES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(body=bodies())
    def one_case(body: bytes) -> None:
        nonlocal accepted
        status, answer = loop.run_until_complete(post(body))
        statuses[status] += 1
        assert status < 500, answer
        if status == 200:
            accepted += answer["accepted"]
        else:
            assert status in (400, 401), answer
            reasons[answer["error"]["code"]] += 1
            assert answer["error"]["code"] in REASONS | {"bad_signature"}

    try:
        client = loop.run_until_complete(start())
        one_case()
        ctx = client.server.app[INGRESS]
        assert ctx.spool.is_empty() and ctx.spool.quarantined_files == 0
        published = loop.run_until_complete(_queued(amqp_url, topology))
    finally:
        if client is not None:
            loop.run_until_complete(client.close())
        loop.run_until_complete(_cleanup(amqp_url, topology))
        loop.close()

    print(
        f"fuzz: {sum(statuses.values())} signed webhooks, statuses {dict(statuses)}, refusals {dict(reasons)}"
    )
    assert sum(statuses.values()) >= CASES
    assert statuses[200] > 100 and statuses[400] > 100  # both sides of the line were explored
    assert published == accepted  # every accepted event, and nothing of the refused requests


async def _cleanup(amqp_url: str, topology: Topology) -> None:
    connection = await connect(amqp_url, name="fuzz-cleanup")
    try:
        await delete_topology(connection, topology, {topology.queue_name(s) for s in SERVICE_QUEUES})
    finally:
        await connection.close()
