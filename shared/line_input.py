"""What tsunagari accepts from LINE, written once: ingress checks a webhook with it at the edge, and
triage reads the event it opens with it, so what ingress accepts triage accepts.

A signed body comes from LINE (or from someone holding the channel secret), yet it can still hold
what no part of the system can carry. The limits, and why:
- **JSON as RFC 8259 has it**: no `NaN`/`Infinity`, no number that overflows to infinity.
- **Integers within signed 64 bits**: what MongoDB stores; LINE's integers are timestamps and
  indexes. (Python also refuses to read integers over 4,300 digits; this refuses long before.)
- **Nesting at most `MAX_DEPTH`** (the body counts 1, `events` 2, an event 3): LINE's events nest 6
  deep; the parsers downstream stop at 200 and a stack at about 1,000.
- **Ids**: `destination` and `webhookEventId` are printable ASCII without spaces, at most
  `MAX_KEY_ID_CHARS` (the event id becomes the AMQP correlation id, 255 bytes at most); any other
  `id`, `…Id` or `…Token` string at most `MAX_ID_CHARS` (LINE's longest, a quote token, is under 200).
- **Event `type`**: printable ASCII without spaces, at most `MAX_TYPE_CHARS`; unknown types pass
  (LINE adds types).
What breaks a limit is refused whole with a `RefusedInput` naming a short reason, never the content.

One repair instead of a refusal: a **lone surrogate escape** (`"\\ud800"` without its pair) cannot be
encoded as UTF-8, so nothing downstream could store it; it can come from a person's own text, and a
consulter's message must not be refused for one broken character. It becomes U+FFFD (�) and is
counted, nothing else is changed.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

MAX_DEPTH = 32
MAX_KEY_ID_CHARS = 128
MAX_ID_CHARS = 512
MAX_TYPE_CHARS = 64
_INT64 = 2**63

Reason = Literal["not_json", "too_deep", "number_out_of_range", "field_too_long", "malformed"]

# The event types line-bot-sdk 3 documents; others still pass, counted under `other`.
KNOWN_EVENT_TYPES = frozenset(
    {
        "message", "unsend", "follow", "unfollow", "join", "leave", "memberJoined", "memberLeft",
        "postback", "videoPlayComplete", "beacon", "accountLink", "things", "membership", "module",
        "activated", "deactivated", "botSuspended", "botResumed", "delivery", "messageEdited",
    }
)  # fmt: skip

_PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class RefusedInput(ValueError):
    """Signed input the system cannot carry; `reason` is one of a few codes, `detail` names no content."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason: Reason = reason
        self.detail = detail


class _NumberOutOfRange(ValueError):
    pass


@dataclass(frozen=True)
class Webhook:
    """A checked webhook body: the channel it was addressed to and its events, as received."""

    destination: str
    events: tuple[dict[str, Any], ...]
    repaired_strings: int = 0


def read_webhook(body: bytes) -> Webhook:
    """Check a webhook body (`{"destination": str, "events": [{"type": str, ...}, ...]}`)."""
    document, repaired = _load(body, MAX_DEPTH)
    if not isinstance(document, dict):
        raise RefusedInput("malformed", "body must be a JSON object")
    destination, events = document.get("destination"), document.get("events")
    _key_id(destination, "destination")
    assert isinstance(destination, str)
    if not isinstance(events, list):
        raise RefusedInput("malformed", "`events` must be a list")
    for index, event in enumerate(events):
        _check_event(event, f"events[{index}]")
    return Webhook(destination, tuple(events), repaired)


def read_event(raw: bytes) -> dict[str, Any]:
    """One event as ingress forwarded it (triage, after opening it): the same limits, from its level."""
    event, _ = _load(raw, MAX_DEPTH - 2)
    _check_event(event, "event")
    assert isinstance(event, dict)
    return event


def event_type_label(event_type: str) -> str:
    """A metric label from a bounded set: a known type, or `other`."""
    return event_type if event_type in KNOWN_EVENT_TYPES else "other"


def chat_id(event: dict[str, Any]) -> str | None:
    """The chat an event belongs to (its user, else group, else room id): one chat's events keep order."""
    source = event.get("source")
    if not isinstance(source, dict):
        return None
    for field in ("userId", "groupId", "roomId"):
        value = source.get(field)
        if isinstance(value, str) and value:
            return value
    return None


