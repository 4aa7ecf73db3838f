"""Notifier's Prometheus metrics, in the service's own registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.line_deliveries = Counter(
            "notifier_line_deliveries",
            "Outbound LINE requests finished, by method and outcome.",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.line_attempt_seconds = Histogram(
            "notifier_line_attempt_seconds",
            "Latency of one Messaging API call, by method and status class.",
            ["method", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.alert_deliveries = Counter(
            "notifier_alert_deliveries",
            "Partner alert deliveries finished, by outcome (delivered, failed, disabled).",
            ["outcome"],
            registry=self.registry,
        )
        self.alert_attempts = Counter(
            "notifier_alert_attempts",
            "Webhook attempts to partners, by result (2xx, 4xx, 5xx, timeout, error).",
            ["result"],
            registry=self.registry,
        )
        self.alert_attempt_seconds = Histogram(
            "notifier_alert_attempt_seconds",
            "Latency of one webhook attempt.",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.breaker_open = Gauge(
            "notifier_partner_breaker_open",
            "1 while a partner's circuit breaker holds its deliveries back.",
            ["partner_id"],
            registry=self.registry,
        )


def status_class(status: int | None) -> str:
    return "none" if status is None else f"{status // 100}xx"
