"""Outreach's pure rules (slots, reminders, consent and places) and its seeds: the roster covers
every LINE counseling day with two staff, every place's wording passes the safe-messaging check,
and every staff member has a console account with her role."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import yaml

from services.outreach.adapters.seeds import load_outreach_seeds
from services.outreach.domain.consent import place_refusal
from services.outreach.domain.reminders import ReminderPolicy, due
from services.outreach.domain.roster import uncovered_days
from services.outreach.domain.slots import occupancy, reservation_keys, slots
from services.triage.adapters.seeds import load_seeds
from services.triage.domain.safe_words import find_unsafe_words
from tests.unit.outreach.support import JST, at, consent

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def test_slots_cover_travel_and_round_outwards() -> None:
    span = occupancy(at(3, 14, 5), at(3, 15, 20), 20, 10)  # 13:45 → 15:30
    assert (span.start, span.end) == (at(3, 13, 45), at(3, 15, 30))
    assert len(slots(span)) == 7
    keys = reservation_keys(["w-b", "w-a", "w-a"], span)
    assert len(keys) == 14 and keys == sorted(keys)  # each staff member once, in the one global order
    assert keys[0][0] == "w-a|2026-12-03T04:45"  # UTC quarter hours
    touching = occupancy(at(3, 15, 30), at(3, 16), 0, 0)
    assert not span.overlaps(touching) and span.overlaps(occupancy(at(3, 15, 29), at(3, 16), 0, 0))


def test_reminder_times() -> None:
    policy = ReminderPolicy(time(18, 0), 3, JST)
    start = at(5, 10)  # Saturday 10:00
    assert policy.due_at("day_before", start) == at(4, 18) and policy.due_at("hours_before", start) == at(5, 7)
    early = at(1, 9)
    assert due(policy, starts_at=start, scheduled_at=early, sent=set(), now=at(4, 17, 59)) == (None, ())
    assert due(policy, starts_at=start, scheduled_at=early, sent=set(), now=at(4, 18)) == ("day_before", ("day_before",))
    both = due(policy, starts_at=start, scheduled_at=early, sent=set(), now=at(5, 8))
    assert both == ("hours_before", ("day_before", "hours_before"))
    assert due(policy, starts_at=start, scheduled_at=at(4, 19), sent=set(), now=at(4, 20)) == (None, ())


def test_consent_decides_the_place() -> None:
    places = load_outreach_seeds(SEEDS).places
    home, cafe, library = (places.get(i) for i in ("home", "family-restaurant-station", "library-north"))
    assert home and cafe and library
    assert place_refusal(home, consent()) == "home_not_agreed" and place_refusal(home, consent(home=True)) is None
    assert place_refusal(cafe, consent()) == "place_refused"
    assert place_refusal(library, consent(meet_at=("ward-office-main",))) == "place_not_agreed"
    assert place_refusal(library, consent()) is None


def test_the_roster_covers_every_counseling_day_and_has_accounts() -> None:
    seeds = load_outreach_seeds(SEEDS)
    assert seeds.counseling_days and uncovered_days(seeds.roster, seeds.counseling_days) == []
    accounts = {c["id"]: c["role"] for c in yaml.safe_load((SEEDS / "counselors.yaml").read_text())["counselors"]}
    for member in seeds.roster.staff:
        assert accounts.get(member.id) == member.role, member.id
    assert {m.role for m in seeds.roster.staff} == {"outreach_worker", "outreach_coordinator"}
    assert seeds.visits_per_year == 12


def test_every_place_named_to_her_passes_the_safe_messaging_check() -> None:
    words = load_seeds(SEEDS).words
    places = load_outreach_seeds(SEEDS).places
    named = [p for p in places.places if p.line_label]
    assert len(named) >= 4 and not places.get("home").line_label  # type: ignore[union-attr]
    for place in named:
        assert find_unsafe_words(place.line_label or "", words) == [], place.id
    assert not places.get("police-station").line_label  # type: ignore[union-attr]


def test_a_staff_member_works_within_her_hours() -> None:
    roster = load_outreach_seeds(SEEDS).roster
    mori = roster.get("w-mori")
    assert mori is not None
    thursday = datetime(2026, 12, 3, 12, 0, tzinfo=JST)
    assert mori.works(thursday, thursday + timedelta(hours=2), JST)
    assert not mori.works(thursday - timedelta(hours=1), thursday + timedelta(hours=1), JST)  # starts 11:00
    assert not mori.works(datetime(2026, 12, 1, 13, tzinfo=JST), datetime(2026, 12, 1, 14, tzinfo=JST), JST)
    assert mori.works(thursday.astimezone(UTC), (thursday + timedelta(hours=1)).astimezone(UTC), JST)
