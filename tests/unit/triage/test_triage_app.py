"""The app starts without a broker, says it is not ready, and keeps trying in the background."""

import socket
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.triage.app import TRIAGE, create_app
from services.triage.config import Settings
from shared.config import ConfigurationError, load_settings


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_not_ready_while_the_broker_is_down(settings: Settings) -> None:
    down = settings.model_copy(update={"amqp_url": f"amqp://guest:guest@127.0.0.1:{_closed_port()}/"})
    app = create_app(down)
    async with TestClient(TestServer(app)) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
        assert health.status == 200
        assert ready.status == 503
        assert await ready.json() == {"ready": False, "broker": False, "mongodb": True}
        triage = app[TRIAGE]
        assert triage.settings is down and not triage.broker.publisher.connected


def test_missing_encryption_keys_stop_start_up(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("PSEUDONYM_KEY", "x" * 20)
    with pytest.raises(ConfigurationError):
        load_settings(Settings)
    assert "ENCRYPTION_KEYS" in capsys.readouterr().err


async def test_no_server_version_is_announced(settings: Settings) -> None:
    down = settings.model_copy(update={"amqp_url": f"amqp://guest:guest@127.0.0.1:{_closed_port()}/"})
    async with TestClient(TestServer(create_app(down))) as client:
        for path in ("/healthz", "/api/queue", "/nowhere"):
            server = (await client.get(path)).headers.get("Server", "")
            assert "aiohttp" not in server and "Python" not in server
