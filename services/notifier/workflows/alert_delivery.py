"""One attempt to deliver one alert to one partner, and what is recorded and published after it."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import structlog

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import MissingSecret, PartnerStore
from services.notifier.adapters.payload_seal import PayloadSeal
from services.notifier.domain.alert_outcome import Decision, decide
from services.notifier.domain.ports import Clock, SupervisedPublisher, WebhookAnswer, WebhookSender
from services.notifier.metrics import Metrics, status_class
from services.notifier.workflows.results import alert_result, alert_retry
from shared.events import Envelope, utcnow
from shared.messaging import PublishFailed

log = structlog.get_logger(__name__)


class AlertDelivery:
    """`owner` names this notifier on the leases it takes (`AlertStore`)."""

    def __init__(
        self,
        store: AlertStore,
        partners: PartnerStore,
        sender: WebhookSender,
        metrics: Metrics,
        *,
        publisher: SupervisedPublisher,
        owner: str,
        retry_scale: float,
        seal: PayloadSeal,
        clock: Clock = utcnow,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._store, self._partners, self._sender, self._metrics = store, partners, sender, metrics
        self._owner, self._retry_scale, self._clock, self._rand = owner, retry_scale, clock, rand
        self._seal = seal
        # Until the broker first answers, results wait in MongoDB (`published: False`): the outbox.
        self._publisher = publisher

    async def attempt(self, doc: dict[str, Any]) -> Decision:
        """Send `doc`'s alert once (it is claimed by this notifier) and settle the outcome."""
        partner = await self._partners.get(doc["partner_id"])
        if partner is None or not partner.active:
            decision = Decision("failed", reason="partner_inactive")
            await self._settle(doc, decision, WebhookAnswer(None, 0.0, "partner_inactive"), doc["attempts"])
            return decision
        try:
            secret = await self._partners.secret(partner.id) or ""
        except MissingSecret as exc:
            # A configuration fault: retried on the schedule so that fixing the variable fixes it.
            answer = WebhookAnswer(None, 0.0, f"missing_secret:{exc.args[0]}")
        else:
            answer = await self._sender.send(partner.url, secret, doc["alert_id"], self._seal.open(doc))
        attempts = doc["attempts"] + 1
        result = status_class(answer.status) if answer.status else (answer.error_class or "error")
        self._metrics.alert_attempts.labels(result if answer.status else "no_answer").inc()
        self._metrics.alert_attempt_seconds.observe(answer.latency_s)
        await self._store.log_attempt(
            {
                "alert_id": doc["alert_id"],
                "partner_id": partner.id,
                "attempt": attempts,
                "status": answer.status,
                "latency_ms": round(answer.latency_s * 1000, 1),
                "error_class": answer.error_class,
                "at": self._clock(),
            }
        )
        decision = decide(
            answer.status,
            attempts,
            retry_after_s=answer.retry_after_s,
            scale=self._retry_scale,
            rand=self._rand,
            refused=answer.refused is not None,
        )
        if answer.refused is not None:  # the reason code only: never the URL
            log.error("partner_url_refused", partner_id=partner.id, reason=answer.refused)
        if decision.kind == "disabled":
            await self._partners.deactivate(partner.id, "410 Gone from webhook endpoint", self._clock())
            log.error("partner_endpoint_gone", partner_id=partner.id, alert_id=doc["alert_id"])
        await self._settle(doc, decision, answer, attempts)
        return decision

    async def _settle(
        self, doc: dict[str, Any], decision: Decision, answer: WebhookAnswer, attempts: int
    ) -> None:
        now = self._clock()
        changes: dict[str, Any] = {
            "attempts": attempts,
            "last_status": answer.status,
            "last_error": answer.error_class,
        }
        if decision.kind == "retry":
            changes["next_attempt_at"] = now + timedelta(seconds=decision.delay_s)
            await self._store.settle(doc["_id"], self._owner, changes, now)
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
            "lease_owner": self._owner,
        }
        await self._store.settle(doc["_id"], self._owner, changes_with_lease, now, release=False)
        self._metrics.alert_deliveries.labels(decision.kind).inc()
        log.info("alert_finished", outcome=decision.kind, reason=decision.reason, attempts=attempts)
        await self.publish_result({**doc, **changes_with_lease})

    async def publish_waiting(self, lease_s: float) -> bool:
        """The outbox: publish every finished delivery whose result is not confirmed yet; False
        (nothing tried) while the broker is not connected."""
        if not self._publisher.connected:
            return False
        while (doc := await self._store.claim_unpublished(self._clock(), lease_s, self._owner)) is not None:
            await self.publish_result(doc)
        return True

    async def publish_result(self, doc: dict[str, Any]) -> None:
        """Publish a finished delivery's result event, then mark it published (else the outbox retries)."""
        if not self._publisher.connected:
            return
        try:
            await self._publisher.publish(alert_result(doc))
        except PublishFailed:
            log.warning("alert_result_publish_failed", alert_id=doc["alert_id"])  # the outbox retries
            return
        await self._store.mark_published(doc["_id"])

    async def _publish_quietly(self, envelope: Envelope) -> None:
        """A progress report (retry scheduled): best effort; the final result has its own outbox."""
        try:
            if self._publisher.connected:
                await self._publisher.publish(envelope)
        except PublishFailed:
            log.warning("alert_progress_publish_failed", alert_id=envelope.data.get("alert_id"))
