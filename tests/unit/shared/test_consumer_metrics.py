"""Each service's registry gets its own `events_consumed` counter, however many come and go."""

from __future__ import annotations

import gc

from prometheus_client import CollectorRegistry, generate_latest

from shared.messaging.consumer import _outcome_counter


def test_every_registry_reports_its_own_consumed_events() -> None:
    for _ in range(30):  # registries are created and collected, as in restarts and tests
        registry = CollectorRegistry()
        counter = _outcome_counter(registry)
        assert _outcome_counter(registry) is counter  # shared by that service's consumers
        counter.labels("q", "handled").inc()
        assert b'events_consumed_total{outcome="handled",queue="q"} 1.0' in generate_latest(registry)
        del registry, counter
        gc.collect()
