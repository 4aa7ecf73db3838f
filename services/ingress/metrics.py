"""Ingress's Prometheus metrics, in its own registry (the per-request ones in `hot_metrics`).

Every label takes its values from a fixed set (event types: the known ones and `other`; reasons:
codes written in this service), so what a client sends can never grow /metrics.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge

from services.ingress.hot_metrics import HotPathMetrics
from shared.line_input import event_type_label


class IngressMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._hot = HotPathMetrics()
        self.registry.register(self._hot)
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
            "Drain rounds stopped by a transient publish failure or an error (retried, order kept).",
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

    def count_published(self, path: str, count: int) -> None:
        """`path`: direct or spool."""
        self._hot.published[path] += count

    def count_received(self, event_type: str) -> None:
        label = event_type_label(event_type)
        self._hot.received[label] = self._hot.received.get(label, 0) + 1

    def observe_ack(self, seconds: float) -> None:
        self._hot.observe_ack(seconds)

    def watch_stall(self, stalled_for: Callable[[], float]) -> None:
        self.spool_stalled.set_function(stalled_for)
