"""One attempt to deliver one alert to one partner, and what is recorded and published after it."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import structlog

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import MissingSecret, PartnerStore
from services.notifier.adapters.payload_seal import PayloadSeal
from services.notifier.adapters.webhook_sender import WebhookAnswer
from services.notifier.domain.alert_outcome import Decision, decide
from services.notifier.metrics import Metrics, status_class
from services.notifier.results import alert_result, alert_retry
from shared.events import Envelope, utcnow
from shared.messaging import PublishFailed

log = structlog.get_logger(__name__)


class Sender(Protocol):
    async def send(self, url: str, secret: str, webhook_id: str, body: str) -> WebhookAnswer: ...


class Publisher(Protocol):
    async def publish(self, envelope: Envelope) -> None: ...


class AlertDelivery:
    def __init__(
        self,
        store: AlertStore,
        partners: PartnerStore,
        sender: Sender,
        metrics: Metrics,
        *,
        owner: str,
        retry_scale: float,
        seal: PayloadSeal,
        clock: Callable[[], datetime] = utcnow,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.store, self.partners, self.sender, self.metrics = store, partners, sender, metrics
        self.owner, self.retry_scale, self.clock, self.rand = owner, retry_scale, clock, rand
        self.seal = seal
        self.publisher: Publisher | None = None  # set once the broker is up; the outbox catches up

    async def attempt(self, doc: dict[str, Any]) -> Decision:
        """Send `doc`'s alert once (it is claimed by this notifier) and settle the outcome."""
        partner = await self.partners.get(doc["partner_id"])
        if partner is None or not partner.active:
            decision = Decision("failed", reason="partner_inactive")
            await self._settle(doc, decision, WebhookAnswer(None, 0.0, "partner_inactive"), doc["attempts"])
            return decision
        try:
            secret = await self.partners.secret(partner.id) or ""
        except MissingSecret as exc:
            # A configuration fault: retried on the schedule so that fixing the variable fixes it.
            answer = WebhookAnswer(None, 0.0, f"missing_secret:{exc.args[0]}")
        else:
            answer = await self.sender.send(partner.url, secret, doc["alert_id"], self.seal.open(doc))
        attempts = doc["attempts"] + 1
        result = status_class(answer.status) if answer.status else (answer.error_class or "error")
        self.metrics.alert_attempts.labels(result if answer.status else "no_answer").inc()
        self.metrics.alert_attempt_seconds.observe(answer.latency_s)
        await self.store.log_attempt(
            {
                "alert_id": doc["alert_id"],
                "partner_id": partner.id,
                "attempt": attempts,
                "status": answer.status,
                "latency_ms": round(answer.latency_s * 1000, 1),
                "error_class": answer.error_class,
                "at": self.clock(),
            }
        )
        decision = decide(
            answer.status,
            attempts,
            retry_after_s=answer.retry_after_s,
            scale=self.retry_scale,
            rand=self.rand,
        )
        if decision.kind == "disabled":
            await self.partners.deactivate(partner.id, "410 Gone from webhook endpoint", self.clock())
            log.error("partner_endpoint_gone", partner_id=partner.id, alert_id=doc["alert_id"])
        await self._settle(doc, decision, answer, attempts)
        return decision

    async def _settle(
        self, doc: dict[str, Any], decision: Decision, answer: WebhookAnswer, attempts: int
    ) -> None:
        now = self.clock()
        changes: dict[str, Any] = {
            "attempts": attempts,
            "last_status": answer.status,
            "last_error": answer.error_class,
        }
        if decision.kind == "retry":
            changes["next_attempt_at"] = now + timedelta(seconds=decision.delay_s)
            await self.store.settle(doc["_id"], self.owner, changes, now)
            log.info(
                "alert_retry_scheduled",
                attempts=attempts,
                delay_s=round(decision.delay_s, 3),
                status=answer.status,
                error=answer.error_class,
            )
            await self._publish_quietly(alert_retry(doc, attempts, answer.status, changes["next_attempt_at"]))
            return
        changes.update(status=decision.kind, reason=decision.reason, published=False, finished_at=now)
        # The lease is kept until the result is published, so the outbox does not race this publish.
        changes_with_lease = {
            **changes,
            "lease_until": now + timedelta(seconds=60),
            "lease_owner": self.owner,
        }
        await self.store.settle(doc["_id"], self.owner, changes_with_lease, now, release=False)
        self.metrics.alert_deliveries.labels(decision.kind).inc()
        log.info("alert_finished", outcome=decision.kind, reason=decision.reason, attempts=attempts)
        await self.publish_result({**doc, **changes_with_lease})

    async def publish_result(self, doc: dict[str, Any]) -> None:
        """Publish a finished delivery's result event, then mark it published (else the outbox retries)."""
        if self.publisher is None:
            return
        try:
            await self.publisher.publish(alert_result(doc))
        except PublishFailed:
            log.warning("alert_result_publish_failed", alert_id=doc["alert_id"])  # the outbox retries
            return
        await self.store.mark_published(doc["_id"])

    async def _publish_quietly(self, envelope: Envelope) -> None:
        """A progress report (retry scheduled): best effort; the final result has its own outbox."""
        try:
            if self.publisher is not None:
                await self.publisher.publish(envelope)
        except PublishFailed:
            log.warning("alert_progress_publish_failed", alert_id=envelope.data.get("alert_id"))
