"""The reports service's one consumer: `reports.events`, de-duplicated by envelope id through the
Mongo inbox. No ordering is needed: every event's effect is independent of the others' order."""

from __future__ import annotations

from typing import Any

from services.reports.handlers import ReportEventHandler
from shared.messaging import Inbox, Topology
from shared.service_runtime import OneQueue


def report_consumers(
    *, handler: ReportEventHandler, inbox: Inbox, topology: Topology, prefetch: int, registry: Any
) -> OneQueue:
    return OneQueue("reports.events", handler, inbox=inbox, topology=topology, prefetch=prefetch, registry=registry)
