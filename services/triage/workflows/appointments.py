"""Her outreach appointments on LINE, sent by triage so her conversation stays whole here and her LINE
id never leaves triage (DESIGN §2, §4 "Safe messaging"; docs/outreach.md, "Her side, on LINE").

- **Send** (`outreach.message.requested` → `outbound.line.requested`): the confirmation after each
  (re)scheduling, and the reminders. The text is the replies catalogue's (seeds/replies/, in her
  language: a date, a time and the place's neutral wording — never "visit", "support" or a topic),
  checked for unsafe words as it is written; a place wording that fails the check is left out (the
  date and time still go). Always silent. Stored in her case's conversation (`appointment_confirm`,
  `appointment_reminder`), so the counselor reads what the system told her.
- **Her answer**: the quick replies send `appointment:<visit>.<revision>:<confirm|reschedule|cancel>`;
  an answer from her to a message triage sent her becomes `outreach.reply.received` for outreach.
  Anything else (a reference she was never sent, another consulter) changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import structlog

from services.triage.adapters.cases import CaseRepository
from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.outreach_records import OutreachRecords, appointment_ref
from services.triage.adapters.tracking import Tracking
from services.triage.domain.line_inputs import EventHead
from services.triage.domain.outbound import line_request
from services.triage.domain.ports import Clock
from services.triage.domain.prompt_choices import PromptAnswer
from services.triage.domain.replies import AutoReply, ReplyCatalog, UnsafeMessageError
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.events import system_envelope
from shared.events import AppointmentAnswered, Envelope, SendAppointmentMessage, derived_event_id

log = structlog.get_logger(__name__)
PURPOSES = {"confirm": "appointment_confirm", "reminder": "appointment_reminder"}


def _text(messages: Sequence[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text", "")) for m in messages)


class Appointments:
    def __init__(
        self,
        *,
        replies: ReplyCatalog,
        cases: CaseRepository,
        consulters: ConsulterRepository,
        conversation: Conversation,
        tracking: Tracking,
        records: OutreachRecords,
        committer: CaseCommitter,
        clock: Clock,
    ) -> None:
        self._replies = replies
        self._cases = cases
        self._consulters = consulters
        self._conversation = conversation
        self._tracking = tracking
        self._records = records
        self._committer = committer
        self._clock = clock

    def _reply(self, data: SendAppointmentMessage, language: str, ref: str) -> AutoReply:
        which: Literal["confirm", "reminder"] = "confirm" if data.kind == "confirm" else "reminder"
        try:
            return self._replies.appointment(which, language, when=data.starts_at, ref=ref, place=data.place)
        except UnsafeMessageError:
            # The catalogue's wording failed the check: say when, not where (the counselor can).
            log.warning("appointment_place_left_out", visit_id=data.visit_id)
            return self._replies.appointment(which, language, when=data.starts_at, ref=ref)

    async def send(self, envelope: Envelope, data: SendAppointmentMessage) -> str:
        """What happened: sent, or why not (no_case, unreachable)."""
        case = await self._cases.get(data.case_id)
        if case is None or case.get("consulter_id") != data.consulter_id:
            log.warning("appointment_for_unknown_case", visit_id=data.visit_id)
            return "no_case"
        line_user_id = await self._consulters.line_user_id(data.consulter_id)
        consulter = await self._consulters.get(data.consulter_id) or {}
        if line_user_id is None:
            log.warning("appointment_unreachable", visit_id=data.visit_id)
            return "unreachable"
        now, ref = self._clock(), appointment_ref(data.visit_id, data.revision)
        language = consulter.get("language_override") or consulter.get("language") or "ja"
        reply = self._reply(data, str(language), ref)
        purpose = PURPOSES[data.kind]
        request = line_request(
            derived_event_id(envelope.id, "appointment"),
            consulter_id=data.consulter_id,
            line_user_id=line_user_id,
            messages=reply.messages,
            purpose=purpose,
            silent=True,
            case_id=data.case_id,
        )
        await self._records.sent(
            ref=ref,
            visit_id=data.visit_id,
            revision=data.revision,
            request_id=data.request_id,
            case_id=data.case_id,
            consulter_id=data.consulter_id,
            kind=data.kind,
            line_request_id=request.request_id,
            at=now,
        )
        await self._tracking.requested(
            "line", request.request_id, now, case_id=data.case_id, purpose=purpose, language=reply.language
        )
        await self._conversation.add_system(
            message_id=derived_event_id(request.request_id, "text"),
            case_id=data.case_id,
            consulter_id=data.consulter_id,
            purpose=purpose,
            text=_text(reply.messages),
            at=now,
            request_id=request.request_id,
            lang=reply.language,
            gloss=_text(reply.gloss) if reply.gloss else None,
        )
        out = system_envelope(
            request,
            event_id=derived_event_id(request.request_id, request.TYPE),
            correlation_id=data.case_id,
            causation_id=envelope.id,
        )
        await self._committer.commit(data.case_id, {}, {}, [out])
        log.info("appointment_sent", visit_id=data.visit_id, kind=data.kind, language=reply.language)
        return "sent"

    async def answered(
        self, head: EventHead, answer: PromptAnswer, consulter_id: str, derive: Any
    ) -> list[Envelope]:
        """Her quick reply; `derive(data, key)` makes the envelope from her LINE event's ids."""
        record = await self._records.get(answer.ref or "")
        if record is None or record.get("consulter_id") != consulter_id:
            log.warning("appointment_answer_unknown")
            return []
        await self._records.answered(record["_id"], answer.code, head.at)
        data = AppointmentAnswered(
            visit_id=record["visit_id"],
            revision=int(record["revision"]),
            case_id=record["case_id"],
            consulter_id=consulter_id,
            answer=answer.code,
            at=head.at,
        )
        log.info("appointment_answered", visit_id=record["visit_id"], answer=answer.code)
        return [derive(data, record["_id"])]
