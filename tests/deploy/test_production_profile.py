"""Without the `dev` profile, the repository's development secrets stop start-up with a clear message;
with it, the easy start stays (the smoke test). Runs the compose steps as processes: no broker needed,
the refusal comes before any connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.config import load_settings
from tests.deploy.host import run_once
from tests.deploy.stack import Stack, new_stack


def production_stack(tmp_path: Path) -> Stack:
    # No .env at all: every variable at its compose default, as after a bare `docker compose up`.
    stack = new_stack(tmp_path, RABBITMQ_DEFAULT_PASS="")
    done = stack.run_one_shot("secrets")
    assert done.returncode == 0, done.stderr
    return stack


def test_broker_init_refuses_the_development_broker_password(tmp_path: Path) -> None:
    done = production_stack(tmp_path).run_one_shot("broker-init")
    assert done.returncode == 2
    assert "RABBITMQ_DEFAULT_PASS: still the development value" in done.stderr
    assert not (tmp_path / "volumes/broker-definitions/definitions.json").exists()


@pytest.mark.parametrize("name", ["ingress", "notifier"])
def test_services_refuse_development_line_and_broker_secrets(tmp_path: Path, name: str) -> None:
    stack = production_stack(tmp_path)
    service = stack.compose.service(name)
    done = run_once(name, stack.service_argv(service), stack.service_env(service), timeout=60)
    assert done.returncode == 2, done.stderr
    expected = {"ingress": "LINE_CHANNEL_SECRET", "notifier": "LINE_CHANNEL_ACCESS_TOKEN"}[name]
    assert f"{expected}: still the development value" in done.stderr
    assert "AMQP_URL (its password is RABBITMQ_DEFAULT_PASS's)" in done.stderr
    assert "docker compose --profile dev up" in done.stderr


def test_line_api_defaults_to_line_outside_dev_and_to_the_simulator_in_dev(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.notifier.config import Settings

    stack = production_stack(tmp_path)
    env = stack.service_env(stack.compose.service("notifier"))
    for key in list(env):
        monkeypatch.delenv(key, raising=False)
    for key, value in {
        **env,
        "LINE_CHANNEL_ACCESS_TOKEN": "a-real-token",
        "AMQP_URL": "amqp://u:real@h/",
    }.items():
        monkeypatch.setenv(key, value)
    assert load_settings(Settings).line_api_base_url == "https://api.line.me"

    assert stack.run_one_shot("dev-profile").returncode == 0
    dev = load_settings(Settings)
    assert dev.tsunagari_profile == "dev"
    assert dev.line_api_base_url == f"http://127.0.0.1:{stack.host.port('simulator', 8090)}"

    # The next plain `docker compose up` runs `secrets` again: production, LINE's API, once more.
    assert stack.run_one_shot("secrets").returncode == 0
    assert load_settings(Settings).line_api_base_url == "https://api.line.me"
