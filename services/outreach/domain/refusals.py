"""Why a coordinator's or worker's request cannot be done as asked, free of HTTP: a stable `code`
(the console translates it), a short English `message`, and `extra` codes or ids that explain it
(which staff clash, which problems) — never a name, an address or her words. The API maps each
kind to its status (api/errors.py); nothing was changed when one is raised."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


class Conflict(Refused):
    """The state does not allow it now: a staff member is booked, the visit changed meanwhile."""


class Unprocessable(Refused):
    """The request itself does not qualify: one staff member, a time in the past, an unknown place."""


class Missing(Refused):
    """No such request or visit (or not one this staff member may act on)."""
