"""LINE delivery against the simulator over real HTTP: reply or push, retry key, retries, final failures."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from services.notifier.adapters.line_api import LineApi
from services.notifier.adapters.line_deliveries import LineDeliveries
from services.notifier.config import Settings
from services.notifier.domain.line_rules import retry_key
from services.notifier.metrics import Metrics
from services.notifier.workflows.line_delivery import LineDelivery, RetryLater
from shared.events import Envelope, SendLineMessage, envelope_for, read_data, utcnow
from shared.mongo import create_client
from shared.outbound_sealing import seal_outbound
from tests.integration.notifier.conftest import KEY_SPEC, KEYRING, LINE_TOKEN, Simulator, consulter
from tests.support.waiting import until

pytestmark = pytest.mark.integration


@dataclass
class Published:
    envelopes: list[Envelope] = field(default_factory=list)

    async def publish(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)


@dataclass
class Line:
    delivery: LineDelivery
    store: Any
    published: Published

    async def send(self, request: SendLineMessage) -> Envelope:
        cause = envelope_for(request, producer="triage", correlation_id="corr-1")
        await self.delivery.handle(cause, request)
        return self.published.envelopes[-1]


@pytest.fixture
async def line(simulator: Simulator, service_env: dict[str, str]) -> AsyncIterator[Line]:
    settings = Settings(  # type: ignore[call-arg]
        line_channel_access_token=LINE_TOKEN,
        line_api_base_url=simulator.url,
        encryption_keys=KEY_SPEC,
        line_request_timeout_s=0.5,
        line_backoff_initial_s=0.01,
        line_attempts=5,
        line_max_attempts=8,
    )
    db = create_client(None)[f"notifier_line_{uuid.uuid4().hex[:8]}"]
    api = LineApi(simulator.url, LINE_TOKEN, settings.line_request_timeout_s)
    published = Published()
    yield Line(
        LineDelivery(api, LineDeliveries(db), published, settings, Metrics()), db["deliveries"], published
    )
    await api.close()


def request(user: str, *, token: str | None = None, age_s: float = 1.0, **extra: Any) -> SendLineMessage:
    return SendLineMessage(
        request_id=f"req-{uuid.uuid4().hex}",
        consulter_id="c_0123456789abcdef01234567",
        line_user_id=user,
        messages=({"type": "text", "text": "お返事です"},),
        reply_token=token,
        reply_token_received_at=utcnow() - timedelta(seconds=age_s) if token else None,
        **extra,
    )


async def calls(simulator: Simulator, endpoint: str) -> list[dict[str, Any]]:
    return [
        d
        for d in (await simulator.control("GET", "/_sim/deliveries"))["deliveries"]
        if d["endpoint"] == endpoint
    ]


async def inbox(simulator: Simulator, user: str) -> list[dict[str, Any]]:
    conversation = await simulator.control("GET", f"/_sim/consulters/{user}/conversation")
    return [e for e in conversation["entries"] if e["kind"] in ("reply", "push")]


async def test_a_fresh_token_is_answered_with_the_free_reply_api(line: Line, simulator: Simulator) -> None:
    token = await simulator.reply_token(consulter("A"))
    result = await line.send(request(consulter("A"), token=token, age_s=2))
    assert result.type == "outbound.line.delivered" and result.data["method"] == "reply"
    assert [e["kind"] for e in await inbox(simulator, consulter("A"))] == ["reply"]
    assert await calls(simulator, "push") == []


async def test_a_stale_token_is_not_used_push_goes_with_the_retry_key(
    line: Line, simulator: Simulator
) -> None:
    token = await simulator.reply_token(consulter("A"))
    sent = request(consulter("A"), token=token, age_s=55)
    result = await line.send(sent)
    assert result.data["method"] == "push"
    assert await calls(simulator, "reply") == []
    [push] = await calls(simulator, "push")
    assert push["retry_key"] == retry_key(sent.request_id)


async def test_a_refused_reply_token_falls_back_to_push(line: Line, simulator: Simulator) -> None:
    token = await simulator.reply_token(consulter("A"))
    await line.send(request(consulter("A"), token=token))  # uses the token
    result = await line.send(request(consulter("A"), token=token))  # the same token again: refused
    assert result.data["method"] == "push"
    assert [e["kind"] for e in await inbox(simulator, consulter("A"))] == ["reply", "push"]


async def test_a_timed_out_push_is_retried_with_its_key_and_arrives_once(
    line: Line, simulator: Simulator
) -> None:
    # The first push is processed but answered after the client gave up; the retry meets 409.
    await simulator.control(
        "PUT", "/_sim/failure", {"mode": "slow", "count": 1, "delay_s": 2.0, "endpoints": ["push"]}
    )
    result = await line.send(request(consulter("B")))
    assert result.type == "outbound.line.delivered"
    assert result.data["attempts"] == 2
    assert [d["status"] for d in await calls(simulator, "push")] == [200, 409]
    assert len(await inbox(simulator, consulter("B"))) == 1


async def test_5xx_and_rate_limit_429_are_retried_with_backoff(line: Line, simulator: Simulator) -> None:
    await simulator.control("PUT", "/_sim/failure", {"mode": "5xx", "count": 2, "endpoints": ["push"]})
    result = await line.send(request(consulter("A")))
    assert result.data["attempts"] == 3
    await simulator.control("PUT", "/_sim/failure", {"mode": "429", "count": 1, "endpoints": ["push"]})
    result = await line.send(request(consulter("A")))
    assert result.type == "outbound.line.delivered" and result.data["attempts"] == 2


async def test_a_400_is_not_retried(line: Line, simulator: Simulator) -> None:
    result = await line.send(request("U" + "0" * 32))  # nobody: LINE answers 400
    assert result.type == "outbound.line.failed"
    assert (result.data["reason"], result.data["attempts"], result.data["status"]) == (
        "recipient_unavailable",
        1,
        400,
    )


async def test_the_monthly_quota_is_a_final_failure(line: Line, simulator: Simulator) -> None:
    await simulator.control("PUT", "/_sim/quota", {"limit": 0})
    result = await line.send(request(consulter("A")))
    assert (result.data["reason"], result.data["attempts"], result.data["status"]) == (
        "quota_exhausted",
        1,
        429,
    )


async def test_silent_messages_disable_the_notification(line: Line, simulator: Simulator) -> None:
    await line.send(request(consulter("C"), silent=True))
    [entry] = await inbox(simulator, consulter("C"))
    assert entry["notification_disabled"] is True


async def test_a_redelivered_request_is_not_sent_again(line: Line, simulator: Simulator) -> None:
    sent = request(consulter("D"))
    first, second = await line.send(sent), await line.send(sent)
    assert first.id == second.id  # the same result event, consumers de-duplicate it
    assert len(await calls(simulator, "push")) == 1


async def test_an_unreachable_line_is_retried_later_then_given_up(line: Line, simulator: Simulator) -> None:
    await simulator.control("PUT", "/_sim/failure", {"mode": "5xx", "endpoints": ["push"]})
    sent = request(consulter("A"))
    with pytest.raises(RetryLater):
        await line.send(sent)  # the consumer nacks; the message comes back
    # Meanwhile the console is told it is being retried, not that it was sent.
    [retrying] = [e for e in line.published.envelopes if e.type == "outbound.line.retry_scheduled"]
    assert (retrying.data["request_id"], retrying.data["attempts"], retrying.data["status"]) == (sent.request_id, 5, 500)
    result = await line.send(sent)  # 5 + 5 attempts > line_max_attempts (8)
    assert (result.type, result.data["reason"]) == ("outbound.line.failed", "retries_exhausted")


async def test_the_delivery_record_holds_nothing_personal(line: Line, simulator: Simulator) -> None:
    sent = request(consulter("E"))
    await line.send(sent)
    record = await line.store.find_one({"_id": sent.request_id})
    text = repr(record)
    assert record["status"] == "delivered" and record["consulter_id"] == sent.consulter_id
    assert consulter("E") not in text and "お返事です" not in text


async def test_through_rabbitmq(
    notifier: Any, simulator: Simulator, sink_factory: Any, amqp_connection: Any, topology: Any
) -> None:
    from shared.messaging import EventPublisher

    sink = await sink_factory("outbound.line.*")
    await notifier.start()
    channel = await amqp_connection.channel()
    await topology.declare_all(channel)
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    sent = request(consulter("A"))
    envelope = envelope_for(sent, producer="triage", correlation_id="corr-mq")
    await publisher.publish(seal_outbound(KEYRING, envelope))  # as triage publishes it
    [result] = await sink.wait_count("outbound.line.delivered", 1)
    assert read_data(result).request_id == sent.request_id  # type: ignore[attr-defined]
    assert result.correlation_id == "corr-mq"
    assert [e["kind"] for e in await inbox(simulator, consulter("A"))] == ["push"]


async def test_a_v1_request_in_plain_is_still_sent_and_one_sealed_with_unknown_keys_is_dead_lettered(
    notifier: Any, simulator: Simulator, sink_factory: Any, amqp_connection: Any, topology: Any
) -> None:
    """A v1 producer (before the upgrade) published in plain; a request sealed with keys notifier
    does not have cannot be opened by any retry: dead-lettered as it came, still sealed."""
    from shared.crypto import Keyring, generate_key_spec
    from shared.messaging import EventPublisher, service_queue

    sink = await sink_factory("outbound.line.*")
    await notifier.start()
    channel = await amqp_connection.channel()
    await topology.declare_all(channel)  # so what is published before the notifier consumes is kept
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    foreign = Keyring.from_spec(generate_key_spec("other"))
    unreadable = request(consulter("B"))
    await publisher.publish(seal_outbound(foreign, envelope_for(unreadable, producer="triage", correlation_id="c1")))
    old = request(consulter("C"))
    v1 = envelope_for(old, producer="triage", correlation_id="c2").model_copy(update={"version": 1})
    await publisher.publish(v1)
    [delivered] = await sink.wait_count("outbound.line.delivered", 1)
    assert delivered.data["request_id"] == old.request_id
    dead = await channel.get_queue(topology.dead_queue_name(service_queue("notifier.line-outbound")), ensure=False)
    found: list[Any] = []

    async def dead_lettered() -> bool:
        got = await dead.get(fail=False)
        if got is not None:
            found.append(got)
        return bool(found)

    await until(dead_lettered, timeout=10)
    [message] = found
    assert consulter("B").encode() not in message.body
    assert Envelope.from_bytes(message.body).data["request_id"] == unreadable.request_id
    assert await inbox(simulator, consulter("B")) == []
