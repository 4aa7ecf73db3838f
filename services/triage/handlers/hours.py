"""Automatic replies by opening hours, and the out-of-hours emergency alert (DESIGN §4 "Hours").

For a consulter's one-to-one message (decided on the time she wrote it, so a retry decides the same):
- **in hours**: a short acknowledgement, once per case opening (the message that opens or reopens a
  case), not on every message: a chat that answers every line with the same text reads as a bot;
- **out of hours**: the out-of-hours reply (hours, next opening, numbers to call), once per
  consulter per closed period (the period is named by the next opening), however often she writes;
- **an emergency-level message out of hours**: `case.escalated` (reason `emergency_out_of_hours`)
  and `partner.alert.requested` to the on-call supervisor and the kinds routed for it
  (seeds/alert_routing.yaml), once per case per closed period.
Replies use her reply token; a token no reply used is kept (sealed) for the counselor's answer.
"Once" is a mark in `once_marks` owned by this LINE event: a retry of the same event redoes it with
the same ids, another event does not.
"""

from __future__ import annotations

from datetime import datetime

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.once import OnceMarks
from services.triage.adapters.reply_tokens import ReplyTokens
from services.triage.adapters.tracking import Tracking
from services.triage.domain.hours import Schedule, is_open, next_opening
from services.triage.domain.line_inputs import EventHead
from services.triage.domain.outbound import ReplyToken, line_request
from services.triage.domain.ports import Clock
from services.triage.domain.replies import ReplyCatalog
from services.triage.handlers.emit import Emitter
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.alerts import SystemAlerts
from shared.events import CaseEscalated, Envelope


class HoursStep:
    def __init__(
        self,
        *,
        schedule: Schedule,
        replies: ReplyCatalog,
        once: OnceMarks,
        consulters: ConsulterRepository,
        reply_tokens: ReplyTokens,
        tracking: Tracking,
        alerts: SystemAlerts,
        clock: Clock,
    ) -> None:
        self._schedule = schedule
        self._replies = replies
        self._once = once
        self._consulters = consulters
        self._reply_tokens = reply_tokens
        self._tracking = tracking
        self._alerts = alerts
        self._clock = clock

    async def __call__(
        self,
        emit: Emitter,
        *,
        head: EventHead,
        received_at: datetime,
        consulter_id: str,
        case_id: str,
        opened: bool,
        message_level: RiskLevel | None,
    ) -> list[Envelope]:
        at = head.at
        open_now = is_open(at, self._schedule)
        period = (next_opening(at, self._schedule) or at).isoformat()  # names the closed period she wrote in
        envelopes: list[Envelope] = []
        purpose = None
        if head.reply_token and open_now and opened:
            purpose, messages = "ack", self._replies.acknowledgement()
        elif (
            head.reply_token
            and not open_now
            and await self._once.claim(f"ooh:{consulter_id}:{period}", emit.cause_id, at)
        ):
            purpose, messages = "out_of_hours", self._replies.out_of_hours(at)
        line_user_id = await self._consulters.line_user_id(consulter_id) if purpose else None
        if purpose and line_user_id and head.reply_token:
            request = line_request(
                emit.derive(purpose),
                consulter_id=consulter_id,
                line_user_id=line_user_id,
                messages=messages,
                purpose=purpose,
                silent=True,
                token=ReplyToken(head.reply_token, received_at),
                case_id=case_id,
            )
            await self._tracking.requested(
                "line", request.request_id, self._clock(), case_id=case_id, purpose=purpose
            )
            envelopes.append(emit.envelope(request, purpose))
        elif head.reply_token:
            await self._reply_tokens.offer(case_id, head.reply_token, received_at)
        if not open_now and message_level == RiskLevel.EMERGENCY:
            if await self._once.claim(f"eooh:{case_id}:{period}", emit.cause_id, at):
                envelopes += await self._emergency_out_of_hours(emit, consulter_id, case_id)
        return envelopes

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
