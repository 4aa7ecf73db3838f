"""The partner retry schedule: immediate, 5 s, 5 min, ... 24 h; jitter; Retry-After; the last attempt."""

import pytest

from services.notifier.domain.alert_outcome import decide
from services.notifier.domain.retry_schedule import DELAYS_S, MAX_ATTEMPTS, next_delay, total_schedule_s


def test_the_schedule_is_the_standard_webhooks_one() -> None:
    hours = 3600
    assert DELAYS_S == (5, 300, 1800, 2 * hours, 5 * hours, 10 * hours, 14 * hours, 20 * hours, 24 * hours)
    assert MAX_ATTEMPTS == 10
    assert 3 * 24 * hours < total_schedule_s() < 4 * 24 * hours  # "about three days"


def test_first_attempt_is_immediate_and_each_wait_follows_the_schedule() -> None:
    assert next_delay(0) == 0.0
    for made, base in enumerate(DELAYS_S, start=1):
        assert next_delay(made, rand=lambda: 0.5) == pytest.approx(base)


@pytest.mark.parametrize(("rand", "factor"), [(0.0, 0.9), (0.999999, 1.1)])
def test_jitter_stays_within_ten_percent(rand: float, factor: float) -> None:
    assert next_delay(1, rand=lambda: rand) == pytest.approx(5 * factor, rel=1e-4)


def test_after_the_tenth_attempt_there_is_no_next() -> None:
    assert next_delay(MAX_ATTEMPTS) is None
    assert decide(500, MAX_ATTEMPTS).kind == "failed"
    assert decide(500, MAX_ATTEMPTS).reason == "retries_exhausted"


def test_retry_after_is_honoured_only_when_longer_and_only_on_429() -> None:
    assert decide(429, 1, retry_after_s=120, rand=lambda: 0.5).delay_s == 120
    assert decide(429, 1, retry_after_s=1, rand=lambda: 0.5).delay_s == pytest.approx(5)
    assert decide(503, 1, retry_after_s=120, rand=lambda: 0.5).delay_s == pytest.approx(5)


def test_scale_shrinks_the_schedule_for_tests() -> None:
    assert next_delay(1, scale=0.001, rand=lambda: 0.5) == pytest.approx(0.005)


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_only_2xx_is_success(status: int) -> None:
    assert decide(status, 1).kind == "delivered"


@pytest.mark.parametrize("status", [None, 301, 400, 401, 404, 429, 500, 503])
def test_everything_else_is_retried(status: int | None) -> None:
    decision = decide(status, 1)
    assert decision.kind == "retry"
    assert decision.counts_as_failure


def test_410_disables_the_endpoint_at_once() -> None:
    decision = decide(410, 1)
    assert (decision.kind, decision.reason) == ("disabled", "endpoint_disabled")
