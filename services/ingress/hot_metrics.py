"""The three metrics every webhook touches, kept as plain numbers and exposed when /metrics is read.

prometheus_client's Counter and Histogram take a lock and run a few hundred bytecodes per update;
with three updates per request that was a sixth of ingress's own work per event (issue 16, measured
by counting opcodes). Ingress updates these from its one event-loop thread, and /metrics is read on
that same thread, so plain integers need no lock. The names, labels and buckets are those the
Counter and Histogram had.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

_RECEIVED = "LINE events received, by event type (LINE's documented types, else `other`)."
_PUBLISHED = "Events confirmed by the broker (directly or from the spool)."
_ACK = "From request received to 2xx answered (events confirmed or spooled)."
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 5.0)


class HotPathMetrics(Collector):
    def __init__(self) -> None:
        self.received: dict[str, int] = {}  # event-type label -> events
        self.published = {"direct": 0, "spool": 0}
        self._ack_counts = [0] * (len(ACK_BUCKETS) + 1)  # the last one: over every bound (+Inf)
        self._ack_sum = 0.0

    def observe_ack(self, seconds: float) -> None:
        self._ack_counts[bisect.bisect_left(ACK_BUCKETS, seconds)] += 1
        self._ack_sum += seconds

    def describe(self) -> Iterator[Metric]:
        """The families without values: the registry learns the names (and refuses duplicates)."""
        yield CounterMetricFamily("ingress_events_received", _RECEIVED, labels=["type"])
        yield CounterMetricFamily("ingress_events_published", _PUBLISHED, labels=["path"])
        yield HistogramMetricFamily("ingress_ack_latency_seconds", _ACK)

    def collect(self) -> Iterator[Metric]:
        received = CounterMetricFamily("ingress_events_received", _RECEIVED, labels=["type"])
        for label, count in sorted(self.received.items()):
            received.add_metric([label], count)
        yield received
        published = CounterMetricFamily("ingress_events_published", _PUBLISHED, labels=["path"])
        for path, count in self.published.items():
            published.add_metric([path], count)
        yield published
        cumulative, buckets = 0, []
        for bound, count in zip((*map(str, ACK_BUCKETS), "+Inf"), self._ack_counts, strict=True):
            cumulative += count
            buckets.append((bound, cumulative))
        yield HistogramMetricFamily(
            "ingress_ack_latency_seconds",
            _ACK,
            buckets=buckets,
            sum_value=self._ack_sum,
        )
