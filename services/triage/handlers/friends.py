"""Follow, refollow (an unblock), unfollow and postbacks: the consulter registry and the friend
figures; a postback's data is kept sealed for the intake, which interprets the answers, and an
answer to the satisfaction question is stored on its case (workflows/satisfaction.py)."""

from __future__ import annotations

import structlog

from services.triage.adapters.consulters import ConsulterRepository, FriendKind
from services.triage.adapters.line_events import LineEventLog
from services.triage.domain.line_events import Followed, PostbackReceived, Unfollowed
from services.triage.handlers.outcome import Handled
from services.triage.workflows.satisfaction import Satisfaction
from shared.pseudonym import consulter_pseudonym


class FriendHandler:
    def __init__(
        self,
        consulters: ConsulterRepository,
        line_events: LineEventLog,
        satisfaction: Satisfaction,
        pseudonym_key: str,
    ) -> None:
        self._consulters = consulters
        self._line_events = line_events
        self._satisfaction = satisfaction
        self._pseudonym_key = pseudonym_key

    async def on_friendship(self, event: Followed | Unfollowed, key: str) -> Handled:
        user_id = event.head.source.user_id
        if event.head.source.kind != "user" or user_id is None:
            return Handled("no_user")
        consulter_id = consulter_pseudonym(user_id, self._pseudonym_key)
        structlog.contextvars.bind_contextvars(consulter_id=consulter_id)
        await self._consulters.seen(consulter_id, user_id, event.head.at)
        kind: FriendKind = "unfollow"
        if isinstance(event, Followed):
            kind = "refollow" if event.unblocked else "follow"
        await self._consulters.record_friend_event(key, consulter_id, kind, event.head.at)
        return Handled(kind, consulter_id=consulter_id)

    async def on_postback(self, event: PostbackReceived, key: str) -> Handled:
        user_id = event.head.source.user_id
        consulter_id = consulter_pseudonym(user_id, self._pseudonym_key) if user_id else None
        if consulter_id and user_id and event.head.source.kind == "user":
            await self._consulters.seen(consulter_id, user_id, event.head.at)
        await self._line_events.attach_postback(key, event.data)
        if consulter_id and await self._satisfaction.answered(consulter_id, event.data, event.head.at):
            return Handled("satisfaction_answer", consulter_id=consulter_id)
        return Handled("postback", consulter_id=consulter_id)
