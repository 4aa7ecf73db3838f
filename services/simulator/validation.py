"""Request-body checks of the Messaging API, answered the way LINE words them.

LINE answers a bad body with 400 `{"message": "The request body has N error(s)", "details":
[{"message": ..., "property": "messages[0].text"}]}`. Only the rules a client of this project can
trip are checked; the rest of LINE's schema is accepted as it comes.
"""

import re
import uuid
from typing import Any

MAX_MESSAGES = 5
MAX_TEXT_CHARS = 5000
MAX_ALT_TEXT_CHARS = 400
MAX_URL_CHARS = 2000
MAX_QUICK_REPLY_ITEMS = 13
USER_ID_PATTERN = re.compile(r"^U[0-9a-f]{32}$")

Details = list[dict[str, str]]


def _required_str(obj: dict[str, Any], key: str, prop: str, details: Details, max_len: int | None) -> None:
    value = obj.get(key)
    if not isinstance(value, str) or value == "":
        details.append({"message": "Must not be empty" if value == "" else "Required", "property": prop})
    elif max_len is not None and len(value) > max_len:
        details.append({"message": f"Length must be between 0 and {max_len}", "property": prop})


def _required_object(obj: dict[str, Any], key: str, prop: str, details: Details) -> None:
    if not isinstance(obj.get(key), dict):
        details.append({"message": "Required", "property": prop})


def _check_url(obj: dict[str, Any], key: str, prop: str, details: Details) -> None:
    _required_str(obj, key, prop, details, MAX_URL_CHARS)
    value = obj.get(key)
    if isinstance(value, str) and value and not value.startswith("https://"):
        details.append({"message": "Must be an https URL", "property": prop})


def _check_quick_reply(message: dict[str, Any], prop: str, details: Details) -> None:
    quick_reply = message.get("quickReply")
    if quick_reply is None:
        return
    items = quick_reply.get("items") if isinstance(quick_reply, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_QUICK_REPLY_ITEMS:
        details.append(
            {"message": f"Size must be between 1 and {MAX_QUICK_REPLY_ITEMS}", "property": f"{prop}.items"}
        )
        return
    for i, item in enumerate(items):
        if (
            not isinstance(item, dict)
            or item.get("type") != "action"
            or not isinstance(item.get("action"), dict)
        ):
            details.append({"message": "Invalid quick reply item", "property": f"{prop}.items[{i}]"})


def _check_message(message: Any, prop: str, details: Details) -> None:
    if not isinstance(message, dict):
        details.append({"message": "Must be an object", "property": prop})
        return
    kind = message.get("type")
    if kind == "text":
        _required_str(message, "text", f"{prop}.text", details, MAX_TEXT_CHARS)
    elif kind == "sticker":
        _required_str(message, "packageId", f"{prop}.packageId", details, None)
        _required_str(message, "stickerId", f"{prop}.stickerId", details, None)
    elif kind == "image":
        _check_url(message, "originalContentUrl", f"{prop}.originalContentUrl", details)
        _check_url(message, "previewImageUrl", f"{prop}.previewImageUrl", details)
    elif kind == "template":
        _required_str(message, "altText", f"{prop}.altText", details, MAX_ALT_TEXT_CHARS)
        _required_object(message, "template", f"{prop}.template", details)
    elif kind == "flex":
        _required_str(message, "altText", f"{prop}.altText", details, MAX_ALT_TEXT_CHARS)
        _required_object(message, "contents", f"{prop}.contents", details)
    else:
        details.append({"message": "Invalid message type", "property": f"{prop}.type"})
        return
    _check_quick_reply(message, f"{prop}.quickReply", details)


def check_messages(body: dict[str, Any], details: Details) -> None:
    messages = body.get("messages")
    if not isinstance(messages, list):
        details.append({"message": "Required", "property": "messages"})
        return
    if not 1 <= len(messages) <= MAX_MESSAGES:
        details.append({"message": f"Size must be between 1 and {MAX_MESSAGES}", "property": "messages"})
        return
    for i, message in enumerate(messages):
        _check_message(message, f"messages[{i}]", details)
    if "notificationDisabled" in body and not isinstance(body["notificationDisabled"], bool):
        details.append({"message": "Must be a boolean", "property": "notificationDisabled"})


def check_reply(body: dict[str, Any]) -> Details:
    details: Details = []
    _required_str(body, "replyToken", "replyToken", details, None)
    check_messages(body, details)
    return details


def check_push(body: dict[str, Any]) -> Details:
    details: Details = []
    to = body.get("to")
    if not isinstance(to, str) or not to:
        details.append({"message": "Required", "property": "to"})
    elif not USER_ID_PATTERN.match(to):
        details.append({"message": "Invalid user ID", "property": "to"})
    check_messages(body, details)
    return details


def is_valid_retry_key(value: str) -> bool:
    """LINE wants a UUID in hexadecimal form, e.g. `123e4567-e89b-12d3-a456-426614174000`."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def error_body(details: Details) -> dict[str, Any]:
    return {"message": f"The request body has {len(details)} error(s)", "details": details}
