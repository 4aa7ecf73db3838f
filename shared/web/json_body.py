"""The one way every API reads a JSON request body: bounded, checked, never echoed.

- larger than `max_bytes` → 413 `payload_too_large`;
- not UTF-8, not JSON, nested deeper than `max_depth`, or holding a lone surrogate (`"\\ud800"`,
  which no database or hash can encode) → 400 `invalid_json`;
- for a pydantic model, a body that does not fit → 422 `invalid_body` naming only the model's own
  fields: keys the client invented are "unexpected", never repeated back (they may be her words).
Nothing is stored before a body has passed.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from shared.web.errors import api_error

M = TypeVar("M", bound=BaseModel)
MAX_BYTES = 64 * 1024
MAX_DEPTH = 16


class UnsafeJson(ValueError):
    """Valid JSON we refuse to handle (too deep, or text that cannot be encoded)."""


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_tree(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise UnsafeJson for nesting deeper than `max_depth` or a lone surrogate anywhere."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise UnsafeJson(f"nested deeper than {max_depth}")
            children = item.items() if isinstance(item, dict) else ((None, v) for v in item)
            for key, child in children:
                if isinstance(key, str) and _has_lone_surrogate(key):
                    raise UnsafeJson("text that is not valid Unicode")
                stack.append((child, depth + 1))
        elif isinstance(item, str) and _has_lone_surrogate(item):
            raise UnsafeJson("text that is not valid Unicode")


def parse_json(raw: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse and check; ValueError (incl. UnsafeJson) for anything we will not take."""
    try:
        text = raw.decode("utf-8")
        value = json.loads(text)
    except RecursionError:
        raise UnsafeJson(f"nested deeper than {max_depth}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not valid JSON") from exc
    check_tree(value, max_depth)
    return value


async def read_json(request: web.Request, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    if request.content_length is not None and request.content_length > max_bytes:
        raise api_error(413, "payload_too_large", f"Bodies are limited to {max_bytes} bytes.")
    raw = await request.content.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise api_error(413, "payload_too_large", f"Bodies are limited to {max_bytes} bytes.")
    try:
        return parse_json(raw, max_depth=max_depth)
    except UnsafeJson as exc:
        raise api_error(400, "invalid_json", f"The body is not acceptable JSON: {exc}.") from None
    except ValueError:
        raise api_error(400, "invalid_json", "The body is not valid JSON.") from None


def describe_errors(model: type[BaseModel], exc: ValidationError) -> str:
    """`field: problem; ...` for the model's own fields only."""
    known = set(model.model_fields)
    parts = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        if error["type"] == "extra_forbidden" or (loc and loc[0] not in known):
            parts.append("body: unexpected field")
        elif error["type"] == "model_type" or not loc:
            parts.append("body: expected a JSON object")
        else:
            # Nested keys may be the client's own (a details map): name the model's field only.
            parts.append(f"{loc[0]}: {error['msg']}")
    return "; ".join(dict.fromkeys(parts))


async def read_model(request: web.Request, model: type[M], *, max_bytes: int = MAX_BYTES) -> M:
    raw = await read_json(request, max_bytes=max_bytes)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise api_error(422, "invalid_body", describe_errors(model, exc)) from None
