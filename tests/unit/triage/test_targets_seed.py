"""The programme's targets: read from seeds, stored once however often triage starts."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from services.triage.adapters.programme import ProgrammeRecords
from services.triage.adapters.seeds import SeedError, load_seeds, resolve_seeds_dir
from services.triage.domain.targets import parse_targets
from shared.mongo import create_client


def test_the_programme_targets_are_280_and_12() -> None:
    targets = load_seeds("seeds").targets
    assert (targets.consultations_per_year, targets.outreach_visits_per_year) == (280, 12)
    assert (targets.fiscal_year_start_month, targets.fiscal_year_start_day) == (4, 1)


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"consultations_per_year": 0, "outreach_visits_per_year": 12},
        {"consultations_per_year": 280, "outreach_visits_per_year": 12, "fiscal_year_starts": "13-01"},
    ],
)
def test_bad_targets_are_refused(doc: dict[str, object]) -> None:
    with pytest.raises((ValueError, KeyError)):
        parse_targets(doc)


def test_a_bad_targets_file_stops_start_up_naming_it(tmp_path: Path) -> None:
    shutil.copytree(resolve_seeds_dir("seeds"), tmp_path / "seeds")
    (tmp_path / "seeds" / "targets.yaml").write_text(
        "consultations_per_year: -1\noutreach_visits_per_year: 12\n"
    )
    with pytest.raises(SeedError, match=r"targets\.yaml"):
        load_seeds(tmp_path / "seeds")


async def test_storing_twice_keeps_one_document() -> None:
    db = create_client(None)[f"targets_{uuid.uuid4().hex[:8]}"]
    targets = load_seeds("seeds").targets
    await ProgrammeRecords(db).store_targets(targets)
    await ProgrammeRecords(db).store_targets(targets)
    assert await db["programme"].count_documents({}) == 1
    assert (await db["programme"].find_one({"_id": "targets"}))["consultations_per_year"] == 280
