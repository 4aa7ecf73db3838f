"""Reading SEEDS_DIR at start: the programme's targets (targets.yaml, the same file triage reads) and
the publicity channels (channels.yaml, shared/intake_options.py). A wrong file stops start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from services.reports.domain.targets import Targets, parse_targets
from shared.intake_options import ChannelRegistry, load_channels

_REPO_ROOT = Path(__file__).resolve().parents[3]


class SeedError(ValueError):
    """A seed file is missing or wrong; the message names the file."""


@dataclass(frozen=True)
class ReportSeeds:
    targets: Targets
    channels: ChannelRegistry


def load_report_seeds(seeds_dir: str | Path) -> ReportSeeds:
    folder = Path(seeds_dir)
    if not folder.is_absolute() and not folder.is_dir() and (_REPO_ROOT / folder).is_dir():
        folder = _REPO_ROOT / folder
    path = folder / "targets.yaml"
    try:
        targets = parse_targets(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        return ReportSeeds(targets, load_channels(folder))
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise SeedError(f"{folder}: {exc}") from exc
