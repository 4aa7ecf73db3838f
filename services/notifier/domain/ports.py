"""The small interfaces notifier's workflows depend on, implemented by adapters (or by tests' fakes):
the clock, the publisher, the LINE Messaging API and the webhook sender, and what each answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.notifier.domain.line_rules import Method
from shared.events import Envelope

Clock = Callable[[], datetime]
"""Returns the current, timezone-aware time; tests inject a fixed or stepped one."""


class Publisher(Protocol):
    """Publishes one envelope and returns once the broker confirmed it; raises `PublishFailed`
    otherwise (also before the broker first answered: the caller retries or leaves it to its outbox)."""

    async def publish(self, envelope: Envelope) -> None: ...


class SupervisedPublisher(Publisher, Protocol):
    """A publisher that also says whether the broker is connected right now, so work that can wait
    in MongoDB (finished alerts' results) is not even tried while it is away."""

    @property
    def connected(self) -> bool: ...


@dataclass(frozen=True)
class Answer:
    """What one Messaging API call came back with; `status` None when nothing came back."""

    status: int | None
    message: str = ""
    line_request_id: str | None = None
    error_class: str | None = None


class LineSender(Protocol):
    """The Messaging API reduced to one call (`adapters/line_api.py`): send, get an answer."""

    async def send(
        self,
        method: Method,
        *,
        to: str,
        reply_token: str | None,
        messages: list[dict[str, Any]],
        silent: bool,
        retry_key: str,
    ) -> Answer: ...


@dataclass(frozen=True)
class WebhookAnswer:
    """What one webhook attempt came back with."""

    status: int | None  # None: no answer (timeout, refused connection)
    latency_s: float
    error_class: str | None = None
    retry_after_s: float | None = None
    refused: str | None = None  # the partner URL policy's reason: nothing was sent (a final failure)


class WebhookSender(Protocol):
    """Sends one signed webhook (`adapters/webhook_sender.py`) and tells what came back."""

    async def send(self, url: str, secret: str, webhook_id: str, body: str) -> WebhookAnswer: ...
