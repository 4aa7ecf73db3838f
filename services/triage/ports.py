"""The small interfaces triage's workflows depend on, implemented by adapters or by tests' fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol

from shared.events import Envelope

Clock = Callable[[], datetime]
"""Returns the current, timezone-aware time; tests inject a fixed or stepped one."""


class Publisher(Protocol):
    """Publishes envelopes and returns once the broker confirmed every one (EventPublisher)."""

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None: ...
