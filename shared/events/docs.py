"""Writes docs/events.md from the catalogue: `python -m shared.events.docs > docs/events.md`.

A test fails when the file and the code disagree, so the catalogue in the docs is always the one
the services run.
"""

from __future__ import annotations

import inspect
from typing import Any

from shared.events.catalogue import CATALOGUE
from shared.messaging.topology import SERVICE_QUEUES

HEADER = """# Event catalogue

Generated from `shared/events/catalogue.py` by `python -m shared.events.docs`; do not edit by hand.
Every event travels in the envelope of DESIGN §3 (`id`, `type`, `version`, `occurred_at`, `producer`,
`correlation_id`, `causation_id`, `data`) on the topic exchange `tsunagari.events`, routing key = `type`.

Rules: consumers de-duplicate by envelope `id`; events derived from another event get a deterministic
id (`derived_event_id(cause id, type, key)`), so handling a redelivered message twice publishes the
same ids. Message text appears only in `line.event.received` and `outbound.line.requested`; raw LINE
user ids only there too. Versions: a consumer reads older versions through upcasters
(`shared/events/upcasters.py`, applied by `shared/events/versions.py`); deploy consumers before
producers when a version changes.

Who can read what: since v2 the LINE event inside `line.event.received` is sealed with
ENCRYPTION_KEYS (AES-256-GCM with a key id, `shared/line_sealing.py`). Ingress seals it before it
is spooled or published and triage opens it in memory when it consumes it; the broker, its
dead-letter queues, the ingress spool and its quarantine, and anyone reading them hold ciphertext
and see only the clear fields below (`destination`, `webhook_event_id`, `is_redelivery`,
`event_type`, `received_at`, and `chat_ref`, a keyed pseudonym). `v1` events (plain `event`) are
still read, for those published or spooled before the upgrade; ingress seals v1 events it finds in
its spool before publishing them. Once none can be in flight, a v3 can drop the plain field.

The same holds for what triage asks notifier to do (`shared/outbound_sealing.py`). Since v2,
`outbound.line.requested` carries her LINE user id, the messages and the reply token only in
`sealed`, and `partner.alert.requested` carries a counselor's personal `details` only in
`sealed_details` (same keys, context `<type>:<envelope id>`). Triage builds them in plain and its
publisher seals them on the way to the broker; notifier opens them in memory. Only triage and
notifier hold the keys: the broker, the queues `notifier.line-outbound` and `notifier.partner-alerts`,
their dead letters and anyone reading them see the clear fields only. Every producer of these two
events (outreach's included, when it sends them) publishes through `SealingPublisher`. v1 events
(plain) are still read.
"""


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) or str(annotation)
    return text.replace("typing.", "").replace("shared.events.catalogue.", "")


def render() -> str:
    lines = [HEADER, "## Queues\n", "| queue | consumes |", "| --- | --- |"]
    for spec in SERVICE_QUEUES:
        lines.append(
            f"| `{spec.name}` (dead letters: `{spec.name}.dead`) | {', '.join(f'`{k}`' for k in spec.routing_keys)} |"
        )
    lines.append("")
    for event_type, model in CATALOGUE.items():
        doc = inspect.cleandoc(model.__doc__ or "")
        lines += [
            f"## `{event_type}` (v{model.VERSION}, `{model.__name__}`)\n",
            doc,
            "",
            "| field | type | meaning |",
            "| --- | --- | --- |",
        ]
        for name, field in model.model_fields.items():
            lines.append(f"| `{name}` | `{_type_name(field.annotation)}` | {field.description or ''} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
