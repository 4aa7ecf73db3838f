"""Bodies of a counselor's outreach actions on a case: the consent record (what she agreed to, how
and when she may be contacted, where she would or would not meet, how she gave it), a proposal she
declined or has not decided, and her withdrawal. Codes and catalogue ids only: no address, no name,
no free text (the area is coarse, at most 64 characters, and never her address)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from services.triage.api.bodies import Body, Code
from shared.events import HelpKind, Urgency, Weekday

PlaceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,64}$")]
ProposalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{8,64}$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Via = Literal["line_chat", "phone", "in_person"]


class ContactWindowIn(Body):
    days: list[Weekday] = Field(min_length=1, max_length=7)
    start: Clock
    end: Clock


class ContactIn(Body):
    line_only: bool = Field(description="Contact her through this LINE account only.")
    never_call: bool = Field(description="Never telephone her.")
    windows: list[ContactWindowIn] = Field(default_factory=list, max_length=14, description="When she may be contacted.")


class ConsentIn(Body):
    help: list[HelpKind] = Field(min_length=1, max_length=2, description="meet_and_talk, accompany.")
    accompany_to: Code | None = Field(None, description="Where to accompany her (welfare_office, police, ...).")
    contact: ContactIn
    meet_at: list[PlaceId] = Field(default_factory=list, max_length=40, description="Places she would meet at.")
    avoid: list[PlaceId] = Field(default_factory=list, max_length=40, description="Places she would not meet at.")
    home_requested: bool = Field(False, description="She asked to meet at her home.")
    home_confirmed_safe: bool = Field(False, description="The counselor confirmed her home is safe for it.")
    given_via: Via = Field(description="How she gave her consent.")
    withdrawal_explained: bool = Field(description="She was told she can withdraw at any time (must be true).")


class OutreachIn(Body):
    consent: bool = Field(description="Her consent to outreach, recorded by the counselor: must be true.")
    consent_record: ConsentIn | None = Field(None, description="What she agreed to (required with consent).")
    urgency: Urgency = "normal"
    accompaniment: Code | None = None
    area: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = None
    proposal_id: ProposalId | None = Field(None, description="The earlier proposal she now agrees to, if any.")


class ProposalIn(Body):
    answer: Literal["declined", "undecided"] = Field(description="What she said to the proposal for now.")
    reasons: list[Code] = Field(default_factory=list, max_length=5, description="The suggestion's codes, if any.")


class WithdrawIn(Body):
    via: Via = Field(description="How she withdrew.")
