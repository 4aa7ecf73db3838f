"""Why an action on a case cannot be done as asked: the workflow's answer, free of HTTP.

A workflow raises one of these with a stable `code` (the console translates it) and a short
English `message` for developers; `api/errors.py` maps each kind to its HTTP status. Neither part
ever carries case data or message text.
"""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """An expected refusal (not a bug): the request is answered, nothing was changed. `extra`
    holds codes the console needs to explain it (e.g. the unsafe words found), never case data."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


class Conflict(Refused):
    """The case is not in a state that allows it (closed, taken, changed meanwhile)."""


class Unprocessable(Refused):
    """The request names something that does not exist or does not qualify (an unknown counselor)."""


def case_changed(message: str = "The case changed meanwhile; reload it.") -> Conflict:
    return Conflict("case_changed", message)
