"""Request bodies of outreach's API: closed shapes (unknown fields refused), codes from closed lists,
bounded free text (only `details` and `notes`, which are sealed at rest and never logged)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from services.outreach.domain.plan import VisitPlan
from services.outreach.domain.states import CANCEL_REASONS, DESTINATIONS
from shared.events import NextStep

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
Destination = Literal[DESTINATIONS]  # type: ignore[valid-type]
Reason = Literal[CANCEL_REASONS]  # type: ignore[valid-type]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanIn(Body):
    starts_at: AwareDatetime = Field(description="Start, with its zone (e.g. 2026-12-05T14:00:00+09:00).")
    ends_at: AwareDatetime = Field(description="End, with its zone.")
    staff_ids: list[Id] = Field(max_length=8, description="At least two outreach staff.")
    place_id: Id = Field(description="A place of the catalogue (GET /api/outreach/places).")
    travel_before_min: int = Field(30, ge=0, le=240, description="Travel time before, minutes.")
    travel_after_min: int = Field(30, ge=0, le=240, description="Travel time after, minutes.")
    accompany_to: Destination | None = Field(None, description="Where she is accompanied, a code.")
    accompany_contact: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = Field(
        None, description="The destination's office and number (the office's, never hers)."
    )
    details: Annotated[str, StringConstraints(max_length=2000)] | None = Field(
        None, description="How to meet (sealed at rest; for the staff only)."
    )

    def plan(self) -> VisitPlan:
        return VisitPlan(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            staff_ids=tuple(self.staff_ids),
            place_id=self.place_id,
            travel_before_min=self.travel_before_min,
            travel_after_min=self.travel_after_min,
            accompany_to=self.accompany_to,
            accompany_contact=self.accompany_contact or None,
        )


class ScheduleIn(PlanIn):
    request_id: Id


class CheckIn(PlanIn):
    request_id: Id
    visit_id: Id | None = None


class RescheduleIn(PlanIn):
    revision: int = Field(ge=1, description="The revision being replaced (409 if it changed meanwhile).")


class CancelIn(Body):
    reason: Reason
    whole_request: bool = Field(False, description="Also end the request (else it waits for another visit).")


class CancelRequestIn(Body):
    reason: Reason


class ResultIn(Body):
    result: Literal["completed", "no_show", "cancelled"]
    accompanied_to: Destination | None = None
    next_steps: list[NextStep] = Field(default_factory=list, max_length=4)
    notes: Annotated[str, StringConstraints(max_length=5000)] | None = None
    cancelled_by: Literal["consulter", "coordinator", "counselor"] | None = None
    cancel_reason: Reason | None = None
