"""Finding the case a consulter's message belongs to, correct with several triage processes.

The decision itself is the pure `decide_case`; this loop applies it with conditional writes and,
when another process changed the consulter's cases in between (a lost race), decides again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.triage.adapters.cases import MAX_RACES, CaseRepository, ConcurrentUpdate, view
from services.triage.domain.cases import CaseAction, decide_case
from services.triage.handlers.emit import Emitter


@dataclass(frozen=True, slots=True)
class PlacedMessage:
    case: dict[str, Any]
    opened: bool  # this LINE event opened or reopened the case (so it announces `case.opened`)
    reopened: bool


class CasePlacement:
    def __init__(self, cases: CaseRepository, reopen_window: timedelta) -> None:
        self._cases = cases
        self._window = reopen_window

    async def place(
        self,
        consulter_id: str,
        at: datetime,
        emit: Emitter,
        may_open: Callable[[], Awaitable[bool]] | None = None,
    ) -> PlacedMessage | None:
        """The case her message goes in; None when `may_open` (asked only before opening or
        reopening one) says no. A message for her open case needs no such check: its insert is."""
        cases = self._cases
        for _ in range(MAX_RACES):
            open_doc = await cases.find_open(consulter_id)
            last_closed = None if open_doc else await cases.find_last_closed(consulter_id)
            decision = decide_case(
                view(open_doc) if open_doc else None,
                view(last_closed) if last_closed else None,
                at,
                self._window,
            )
            if decision.action is CaseAction.EXTEND and open_doc is not None:
                # A retry of the event that opened or reopened this case must announce it again.
                reopened = open_doc.get("reopened_by") == emit.cause_id
                opened = reopened or open_doc.get("opened_by") == emit.cause_id
                return PlacedMessage(open_doc, opened, reopened)
            if may_open is not None and not await may_open():
                return None
            if decision.action is CaseAction.REOPEN and last_closed is not None:
                doc = await cases.reopen(last_closed, at, emit.cause_id)
                if doc is not None:
                    return PlacedMessage(doc, True, True)
                continue
            case_id = emit.derive("case")
            await cases.insert_new(case_id, consulter_id, at, emit.cause_id)
            # The id derives from this event: found means opened now or by an earlier attempt of it.
            # Not found means she has another open case (another process won): decide again.
            doc = await cases.get(case_id)
            if doc is not None:
                return PlacedMessage(doc, True, False)
        raise ConcurrentUpdate(consulter_id)
