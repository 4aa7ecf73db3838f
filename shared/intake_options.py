"""What the intake asks (DESIGN §4 "Intake"): the age bands, and the publicity channels of
seeds/channels.yaml. Triage offers them as LINE quick replies and in the console's intake form;
reports counts the answers and gives each linked channel its own friend-add link and QR code.

One list for both, so an answer on LINE, a counselor's entry and the report's rows always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("under_20", "10代（20歳未満）"),
    ("20s", "20代"),
    ("30s", "30代"),
    ("40s", "40代"),
    ("50s", "50代"),
    ("60s", "60代"),
    ("70_plus", "70代以上"),
    ("unknown", "不明"),
)
"""Age band codes and how the report names them; `unknown`: the counselor could not tell."""

MAX_ACTIVE_CHANNELS = 11  # LINE shows at most 13 quick replies; "skip" and one spare take two
_CODE = re.compile(r"^[a-z0-9_]{1,64}$")
_LINK = re.compile(r"^[a-z0-9-]{1,32}$")
_REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Channel:
    """One publicity channel: its code, the report's name for it, her answer's label, its link path."""

    id: str
    label: str
    quick_label: str
    link: str | None = None


@dataclass(frozen=True, slots=True)
class ChannelRegistry:
    channels: tuple[Channel, ...]

    def get(self, channel_id: str) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def by_link(self, link: str) -> Channel | None:
        return next((c for c in self.channels if c.link == link), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.channels)


def parse_channels(document: Mapping[str, Any]) -> ChannelRegistry:
    """The registry from the loaded seed; a wrong entry raises ValueError (start-up stops)."""
    channels: list[Channel] = []
    for raw in document.get("channels") or ():
        channel = Channel(
            id=str(raw["id"]),
            label=str(raw["label"]),
            quick_label=str(raw.get("quick_label") or raw["label"]),
            link=str(raw["link"]) if raw.get("link") else None,
        )
        if not _CODE.match(channel.id):
            raise ValueError(f"channel id {channel.id!r}: use a-z, 0-9 and _")
        if channel.link is not None and not _LINK.match(channel.link):
            raise ValueError(f"channel {channel.id}: link {channel.link!r}: use a-z, 0-9 and -")
        if len(channel.quick_label) > 20:
            raise ValueError(f"channel {channel.id}: quick_label longer than 20 characters")
        channels.append(channel)
    _unique(c.id for c in channels)
    _unique(c.link for c in channels if c.link)
    if not channels or len(channels) > MAX_ACTIVE_CHANNELS:
        raise ValueError(f"give between 1 and {MAX_ACTIVE_CHANNELS} channels")
    return ChannelRegistry(tuple(channels))


def _unique(values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} appears twice")
        seen.add(value)


def load_channels(seeds_dir: str | Path) -> ChannelRegistry:
    """seeds/channels.yaml under `seeds_dir` (a relative path not found here is looked up in the
    repository, as the other seeds are); a missing or wrong file raises ValueError naming it."""
    folder = Path(seeds_dir)
    if not folder.is_absolute() and not folder.is_dir() and (_REPO_ROOT / folder).is_dir():
        folder = _REPO_ROOT / folder
    path = folder / "channels.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return parse_channels(document)
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
