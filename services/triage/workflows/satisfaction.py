"""The optional satisfaction question (per ward: SATISFACTION_QUESTION), asked when a counselor
closes a case she answered in: one short, neutral line with three quick replies, sent silently.

Like every text the system sends, it names no topic (checked against the safe-messaging words at
start-up) and is kept in the case's conversation. Her tap comes back as a postback
(`satisfaction=<answer>&case=<case id>`); the first answer is stored on the case as a code and
audited (`case.satisfaction.answered`). A consulter marked abusive is not asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.satisfaction import SatisfactionAnswers
from services.triage.adapters.tracking import Tracking
from services.triage.domain.live import Notice
from services.triage.domain.outbound import line_request
from services.triage.domain.ports import AuditLog, Clock
from services.triage.domain.replies import UnsafeWords, assert_safe
from services.triage.workflows.events import system_envelope
from services.triage.workflows.live import LiveNotices
from shared.events import Envelope, derived_event_id

QUESTION = "ご利用ありがとうございました。\nよろしければ、今日のやりとりはいかがでしたか。"
ANSWERS = {"good": "よかった", "okay": "ふつう", "poor": "よくなかった"}


@dataclass(frozen=True, slots=True)
class Question:
    request_id: str
    envelope: Envelope


class Satisfaction:
    def __init__(
        self,
        *,
        enabled: bool,
        consulters: ConsulterRepository,
        conversation: Conversation,
        tracking: Tracking,
        answers: SatisfactionAnswers,
        audit: AuditLog,
        live: LiveNotices,
        words: UnsafeWords,
        clock: Clock,
    ) -> None:
        self._enabled = enabled
        self._consulters, self._conversation, self._tracking = consulters, conversation, tracking
        self._answers, self._audit, self._live, self._clock = answers, audit, live, clock
        for text in (QUESTION, *ANSWERS.values()):
            assert_safe(text, words)

    async def question(self, case: dict[str, Any]) -> Question | None:
        """The question for a case being closed, or None (off, not answered in, abusive, unreachable)."""
        if not self._enabled or not case.get("counselor_replied"):
            return None
        consulter_id = case["consulter_id"]
        line_user_id = await self._consulters.line_user_id(consulter_id)
        if line_user_id is None or await self._consulters.is_abusive(consulter_id):
            return None
        request_id = derived_event_id(case["_id"], str(case["version"]), "satisfaction")
        items = [
            {"type": "action", "action": {
                "type": "postback", "label": label, "displayText": label,
                "data": f"satisfaction={code}&case={case['_id']}",
            }}
            for code, label in ANSWERS.items()
        ]  # fmt: skip
        request = line_request(
            request_id,
            consulter_id=consulter_id,
            line_user_id=line_user_id,
            messages=({"type": "text", "text": QUESTION, "quickReply": {"items": items}},),
            purpose="satisfaction",
            silent=True,
            case_id=case["_id"],
        )
        envelope = system_envelope(
            request, event_id=derived_event_id(request_id, request.TYPE), correlation_id=case["_id"]
        )
        return Question(request_id, envelope)

    async def record_asked(self, case: dict[str, Any], asked: Question) -> None:
        now = self._clock()
        await self._tracking.requested("line", asked.request_id, now, case_id=case["_id"], purpose="satisfaction")
        await self._conversation.add_system(
            message_id=derived_event_id(asked.request_id, "text"),
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            purpose="satisfaction",
            text=QUESTION,
            at=now,
            request_id=asked.request_id,
        )

    async def answered(self, consulter_id: str, data: str, at: datetime) -> bool:
        """A postback from her; True when it was an answer to the question and is now stored."""
        fields = parse_qs(data)
        answer, case_id = fields.get("satisfaction", [""])[0], fields.get("case", [""])[0]
        if answer not in ANSWERS or not case_id:
            return False
        if not await self._answers.record(case_id, consulter_id, answer, at):
            return False
        await self._audit.record(None, "case.satisfaction.answered", case_id, {"answer": answer})
        await self._live.announce([Notice("case.satisfaction", case_id, {"answer": answer})])
        return True
