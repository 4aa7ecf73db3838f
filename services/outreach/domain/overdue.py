"""Staff safety on visits: when a visit's workers have not checked out `grace` after its planned end,
the coordinator is alerted (and, if configured, the on-call supervisor through notifier), once per
scheduling of the visit. A visit never checked in counts too: nobody knows where they are."""

from __future__ import annotations

from datetime import datetime, timedelta


def checkout_overdue(*, ends_at: datetime, checked_out: bool, grace: timedelta, now: datetime) -> bool:
    return not checked_out and now >= ends_at + grace
