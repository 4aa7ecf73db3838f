"""`POST /line/webhook`: verify, check, seal, publish (or spool), and only then answer LINE.

Order matters: the signature is checked over the raw body before anything reads it; the body is then
checked against `shared.line_input` (what triage can take), and refused whole with a 400 naming a
reason if any part of it breaks a limit — nothing of a refused request is published or stored. A 200
means every event is either confirmed by the broker or fsync'd in the spool (or, for an event the
broker can never take, in the quarantine).
"""

from __future__ import annotations

import time

import structlog
from aiohttp import web
from linebot.v3 import SignatureValidator

from services.ingress.adapters.spool import SpoolFull
from services.ingress.context import INGRESS, IngressContext
from services.ingress.domain.webhook import to_envelopes
from shared.events import Envelope, utcnow
from shared.line_input import RefusedInput, read_webhook
from shared.messaging import PublishFailed, Unpublishable
from shared.web.errors import json_error_response

log = structlog.get_logger(__name__)


def _signature_ok(validator: SignatureValidator, body: bytes, signature: str) -> bool:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False  # LINE sends UTF-8; anything else cannot be verified, so it is not LINE.
    return bool(validator.validate(text, signature))


async def line_webhook(request: web.Request) -> web.Response:
    started = time.perf_counter()
    ctx = request.app[INGRESS]
    if request.content_length is not None and request.content_length > ctx.settings.max_body_bytes:
        ctx.metrics.rejected.labels("too_large").inc()
        return json_error_response(
            413, "too_large", f"webhook bodies are limited to {ctx.settings.max_body_bytes} bytes"
        )
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        ctx.metrics.rejected.labels("too_large").inc()
        return json_error_response(
            413, "too_large", f"webhook bodies are limited to {ctx.settings.max_body_bytes} bytes"
        )
    signature = request.headers.get("x-line-signature", "")
    if not signature or not _signature_ok(ctx.validator, body, signature):
        reason = "missing_signature" if not signature else "bad_signature"
        ctx.metrics.rejected.labels(reason).inc()
        log.warning("webhook_signature_refused", reason=reason, remote=request.remote, bytes=len(body))
        return json_error_response(401, reason, "x-line-signature does not match the body")
    try:
        webhook = read_webhook(body)
    except RefusedInput as exc:
        # Signed, so from LINE (or the secret leaked): a 4xx shows in LINE's console, and its
        # redelivery, if enabled, ends after LINE's own retry period. Nothing was stored.
        ctx.metrics.rejected.labels(exc.reason).inc()
        log.warning("webhook_refused", reason=exc.reason, detail=exc.detail, bytes=len(body))
        return json_error_response(400, exc.reason, exc.detail)
    if webhook.repaired_strings:
        ctx.metrics.repaired.inc(webhook.repaired_strings)
    envelopes = to_envelopes(webhook, utcnow(), keyring=ctx.keyring, pseudonym_key=ctx.settings.pseudonym_key)
    for event in webhook.events:
        ctx.metrics.count_received(event["type"])
    if envelopes:
        try:
            await deliver(ctx, envelopes)
        except SpoolFull:
            ctx.metrics.rejected.labels("spool_full").inc()
            log.error("spool_full", spool_bytes=ctx.spool.size_bytes, events=len(envelopes))
            return json_error_response(
                503, "spool_full", "temporarily unable to accept events; LINE will redeliver"
            )
    ctx.metrics.observe_ack(time.perf_counter() - started)
    return web.json_response({"accepted": len(envelopes)})


async def deliver(ctx: IngressContext, envelopes: list[Envelope]) -> None:
    """Publish with confirms; on any failure, or while older events wait in the spool, spool instead.

    Spooling behind a non-empty spool keeps events in arrival order. Events of a request that were
    partly confirmed are spooled whole: consumers de-duplicate by envelope id.
    """
    if ctx.broker.connected and ctx.spool.is_empty():
        try:
            await ctx.broker.publisher.publish_all(envelopes)
            ctx.metrics.count_published("direct", len(envelopes))
            return
        except Unpublishable as exc:
            # The edge's checks should make this impossible; if not, it must not block anything.
            ctx.metrics.count_published("direct", len(envelopes) - len(exc.refused))
            await quarantine(ctx, exc)
            return
        except PublishFailed as exc:
            log.warning("publish_failed_spooling", error=str(exc), events=len(envelopes))
    await ctx.spool.append(envelopes)
    ctx.metrics.spooled.inc(len(envelopes))
    ctx.refresh_spool_gauges()
    ctx.drainer.wake()


async def quarantine(ctx: IngressContext, exc: Unpublishable) -> None:
    for reason, count in (await ctx.spool.quarantine(ctx.spool.new_stem(), exc.refused)).items():
        ctx.metrics.quarantined.labels(reason).inc(count)
        log.error("events_quarantined", reason=reason, events=count)
    ctx.refresh_spool_gauges()
