"""The console's live stream (GET /api/events): what each staff member is told, with no text, and
what a reconnecting page gets back (substitute database, fake publisher, no broker)."""

from __future__ import annotations

import json
from typing import Any

from services.triage.bootstrap import Triage
from services.triage.domain.live import CaseState, Notice, view_for
from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import USER, text_event

WORDS = "昨日夫に殴られた。家に帰るのが怖い"  # high, unambiguously (risk issue 10)


def test_each_person_is_told_what_she_may_see() -> None:
    assigned = Notice("case.message.appended", "k1", {"message_id": "m1", "direction": "in"})
    hers = CaseState("assigned", "high", "c-aoki")
    assert view_for("s-sato", "supervisor", assigned, hers)["counselor_id"] == "c-aoki"
    assert view_for("c-aoki", "counselor", assigned, hers)["message_id"] == "m1"
    assert view_for("c-brown", "counselor", assigned, hers) is None  # another counselor's case
    waiting = CaseState("waiting", "emergency", None)
    assert view_for("c-brown", "counselor", Notice("case.opened", "k2"), waiting) == {
        "kind": "queue", "case_id": "k2", "level": "emergency",
    }  # fmt: skip
    taken = Notice("case.assigned", "k2", {"counselor_id": "c-aoki"})
    assert view_for("c-brown", "counselor", taken, CaseState("assigned", "high", "c-aoki")) == {"kind": "queue"}
    assert view_for("o-ono", "outreach_coordinator", taken, hers) is None


async def frames(response: Any, count: int) -> list[tuple[str, dict[str, Any], str | None]]:
    """The next `count` events of a stream: (event name, data, id)."""
    found = []
    while len(found) < count:
        block = (await response.content.readuntil(b"\n\n")).decode()
        if block.startswith(":"):
            continue
        fields = dict(line.split(": ", 1) for line in block.strip().splitlines())
        found.append((fields["event"], json.loads(fields["data"]), fields.get("id")))
    return found


async def test_a_new_case_reaches_the_stream_without_her_words(api: Any, duty: Triage, duty_handle: Any) -> None:
    aoki = await login(api, "aoki")
    stream = await api.get("/api/events", headers={"Cookie": aoki.cookie})
    assert stream.status == 200 and stream.headers["Content-Type"].startswith("text/event-stream")
    assert stream.headers["Cache-Control"] == "no-store" and "script-src 'self'" in stream.headers["Content-Security-Policy"]
    [(hello, _, first_id)] = await frames(stream, 1)
    assert hello == "hello"
    await duty_handle(text_event(WORDS, at=duty.clock()))  # waits a moment, then c-aoki gets it
    seen = await frames(stream, 1)
    while seen[-1][1]["kind"] != "case.assigned":
        seen += await frames(stream, 1)
    kinds = [data["kind"] for _, data, _ in seen]
    # While it waits she learns that the queue changed (with its level); then that it is hers.
    assert set(kinds[:-1]) == {"queue"} and len(kinds) >= 4
    assert seen[-2][1]["level"] == "high" and seen[0][1]["case_id"] == seen[-1][1]["case_id"]
    assert seen[-1][1]["counselor_id"] == "c-aoki" and seen[-1][1]["status"] == "assigned"
    raw = json.dumps([data for _, data, _ in seen], ensure_ascii=False)
    assert WORDS not in raw and USER not in raw
    stream.close()

    # Reconnecting with the first id replays what she missed; an unknown id asks for a re-read.
    again = await api.get("/api/events", headers={"Cookie": aoki.cookie, "Last-Event-ID": str(first_id)})
    replayed = await frames(again, 1 + len(kinds))
    assert [data.get("kind") for _, data, _ in replayed[1:]] == kinds
    again.close()
    lost = await api.get("/api/events", headers={"Cookie": aoki.cookie, "Last-Event-ID": "other-process.7"})
    assert [event for event, _, _ in await frames(lost, 2)] == ["hello", "resync"]
    lost.close()
    assert (await api.get("/api/events")).status == 401
