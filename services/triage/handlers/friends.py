"""Follow, refollow (an unblock), unfollow and postbacks: the consulter registry and the friend
figures (`consulter.friendship.changed` for the reports); a postback's data is kept sealed; an
intake answer among them goes to the intake workflow (which records it and asks what is next), an
answer to the satisfaction question is stored on its case (workflows/satisfaction.py), and an answer
to an outreach appointment goes to outreach (workflows/appointments.py)."""

from __future__ import annotations

import structlog

from services.triage.adapters.consulters import ConsulterRepository, FriendKind
from services.triage.adapters.line_events import LineEventLog
from services.triage.domain.line_events import Followed, PostbackReceived, Unfollowed
from services.triage.domain.prompt_choices import parse_postback
from services.triage.handlers.emit import Emitter
from services.triage.handlers.outcome import Handled
from services.triage.workflows.appointments import Appointments
from services.triage.workflows.intake import IntakeQuestions
from services.triage.workflows.satisfaction import Satisfaction
from shared.events import FriendChange, FriendshipChanged
from shared.pseudonym import consulter_pseudonym

CHANGES: dict[FriendKind, FriendChange] = {"follow": "followed", "refollow": "refollowed", "unfollow": "blocked"}


class FriendHandler:
    def __init__(
        self,
        consulters: ConsulterRepository,
        line_events: LineEventLog,
        satisfaction: Satisfaction,
        pseudonym_key: str,
        intake: IntakeQuestions,
        appointments: Appointments,
    ) -> None:
        self._appointments = appointments
        self._consulters = consulters
        self._line_events = line_events
        self._satisfaction = satisfaction
        self._pseudonym_key = pseudonym_key
        self._intake = intake

    async def on_friendship(self, event: Followed | Unfollowed, key: str, emit: Emitter) -> Handled:
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
        changed = FriendshipChanged(consulter_id=consulter_id, change=CHANGES[kind], at=event.head.at)
        return Handled(kind, [emit.envelope(changed, consulter_id)], consulter_id=consulter_id)

    async def on_postback(self, event: PostbackReceived, key: str, emit: Emitter) -> Handled:
        user_id = event.head.source.user_id
        consulter_id = consulter_pseudonym(user_id, self._pseudonym_key) if user_id else None
        if consulter_id and user_id and event.head.source.kind == "user":
            await self._consulters.seen(consulter_id, user_id, event.head.at)
        await self._line_events.attach_postback(key, event.data)
        if consulter_id and await self._satisfaction.answered(consulter_id, event.data, event.head.at):
            return Handled("satisfaction_answer", consulter_id=consulter_id)
        choice = parse_postback(event.data)
        if choice is not None and choice.question == "appointment" and consulter_id and event.head.source.kind == "user":
            envelopes = await self._appointments.answered(event.head, choice, consulter_id, emit.envelope)
            return Handled("appointment_answer", envelopes, consulter_id=consulter_id)
        answer = self._intake.prompt.parse(event.data)
        if answer is None or consulter_id is None or user_id is None or event.head.source.kind != "user":
            return Handled("postback", consulter_id=consulter_id)
        envelopes = await self._intake.on_answer(event.head, answer, consulter_id, user_id, emit.cause_id)
        return Handled("intake_answer", envelopes, consulter_id=consulter_id)
