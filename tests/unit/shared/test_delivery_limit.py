"""DELIVERY_LIMIT reaches every quorum queue's `x-delivery-limit` (it used to be shadowed by a
per-queue default of 10), unless a queue names its own limit."""

from typing import Any

import pytest

from shared.config import CommonSettings
from shared.messaging import QueueSpec, Topology
from shared.messaging.definitions import definitions


class RecordingChannel:
    """Just enough of an aio-pika channel to see what a declaration asks the broker for."""

    def __init__(self) -> None:
        self.queues: dict[str, dict[str, Any]] = {}

    async def declare_exchange(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return self

    async def declare_queue(self, name: str, *, durable: bool, arguments: dict[str, Any]) -> Any:
        self.queues[name] = arguments
        return self

    async def bind(self, *args: Any, **kwargs: Any) -> None:
        return None


async def test_the_setting_reaches_x_delivery_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELIVERY_LIMIT", "4")
    topology = CommonSettings(pseudonym_key="p" * 16).topology
    channel = RecordingChannel()
    await topology.declare_queue(channel, QueueSpec("tests.any", ["case.opened"]))  # type: ignore[arg-type]
    assert channel.queues["tests.any"]["x-delivery-limit"] == 4


async def test_a_queue_may_still_name_its_own_limit() -> None:
    channel = RecordingChannel()
    await Topology(delivery_limit=4).declare_queue(channel, QueueSpec("tests.own", ["x"], delivery_limit=2))  # type: ignore[arg-type]
    assert channel.queues["tests.own"]["x-delivery-limit"] == 2


def test_the_generated_definitions_use_the_setting_too() -> None:
    generated = definitions(Topology(delivery_limit=7))
    limits = {
        q["arguments"].get("x-delivery-limit") for q in generated["queues"] if not q["name"].endswith(".dead")
    }
    assert limits == {7}
