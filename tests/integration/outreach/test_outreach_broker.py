"""Outreach against the real broker: requests recorded once and her withdrawal or a closing case
cancelling what was not done (the proposer named); and **never double-booked** — two outreach
replicas consuming the same queue, six coordinators scheduling and rescheduling at once over the
same staff and hours, every database round trip interleaved (tests/support/interleaving.py)."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest

from services.outreach.domain.slots import occupancy, reservation_keys
from services.outreach.domain.states import VISIT_ACTIVE
from shared.events import CaseClosed, OutreachConsentWithdrawn, envelope_for
from shared.messaging import EventPublisher, Topology
from tests.integration.outreach.conftest import Replica, ReplicaFactory
from tests.support.staff import STAFF_KEY
from tests.support.waiting import until
from tests.unit.outreach.support import MONDAY, Staff, at, plan, request_data

pytestmark = pytest.mark.integration
STAFF = ("w-ishii", "w-ueda", "w-mori", "o-kato", "o-ono")  # all work Thursdays


@pytest.fixture
async def publish(amqp_connection: Any, topology: Topology) -> Any:
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()

    async def run(*datas: Any) -> None:
        await publisher.publish_all([envelope_for(d, producer="triage", correlation_id="it") for d in datas])

    yield run
    await publisher.close()


async def stored(replica: Replica, count: int) -> None:
    async def enough() -> bool:
        return len(await replica.outreach.stores.requests.listing(("requested",))) >= count

    await until(enough, 20)


async def test_requests_once_and_cancellations_on_the_broker(
    replicas: ReplicaFactory, publish: Any, sink_factory: Any
) -> None:
    replica = await replicas()
    sink = await sink_factory("outreach.#")
    first, second = request_data("r-1", case_id="k-1"), request_data("r-2", case_id="k-2")
    await publish(first, first, second)  # a duplicate changes nothing
    await stored(replica, 2)
    assert len(await replica.outreach.stores.requests.listing(("requested",))) == 2
    ono = Staff(replica.client, "o-ono", replica.outreach.clock, STAFF_KEY)  # type: ignore[arg-type]
    status, made = await ono.call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"})
    assert status == 201
    [scheduled] = await sink.wait_count("outreach.scheduled", 1)
    assert scheduled.data["visit_id"] == made["visit_id"]
    [confirm] = await sink.wait_count("outreach.message.requested", 1)
    assert confirm.data["kind"] == "confirm"

    await publish(
        OutreachConsentWithdrawn(
            request_id="r-1", case_id="k-1", consulter_id="cons_1", recorded_by="c-aoki", via="line_chat", at=MONDAY
        ),
        CaseClosed(case_id="k-2", consulter_id="cons_1", outcome="resolved", closed_by="c-aoki", consultation=True),
    )
    cancelled = await sink.wait_count("outreach.cancelled", 2, timeout=20)
    reasons = {e.data["request_id"]: (e.data["reason"], e.data["proposed_by"], e.data["visit_id"]) for e in cancelled}
    assert reasons == {
        "r-1": ("consent_withdrawn", "c-aoki", made["visit_id"]),
        "r-2": ("case_closed", "c-aoki", None),
    }
    assert await replica.outreach.stores.reservations.all() == []


async def test_two_replicas_and_six_coordinators_never_double_book(
    replicas: ReplicaFactory, publish: Any, sink_factory: Any
) -> None:
    first, second = await replicas(), await replicas()
    sink = await sink_factory("outreach.scheduled", "outreach.cancelled")
    requests = [request_data(f"r-{n:02d}", case_id=f"k-{n:02d}") for n in range(30)]
    await publish(*requests)
    await stored(first, len(requests))
    for replica in (first, second):  # both consumed: competing consumers on one queue
        consumer = replica.outreach.broker.consumers[0]
        labels = {"queue": consumer.queue_name, "outcome": "handled"}
        assert (replica.outreach.registry.get_sample_value("events_consumed_total", labels) or 0) > 0

    starts = [at(3, 12) + timedelta(minutes=30 * n) for n in range(15)]  # 12:00 … 19:00
    pairs = list(itertools.combinations(STAFF, 2))
    outcomes: dict[str, int] = defaultdict(int)
    coordinators = [
        Staff((first if n % 2 else second).client, ("o-ono", "o-kato")[n % 2], first.outreach.clock, STAFF_KEY)  # type: ignore[arg-type]
        for n in range(6)
    ]

    async def coordinate(index: int, who: Staff) -> None:
        for number, request in enumerate(requests[index::6]):
            for attempt in range(6):
                start = starts[(index * 3 + number * 5 + attempt * 7) % len(starts)]
                pair = pairs[(index + number + attempt) % len(pairs)]
                body = plan(starts_at=start.isoformat(), ends_at=(start + timedelta(hours=1)).isoformat(), staff_ids=list(pair))
                status, answer = await who.call("POST", "/api/outreach/visits", {**body, "request_id": request.request_id})
                code = answer.get("error", {}).get("code") if status >= 400 else "scheduled"
                outcomes[code] += 1
                if status == 201:
                    break
                assert (status, code) in ((409, "staff_booked"), (422, "staff_not_working")), (status, answer)

    await asyncio.gather(*(coordinate(n, who) for n, who in enumerate(coordinators)))
    assert outcomes["scheduled"] >= 5 and outcomes["staff_booked"] > 0, outcomes

    # Two coordinators move the same visits at once, through different replicas: one wins each.
    visits = [v for v in await first.outreach.stores.visits.active() if v["status"] in VISIT_ACTIVE][:4]
    later = at(5, 13)  # Saturday: everyone above but Ono works
    races = []
    for n, visit in enumerate(visits):
        start = later + timedelta(hours=2 * n)
        body = plan(starts_at=start.isoformat(), ends_at=(start + timedelta(hours=1)).isoformat(), staff_ids=["w-ishii", "w-mori"] if n % 2 else ["w-ueda", "o-kato"])
        for who in coordinators[:2]:
            races.append(who.call("PUT", f"/api/outreach/visits/{visit['_id']}", {**body, "revision": visit["revision"]}))
    answers = await asyncio.gather(*races)
    for pair in (answers[i : i + 2] for i in range(0, len(answers), 2)):
        assert sorted(status for status, _ in pair) == [200, 409], pair

    await check_never_double_booked(first, sink)


async def check_never_double_booked(replica: Replica, sink: Any) -> None:
    stores = replica.outreach.stores
    active = await stores.visits.active()
    # 1. In the database: no staff member in two active visits whose times (travel included) overlap.
    by_staff: dict[str, list[tuple[Any, Any, str]]] = defaultdict(list)
    for visit in active:
        for staff_id in visit["staff_ids"]:
            by_staff[staff_id].append((visit["occupancy"]["start"], visit["occupancy"]["end"], visit["_id"]))
    for staff_id, spans in by_staff.items():
        spans.sort()
        for (_, end, a), (start, _, b) in itertools.pairwise(spans):
            assert end <= start, f"{staff_id} double-booked: {a} and {b}"
    # 2. On the broker: the latest scheduling of every visit not cancelled agrees.
    await sink.wait_for(lambda got: len({e.data["visit_id"] for e in got if e.type == "outreach.scheduled"}) >= len(active), 20)
    latest: dict[str, Any] = {}
    for event in sink.of_type("outreach.scheduled"):
        if event.data["revision"] >= latest.get(event.data["visit_id"], {}).get("revision", 0):
            latest[event.data["visit_id"]] = event.data
    cancelled = {e.data["visit_id"] for e in sink.of_type("outreach.cancelled")}
    announced: dict[str, list[Any]] = defaultdict(list)
    for visit_id, data in latest.items():
        if visit_id in cancelled:
            continue
        span = occupancy(datetime.fromisoformat(data["starts_at"]), datetime.fromisoformat(data["ends_at"]), 30, 30)
        for staff_id in data["staff_ids"]:
            announced[staff_id].append(span)
    for staff_id, spans in announced.items():
        spans.sort(key=lambda s: s.start)
        assert all(not a.overlaps(b) for a, b in itertools.pairwise(spans)), staff_id
    # 3. The reservations are exactly the active visits' slots: none missing, none left over.
    held = {r["_id"]: (r["visit_id"], r["revision"]) for r in await stores.reservations.all()}
    expected = {
        key: (visit["_id"], visit["revision"])
        for visit in active
        for key, _, _ in reservation_keys(
            visit["staff_ids"],
            occupancy(visit["starts_at"], visit["ends_at"], visit["travel_before_min"], visit["travel_after_min"]),
        )
    }
    assert held == expected
    # 4. One visit per request at most.
    per_request: dict[str, int] = defaultdict(int)
    for visit in active:
        per_request[visit["request_id"]] += 1
    assert max(per_request.values()) == 1
