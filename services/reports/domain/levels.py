"""Risk levels as ranks (0 low … 3 emergency): the read model keeps the highest a case reached."""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("low", "medium", "high", "emergency")
RANKS: dict[str, int] = {name: rank for rank, name in enumerate(LEVELS)}
