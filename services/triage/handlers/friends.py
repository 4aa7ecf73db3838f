"""Follow, refollow (an unblock) and unfollow: the consulter registry and the friend figures."""

from __future__ import annotations

import structlog

from services.triage.adapters.consulters import FriendKind
from services.triage.context import TriageContext
from services.triage.domain.line_events import Followed, PostbackReceived, Unfollowed
from services.triage.handlers.outcome import Handled
from shared.pseudonym import consulter_pseudonym


async def on_friendship(ctx: TriageContext, event: Followed | Unfollowed, key: str) -> Handled:
    user_id = event.head.source.user_id
    if event.head.source.kind != "user" or user_id is None:
        return Handled("no_user")
    consulter_id = consulter_pseudonym(user_id, ctx.settings.pseudonym_key)
    structlog.contextvars.bind_contextvars(consulter_id=consulter_id)
    await ctx.consulters.seen(consulter_id, user_id, event.head.at)
    kind: FriendKind = "unfollow"
    if isinstance(event, Followed):
        kind = "refollow" if event.unblocked else "follow"
    await ctx.consulters.record_friend_event(key, consulter_id, kind, event.head.at)
    return Handled(kind, consulter_id=consulter_id)


async def on_postback(ctx: TriageContext, event: PostbackReceived, key: str) -> Handled:
    """Recorded (sealed) for the intake of part 2, which will interpret the answers."""
    user_id = event.head.source.user_id
    consulter_id = consulter_pseudonym(user_id, ctx.settings.pseudonym_key) if user_id else None
    if consulter_id and user_id and event.head.source.kind == "user":
        await ctx.consulters.seen(consulter_id, user_id, event.head.at)
    await ctx.line_events.attach_postback(key, event.data)
    return Handled("postback", consulter_id=consulter_id)
