"""Committing a counselor's action on a case: the change and its events in one conditional update.

`commit` applies `update` to the case only if it still matches `query` (e.g. still open, still hers,
unchanged `version`), with the events pushed into the case's outbox by the same write, then publishes
them. `None` means the case no longer matched (closed, reassigned or changed meanwhile): the caller
answers 409 and nothing was stored. `published` False means the broker has not confirmed yet: the
change stands and the sweep publishes the events shortly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo import ReturnDocument

from services.triage.context import TriageContext
from shared.events import Envelope


class ActionRefused(Exception):
    """An action that cannot apply to the case as it is (the API answers `status` with `code`)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True, slots=True)
class Committed:
    case: dict[str, Any]
    published: bool


async def commit(
    ctx: TriageContext,
    case_id: str,
    query: dict[str, Any],
    update: dict[str, Any],
    envelopes: Sequence[Envelope],
) -> Committed | None:
    write = {**update, **ctx.outbox.push(case_id, envelopes, ctx.clock())}
    if "$push" in update:  # keep the caller's own pushes beside the outbox's
        write["$push"] = {**update["$push"], **write["$push"]}
    doc: dict[str, Any] | None = await ctx.db["cases"].find_one_and_update(
        {"_id": case_id, **query}, write, return_document=ReturnDocument.AFTER
    )
    if doc is None:
        return None
    return Committed(doc, await ctx.outbox.deliver(ctx.publisher, case_id, envelopes))


def conflict(message: str = "The case changed meanwhile; reload it.") -> ActionRefused:
    return ActionRefused(409, "case_changed", message)
