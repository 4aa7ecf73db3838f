"""What ingress's handlers share: settings, keys, the broker link, the spool, its drainer, metrics."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from linebot.v3 import SignatureValidator

from services.ingress.adapters.spool import DiskSpool
from services.ingress.config import Settings
from services.ingress.drain import SpoolDrainer
from services.ingress.metrics import IngressMetrics
from shared.crypto import Keyring
from shared.service_runtime import BrokerSupervisor


@dataclass
class IngressContext:
    settings: Settings
    validator: SignatureValidator
    keyring: Keyring
    broker: BrokerSupervisor
    spool: DiskSpool
    drainer: SpoolDrainer
    metrics: IngressMetrics

    def refresh_spool_gauges(self) -> None:
        self.metrics.spool_bytes.set(self.spool.size_bytes)
        self.metrics.spool_files.set(self.spool.file_count)
        self.metrics.quarantine_files.set(self.spool.quarantined_files)


INGRESS = web.AppKey("ingress", IngressContext)
