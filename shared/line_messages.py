"""Builders for the LINE message objects that go in `SendLineMessage.messages`.

Triage composes messages (intake questions asked gently with quick replies, confirmations); notifier
sends them as they are. The builders enforce LINE's limits here, where a mistake is a clear
`ValueError` at composition, instead of a 400 from LINE after the consulter has waited.
Limits: text 5,000 characters; quick reply 13 items, labels 20 characters; buttons 4 actions,
text 160 characters (60 with a title), title 40; confirm exactly 2 actions, text 240; altText 400.
"""

from __future__ import annotations

from typing import Any

Message = dict[str, Any]
Action = dict[str, Any]


def _check(value: str, limit: int, what: str) -> str:
    if not value or len(value) > limit:
        raise ValueError(f"{what} must be 1-{limit} characters, got {len(value)}")
    return value


def message_action(label: str, text: str) -> Action:
    """A button that sends `text` as if she typed it."""
    return {"type": "message", "label": _check(label, 20, "label"), "text": _check(text, 300, "text")}


def postback_action(label: str, data: str, display_text: str | None = None) -> Action:
    """A button that sends `data` to the bot; `display_text` (optional) appears in her chat."""
    action: Action = {
        "type": "postback",
        "label": _check(label, 20, "label"),
        "data": _check(data, 300, "data"),
    }
    if display_text is not None:
        action["displayText"] = _check(display_text, 300, "displayText")
    return action


def quick_reply(actions: list[Action]) -> dict[str, Any]:
    """A `quickReply` object: up to 13 buttons under the message, gone once she answers."""
    if not 1 <= len(actions) <= 13:
        raise ValueError("a quick reply has 1-13 items")
    return {"items": [{"type": "action", "action": action} for action in actions]}


def text(body: str, *, quick_replies: list[Action] | None = None) -> Message:
    """A text message, optionally with quick-reply buttons."""
    message: Message = {"type": "text", "text": _check(body, 5000, "text")}
    if quick_replies:
        message["quickReply"] = quick_reply(quick_replies)
    return message


def buttons(alt_text: str, body: str, actions: list[Action], *, title: str | None = None) -> Message:
    """A buttons template: a short text and up to 4 choices. `alt_text` is what a notification shows."""
    if not 1 <= len(actions) <= 4:
        raise ValueError("a buttons template has 1-4 actions")
    template: dict[str, Any] = {
        "type": "buttons",
        "text": _check(body, 60 if title else 160, "text"),
        "actions": actions,
    }
    if title:
        template["title"] = _check(title, 40, "title")
    return {"type": "template", "altText": _check(alt_text, 400, "altText"), "template": template}


def confirm(alt_text: str, body: str, yes: Action, no: Action) -> Message:
    """A confirm template: a question with exactly two answers."""
    return {
        "type": "template",
        "altText": _check(alt_text, 400, "altText"),
        "template": {"type": "confirm", "text": _check(body, 240, "text"), "actions": [yes, no]},
    }
