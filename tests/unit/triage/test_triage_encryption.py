"""What a consulter wrote and who she is on LINE never sit in the database in clear."""

from typing import Any

import pytest
from cryptography.exceptions import InvalidTag

from services.triage.bootstrap import Triage
from shared.crypto import Keyring, Sealed, generate_key_spec
from tests.unit.triage.support_triage import USER, text_event

SECRET_TEXT = "今夜帰ってきたら殺される。住所は東京都港区1-2-3"


def _leaves(value: Any) -> list[str]:
    """Every string and bytes value of a raw document (bytes decoded loosely)."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list | tuple):
        return [leaf for v in value for leaf in _leaves(v)]
    if isinstance(value, bytes):
        return [value.decode("utf-8", "replace"), value.hex()]
    return [str(value)]


async def _everything(db: Any) -> list[str]:
    leaves: list[str] = []
    for name in await db.list_collection_names():
        for doc in await db[name].find({}).to_list(None):
            leaves.extend(_leaves(doc))
    return leaves


async def test_no_plaintext_text_spans_or_line_id_in_any_document(handle: Any, db: Any) -> None:
    event = text_event(SECRET_TEXT)
    await handle(event)
    await handle(
        {**text_event("x"), "type": "postback", "webhookEventId": "01PB", "postback": {"data": "age=20s"}}
    )
    leaves = await _everything(db)
    for secret in (SECRET_TEXT, "殺される", "港区", USER, event["replyToken"], "age=20s"):
        assert not any(secret in leaf for leaf in leaves), f"{secret!r} stored in clear"


async def test_text_and_reasons_round_trip(handle: Any, ctx: Triage, db: Any) -> None:
    event = text_event(SECRET_TEXT)
    await handle(event)
    doc = await db["messages"].find_one({"line_message_id": event["message"]["id"]})
    assert ctx.stores.messages.open_field(doc, "text") == SECRET_TEXT
    assert doc["text"]["kid"] == "k1"
    assert '"span": "殺される"' in (ctx.stores.messages.open_field(doc, "risk_detail") or "")
    assert doc["risk"]["level"] == "emergency" and doc["risk"]["rule_ids"] == ["DV-KILL-FEAR"]
    consulter = await db["consulters"].find_one({})
    assert await ctx.stores.consulters.line_user_id(consulter["_id"]) == USER


async def test_a_ciphertext_moved_to_another_message_does_not_open(handle: Any, ctx: Triage, db: Any) -> None:
    first, second = text_event(SECRET_TEXT), text_event("こんにちは")
    await handle(first)
    await handle(second)
    a = await db["messages"].find_one({"line_message_id": first["message"]["id"]})
    b = await db["messages"].find_one({"line_message_id": second["message"]["id"]})
    with pytest.raises(InvalidTag):
        ctx.stores.messages.open_field({**b, "text": a["text"]}, "text")


def test_rotation_keeps_old_values_readable() -> None:
    k1 = generate_key_spec("k1")
    sealed = Keyring.from_spec(k1).seal("古い鍵の文", context="text:case:m")
    rotated = Keyring.from_spec(f"{generate_key_spec('k2')},{k1}")
    assert rotated.open(Sealed.from_document(sealed.to_document()), context="text:case:m") == "古い鍵の文"
    assert rotated.seal("新", context="x").key_id == "k2"
