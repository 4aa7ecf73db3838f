"""Sending a counselor's reply again after it finally failed (one click in the console).

Only a reply whose current send is `failed` can be sent again, and only once per failure: the
reply is switched to its new request id by a conditional update (a double click loses the race,
409 `not_failed`). The new send is a push (her reply token is long gone) with a new request id
derived from the reply and the attempt, so notifier's retry key differs from the failed one's; the
earlier ids stay on the reply (`previous_request_ids`) and their records stay as they were.
"""

from __future__ import annotations

from typing import Any

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.tracking import Tracking
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import Conflict, Unprocessable, case_changed
from services.triage.domain.staff import Principal
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.reply import reply_request
from shared.events import derived_event_id


def _not_failed() -> Conflict:
    return Conflict("not_failed", "Only a reply whose sending failed can be sent again.")


class Resends:
    def __init__(
        self,
        *,
        conversation: Conversation,
        tracking: Tracking,
        consulters: ConsulterRepository,
        committer: CaseCommitter,
        clock: Clock,
    ) -> None:
        self._conversation = conversation
        self._tracking = tracking
        self._consulters = consulters
        self._committer = committer
        self._clock = clock

    async def resend(self, who: Principal, case: dict[str, Any], message_id: str) -> dict[str, Any]:
        case_id = case["_id"]
        reply = await self._conversation.reply_of(case_id, message_id)
        if reply is None or not reply.get("text"):
            raise Unprocessable("unknown_message", "No reply with that id in this case.")
        old = str(reply["request_id"])
        sent = await self._tracking.get("line", old)
        if sent is None or sent.get("status") != "failed":
            raise _not_failed()
        line_user_id = await self._consulters.line_user_id(case["consulter_id"])
        if line_user_id is None:
            raise Conflict("consulter_unreachable", "This consulter cannot be written to.")
        attempt = len(reply.get("previous_request_ids") or ()) + 2
        new = derived_event_id(message_id, "request", str(attempt))
        if not await self._conversation.switch_request(message_id, old, new):
            raise _not_failed()
        consulter = await self._consulters.get(case["consulter_id"]) or {}
        request, envelope = reply_request(
            new, case, line_user_id, reply["text"], silent=bool(consulter.get("silent_channel")), token=None
        )
        now = self._clock()
        await self._tracking.requested(
            "line", new, now, case_id=case_id, purpose="counselor_reply", resend_of=old, by=who.id
        )
        await self._tracking.supersede("line", old, new)
        query = {"open": True, "counselor_id": case.get("counselor_id")}
        done = await self._committer.commit(case_id, query, {}, [envelope])
        if done is None:
            await self._tracking.outcome("line", new, "failed", now, reason="case_changed")
            raise case_changed("The case was closed or handed over meanwhile; nothing was sent.")
        return {"message_id": message_id, "request_id": request.request_id, "published": done.published}
