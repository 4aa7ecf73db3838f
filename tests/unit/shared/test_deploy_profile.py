"""The development secrets this repository publishes are refused outside the dev profile."""

from __future__ import annotations

import pytest

from shared.config import CommonSettings, ConfigurationError, load_settings


@pytest.fixture(autouse=True)
def base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSEUDONYM_KEY", "x" * 20)
    monkeypatch.delenv("SECRETS_DIR", raising=False)
    monkeypatch.delenv("TSUNAGARI_PROFILE", raising=False)


def test_production_is_the_default_and_refuses_the_development_broker_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AMQP_URL", "amqp://tsunagari:change-me@rabbitmq:5672/")
    with pytest.raises(ConfigurationError):
        load_settings(CommonSettings)
    err = capsys.readouterr().err
    assert "'production' profile" in err and "AMQP_URL" in err and "change-me" not in err


def test_dev_profile_accepts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMQP_URL", "amqp://tsunagari:change-me@rabbitmq:5672/")
    monkeypatch.setenv("TSUNAGARI_PROFILE", "dev")
    assert load_settings(CommonSettings).tsunagari_profile == "dev"


def test_real_secrets_start_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMQP_URL", "amqp://tsunagari:Zq8-real@rabbitmq:5672/")
    assert load_settings(CommonSettings).tsunagari_profile == "production"
