"""Outreach records requests from the broker, once, and a closed case cancels unscheduled ones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.outreach.app import REQUESTS, Settings, create_app
from shared.events import CaseClosed, RequestOutreach, envelope_for
from shared.messaging import EventPublisher
from shared.mongo import reset_substitute
from tests.support.waiting import until

pytestmark = pytest.mark.integration


async def test_requests_recorded_once_and_cancelled_on_closure(
    service_env, amqp_connection, topology
) -> None:
    reset_substitute()
    settings = Settings(mongodb_database=f"outreach_{uuid.uuid4().hex[:6]}")
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    requests = client.server.app[REQUESTS]
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    await until(lambda: _ready(client), 10)

    request = RequestOutreach(
        request_id="or-1",
        case_id="k-1",
        consulter_id="c_1",
        consent_recorded_at=datetime.now(UTC),
        requested_by="counselor-1",
    )
    envelope = envelope_for(request, producer="triage", correlation_id="w1")
    await publisher.publish(envelope)
    await publisher.publish(envelope)  # a duplicate changes nothing
    await until(lambda: _count(requests, 1), 10)
    assert (await (await client.get("/api/outreach/requests")).json()) == {"open_requests": 1}

    closed = CaseClosed(
        case_id="k-1", consulter_id="c_1", outcome="resolved", closed_by="counselor-1", consultation=True
    )
    await publisher.publish(envelope_for(closed, producer="triage", correlation_id="w1"))
    await until(lambda: _count(requests, 0), 10)
    await client.close()


async def _ready(client: TestClient) -> bool:
    return (await client.get("/readyz")).status == 200


async def _count(requests, expected: int) -> bool:  # type: ignore[no-untyped-def]
    return len(await requests.list_open()) == expected
