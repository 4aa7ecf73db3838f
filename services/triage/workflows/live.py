"""The console's live stream inside one triage process: notices in, each subscriber's view out.

- `LiveHub` numbers every notice (`<boot>.<seq>`, the SSE event id), keeps the last `buffer` of
  them so a browser that reconnects with `Last-Event-ID` gets what it missed, and hands each open
  stream the view its staff member may see (domain/live.py). An id from another process or older
  than the buffer cannot be replayed: the stream says `resync` and the page reads everything again.
- `LiveNotices` is how the rest of triage announces a change: through the broker to every triage
  process when connected (adapters/live_fanout.py), else straight to this process's hub.
- `NoticingPublisher` wraps triage's publisher: every event confirmed by the broker (which triage
  publishes only after its writes) becomes a notice, so no call site has to remember to announce.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import structlog

from services.triage.adapters.case_history import CaseHistory
from services.triage.domain.live import CaseState, Notice, notice_of, view_for
from services.triage.domain.ports import Publisher
from shared.events import Envelope

log = structlog.get_logger(__name__)
QUEUE_LIMIT = 256  # a stream this far behind is told to resync rather than held in memory


@dataclass(frozen=True, slots=True)
class Stamped:
    id: str
    seq: int
    notice: Notice
    state: Any


@dataclass(eq=False)
class Subscriber:
    user_id: str
    role: str
    queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT)
    )

    def offer(self, stamped: Stamped) -> None:
        view = view_for(self.user_id, self.role, stamped.notice, stamped.state)
        if view is None:
            return
        try:
            self.queue.put_nowait((stamped.id, view))
        except asyncio.QueueFull:  # a stuck connection: drop its backlog, the page re-reads
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait((stamped.id, {"kind": "resync"}))


class LiveHub:
    def __init__(self, cases: CaseHistory, *, buffer: int = 2048) -> None:
        self.boot = uuid.uuid4().hex[:12]
        self._cases = cases
        self._seq = 0
        self._recent: deque[Stamped] = deque(maxlen=buffer)
        self._subscribers: set[Subscriber] = set()

    @property
    def last_id(self) -> str:
        return f"{self.boot}.{self._seq}"

    @property
    def open_streams(self) -> int:
        return len(self._subscribers)

    async def receive(self, notice: Notice) -> None:
        state = notice.state or await self._cases.live_state(notice.case_id)
        self._seq += 1
        stamped = Stamped(f"{self.boot}.{self._seq}", self._seq, notice, state)
        self._recent.append(stamped)
        for subscriber in list(self._subscribers):
            subscriber.offer(stamped)

    def subscribe(self, user_id: str, role: str) -> Subscriber:
        subscriber = Subscriber(user_id, role)
        self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    def missed(self, subscriber: Subscriber, last_event_id: str) -> bool:
        """Queue what `subscriber` missed since `last_event_id`; False when that cannot be known."""
        boot, _, seq = last_event_id.partition(".")
        if boot != self.boot or not seq.isdigit():
            return False
        since = int(seq)
        if since > self._seq or (self._recent and since < self._recent[0].seq - 1):
            return False
        if not self._recent and since < self._seq:
            return False
        for stamped in self._recent:
            if stamped.seq > since:
                subscriber.offer(stamped)
        return True

    def close(self) -> None:
        """End every open stream (the process is stopping)."""
        for subscriber in list(self._subscribers):
            subscriber.queue.put_nowait(None)


class Fanout(Protocol):
    async def publish(self, notice: Notice) -> bool:
        """To every triage process (this one included); False when the broker is not there."""


class LiveNotices:
    def __init__(self, hub: LiveHub, fanout: Fanout, cases: CaseHistory) -> None:
        self._hub = hub
        self._fanout = fanout
        self._cases = cases

    async def announce(self, notices: Iterable[Notice | None]) -> None:
        """Never raises: a notice is a hint for open pages; the change itself is already stored.
        The case's state goes with its notices, read once here for all of this batch's notices of
        a case (or remembered from the write), not once per notice in every triage process."""
        states: dict[str, CaseState | None] = {}
        for notice in notices:
            if notice is None:
                continue
            try:
                if notice.case_id not in states:
                    states[notice.case_id] = await self._cases.live_state(notice.case_id)
                notice = replace(notice, state=states[notice.case_id])
                if not await self._fanout.publish(notice):
                    await self._hub.receive(notice)
            except Exception:
                log.exception("live_notice_failed", kind=notice.kind)


class NoticingPublisher:
    """A `Publisher` that announces each confirmed event to the console's live stream."""

    def __init__(self, inner: Publisher, live: LiveNotices) -> None:
        self._inner = inner
        self._live = live

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        batch = list(envelopes)
        await self._inner.publish_all(batch)
        await self._live.announce(notice_of(e.type, e.data) for e in batch)
