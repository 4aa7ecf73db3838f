"""Deployment files agree with the code: broker definitions, compose services and routes."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import yaml

from shared.broker_init import render, write_definitions
from shared.messaging.definitions import definitions
from shared.secrets_init import ensure_secrets

ROOT = Path(__file__).resolve().parents[3]


def test_broker_definitions_carry_the_topology_vhost_user_and_no_password(tmp_path: Path) -> None:
    rendered = render("tsunagari", "a-real-password-123")
    assert {k: rendered[k] for k in ("exchanges", "queues", "bindings")} == definitions()
    assert rendered["vhosts"] == [{"name": "/"}]
    assert rendered["permissions"][0]["user"] == "tsunagari"
    written = write_definitions(tmp_path, rendered, owner=None).read_text()
    assert "a-real-password-123" not in written
    # Same credentials, same bytes: definitions.skip_if_unchanged spares a re-import at each boot.
    assert render("tsunagari", "a-real-password-123") == json.loads(written)
    stored = base64.b64decode(rendered["users"][0]["password_hash"])
    assert stored[4:] == hashlib.sha256(stored[:4] + b"a-real-password-123").digest()
    for queue in rendered["queues"]:
        assert queue["arguments"]["x-queue-type"] == "quorum"
        if not queue["name"].endswith(".dead"):
            assert queue["arguments"]["x-delivery-limit"] >= 1
            assert queue["arguments"]["x-dead-letter-exchange"] == "tsunagari.dead"


def test_compose_runs_every_service_from_one_image() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("ingress", "triage", "outreach", "notifier"):
        assert services[name]["image"] == "tsunagari:local"
        assert services[name]["command"][0] == name
        assert "healthcheck" in services[name]
    assert services["simulator"]["profiles"] == ["dev"]
    assert "--replSet" in services["mongo"]["command"]
    assert "ingress-spool" in compose["volumes"]


def test_secrets_are_generated_once_and_kept(tmp_path: Path) -> None:
    created = ensure_secrets(tmp_path)
    assert {"encryption_keys", "staff_assertion_key", "pseudonym_key", "partner_secret_police"} <= set(
        created
    )
    assert (tmp_path / "partner_secret_police").read_text().startswith("whsec_")
    first = (tmp_path / "pseudonym_key").read_text()
    assert ensure_secrets(tmp_path) == []
    assert (tmp_path / "pseudonym_key").read_text() == first


def test_every_partner_secret_the_seed_names_is_generated() -> None:
    import re

    from shared.secrets_init import PARTNER_SECRETS

    named = set(re.findall(r"env:(PARTNER_SECRET_[A-Z_]+)", (ROOT / "seeds/partners.yaml").read_text()))
    assert {n.lower() for n in named} == set(PARTNER_SECRETS)


def test_event_catalogue_doc_is_current() -> None:
    from shared.events.docs import render

    assert (ROOT / "docs/events.md").read_text() == render(), (
        "run: python -m shared.events.docs > docs/events.md"
    )
