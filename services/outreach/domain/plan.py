"""A visit's plan and every way it can be refused before anything is stored.

A plan names the date and time, a place from the catalogue, **at least two staff**, the travel time
either side, and the accompaniment destination with its contact. `problems` lists everything wrong
with it at once (the scheduling form shows them before saving); scheduling refuses the first:

| code | when |
| --- | --- |
| `two_staff_needed` | fewer than two different staff members |
| `unknown_staff` | a staff member not in the outreach roster |
| `staff_not_working` | the visit is outside a staff member's days or hours |
| `in_the_past` | it starts before now (or now: a visit is planned ahead) |
| `ends_before_start` / `too_long` | the end is not after the start / longer than `MAX_LENGTH` |
| `unknown_place` | the place is not in the catalogue |
| `place_refused` / `place_not_agreed` / `home_not_agreed` | her consent does not allow it |

Clashes with other visits are not here: they depend on the database at the moment of saving
(domain/slots.py), and a clash is a conflict (409), not a malformed plan (422).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from services.outreach.domain.consent import place_refusal
from services.outreach.domain.places import PlaceCatalogue
from services.outreach.domain.roster import VISIT_STAFF_MINIMUM, Roster
from services.outreach.domain.slots import Span, occupancy
from shared.events import OutreachConsent

MAX_LENGTH = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    staff_id: str | None = None

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, **({"staff_id": self.staff_id} if self.staff_id else {})}


@dataclass(frozen=True, slots=True)
class VisitPlan:
    starts_at: datetime
    ends_at: datetime
    staff_ids: tuple[str, ...]
    place_id: str
    travel_before_min: int = 30
    travel_after_min: int = 30
    accompany_to: str | None = None
    accompany_contact: str | None = None  # the destination's office and number (not hers)

    @property
    def occupancy(self) -> Span:
        return occupancy(self.starts_at, self.ends_at, self.travel_before_min, self.travel_after_min)

    @property
    def staff(self) -> tuple[str, ...]:
        """The staff, each once, in the order given."""
        return tuple(dict.fromkeys(self.staff_ids))


def problems(
    plan: VisitPlan,
    *,
    now: datetime,
    roster: Roster,
    places: PlaceCatalogue,
    consent: OutreachConsent,
    tz: tzinfo,
) -> list[Problem]:
    found: list[Problem] = []
    if len(plan.staff) < VISIT_STAFF_MINIMUM:
        found.append(Problem("two_staff_needed"))
    if plan.starts_at <= now:
        found.append(Problem("in_the_past"))
    if plan.ends_at <= plan.starts_at:
        found.append(Problem("ends_before_start"))
    elif plan.ends_at - plan.starts_at > MAX_LENGTH:
        found.append(Problem("too_long"))
    place = places.get(plan.place_id)
    if place is None:
        found.append(Problem("unknown_place"))
    else:
        refusal = place_refusal(place, consent)
        if refusal:
            found.append(Problem(refusal))
    for staff_id in plan.staff:
        member = roster.get(staff_id)
        if member is None:
            found.append(Problem("unknown_staff", staff_id))
        elif not member.works(plan.starts_at, plan.ends_at, tz):
            found.append(Problem("staff_not_working", staff_id))
    return found
