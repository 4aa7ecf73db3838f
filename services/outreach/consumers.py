"""Outreach's one consumer: `outreach.requests`, de-duplicated by envelope id through the Mongo inbox.
Several outreach replicas consume it as competing consumers; the handlers' conditional writes make
that safe (workflows/)."""

from __future__ import annotations

from typing import Any

from services.outreach.handlers import OutreachHandlers
from shared.messaging import Inbox, Topology
from shared.service_runtime import OneQueue


def outreach_consumers(
    *, handlers: OutreachHandlers, inbox: Inbox, topology: Topology, prefetch: int, registry: Any
) -> OneQueue:
    return OneQueue("outreach.requests", handlers, inbox=inbox, topology=topology, prefetch=prefetch, registry=registry)
