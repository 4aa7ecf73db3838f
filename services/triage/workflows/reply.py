"""A counselor's reply to the consulter (`POST /api/cases/{id}/reply`).

Committed first (the sealed `outbound.line.requested` in the case's outbox, `counselor_replied`),
then the reply is stored in the conversation, sealed; the first reply of a wait sets
`first_response_at`, which stops the SLA clock. The send uses her reply token when one is still fresh
(REPLY_TOKEN_TTL_S after her last message, and unused), otherwise a push. Not silent: she is waiting
for a person's answer. Counselors' words are not checked against the unsafe words (they are written
for her, in the conversation), only the system's own texts are.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from services.triage.adapters.cases import CaseRepository
from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.reply_tokens import ReplyTokens
from services.triage.adapters.tracking import Tracking
from services.triage.domain.outbound import line_request
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import Conflict, case_changed
from services.triage.domain.staff import Principal
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.events import system_envelope
from shared.events import derived_event_id


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
        clock: Clock,
        token_ttl: timedelta,
    ) -> None:
        self._consulters = consulters
        self._reply_tokens = reply_tokens
        self._conversation = conversation
        self._tracking = tracking
        self._cases = cases
        self._committer = committer
        self._clock = clock
        self._token_ttl = token_ttl

    async def reply(self, who: Principal, case: dict[str, Any], text: str) -> dict[str, Any]:
        case_id, consulter_id = case["_id"], case["consulter_id"]
        line_user_id = await self._consulters.line_user_id(consulter_id)
        if line_user_id is None:
            raise Conflict("consulter_unreachable", "This consulter cannot be written to.")
        now = self._clock()
        message_id = str(uuid.uuid4())
        token = await self._reply_tokens.take(case_id, now, self._token_ttl)
        request = line_request(
            derived_event_id(message_id, "request"),
            consulter_id=consulter_id,
            line_user_id=line_user_id,
            messages=({"type": "text", "text": text},),
            purpose="counselor_reply",
            silent=False,
            token=token,
            case_id=case_id,
        )
        envelope = system_envelope(
            request, event_id=derived_event_id(message_id, request.TYPE), correlation_id=case_id
        )
        query = {"open": True, "counselor_id": case.get("counselor_id")}
        done = await self._committer.commit(case_id, query, {"$set": {"counselor_replied": True}}, [envelope])
        if done is None:
            raise case_changed("The case was closed or handed over meanwhile; nothing was sent.")
        await self._conversation.add_reply(
            message_id=message_id,
            case_id=case_id,
            consulter_id=consulter_id,
            author_id=who.id,
            text=text,
            at=now,
            request_id=request.request_id,
        )
        await self._tracking.requested(
            "line", request.request_id, now, case_id=case_id, purpose="counselor_reply"
        )
        await self._cases.mark_first_response(case_id, now)
        return {
            "message_id": message_id,
            "request_id": request.request_id,
            "method": "reply" if token else "push",
            "published": done.published,
        }
