"""The time a visit takes from each of its staff, as slots: what makes double-booking impossible.

A visit occupies its staff from `starts_at − travel_before` to `ends_at + travel_after`, widened to
whole `SLOT`s (15 minutes, on the clock's quarter hours: the same in UTC and in Japan time). Each
(staff member, slot) can be held by one visit only: the reservation documents are keyed by it
(`reservation_key`), so the database's unique `_id` refuses a second holder, on the substitute as
on a real replica set, whichever coordinator or replica asks. A visit takes its slots in one global
order (sorted keys), so two visits racing for the same slots cannot both lose for ever: the one that
gets the first contested slot gets them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SLOT = timedelta(minutes=15)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Span:
    start: datetime
    end: datetime

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def occupancy(starts_at: datetime, ends_at: datetime, travel_before_min: int, travel_after_min: int) -> Span:
    """The staff's time the visit takes, travel included, widened to whole slots."""
    start = starts_at - timedelta(minutes=travel_before_min)
    end = ends_at + timedelta(minutes=travel_after_min)
    first = _EPOCH + ((start - _EPOCH) // SLOT) * SLOT
    steps = -((_EPOCH - end) // SLOT)  # ceiling
    return Span(first, _EPOCH + steps * SLOT)


def slots(span: Span) -> list[datetime]:
    out, at = [], span.start
    while at < span.end:
        out.append(at)
        at += SLOT
    return out


def reservation_key(staff_id: str, slot: datetime) -> str:
    return f"{staff_id}|{slot.astimezone(UTC).strftime('%Y-%m-%dT%H:%M')}"


def reservation_keys(staff_ids: Iterable[str], span: Span) -> list[tuple[str, str, datetime]]:
    """(key, staff id, slot) for every slot of every staff member, in the one global order."""
    return sorted((reservation_key(s, slot), s, slot) for s in set(staff_ids) for slot in slots(span))
