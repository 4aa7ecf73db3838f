"""Asking the intake on LINE, at most once, and recording what she answers (DESIGN §4 "Intake").

When: at the close of a case in which a counselor replied — after her first exchange with a
counselor, never in the middle of one. A silent push, only while she is a friend, only for what
neither she nor a counselor has given yet. Each question is asked at most once per consulter
(`once_marks` `intake:<consulter>:<question>`); her answer to the age band brings the channel
question as the reply, and her answer to that a short thanks.

In her language: the language her messages showed or a counselor chose (the consulter's
`language_override`, else `language`), from the replies catalogue (seeds/replies/); Japanese from
the prompt built on the channel registry (the same codes).

What she answers is kept on the consulter unless a counselor already entered it (a counselor's
entry wins), and announced as `consulter.intake.recorded` (source `line`) for the reports.
"""

from __future__ import annotations

from typing import Any

from services.triage.adapters.consulters import ConsulterRepository, is_friend
from services.triage.adapters.once import OnceMarks
from services.triage.adapters.tracking import Tracking
from services.triage.domain.intake_prompt import FIELDS, IntakeAnswer, IntakePrompt, Question, next_question
from services.triage.domain.line_inputs import EventHead
from services.triage.domain.outbound import ReplyToken, line_request
from services.triage.domain.ports import Clock
from services.triage.domain.replies import ReplyCatalog
from services.triage.domain.reply_language import JAPANESE
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.events import PRODUCER, system_envelope
from shared.events import Envelope, IntakeRecorded, SendLineMessage, derived_event_id, envelope_for


def _language(consulter: dict[str, Any]) -> str | None:
    """Her language for the system's texts: a counselor's choice wins over what her messages showed."""
    language = consulter.get("language_override") or consulter.get("language")
    return str(language) if language else None


def _known(consulter: dict[str, Any]) -> set[str]:
    return {k for k, v in (consulter.get("intake") or {}).items() if k in FIELDS.values() and v}


class IntakeQuestions:
    def __init__(
        self,
        *,
        prompt: IntakePrompt,
        replies: ReplyCatalog,
        consulters: ConsulterRepository,
        once: OnceMarks,
        tracking: Tracking,
        committer: CaseCommitter,
        clock: Clock,
    ) -> None:
        self._prompt = prompt
        self._replies = replies
        self._consulters = consulters
        self._once = once
        self._tracking = tracking
        self._committer = committer
        self._clock = clock

    @property
    def prompt(self) -> IntakePrompt:
        return self._prompt

    async def _due(self, case: dict[str, Any], consultation: bool) -> Question | None:
        """The question to ask at this closing, if any (nothing once asked, known or not a friend)."""
        consulter = await self._consulters.get(case["consulter_id"])
        if not consultation or consulter is None or not is_friend(consulter):
            return None
        question = next_question(_known(consulter))
        if question is None or await self._once.taken(f"intake:{case['consulter_id']}:{question}"):
            return None
        return question

    async def pending(self, case: dict[str, Any], consultation: bool) -> bool:
        """Closing this case will ask her the intake (so nothing else is asked with it)."""
        return await self._due(case, consultation) is not None

    async def after_close(self, case: dict[str, Any], consultation: bool) -> None:
        """Ask the first unanswered question once her consultation closed (a push, silent)."""
        consulter_id, case_id = case["consulter_id"], case["_id"]
        question = await self._due(case, consultation)
        if question is None or not await self._once.claim(f"intake:{consulter_id}:{question}", case_id, self._clock()):
            return
        line_user_id = await self._consulters.line_user_id(consulter_id)
        if line_user_id is None:
            return
        consulter = await self._consulters.get(consulter_id) or {}
        request = self._request(
            derived_event_id(case_id, "intake", question), consulter_id, line_user_id, question, _language(consulter)
        )
        envelope = system_envelope(
            request, event_id=derived_event_id(request.request_id, request.TYPE), correlation_id=case_id
        )
        await self._tracking.requested("line", request.request_id, self._clock(), case_id=case_id, purpose="intake")
        await self._committer.commit(case_id, {}, {}, [envelope])

    def _request(
        self, request_id: str, consulter_id: str, line_user_id: str, question: Question | None,
        language: str | None, token: ReplyToken | None = None,
    ) -> SendLineMessage:
        lang = self._replies.resolve(language)
        if lang == JAPANESE:
            messages = self._prompt.question(question) if question else self._prompt.thanks()
        elif question:
            messages = self._replies.intake_question(question, lang).messages
        else:
            messages = self._replies.plain("intake_thanks", lang).messages
        return line_request(
            request_id, consulter_id=consulter_id, line_user_id=line_user_id, messages=messages,
            purpose="intake", silent=True, token=token,
        )

    async def on_answer(
        self, head: EventHead, answer: IntakeAnswer, consulter_id: str, line_user_id: str, cause_id: str
    ) -> list[Envelope]:
        """Record her answer (unless a counselor's stands) and reply with the next question or thanks."""
        envelopes: list[Envelope] = []
        field = FIELDS[answer.question]
        if answer.code is not None and await self._consulters.record_line_intake(
            consulter_id, field, answer.code, head.at, cause_id
        ):
            data = IntakeRecorded(consulter_id=consulter_id, source="line", at=head.at, **{field: answer.code})
            envelopes.append(self._envelope(data, cause_id, head))
        consulter = await self._consulters.get(consulter_id) or {}
        following = next_question(_known(consulter), after=answer.question)
        step = following or "thanks"
        if head.reply_token and await self._once.claim(f"intake:{consulter_id}:{step}", cause_id, head.at):
            request = self._request(
                derived_event_id(cause_id, "intake", step), consulter_id, line_user_id, following,
                _language(consulter), ReplyToken(head.reply_token, head.at),
            )
            await self._tracking.requested("line", request.request_id, self._clock(), purpose="intake")
            envelopes.append(self._envelope(request, cause_id, head))
        return envelopes

    def _envelope(self, data: Any, cause_id: str, head: EventHead) -> Envelope:
        return envelope_for(
            data, producer=PRODUCER, correlation_id=cause_id, causation_id=cause_id,
            event_id=derived_event_id(cause_id, data.TYPE, "intake"),
        )
