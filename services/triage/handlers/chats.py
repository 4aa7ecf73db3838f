"""Group and room chats: the account is for one-to-one talks, so it answers with a neutral line
through the reply token, opens no case and stores nothing the chat said. The line is in the
language the chat's message was written in (the risk package's detector; Japanese when it is too
short to tell or when the account was just added to the chat)."""

from __future__ import annotations

from datetime import datetime

from services.triage.domain.line_events import EventHead
from services.triage.domain.outbound import ReplyToken, line_request
from services.triage.domain.replies import ReplyCatalog
from services.triage.domain.reply_language import choose_language
from services.triage.handlers.emit import Emitter
from services.triage.handlers.outcome import Handled
from services.triage.risk.language import detect_language
from shared.pseudonym import consulter_pseudonym


class GroupChatReply:
    def __init__(self, pseudonym_key: str, replies: ReplyCatalog) -> None:
        self._pseudonym_key = pseudonym_key
        self._replies = replies

    def __call__(self, head: EventHead, emit: Emitter, received_at: datetime, text: str | None = None) -> Handled:
        chat_id = head.source.chat_id
        # Without a fresh reply token we would have to push into the group: better to say nothing.
        if head.mode == "standby" or not head.reply_token or chat_id is None:
            return Handled("group_chat_no_reply")
        request = line_request(
            emit.derive("group_chat_reply"),
            # The chat, not a person, is the addressee; its pseudonym keeps the raw id out of logs.
            consulter_id=consulter_pseudonym(chat_id, self._pseudonym_key),
            line_user_id=chat_id,
            messages=self._replies.group_chat_notice(self._language(text)),
            purpose="group_chat",
            silent=False,
            token=ReplyToken(head.reply_token, received_at),
        )
        return Handled("group_chat_reply", [emit.envelope(request, "group_chat_reply")])

    def _language(self, text: str | None) -> str:
        if not text:
            return self._replies.resolve(None)
        return choose_language(
            detected=detect_language(text), text=text, stored=None, override=None, available=self._replies.languages
        ).reply
