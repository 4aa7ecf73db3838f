"""RiskLevel ordering and the case-level policy."""

import pytest

from services.triage.risk import RiskLevel, combine_case_level

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW


def test_levels_are_ordered() -> None:
    assert L < M < H < E
    assert max([M, E, L]) == E
    assert [lv.rank for lv in (L, M, H, E)] == [0, 1, 2, 3]
    assert RiskLevel("high") is H and H == "high"


@pytest.mark.parametrize(
    ("current", "assessed", "counselor", "expected"),
    [
        (None, H, False, H),
        (M, H, False, H),
        (H, L, False, H),
        (E, M, False, E),
        (L, E, True, L),
        (M, E, True, M),
        (None, E, True, E),
    ],
)
def test_combine_case_level(
    current: RiskLevel | None, assessed: RiskLevel, counselor: bool, expected: RiskLevel
) -> None:
    assert combine_case_level(current, assessed, counselor) == expected
