"""Ingress's lock-free per-request metrics expose what prometheus_client's Counter and Histogram would."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from services.ingress.hot_metrics import ACK_BUCKETS, HotPathMetrics
from services.ingress.metrics import IngressMetrics


def samples(registry: CollectorRegistry, name: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in registry.collect()
        if family.name == name
        for s in family.samples
        if not s.name.endswith("_created")
    }


def test_same_samples_as_the_library_types() -> None:
    ours = IngressMetrics()
    reference = CollectorRegistry()
    received = Counter("ingress_events_received", "r", ["type"], registry=reference)
    latency = Histogram("ingress_ack_latency_seconds", "a", buckets=ACK_BUCKETS, registry=reference)
    for event_type in ["message", "follow", "message", "madeUpType", "x" * 50]:
        ours.count_received(event_type)
        received.labels(event_type if event_type in ("message", "follow") else "other").inc()
    for seconds in [0.0, 0.005, 0.0050001, 0.3, 1.0, 9.0]:
        ours.observe_ack(seconds)
        latency.observe(seconds)

    for name in ("ingress_events_received", "ingress_ack_latency_seconds"):
        assert samples(ours.registry, name) == samples(reference, name)


def test_published_counts_by_path() -> None:
    hot = HotPathMetrics()
    hot.published["direct"] += 3
    [_, published, _] = list(hot.collect())
    assert {s.labels["path"]: s.value for s in published.samples} == {"direct": 3, "spool": 0}
