"""When her appointment reminders are due (DESIGN §4 "Safe messaging": neutral, silent).

Two reminders per scheduling of a visit: `day_before` at `day_before_at` (Japan time) on the day
before, and `hours_before` `hours_before` hours before the start. A reminder is due once its time
has come and the visit has not started; one whose time had already passed when the visit was
(re)scheduled is not sent (the confirmation just went). When both are due at once (the round ran
late), only the nearer one goes and both count as sent: she gets one message, not two.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Literal

Reminder = Literal["day_before", "hours_before"]
REMINDERS: tuple[Reminder, ...] = ("day_before", "hours_before")


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    day_before_at: time
    hours_before: float
    tz: tzinfo

    def due_at(self, which: Reminder, starts_at: datetime) -> datetime:
        if which == "hours_before":
            return starts_at - timedelta(hours=self.hours_before)
        day = starts_at.astimezone(self.tz).date() - timedelta(days=1)
        return datetime.combine(day, self.day_before_at, tzinfo=self.tz)


def due(
    policy: ReminderPolicy, *, starts_at: datetime, scheduled_at: datetime, sent: Collection[str], now: datetime
) -> tuple[Reminder | None, tuple[Reminder, ...]]:
    """(the reminder to send now or None, every reminder this round settles)."""
    if now >= starts_at:
        return None, ()
    ready = [
        r
        for r in REMINDERS
        if r not in sent and scheduled_at < policy.due_at(r, starts_at) <= now
    ]
    if not ready:
        return None, ()
    nearest = max(ready, key=lambda r: policy.due_at(r, starts_at))
    return nearest, tuple(ready)
