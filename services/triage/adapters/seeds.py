"""Reading `SEEDS_DIR` at start: the roster, hours and holidays, emergency contacts, unsafe words and
alert routing, turned into the domain's objects. Any wrong entry stops start-up with the file's name:
a service that would send an unsafe text or follow a broken schedule must not run. The programme's
targets are stored at start (`programme.py`), replacing the previous values, so a restart never
duplicates them.

`ReplyCatalog` checks every template against the unsafe words when it is built, so an emergency
contact label or a closure name that names a topic stops the service here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.triage.adapters.reply_seeds import load_yaml, read_languages
from services.triage.domain.alert_routing import AlertRouting, parse_alert_routing
from services.triage.domain.hours import Schedule, parse_schedule
from services.triage.domain.replies import ReplyCatalog, UnsafeWords, parse_contacts, parse_unsafe_words
from services.triage.domain.roster import Counselor, parse_roster
from services.triage.domain.targets import ProgrammeTargets, parse_targets

REPO_ROOT = Path(__file__).resolve().parents[3]


class SeedError(ValueError):
    """A seed file is missing or wrong; the message names the file."""


@dataclass(frozen=True)
class Seeds:
    roster: tuple[Counselor, ...]
    schedule: Schedule
    words: UnsafeWords
    replies: ReplyCatalog
    routing: AlertRouting
    targets: ProgrammeTargets


def resolve_seeds_dir(seeds_dir: str | Path) -> Path:
    """`SEEDS_DIR` as given, or (relative and absent from the working directory) under the repository."""
    path = Path(seeds_dir)
    if not path.is_absolute() and not path.is_dir() and (REPO_ROOT / path).is_dir():
        return REPO_ROOT / path
    return path


def _read(folder: Path, name: str, *, required: bool = True) -> dict[str, Any]:
    path = folder / name
    if not path.is_file():
        if required:
            raise SeedError(f"{path}: missing")
        return {}
    document = load_yaml(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict):
        raise SeedError(f"{path}: expected a mapping at the top level")
    return document


def load_seeds(seeds_dir: str | Path) -> Seeds:
    folder = resolve_seeds_dir(seeds_dir)
    current = ""
    try:
        current = "counselors.yaml"
        roster = parse_roster(_read(folder, current))
        current = "hours.yaml / holidays.yaml"
        schedule = parse_schedule(_read(folder, "hours.yaml"), _read(folder, "holidays.yaml"))
        current = "unsafe_words.yaml"
        words = parse_unsafe_words(_read(folder, current))
        current = "emergency_contacts.yaml"
        contacts = parse_contacts(_read(folder, current), words)
        current = "replies/"
        replies = ReplyCatalog(schedule, contacts, words, read_languages(folder))
        current = "alert_routing.yaml"
        routing = parse_alert_routing(_read(folder, current, required=False))
        current = "targets.yaml"
        targets = parse_targets(_read(folder, current))
    except SeedError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise SeedError(f"{folder / current.split(' ')[0]}: {exc}") from exc
    return Seeds(roster, schedule, words, replies, routing, targets)
