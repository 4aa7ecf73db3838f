"""Reading SEEDS_DIR at start: the places catalogue (outreach_places.yaml), the outreach roster
(outreach_staff.yaml), the programme's targets (targets.yaml, the file triage and reports read) and
the LINE counseling days (hours.yaml, to check the roster covers them). A wrong file stops start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from services.outreach.domain.figures import FiscalYears
from services.outreach.domain.places import PlaceCatalogue, parse_places
from services.outreach.domain.roster import Roster, parse_roster

_REPO_ROOT = Path(__file__).resolve().parents[3]
JAPAN = ZoneInfo("Asia/Tokyo")


class SeedError(ValueError):
    """A seed file is missing or wrong; the message names the file."""


@dataclass(frozen=True)
class OutreachSeeds:
    places: PlaceCatalogue
    roster: Roster
    visits_per_year: int
    years: FiscalYears
    counseling_days: frozenset[str]


def _read(folder: Path, name: str) -> Any:
    path = folder / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SeedError(f"{path}: {exc}") from exc


def load_outreach_seeds(seeds_dir: str | Path) -> OutreachSeeds:
    folder = Path(seeds_dir)
    if not folder.is_absolute() and not folder.is_dir() and (_REPO_ROOT / folder).is_dir():
        folder = _REPO_ROOT / folder
    try:
        targets = _read(folder, "targets.yaml")
        month, day = (int(x) for x in str(targets.get("fiscal_year_starts", "04-01")).split("-"))
        hours = _read(folder, "hours.yaml")
        tz = ZoneInfo(str(hours.get("timezone", "Asia/Tokyo")))
        days = frozenset(str(d) for s in hours.get("sessions") or () for d in s.get("days") or ())
        return OutreachSeeds(
            places=parse_places(_read(folder, "outreach_places.yaml")),
            roster=parse_roster(_read(folder, "outreach_staff.yaml")),
            visits_per_year=int(targets["outreach_visits_per_year"]),
            years=FiscalYears(tz, month, day),
            counseling_days=days,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SeedError(f"{folder}: {exc}") from exc
