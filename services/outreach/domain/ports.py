"""The ports outreach's workflows use: the clock (injected, so reminders and overdue alerts are
tested without waiting) and the publisher (confirmed publishing; `PublishFailed` means "not now")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol

from shared.events import Envelope

Clock = Callable[[], datetime]


class Publisher(Protocol):
    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        """Return once the broker confirmed every envelope; raise `PublishFailed` otherwise."""
