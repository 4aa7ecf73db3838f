"""Triage's domain metrics for operations (Prometheus, `/metrics`): who is waiting and for how long,
SLA breaches, and each counselor's load — what the alert rules in deploy/monitoring watch.

- `tsunagari_triage_waiting_cases{risk}`: cases waiting for a counselor now;
- `tsunagari_triage_oldest_wait_seconds{risk}`: how long the longest of them has waited for a first
  answer (0 when none waits);
- `tsunagari_triage_sla_breaches_total{risk}`: first-response targets missed (escalated once per case
  and level, by this process);
- `tsunagari_triage_cases_per_counselor{counselor}`: assigned cases per counselor (staff id);
- `tsunagari_triage_sealed_with_old_keys`: values still sealed with a key that is no longer first in
  ENCRYPTION_KEYS (the background re-seal brings it to 0; then the old key may go).
The gauges are refreshed by the periodic metrics round, not at scrape time: a scrape never waits on
the database. Counts and ids only.
"""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge

from services.triage.adapters.assignments import AssignmentStore
from services.triage.adapters.cases import CaseRepository, WaitingSummary
from services.triage.risk.levels import RiskLevel

LEVELS = tuple(level.value for level in RiskLevel)


class TriageMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.waiting = Gauge(
            "tsunagari_triage_waiting_cases", "Cases waiting for a counselor", ["risk"], registry=registry
        )
        self.oldest = Gauge(
            "tsunagari_triage_oldest_wait_seconds",
            "Longest wait for a first answer among waiting cases",
            ["risk"],
            registry=registry,
        )
        self.breaches = Counter(
            "tsunagari_triage_sla_breaches", "First-response targets missed", ["risk"], registry=registry
        )
        self.per_counselor = Gauge(
            "tsunagari_triage_cases_per_counselor",
            "Assigned cases per counselor",
            ["counselor"],
            registry=registry,
        )
        self.old_keys = Gauge(
            "tsunagari_triage_sealed_with_old_keys", "Values sealed with an older key", registry=registry
        )
        for level in LEVELS:  # every series exists from the start, so "none waiting" reads 0, not absent
            self.waiting.labels(level).set(0)
            self.oldest.labels(level).set(0)
            self.breaches.labels(level)

    def sealed_with_old_keys(self, remaining: int) -> None:
        self.old_keys.set(remaining)

    def breach(self, level: RiskLevel) -> None:
        self.breaches.labels(level.value).inc()

    async def refresh(self, cases: CaseRepository, assignments: AssignmentStore, now: datetime) -> None:
        self.observe(await cases.waiting_summary(), await assignments.active_counts(), now)

    def observe(self, waiting: list[WaitingSummary], loads: dict[str, int], now: datetime) -> None:
        by_level = {summary.level: summary for summary in waiting}
        for level in LEVELS:
            summary = by_level.get(level)
            self.waiting.labels(level).set(summary.count if summary else 0)
            since = summary.oldest_since if summary else None
            self.oldest.labels(level).set(max(0.0, (now - since).total_seconds()) if since else 0)
        self.per_counselor.clear()
        for counselor, count in loads.items():
            self.per_counselor.labels(counselor).set(count)
