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
from typing import Any

from services.triage.api.security import Principal
from services.triage.context import TriageContext
from services.triage.workflows.commit import ActionRefused, commit, conflict
from services.triage.workflows.events import system_envelope
from shared.events import SendLineMessage, derived_event_id


async def reply(ctx: TriageContext, who: Principal, case: dict[str, Any], text: str) -> dict[str, Any]:
    case_id, consulter_id = case["_id"], case["consulter_id"]
    line_user_id = await ctx.consulters.line_user_id(consulter_id)
    if line_user_id is None:
        raise ActionRefused(409, "consulter_unreachable", "This consulter cannot be written to.")
    now = ctx.clock()
    message_id = str(uuid.uuid4())
    token = await ctx.reply_tokens.take(case_id, now, ctx.reply_token_ttl)
    request = SendLineMessage(
        request_id=derived_event_id(message_id, "request"),
        consulter_id=consulter_id,
        line_user_id=line_user_id,
        messages=({"type": "text", "text": text},),
        reply_token=token.token if token else None,
        reply_token_received_at=token.received_at if token else None,
        purpose="counselor_reply",
        case_id=case_id,
    )
    envelope = system_envelope(
        request, event_id=derived_event_id(message_id, request.TYPE), correlation_id=case_id
    )
    query = {"open": True, "counselor_id": case.get("counselor_id")}
    done = await commit(ctx, case_id, query, {"$set": {"counselor_replied": True}}, [envelope])
    if done is None:
        raise conflict("The case was closed or handed over meanwhile; nothing was sent.")
    await ctx.conversation.add_reply(
        message_id=message_id,
        case_id=case_id,
        consulter_id=consulter_id,
        author_id=who.id,
        text=text,
        at=now,
        request_id=request.request_id,
    )
    await ctx.tracking.requested("line", request.request_id, now, case_id=case_id, purpose="counselor_reply")
    await ctx.db["cases"].update_one(
        {"_id": case_id, "first_response_at": None}, {"$set": {"first_response_at": now}}
    )
    return {
        "message_id": message_id,
        "request_id": request.request_id,
        "method": "reply" if token else "push",
        "published": done.published,
    }
