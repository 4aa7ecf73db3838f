"""Automatic replies by opening hours and urgency, in her language, and the out-of-hours emergency
alert (DESIGN §4 "Hours"; which text goes when: domain/reply_rules.py; the texts: seeds/replies/).

For a consulter's one-to-one message (decided on the time she wrote it, so a retry decides the same):
- **in hours**: a short acknowledgement once per case opening; an emergency-level message gets
  "someone will answer you very soon" instead, once per opening, while the alert path runs;
- **out of hours**: the out-of-hours reply (hours, next opening, numbers to call), once per consulter
  per closed period; an emergency-level message gets the **urgent** variant (first: call 110 or 119
  now), once per case per closed period — also after the plain one, if her level rises;
- nothing automatic while a counselor is answering her;
- **an emergency-level message out of hours**: `case.escalated` (reason `emergency_out_of_hours`)
  and `partner.alert.requested` to the on-call supervisor and the kinds routed for it
  (seeds/alert_routing.yaml), once per case per closed period.
Replies use her reply token; a token no reply used is handed back (`HoursOutcome.unused_token`),
and the message handler keeps it sealed on the case for the counselor's answer.
Each automatic text is also stored in her case's conversation, in the language it went in
(`Conversation.add_system`), so the counselor reads what the system told her. A consulter a
supervisor marked abusive gets no automatic reply (her messages are still stored, assessed, read).
"Once" is a mark in `once_marks` owned by this LINE event: a retry of the same event redoes it with
the same ids, another event does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.once import OnceMarks
from services.triage.adapters.tracking import Tracking
from services.triage.domain.hours import Schedule, in_session, is_open, next_opening
from services.triage.domain.line_inputs import EventHead
from services.triage.domain.outbound import ReplyToken, line_request
from services.triage.domain.ports import Clock
from services.triage.domain.replies import ReplyCatalog
from services.triage.domain.reply_rules import AlreadySent, AutoText, automatic_texts, once_keys
from services.triage.handlers.emit import Emitter
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.alerts import SystemAlerts
from shared.events import CaseEscalated, ConsulterMessageReceived, Envelope


@dataclass(frozen=True, slots=True)
class MessageContext:
    """What the hours step needs to know about the message and her case."""

    head: EventHead
    received_at: datetime
    consulter_id: str
    case_id: str
    message_id: str  # triage's id of the stored message (the reports count it, nothing of it)
    opened: bool  # this message opened or reopened the case
    opening: str  # names this opening of the case (its `waiting_since`)
    counselor_replied: bool
    level: RiskLevel | None  # this message's level (None: not text)
    language: str  # the reply's language (reply_language.choose_language)
    abusive: bool = False  # a supervisor's mark: no automatic reply


@dataclass(frozen=True, slots=True)
class HoursOutcome:
    envelopes: list[Envelope]
    unused_token: str | None  # her reply token when no automatic reply used it


class HoursStep:
    def __init__(
        self,
        *,
        schedule: Schedule,
        replies: ReplyCatalog,
        once: OnceMarks,
        consulters: ConsulterRepository,
        tracking: Tracking,
        conversation: Conversation,
        alerts: SystemAlerts,
        clock: Clock,
        mention_outreach: bool = False,
    ) -> None:
        self._mention_outreach = mention_outreach  # "meeting in person is possible" (REPLIES_MENTION_OUTREACH)
        self._schedule = schedule
        self._replies = replies
        self._once = once
        self._consulters = consulters
        self._tracking = tracking
        self._conversation = conversation
        self._alerts = alerts
        self._clock = clock

    async def __call__(self, emit: Emitter, m: MessageContext) -> HoursOutcome:
        at, token = m.head.at, m.head.reply_token
        open_now = is_open(at, self._schedule)
        period = (next_opening(at, self._schedule) or at).isoformat()  # names the closed period she wrote in
        local = at.astimezone(self._schedule.tz)
        # For the reports' hours of use: when, and whether we were taking messages (no content).
        timed = ConsulterMessageReceived(
            consulter_id=m.consulter_id, case_id=m.case_id, message_id=m.message_id, at=at,
            weekday=local.weekday(), hour=local.hour, in_hours=open_now,
        )
        envelopes: list[Envelope] = [emit.envelope(timed, m.message_id)]
        texts = [] if m.abusive else automatic_texts(
            intake_open=open_now,
            level=m.level,
            opened=m.opened,
            counselor_present=m.counselor_replied and in_session(at, self._schedule),
            sent=AlreadySent(),  # the marks' claims decide (reply_rules.once_keys)
        )
        sent = False
        for text in texts if token else ():
            keys = once_keys(
                text, consulter_id=m.consulter_id, case_id=m.case_id, period=period, opening=m.opening
            )
            if keys and not await self._once.claim(keys[0], emit.cause_id, at):
                continue
            for key in keys[1:]:
                await self._once.claim(key, emit.cause_id, at)
            envelope = await self._send(emit, m, text, at)
            if envelope is not None:
                envelopes.append(envelope)
                sent = True
            break  # one reply token, one reply
        if not open_now and m.level == RiskLevel.EMERGENCY:
            if await self._once.claim(f"eooh:{m.case_id}:{period}", emit.cause_id, at):
                envelopes += await self._emergency_out_of_hours(emit, m.consulter_id, m.case_id)
        return HoursOutcome(envelopes, token if token and not sent else None)

    async def _send(self, emit: Emitter, m: MessageContext, text: AutoText, at: datetime) -> Envelope | None:
        line_user_id = await self._consulters.line_user_id(m.consulter_id)
        if line_user_id is None or m.head.reply_token is None:
            return None
        purpose = text.value
        reply = self._replies.reply(text, m.language, now=at, with_outreach=self._mention_outreach)
        request = line_request(
            emit.derive(purpose),
            consulter_id=m.consulter_id,
            line_user_id=line_user_id,
            messages=reply.messages,
            purpose=purpose,
            silent=True,
            token=ReplyToken(m.head.reply_token, m.received_at),
            case_id=m.case_id,
        )
        sent_at = max(self._clock(), at + timedelta(milliseconds=1))  # shown after her message
        await self._tracking.requested(
            "line",
            request.request_id,
            sent_at,
            case_id=m.case_id,
            purpose=purpose,
            language=reply.language,
        )
        await self._conversation.add_system(
            message_id=emit.derive(purpose, "text"),
            case_id=m.case_id,
            consulter_id=m.consulter_id,
            purpose=purpose,
            text=_text_of(reply.messages),
            at=sent_at,
            request_id=request.request_id,
            lang=reply.language,
            gloss=_text_of(reply.gloss) if reply.gloss else None,
        )
        return emit.envelope(request, purpose)

    async def _emergency_out_of_hours(self, emit: Emitter, consulter_id: str, case_id: str) -> list[Envelope]:
        escalated = CaseEscalated(
            case_id=case_id, consulter_id=consulter_id, level="emergency", reason="emergency_out_of_hours"
        )
        alerts = self._alerts.for_case(
            "emergency_out_of_hours",
            case_id=case_id,
            level=RiskLevel.EMERGENCY,
            alert_id=lambda kind: emit.derive("eooh_alert", kind),
        )
        await self._alerts.track(alerts, case_id, "emergency_out_of_hours")
        return [emit.envelope(escalated, "eooh"), *(emit.envelope(a, a.alert_id) for a in alerts)]


def _text_of(messages: Sequence[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)
