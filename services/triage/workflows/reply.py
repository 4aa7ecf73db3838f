"""A counselor's reply to the consulter (`POST /api/cases/{id}/reply`).

Committed first (the sealed `outbound.line.requested` in the case's outbox, `counselor_replied`,
the next-response clock stopped), then the reply is stored in the conversation, sealed, and only
then published, so the console announces a reply it can read. The first reply of a wait sets
`first_response_at`, which stops the SLA clock. The send uses her reply token when one is still
fresh (REPLY_TOKEN_TTL_S after her last message, and unused), otherwise a push. The first reply of
a wait also announces `case.first_response.given` (its wait, level and target; whether it makes the
case a consultation) in the same commit, with an id derived from the wait, so two replies racing
for "first" announce one.

- A reply to a case still in the queue (a supervisor may answer any case) takes it first, with a
  seat like any take: an answered case must not stay waiting for someone else.
- In a **silent channel** (she said her phone may be seen; consulters.silent_channel) the reply goes
  without a notification sound, and a text with a safe-messaging word (domain/replies.py) is refused
  with the words found (422 `unsafe_words`) unless the counselor confirms she means to send it.
  Elsewhere counselors' words are not checked: they are written for her, in the conversation.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from services.triage.adapters.cases import CaseRepository
from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.next_reply import STOP_WAIT
from services.triage.adapters.reply_tokens import ReplyTokens
from services.triage.adapters.tracking import Tracking
from services.triage.domain.outbound import ReplyToken, line_request
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import Conflict, Unprocessable, case_changed
from services.triage.domain.replies import UnsafeWords, find_unsafe_words
from services.triage.domain.sla import SlaTargets
from services.triage.domain.staff import Principal
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.events import system_envelope
from services.triage.workflows.handover import Handover
from shared.events import Envelope, FirstResponseGiven, SendLineMessage, derived_event_id


def reply_request(
    request_id: str, case: dict[str, Any], line_user_id: str, text: str, *, silent: bool, token: ReplyToken | None
) -> tuple[SendLineMessage, Envelope]:
    """The send of a counselor's words and its envelope (id derived from the request)."""
    request = line_request(
        request_id,
        consulter_id=case["consulter_id"],
        line_user_id=line_user_id,
        messages=({"type": "text", "text": text},),
        purpose="counselor_reply",
        silent=silent,
        token=token,
        case_id=case["_id"],
    )
    envelope = system_envelope(
        request, event_id=derived_event_id(request_id, request.TYPE), correlation_id=case["_id"]
    )
    return request, envelope


class Replies:
    def __init__(
        self,
        *,
        consulters: ConsulterRepository,
        reply_tokens: ReplyTokens,
        conversation: Conversation,
        tracking: Tracking,
        cases: CaseRepository,
        committer: CaseCommitter,
        handover: Handover,
        words: UnsafeWords,
        clock: Clock,
        token_ttl: timedelta,
        targets: SlaTargets,
    ) -> None:
        self._consulters = consulters
        self._reply_tokens = reply_tokens
        self._conversation = conversation
        self._tracking = tracking
        self._cases = cases
        self._committer = committer
        self._handover = handover
        self._words = words
        self._clock = clock
        self._token_ttl = token_ttl
        self._targets = targets

    async def reply(
        self, who: Principal, case: dict[str, Any], text: str, *, confirm_unsafe: bool = False
    ) -> dict[str, Any]:
        consulter = await self._consulters.get(case["consulter_id"]) or {}
        silent = bool(consulter.get("silent_channel"))
        found = find_unsafe_words(text, self._words) if silent and not confirm_unsafe else []
        if found:
            raise Unprocessable("unsafe_words", "A silent channel: confirm these words.", words=found)
        line_user_id = await self._consulters.line_user_id(case["consulter_id"])
        if line_user_id is None:
            raise Conflict("consulter_unreachable", "This consulter cannot be written to.")
        took = case["status"] == "waiting"
        if took:
            case = await self._handover.take(who, case)
        case_id, now, message_id = case["_id"], self._clock(), str(uuid.uuid4())
        token = await self._reply_tokens.take(case_id, now, self._token_ttl)
        request, envelope = reply_request(
            derived_event_id(message_id, "request"), case, line_user_id, text, silent=silent, token=token
        )
        query = {"open": True, "counselor_id": case.get("counselor_id")}
        update = {"$set": {"counselor_replied": True, **STOP_WAIT}}
        envelopes = [envelope, *self._first_response(case, now)]
        if await self._committer.commit(case_id, query, update, envelopes, deliver=False) is None:
            raise case_changed("The case was closed or handed over meanwhile; nothing was sent.")
        await self._conversation.add_reply(
            message_id=message_id,
            case_id=case_id,
            consulter_id=case["consulter_id"],
            author_id=who.id,
            text=text,
            at=now,
            request_id=request.request_id,
        )
        await self._tracking.requested("line", request.request_id, now, case_id=case_id, purpose="counselor_reply")
        await self._cases.mark_first_response(case_id, now)
        return {
            "message_id": message_id,
            "request_id": request.request_id,
            "method": "reply" if token else "push",
            "silent": silent,
            "took": took,
            "published": await self._committer.deliver(case_id, envelopes),
        }

    def _first_response(self, case: dict[str, Any], now: datetime) -> list[Envelope]:
        """`case.first_response.given` when no counselor has answered this wait yet."""
        if case.get("first_response_at") is not None:
            return []
        since = case.get("waiting_since") or case["opened_at"]
        since = since if since.tzinfo else since.replace(tzinfo=UTC)
        level = case.get("risk_level", "low")
        data = FirstResponseGiven(
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            at=now,
            waited_seconds=max(0.0, (now - since).total_seconds()),
            level=level,
            target_seconds=getattr(self._targets, level).total_seconds(),
            consultation=not case.get("counselor_replied"),
        )
        event_id = derived_event_id(case["_id"], since.isoformat(), data.TYPE)
        return [system_envelope(data, event_id=event_id, correlation_id=case["_id"])]
