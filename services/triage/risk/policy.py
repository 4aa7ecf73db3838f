"""How an automatic assessment changes a case's level (DESIGN §4).

The automatic assessment only ever raises a case's level, and a level a counselor set wins.
"""

from __future__ import annotations

from services.triage.risk.levels import RiskLevel


def combine_case_level(current: RiskLevel | None, assessed: RiskLevel, counselor_set: bool) -> RiskLevel:
    """Return the case's new level.

    If a counselor set the level (``counselor_set``), it is kept as it is; otherwise the case
    takes the higher of its current level and the newly assessed one.
    """
    if counselor_set and current is not None:
        return current
    if current is None:
        return assessed
    return max(current, assessed)
