"""Group and room chats: the account is for one-to-one talks, so it answers with a neutral line
(`domain.group_chats`) through the reply token, opens no case and stores nothing the chat said."""

from __future__ import annotations

from datetime import datetime

from services.triage.domain.group_chats import group_chat_messages
from services.triage.domain.line_events import EventHead
from services.triage.domain.outbound import ReplyToken, line_request
from services.triage.handlers.emit import Emitter
from services.triage.handlers.outcome import Handled
from shared.pseudonym import consulter_pseudonym


class GroupChatReply:
    def __init__(self, pseudonym_key: str) -> None:
        self._pseudonym_key = pseudonym_key

    def __call__(self, head: EventHead, emit: Emitter, received_at: datetime) -> Handled:
        chat_id = head.source.chat_id
        # Without a fresh reply token we would have to push into the group: better to say nothing.
        if head.mode == "standby" or not head.reply_token or chat_id is None:
            return Handled("group_chat_no_reply")
        request = line_request(
            emit.derive("group_chat_reply"),
            # The chat, not a person, is the addressee; its pseudonym keeps the raw id out of logs.
            consulter_id=consulter_pseudonym(chat_id, self._pseudonym_key),
            line_user_id=chat_id,
            messages=group_chat_messages(),
            purpose="group_chat",
            silent=False,
            token=ReplyToken(head.reply_token, received_at),
        )
        return Handled("group_chat_reply", [emit.envelope(request, "group_chat_reply")])
