"""Indexes at start: missing ones created, a replaced one dropped only after its replacement exists."""

from __future__ import annotations

import uuid

from shared.mongo import IndexSpec, create_client, ensure_indexes


async def test_a_retired_index_goes_once_its_replacement_is_there() -> None:
    db = create_client(None)[f"idx_{uuid.uuid4().hex[:8]}"]
    await db["messages"].create_index([("case_id", 1), ("at", 1)], name="case_timeline")
    new = IndexSpec("messages", [("case_id", 1), ("at", 1), ("_id", 1)], name="case_timeline_at_id")
    await ensure_indexes(db, [new], retired=[("messages", "case_timeline")])
    names = set(await db["messages"].index_information())
    assert "case_timeline_at_id" in names and "case_timeline" not in names
    await ensure_indexes(db, [new], retired=[("messages", "case_timeline")])  # a restart: nothing to do
    assert set(await db["messages"].index_information()) == names
