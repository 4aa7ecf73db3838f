"""Ingress's Prometheus metrics, in its own registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class IngressMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.received = Counter(
            "ingress_events_received",
            "LINE events received, by event type.",
            ["type"],
            registry=self.registry,
        )
        self.published = Counter(
            "ingress_events_published",
            "Events confirmed by the broker (directly or from the spool).",
            ["path"],
            registry=self.registry,
        )
        self.rejected = Counter(
            "ingress_requests_rejected",
            "Webhook requests refused, by reason.",
            ["reason"],
            registry=self.registry,
        )
        self.spooled = Counter(
            "ingress_events_spooled", "Events written to the disk spool.", registry=self.registry
        )
        self.spool_bytes = Gauge("ingress_spool_bytes", "Bytes waiting in the spool.", registry=self.registry)
        self.spool_files = Gauge(
            "ingress_spool_files", "Requests waiting in the spool.", registry=self.registry
        )
        self.ack_latency = Histogram(
            "ingress_ack_latency_seconds",
            "From request received to 2xx answered (events confirmed or spooled).",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 5.0),
            registry=self.registry,
        )
