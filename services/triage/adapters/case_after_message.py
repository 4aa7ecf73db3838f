"""What one message of hers changes on her open case, written in one round trip (issue 16).

A message touches the case four ways: its time (`last_message_at`), the level it may raise, the
next-response clock it may start, and the reply token no automatic reply used. Each has its own
conditional write (CaseRepository.touch / raise_risk, NextReplies.start_wait, ReplyTokens.offer).
Here they are decided from the case as placement read it and written together, on the condition
that the fields they were decided on are still as read (`version`, `awaiting_reply_since`,
`reply_token.received_at`). When another writer changed one of them in between, nothing of the
combined write applied, and the four conditional writes run one by one as before: the same result,
more round trips, only on a lost race. The write returns the case as it left it, which the
message's live notices carry to the consoles (so announcing it costs no read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from services.triage.adapters.case_history import CaseHistory
from services.triage.adapters.cases import CaseRepository, RiskChange, aware
from services.triage.adapters.next_reply import NextReplies
from services.triage.adapters.reply_tokens import ReplyTokens
from services.triage.domain.cases import RiskSetBy, next_case_level
from services.triage.domain.live import CaseState
from services.triage.domain.needs import merge_needs
from services.triage.risk.levels import RiskLevel

LIVE_FIELDS = {"status": 1, "risk_level": 1, "counselor_id": 1}
CACHE = "consulter_cache"
"""Her reply languages and the abusive mark, copied onto the open case (ConsulterRepository keeps
it in step), so a later message does not read `consulters` again."""


@dataclass(frozen=True, slots=True)
class MessageEffects:
    at: datetime
    assessed: RiskLevel | None = None  # this message's level, None when it had no text
    needs: tuple[str, ...] = ()
    start_wait: bool = False  # answered before: her next answer is due from `at`
    reply_token: str | None = None  # no automatic reply used it: kept for the counselor
    received_at: datetime | None = None  # when that token arrived
    cache: dict[str, Any] | None = None  # `consulter_cache` fields to set


def planned_risk(case: dict[str, Any], assessed: RiskLevel, needs: tuple[str, ...]) -> RiskChange:
    """The change `raise_risk` would make to `case` as read (only rises; a counselor's level stays)."""
    previous = RiskLevel(case["risk_level"])
    level = next_case_level(previous, RiskSetBy(case["risk_set_by"]), assessed)
    return RiskChange(previous, level, merge_needs(case.get("needs", ()), needs))


class CaseAfterMessage:
    def __init__(
        self,
        db: Any,
        cases: CaseRepository,
        next_replies: NextReplies,
        reply_tokens: ReplyTokens,
        history: CaseHistory,
    ) -> None:
        self._cases_collection = db["cases"]
        self._history = history
        self._cases = cases
        self._next_replies = next_replies
        self._reply_tokens = reply_tokens

    async def apply(self, case: dict[str, Any], effects: MessageEffects) -> RiskChange | None:
        """Write `effects` on `case` (the document placement read); the risk change made, if assessed."""
        case_id = str(case["_id"])
        query: dict[str, Any] = {"_id": case_id, "version": case["version"]}
        update: dict[str, Any] = {"$max": {"last_message_at": effects.at}}
        sets: dict[str, Any] = {}
        change = None
        if effects.assessed is not None:
            change = planned_risk(case, effects.assessed, effects.needs)
            if change.level != change.previous or list(change.needs) != list(case.get("needs", [])):
                sets |= {"risk_level": change.level.value, "risk_rank": change.level.rank, "needs": list(change.needs)}
                update["$inc"] = {"version": 1}
        if effects.start_wait:
            query["awaiting_reply_since"] = case.get("awaiting_reply_since")
            if case.get("awaiting_reply_since") is None and case.get("first_response_at") is not None:
                sets |= {"awaiting_reply_since": effects.at, "next_escalated_levels": []}
        if effects.reply_token is not None and effects.received_at is not None:
            held = case.get("reply_token")
            if held is None:
                query["reply_token"] = None
                sets["reply_token"] = self._reply_tokens.stored(case_id, effects.reply_token, effects.received_at)
            elif aware(held["received_at"]) < effects.received_at:
                query["reply_token.received_at"] = held["received_at"]
                sets["reply_token"] = self._reply_tokens.stored(case_id, effects.reply_token, effects.received_at)
        if effects.cache:
            if CACHE not in case:
                query[CACHE] = None  # not set meanwhile by a supervisor's mark (ConsulterRepository)
            sets |= {f"{CACHE}.{key}": value for key, value in effects.cache.items()}
        if sets:
            update["$set"] = sets
        after = await self._cases_collection.find_one_and_update(
            query, update, projection=LIVE_FIELDS, return_document=ReturnDocument.AFTER
        )
        if after is None:
            return await self._one_by_one(case_id, effects)
        # The live notices of this message take the case's state from here (no read to announce it).
        self._history.remember(case_id, CaseState(str(after["status"]), str(after["risk_level"]), after.get("counselor_id")))
        return change

    async def _one_by_one(self, case_id: str, effects: MessageEffects) -> RiskChange | None:
        """The case changed since it was read: each effect by its own conditional write."""
        await self._cases.touch(case_id, effects.at)
        change = None
        if effects.assessed is not None:
            change = await self._cases.raise_risk(case_id, effects.assessed, effects.needs)
        if effects.start_wait:
            await self._next_replies.start_wait(case_id, effects.at)
        if effects.reply_token is not None and effects.received_at is not None:
            await self._reply_tokens.offer(case_id, effects.reply_token, effects.received_at)
        return change
