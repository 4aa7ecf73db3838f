"""Building LINE webhook bodies for tests, signed as the LINE platform signs them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
VENDORED_FIXTURES = REPO / "tests" / "data" / "line"


def shared_fixtures() -> Path | None:
    """The project's shared LINE fixtures: TSUNAGARI_SHARED_DIR, or `shared/` beside the repository."""
    candidates = [Path(os.environ["TSUNAGARI_SHARED_DIR"])] if os.environ.get("TSUNAGARI_SHARED_DIR") else []
    candidates.append(REPO.parent / "shared")
    for shared in candidates:
        if (shared / "fixtures" / "line" / "webhook-v3.json").is_file():
            return shared / "fixtures" / "line"
    return None


FIXTURES = shared_fixtures() or VENDORED_FIXTURES
FIXTURE_WEBHOOK = FIXTURES / "webhook-v3.json"
CHANNEL_SECRET = "test-channel-secret"


def sign(body: bytes, secret: str = CHANNEL_SECRET) -> str:
    """x-line-signature: Base64(HMAC-SHA256(channel secret, raw body)) — the platform's side."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def fixture_webhook(unique_ids: bool = True) -> dict[str, Any]:
    """The 28-event webhook of line-bot-sdk's tests; by default each event gets its own webhookEventId."""
    document = json.loads(FIXTURE_WEBHOOK.read_text(encoding="utf-8"))
    if unique_ids:
        for event in document["events"]:
            event["webhookEventId"] = f"01TEST{uuid.uuid4().hex[:20].upper()}"
    return document


def text_event(text: str, user_id: str = "U" + "a" * 32, event_id: str | None = None) -> dict[str, Any]:
    return {
        "type": "message",
        "mode": "active",
        "timestamp": 1764300000000,
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": event_id or f"01TEST{uuid.uuid4().hex[:20].upper()}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        "message": {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": text, "quoteToken": "q"},
    }


def body_of(events: list[dict[str, Any]], destination: str = "Ubot") -> bytes:
    return json.dumps({"destination": destination, "events": events}, ensure_ascii=False).encode()
