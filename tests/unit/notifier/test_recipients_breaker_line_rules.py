"""Recipient resolution, the circuit breaker, and the LINE reply-or-push and answer rules."""

from datetime import UTC, datetime, timedelta

import pytest

from services.notifier.domain.breaker import BreakerState, CircuitBreaker
from services.notifier.domain.line_rules import Outcome, choose_method, classify, retry_key
from services.notifier.domain.partners import Partner
from services.notifier.domain.recipients import resolve_recipients
from shared.events import PartnerKind

POLICE = Partner("police", "警察", PartnerKind.POLICE, "https://p/", ("dv_imminent",))
POLICE_ALL = Partner("police-2", "警察2", PartnerKind.POLICE, "https://p2/", ("*",))
POLICE_OFF = Partner("police-3", "警察3", PartnerKind.POLICE, "https://p3/", ("*",), active=False)
NPO = Partner("npo", "NPO", PartnerKind.NPO, "https://n/", ("poverty",))
ALL = [POLICE, POLICE_ALL, POLICE_OFF, NPO]


def test_by_kind_takes_active_partners_of_that_kind_taking_the_category() -> None:
    found = resolve_recipients(ALL, partner_id=None, partner_kind=PartnerKind.POLICE, category="dv_imminent")
    assert [p.id for p in found] == ["police", "police-2"]
    found = resolve_recipients(ALL, partner_id=None, partner_kind=PartnerKind.POLICE, category="poverty")
    assert [p.id for p in found] == ["police-2"]


def test_by_id_takes_that_partner_whatever_its_categories() -> None:
    assert resolve_recipients(ALL, partner_id="npo", partner_kind=None, category="dv_imminent") == [NPO]


def test_inactive_or_unknown_partners_resolve_to_nobody() -> None:
    assert resolve_recipients(ALL, partner_id="police-3", partner_kind=None, category="x") == []
    assert resolve_recipients(ALL, partner_id="nobody", partner_kind=None, category="x") == []


def test_breaker_opens_after_the_threshold_and_lets_one_trial_after_the_cooldown() -> None:
    breaker = CircuitBreaker(threshold=3, cooldown_s=10)
    for _ in range(2):
        breaker.failed(now=0)
    assert breaker.allows(0)
    breaker.failed(now=1)
    assert breaker.state(2) is BreakerState.OPEN and not breaker.allows(2)
    assert breaker.reopens_in(2) == pytest.approx(9)
    assert breaker.state(11) is BreakerState.HALF_OPEN and breaker.allows(11)
    breaker.started(11)
    assert not breaker.allows(11)  # one trial at a time
    breaker.failed(now=12)  # the trial failed: open again, a full cool-down
    assert breaker.state(13) is BreakerState.OPEN
    breaker.started(23)
    breaker.succeeded()
    assert breaker.state(23) is BreakerState.CLOSED and breaker.failures == 0


def test_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(threshold=2, cooldown_s=10)
    breaker.failed(0)
    breaker.succeeded()
    breaker.failed(1)
    assert breaker.state(1) is BreakerState.CLOSED


NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age_s", "refused", "expected"),
    [
        (1, False, "reply"),
        (49.9, False, "reply"),
        (50, False, "push"),
        (300, False, "push"),
        (1, True, "push"),
    ],
)
def test_reply_while_the_token_is_fresh(age_s: float, refused: bool, expected: str) -> None:
    method = choose_method(
        reply_token="t",
        token_received_at=NOW - timedelta(seconds=age_s),
        now=NOW,
        max_age_s=50,
        reply_refused=refused,
    )
    assert method == expected


def test_push_without_a_token() -> None:
    assert (
        choose_method(reply_token=None, token_received_at=None, now=NOW, max_age_s=50, reply_refused=False)
        == "push"
    )


@pytest.mark.parametrize(
    ("method", "status", "message", "outcome"),
    [
        ("push", 200, "", Outcome.DELIVERED),
        ("push", 409, "The retry key is already accepted", Outcome.DELIVERED),
        ("reply", 409, "", Outcome.INVALID_REQUEST),
        ("push", None, "", Outcome.RETRY),
        ("push", 500, "", Outcome.RETRY),
        ("push", 429, "Too Many Requests", Outcome.RETRY),
        ("push", 429, "You have reached your monthly limit.", Outcome.QUOTA_EXHAUSTED),
        ("reply", 400, "Invalid reply token", Outcome.USE_PUSH),
        ("reply", 400, "The request body has 1 error(s)", Outcome.INVALID_REQUEST),
        ("push", 400, "Failed to send messages", Outcome.RECIPIENT_UNAVAILABLE),
        ("push", 401, "Authentication failed", Outcome.UNAUTHORIZED),
    ],
)
def test_answers_are_classified(method: str, status: int | None, message: str, outcome: Outcome) -> None:
    assert classify(method, status, message) is outcome  # type: ignore[arg-type]


def test_the_retry_key_is_a_stable_uuid_per_request() -> None:
    assert retry_key("r-1") == retry_key("r-1") != retry_key("r-2")
    assert len(retry_key("r-1")) == 36