def _check_event(event: Any, where: str) -> None:
    if not isinstance(event, dict) or not isinstance(event.get("type"), str) or not event["type"]:
        raise RefusedInput("malformed", f"{where} must be an object with a string `type`")
    event_type = event["type"]
    if len(event_type) > MAX_TYPE_CHARS or not _PRINTABLE_ASCII.fullmatch(event_type):
        raise RefusedInput(
            "field_too_long", f"{where}.type must be printable ASCII of at most {MAX_TYPE_CHARS}"
        )
    if "webhookEventId" in event:
        _key_id(event["webhookEventId"], f"{where}.webhookEventId")


def _key_id(value: Any, where: str) -> None:
    if not isinstance(value, str) or not value:
        raise RefusedInput("malformed", f"`{where}` must be a non-empty string")
    if len(value) > MAX_KEY_ID_CHARS or not _PRINTABLE_ASCII.fullmatch(value):
        raise RefusedInput(
            "field_too_long", f"`{where}` must be printable ASCII of at most {MAX_KEY_ID_CHARS}"
        )


def _is_id_key(key: str) -> bool:
    return key == "id" or key.endswith(("Id", "Token"))


# --- JSON with limits ----------------------------------------------------------------------------


def _int(text: str) -> int:
    # Called with the digits before Python converts them, so 10,000 digits cost nothing.
    if len(text) > 20:
        raise _NumberOutOfRange
    number = int(text)
    if not -_INT64 <= number < _INT64:
        raise _NumberOutOfRange
    return number


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NumberOutOfRange
    return number


def _constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)
# On the raw text, signs that the walk below has something to do (cheap scans in C):
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # a lone surrogate can only come from an escape
# With no \" inside strings, a string's text runs from its opening quote to the next one, so a long
# string shows as a quote and a long run of anything else. Anchored on the quote and possessive, the
# scan stays linear: `[^"]{513,}` alone restarted at every character of every run (37 µs of a
# five-event webhook's 50, measured).
_LONG_RUN = re.compile(f'"[^"]{{{MAX_ID_CHARS + 1},}}+')


def _load(raw: bytes, max_depth: int) -> tuple[Any, int]:
    """Parse with the limits above; returns the document and how many strings were repaired."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedInput("not_json", "body is not UTF-8") from None
    try:
        document = _DECODER.decode(text)
    except RecursionError:
        raise RefusedInput("too_deep", f"nesting deeper than {max_depth}") from None
    except _NumberOutOfRange:
        raise RefusedInput("number_out_of_range", "a number is outside signed 64-bit or not finite") from None
    except json.JSONDecodeError as exc:
        raise RefusedInput("not_json", f"body is not JSON ({exc.msg})") from None
    if _nothing_to_walk(text, max_depth):
        return document, 0
    repaired = [0]
    document = _walk(document, max_depth, repaired)
    return document, repaired[0]


def _nothing_to_walk(text: str, max_depth: int) -> bool:
    """True when the text alone shows the walk would find nothing: fewer brackets than the depth
    limit, no surrogate escape, and no string that could be longer than an id may be. Most webhooks
    pass, and skip the walk (a third of ingress's own time per event, measured)."""
    return (
        text.count("{") + text.count("[") <= max_depth
        and _SURROGATE_ESCAPE.search(text) is None
        and '\\"' not in text
        and _LONG_RUN.search(text) is None
    )


def _walk(value: Any, depth_left: int, repaired: list[int]) -> Any:
    """One pass over the parsed document, in place: nesting, id lengths, lone surrogates repaired."""
    if isinstance(value, str):
        return _repair(value, repaired)
    if not isinstance(value, dict | list):
        return value
    if depth_left <= 0:
        raise RefusedInput("too_deep", "nesting deeper than the limit")
    if isinstance(value, dict):
        if any(not key.isascii() and _SURROGATE.search(key) for key in value):
            value = {_repair(key, repaired): item for key, item in value.items()}
        for key, item in value.items():
            if isinstance(item, str):
                if len(item) > MAX_ID_CHARS and _is_id_key(key):
                    raise RefusedInput("field_too_long", f"an id is longer than {MAX_ID_CHARS} characters")
                value[key] = _repair(item, repaired)
            elif isinstance(item, dict | list):
                value[key] = _walk(item, depth_left - 1, repaired)
    else:
        for index, item in enumerate(value):
            if isinstance(item, str | dict | list):
                value[index] = _walk(item, depth_left - 1, repaired)
    return value


def _repair(text: str, repaired: list[int]) -> str:
    if text.isascii() or not _SURROGATE.search(text):
        return text
    repaired[0] += 1
    return _SURROGATE.sub(REPLACEMENT, text)
