"""Committing a counselor's action on a case: the change and its events in one conditional update.

`CaseCommitter.commit` applies `update` to the case only if it still matches `query` (e.g. still
open, still hers, unchanged `version`), with the events pushed into the case's outbox by the same
write, then publishes them. `None` means the case no longer matched (closed, reassigned or changed
meanwhile): the caller refuses and nothing was stored. `published` False means the broker has not
confirmed yet: the change stands and the sweep publishes the events shortly. With `deliver=False`
the caller stores what must be readable first (a reply's text) and then calls `deliver`: the
console is told of an event only once what it describes can be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.cases import CaseRepository
from services.triage.domain.ports import Clock
from shared.events import Envelope


@dataclass(frozen=True, slots=True)
class Committed:
    case: dict[str, Any]
    published: bool


class CaseCommitter:
    def __init__(self, cases: CaseRepository, outbox: CaseOutbox, clock: Clock) -> None:
        self._cases = cases
        self._outbox = outbox
        self._clock = clock

    async def commit(
        self,
        case_id: str,
        query: dict[str, Any],
        update: dict[str, Any],
        envelopes: Sequence[Envelope],
        *,
        deliver: bool = True,
    ) -> Committed | None:
        push = self._outbox.push(case_id, envelopes, self._clock())
        doc = await self._cases.apply_if(case_id, query, update, push)
        if doc is None:
            return None
        return Committed(doc, await self._outbox.deliver(case_id, envelopes) if deliver else False)

    async def deliver(self, case_id: str, envelopes: Sequence[Envelope]) -> bool:
        """Publish events a `deliver=False` commit left in the case's outbox."""
        return await self._outbox.deliver(case_id, envelopes)
