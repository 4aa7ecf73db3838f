"""Rotating ENCRYPTION_KEYS (docs/operations.md, "Keys"): with a new key first, old data still opens,
new data is sealed with the new key, and the background re-seal moves the rest until nothing is
sealed with the old key — after which the old key can go and everything still opens."""

from typing import Any

from services.triage.bootstrap import build
from services.triage.config import Settings
from shared.crypto import generate_key_spec
from tests.unit.triage.support_triage import FakePublisher, text_event

WORDS = "夫に殴られて怖い"


def kids(doc: Any) -> list[str]:
    if isinstance(doc, dict):
        own = [doc["kid"]] if {"kid", "n", "ct"} <= doc.keys() else []
        return own + [k for value in doc.values() for k in kids(value)]
    if isinstance(doc, list):
        return [k for value in doc for k in kids(value)]
    return []


async def all_kids(db: Any) -> set[str]:
    found: set[str] = set()
    for name in ("messages", "notes", "consulters", "line_events", "cases"):
        for doc in await db[name].find({}).to_list(None):
            found.update(kids(doc))
    return found


async def test_rotation_keeps_old_data_readable_and_moves_it_to_the_new_key(
    settings: Settings, db: Any, assessor: Any
) -> None:
    old = settings.encryption_keys
    first = build(settings, db=db, assessor=assessor, publisher=FakePublisher())
    await first.line_events(*_envelope(text_event(WORDS)))
    await first.line_events(
        *_envelope({**text_event("x"), "type": "postback", "postback": {"data": "age=30s"}})
    )
    assert await all_kids(db) == {"k1"}

    rotated = settings.model_copy(update={"encryption_keys": f"{generate_key_spec('k2')},{old}"})
    second = build(rotated, db=db, assessor=assessor, publisher=FakePublisher())
    await second.line_events(*_envelope(text_event("もう一通", user="U" + "d" * 32)))
    assert await all_kids(db) == {"k1", "k2"}  # new data with k2, old still k1 ...
    message = await db["messages"].find_one({"kind": "text"}, sort=[("at", 1)])
    assert second.stores.messages.open_field(message, "text") == WORDS  # ... and it still opens

    assert await second.periodic.reseal_round() > 0
    while await second.stores.reseal.remaining():
        await second.periodic.reseal_round()
    assert await all_kids(db) == {"k2"}
    assert second.registry.get_sample_value("tsunagari_triage_sealed_with_old_keys") == 0

    only_new = rotated.model_copy(update={"encryption_keys": rotated.encryption_keys.split(",")[0]})
    third = build(only_new, db=db, assessor=assessor, publisher=FakePublisher())
    message = await db["messages"].find_one({"_id": message["_id"]})
    assert third.stores.messages.open_field(message, "text") == WORDS  # the old key is no longer needed
    consulter = await db["consulters"].find_one({})
    assert await third.stores.consulters.line_user_id(consulter["_id"]) is not None


def _envelope(event: dict[str, Any]) -> tuple[Any, Any]:
    from shared.events import read_data
    from tests.unit.triage.support_triage import line_envelope

    envelope = line_envelope(event)
    return envelope, read_data(envelope)
