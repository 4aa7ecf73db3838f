"""Ingress cannot start without the keys it seals with, and compose gives them to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services.ingress.config import Settings
from shared.config import ConfigurationError, load_settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("value", "message"), [(None, "ENCRYPTION_KEYS"), ("k1:not-base64!", "base64")])
def test_missing_or_malformed_keys_stop_start_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str | None, message: str
) -> None:
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "s")
    monkeypatch.setenv("PSEUDONYM_KEY", "p" * 20)
    monkeypatch.delenv("SECRETS_DIR", raising=False)
    if value is None:
        monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    else:
        monkeypatch.setenv("ENCRYPTION_KEYS", value)
    with pytest.raises(ConfigurationError):
        load_settings(Settings)
    assert message in capsys.readouterr().err


def test_compose_gives_ingress_the_keys_triage_opens_with() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("ingress", "triage"):
        assert "ENCRYPTION_KEYS" in services[name].get("environment", {}), name
        assert any("/run/tsunagari-secrets" in volume for volume in services[name]["volumes"]), name
