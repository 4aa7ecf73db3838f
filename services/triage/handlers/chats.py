"""Group and room chats: the account is for one-to-one talks, so it answers with a neutral line
(`domain.group_chats`) through the reply token, opens no case and stores nothing the chat said."""

from __future__ import annotations

from datetime import datetime

from services.triage.context import TriageContext
from services.triage.domain.group_chats import group_chat_messages
from services.triage.domain.line_events import EventHead
from services.triage.handlers.emit import Emitter
from services.triage.handlers.outcome import Handled
from shared.events import SendLineMessage
from shared.pseudonym import consulter_pseudonym


def group_chat_reply(ctx: TriageContext, head: EventHead, emit: Emitter, received_at: datetime) -> Handled:
    chat_id = head.source.chat_id
    # Without a fresh reply token we would have to push into the group: better to say nothing.
    if head.mode == "standby" or not head.reply_token or chat_id is None:
        return Handled("group_chat_no_reply")
    request_id = emit.derive("group_chat_reply")
    request = SendLineMessage(
        request_id=request_id,
        # The chat, not a person, is the addressee; its pseudonym keeps the raw id out of logs.
        consulter_id=consulter_pseudonym(chat_id, ctx.settings.pseudonym_key),
        line_user_id=chat_id,
        messages=group_chat_messages(),
        reply_token=head.reply_token,
        reply_token_received_at=received_at,
        silent=False,
        purpose="group_chat",
    )
    return Handled("group_chat_reply", [emit.envelope(request, "group_chat_reply")])
