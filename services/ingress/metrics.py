"""Ingress's Prometheus metrics, in its own registry.

Every label takes its values from a fixed set (event types: the known ones and `other`; reasons:
codes written in this service), so what a client sends can never grow /metrics.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from shared.line_input import event_type_label


class IngressMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._received = Counter(
            "ingress_events_received",
            "LINE events received, by event type (LINE's documented types, else `other`).",
            ["type"],
            registry=self.registry,
        )
        self._received_by_label: dict[str, Counter] = {}
        self.published = Counter(
            "ingress_events_published",
            "Events confirmed by the broker (directly or from the spool).",
            ["path"],
            registry=self.registry,
        )
        self._published_direct = self.published.labels("direct")
        self.rejected = Counter(
            "ingress_requests_rejected",
            "Webhook requests refused, by reason.",
            ["reason"],
            registry=self.registry,
        )
        self.repaired = Counter(
            "ingress_strings_repaired",
            "Strings whose lone surrogate escapes were replaced by U+FFFD (see shared/line_input.py).",
            registry=self.registry,
        )
        self.spooled = Counter(
            "ingress_events_spooled", "Events written to the disk spool.", registry=self.registry
        )
        self.spool_bytes = Gauge("ingress_spool_bytes", "Bytes waiting in the spool.", registry=self.registry)
        self.spool_files = Gauge(
            "ingress_spool_files", "Requests waiting in the spool.", registry=self.registry
        )
        self.spool_stalled = Gauge(
            "ingress_spool_stalled_seconds",
            "Seconds since the spool last drained while files wait (0: empty or draining).",
            registry=self.registry,
        )
        self.drain_failures = Counter(
            "ingress_spool_drain_failures",
            "Drain attempts stopped by a transient publish failure (retried, order kept).",
            registry=self.registry,
        )
        self.quarantined = Counter(
            "ingress_events_quarantined",
            "Events kept aside in the quarantine because they can never be published, by reason.",
            ["reason"],
            registry=self.registry,
        )
        self.quarantine_files = Gauge(
            "ingress_quarantine_files", "Files in the spool's quarantine.", registry=self.registry
        )
        self.ack_latency = Histogram(
            "ingress_ack_latency_seconds",
            "From request received to 2xx answered (events confirmed or spooled).",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 5.0),
            registry=self.registry,
        )

    def count_published_direct(self, count: int) -> None:
        self._published_direct.inc(count)

    def count_received(self, event_type: str) -> None:
        label = event_type_label(event_type)
        child = self._received_by_label.get(label)
        if child is None:  # `labels` takes a lock and builds a key: once per label, not per event
            child = self._received_by_label[label] = self._received.labels(label)
        child.inc()

    def watch_stall(self, stalled_for: Callable[[], float]) -> None:
        self.spool_stalled.set_function(stalled_for)
