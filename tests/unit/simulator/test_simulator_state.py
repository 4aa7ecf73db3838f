"""The in-memory rules on their own, without HTTP."""

from services.simulator.state import FailureMode, SimulatorState, consulter_user_id


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_consulter_ids_are_stable_line_user_ids():
    assert consulter_user_id("A") == consulter_user_id("A") != consulter_user_id("B")
    assert len(consulter_user_id("A")) == 33 and consulter_user_id("A").startswith("U")


def test_a_reply_token_is_for_its_consulter_once_and_within_its_ttl():
    clock = Clock()
    state = SimulatorState(quota_limit=10, reply_token_ttl_s=30, clock=clock)
    user = consulter_user_id("C")
    token, late = state.issue_reply_token(user), state.issue_reply_token(user)

    assert state.redeem_reply_token(token) == user
    assert state.redeem_reply_token(token) is None
    clock.now = 30
    assert state.redeem_reply_token(late) is None


def test_a_counted_failure_runs_out_and_an_endless_one_does_not():
    state = SimulatorState(quota_limit=10, reply_token_ttl_s=30)
    state.failure = FailureMode("5xx", count=1, endpoints=["push"])
    assert state.take_failure("reply") is None
    assert state.take_failure("push") is not None
    assert state.take_failure("push") is None

    state.failure = FailureMode("429")
    assert all(state.take_failure("push") for _ in range(100))


def test_quota_counts_messages_against_the_limit():
    state = SimulatorState(quota_limit=3, reply_token_ttl_s=30)
    state.quota_used = 2
    assert state.quota_allows(1) and not state.quota_allows(2)
