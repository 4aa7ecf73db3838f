"""A consulter's message, its edits and its unsending.

One-to-one messages go into her case (opened, reopened or extended); text is stored sealed and
assessed. Group and room messages get the neutral automatic reply and no case. `standby` events
(another channel owns the chat) are recorded in `line_events` only: nothing stored, nothing sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import structlog

from services.triage.adapters.case_after_message import CACHE, CaseAfterMessage, MessageEffects
from services.triage.adapters.cases import aware
from services.triage.adapters.consulters import ConsulterRepository, Languages
from services.triage.adapters.messages import InsertResult, MessageRepository
from services.triage.domain.line_events import MessageEdited, MessageReceived, Unsent
from services.triage.domain.reply_language import LanguageChoice, choose_language
from services.triage.handlers.cases import CasePlacement
from services.triage.handlers.chats import GroupChatReply
from services.triage.handlers.emit import Emitter
from services.triage.handlers.hours import HoursStep, MessageContext
from services.triage.handlers.outcome import Handled
from services.triage.handlers.risk import RiskStep, needs_of
from services.triage.risk import Assessment
from shared.events import CaseMessageAppended, CaseOpened, Envelope
from shared.pseudonym import consulter_pseudonym


class MessageHandler:
    def __init__(
        self,
        *,
        consulters: ConsulterRepository,
        messages: MessageRepository,
        after_message: CaseAfterMessage,
        placement: CasePlacement,
        risk: RiskStep,
        hours: HoursStep,
        group_chat: GroupChatReply,
        pseudonym_key: str,
        available_languages: tuple[str, ...],
    ) -> None:
        self._consulters = consulters
        self._messages = messages
        self._after_message = after_message
        self._placement = placement
        self._risk = risk
        self._hours = hours
        self._group_chat = group_chat
        self._pseudonym_key = pseudonym_key
        self._available_languages = available_languages

    async def on_message(self, event: MessageReceived, emit: Emitter, received_at: datetime) -> Handled:
        """Her message into her case. A later message in her open case costs six round trips in
        all (docs/performance.md): the ledger's claim and finish, her open case, her recent texts
        for the case view, the message, and one write of everything it changes on the case."""
        head, source = event.head, event.head.source
        if source.kind in ("group", "room"):
            return self._group_chat(head, emit, received_at, event.text)
        if source.kind != "user" or source.user_id is None:
            return Handled("no_user")
        consulter_id = consulter_pseudonym(source.user_id, self._pseudonym_key)
        if head.mode == "standby":
            return Handled("standby", consulter_id=consulter_id)
        structlog.contextvars.bind_contextvars(consulter_id=consulter_id)
        message_id = emit.derive("message")

        async def not_stored_elsewhere() -> bool:
            # The same LINE message under another webhook event (should not happen; LINE ids are
            # unique) must not open a case; in an open case the message's own insert refuses it.
            stored = await self._messages.exists_line_message(event.line_message_id)
            return stored is None or stored == message_id

        placed = await self._placement.place(consulter_id, head.at, emit, may_open=not_stored_elsewhere)
        if placed is None:
            return Handled("duplicate_line_message", consulter_id=consulter_id)
        case, case_id = placed.case, str(placed.case["_id"])
        structlog.contextvars.bind_contextvars(case_id=case_id)
        cached = case.get(CACHE)
        if placed.opened or cached is None:
            # First sight of her in this case: register her (or note her return) and read her languages.
            languages = await self._consulters.seen(consulter_id, source.user_id, head.at)
            cache: dict[str, Any] | None = languages.as_cache()
        else:
            languages, cache = Languages.from_cache(cached), None
        # Assessed before storing, so the message and its sealed reasons are one write.
        assessment = None
        if event.text is not None:
            assessment = await self._risk.assess(case_id, message_id, head.at, event.text)
        result = await self._messages.insert_inbound(
            message_id=message_id,
            case_id=case_id,
            consulter_id=consulter_id,
            kind=event.kind,
            at=head.at,
            text=event.text,
            line_message_id=event.line_message_id,
            webhook_event_id=emit.correlation_id,
            assessment=assessment,
        )
        if result is InsertResult.DUPLICATE:
            return Handled("duplicate_line_message", consulter_id=consulter_id, case_id=case_id)
        language = await self._language(consulter_id, event.text, assessment, languages)
        if language.hers != languages.stored:
            cache = {**(cache or {}), "language": language.hers}
        hours = await self._hours(
            emit,
            MessageContext(
                head=head,
                received_at=received_at,
                consulter_id=consulter_id,
                case_id=case_id,
                message_id=message_id,
                opened=placed.opened,
                opening=aware(case["waiting_since"]).isoformat(),
                counselor_replied=bool(case.get("counselor_replied")),
                level=assessment.level if assessment else None,
                language=language.reply,
                abusive=languages.abusive,
            ),
        )
        change = await self._after_message.apply(
            case,
            MessageEffects(
                at=head.at,
                assessed=assessment.level if assessment else None,
                needs=needs_of(assessment) if assessment else (),
                # answered before: the next answer is due
                start_wait=bool(case.get("first_response_at")) and not placed.opened,
                reply_token=hours.unused_token,
                received_at=received_at,
                cache=cache,
            ),
        )
        envelopes: list[Envelope] = []
        if placed.opened:
            opened_at = head.at if placed.reopened else case["opened_at"]
            opened = CaseOpened(
                case_id=case_id, consulter_id=consulter_id, reopened=placed.reopened, opened_at=opened_at
            )
            envelopes.append(emit.envelope(opened, case_id))
        appended = CaseMessageAppended(
            case_id=case_id,
            consulter_id=consulter_id,
            message_id=message_id,
            direction="in",
            kind=event.kind,
            at=head.at,
        )
        envelopes.append(emit.envelope(appended, message_id))
        level_changed = False
        if assessment is not None and change is not None:
            envelopes.append(
                self._risk.assessed(
                    emit,
                    case_id=case_id,
                    consulter_id=consulter_id,
                    message_id=message_id,
                    assessment=assessment,
                    change=change,
                    discriminator=message_id,
                )
            )
            level_changed = change.level != change.previous
        envelopes += hours.envelopes
        return Handled(
            "case_message", envelopes, consulter_id, case_id, assign=placed.opened or level_changed
        )

    async def _language(
        self, consulter_id: str, text: str | None, assessment: Assessment | None, languages: Languages
    ) -> LanguageChoice:
        """The automatic replies' language (domain/reply_language.py); hers is kept when it changes."""
        choice = choose_language(
            detected=getattr(assessment, "language", None) if assessment else None,
            text=text or "",
            stored=languages.stored,
            override=languages.override,
            available=self._available_languages,
        )
        if choice.hers != languages.stored:
            await self._consulters.set_language(consulter_id, choice.hers)
        return choice

    async def on_edit(self, event: MessageEdited, emit: Emitter) -> Handled:
        """She edited a message: keep both versions sealed and assess the new one (it may say more)."""
        doc = await self._messages.edit(event.line_message_id, event.text, event.head.at)
        if doc is None:
            return Handled("edit_of_unknown_message")
        consulter_id, case_id, message_id = str(doc["consulter_id"]), str(doc["case_id"]), str(doc["_id"])
        structlog.contextvars.bind_contextvars(consulter_id=consulter_id, case_id=case_id)
        assessment = await self._risk.assess(case_id, message_id, doc["at"], event.text)
        await self._messages.store_assessment(doc, assessment)
        envelope = await self._risk.apply(
            emit,
            case_id=case_id,
            consulter_id=consulter_id,
            message_id=message_id,
            assessment=assessment,
            discriminator=f"edit:{message_id}",
        )
        return Handled("message_edited", [envelope], consulter_id, case_id)

    async def on_unsend(self, event: Unsent) -> Handled:
        """She unsent a message: its text goes (ciphertext deleted); the case keeps a marker and level."""
        doc = await self._messages.hide(event.line_message_id, event.head.at)
        if doc is None:
            return Handled("unsend_of_unknown_message")
        return Handled("message_unsent", consulter_id=str(doc["consulter_id"]), case_id=str(doc["case_id"]))
