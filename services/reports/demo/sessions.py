"""When the demo's consulters write: mostly in the ward's sessions (seeds/hours.yaml, Japan time),
some out of hours — the pattern the hours-of-use table is meant to reveal."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

from services.reports.domain.fiscal import JAPAN

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True, slots=True)
class Sessions:
    windows: dict[int, tuple[time, time]]  # weekday → (opens, last intake)

    @classmethod
    def from_seed(cls, seeds_dir: str = "seeds") -> Sessions:
        folder = Path(seeds_dir) if Path(seeds_dir).is_dir() else _REPO / seeds_dir
        doc = yaml.safe_load((folder / "hours.yaml").read_text(encoding="utf-8")) or {}
        windows: dict[int, tuple[time, time]] = {}
        for session in doc.get("sessions") or ():
            opens, last = (time.fromisoformat(str(session[k])) for k in ("opens", "last_intake"))
            for day in session["days"]:
                windows[DAYS.index(str(day)[:3])] = (opens, last)
        return cls(windows)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(JAPAN)
        window = self.windows.get(local.weekday())
        return window is not None and window[0] <= local.time() < window[1]

    def in_session(self, day: date, rng: random.Random) -> datetime:
        opens, last = self.windows[day.weekday()]
        start = datetime.combine(day, opens, JAPAN)
        span = (datetime.combine(day, last, JAPAN) - start).total_seconds()
        return start + timedelta(seconds=rng.uniform(0, span * 0.9))

    def next_opening(self, moment: datetime) -> datetime:
        local = moment.astimezone(JAPAN)
        for step in range(8):
            day = local.date() + timedelta(days=step)
            window = self.windows.get(day.weekday())
            if window and datetime.combine(day, window[0], JAPAN) > local:
                return datetime.combine(day, window[0], JAPAN)
        return local + timedelta(days=1)
