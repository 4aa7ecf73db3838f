"""What ingress's handlers share: settings, the broker link, the spool, its drainer, metrics."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from linebot.v3 import SignatureValidator

from services.ingress.adapters.spool import DiskSpool
from services.ingress.config import Settings
from services.ingress.drain import SpoolDrainer
from services.ingress.metrics import IngressMetrics
from shared.service_runtime import BrokerSupervisor


@dataclass
class IngressContext:
    settings: Settings
    validator: SignatureValidator
    broker: BrokerSupervisor
    spool: DiskSpool
    drainer: SpoolDrainer
    metrics: IngressMetrics

    def refresh_spool_gauges(self) -> None:
        self.metrics.spool_bytes.set(self.spool.size_bytes)
        self.metrics.spool_files.set(self.spool.file_count)


INGRESS = web.AppKey("ingress", IngressContext)
