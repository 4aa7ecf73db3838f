"""Seeds loaded at start (an unsafe or broken seed stops start-up), alert routing, stored shifts, and
the exclusion of a counselor who missed a case's target."""

import shutil
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from services.triage.adapters.seats import shift_from_doc
from services.triage.adapters.seeds import SeedError, load_seeds
from services.triage.adapters.staff import _shift_doc
from services.triage.domain.alert_routing import AlertRouting, parse_alert_routing, urgency_for
from services.triage.domain.assignment import CounselorLoad, choose_counselor
from services.triage.domain.queue_order import WaitingCase
from services.triage.domain.roster import DatedSlot, WeeklySlot
from services.triage.risk.levels import RiskLevel
from shared.events import PartnerKind

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def test_repository_seeds_load() -> None:
    seeds = load_seeds(SEEDS)
    assert {c.id for c in seeds.roster} >= {"c-aoki", "s-sato"}
    assert seeds.routing.kinds_for("emergency_out_of_hours")[0] is PartnerKind.ON_CALL_SUPERVISOR


def test_relative_seeds_dir_resolves_from_the_repository(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_seeds("seeds").roster


def test_an_unsafe_contact_label_stops_start_up(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "emergency_contacts.yaml").write_text(
        'contacts:\n  - {id: x, number: "#8008", label: "DV相談ナビ"}\n', encoding="utf-8"
    )
    with pytest.raises(SeedError, match=r"emergency_contacts\.yaml"):
        load_seeds(folder)


def test_a_missing_roster_stops_start_up(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match=r"counselors\.yaml: missing"):
        load_seeds(tmp_path)


def test_routing_always_includes_the_on_call_supervisor() -> None:
    routing = parse_alert_routing({"routes": {"emergency_out_of_hours": ["police", "on_call_supervisor"]}})
    assert routing.kinds_for("emergency_out_of_hours") == (PartnerKind.ON_CALL_SUPERVISOR, PartnerKind.POLICE)
    assert AlertRouting().kinds_for("sla_breach") == (PartnerKind.ON_CALL_SUPERVISOR,)
    with pytest.raises(ValueError, match="unknown category"):
        parse_alert_routing({"routes": {"everything": ["police"]}})
    with pytest.raises(ValueError):
        parse_alert_routing({"routes": {"sla_breach": ["bank"]}})


def test_urgency_by_level() -> None:
    assert [urgency_for(level) for level in RiskLevel] == ["normal", "normal", "high", "emergency"]


def test_stored_shifts_read_back() -> None:
    for shift in (
        WeeklySlot(3, time(17, 45), time(21, 15)),
        DatedSlot(datetime(2026, 12, 3).date(), time(18), time(21)),
    ):
        assert shift_from_doc(_shift_doc(shift)) == shift


def test_an_excluded_counselor_never_gets_the_case() -> None:
    case = WaitingCase(
        "k1",
        RiskLevel.EMERGENCY,
        datetime(2026, 12, 3, tzinfo=UTC),
        previous_counselor_id="a",
        excluded=frozenset({"a"}),
    )
    loads = [CounselorLoad("a", frozenset(), 2, 0, True), CounselorLoad("b", frozenset(), 2, 1, True)]
    decision = choose_counselor(case, loads)
    assert decision is not None and decision.counselor_id == "b"
    assert choose_counselor(case, loads[:1]) is None
