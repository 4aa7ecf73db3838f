"""Running ingress in-process against the test's broker (optionally through a cuttable proxy)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.ingress.app import Settings, create_app
from services.ingress.context import INGRESS, IngressContext
from tests.support.line import CHANNEL_SECRET
from tests.support.sealing import TEST_KEYS
from tests.support.tcp_proxy import CuttableProxy

IngressFactory = Callable[..., Awaitable[tuple[TestClient, IngressContext]]]


@pytest.fixture
async def broker_proxy(amqp_url: str) -> AsyncIterator[CuttableProxy]:
    parts = urlsplit(amqp_url)
    proxy = CuttableProxy(parts.hostname or "127.0.0.1", parts.port or 5672)
    await proxy.start()
    yield proxy
    await proxy.close()


def via_proxy(amqp_url: str, proxy: CuttableProxy) -> str:
    parts = urlsplit(amqp_url)
    credentials = parts.netloc.rsplit("@", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{credentials}@127.0.0.1:{proxy.port}"))


@pytest.fixture
async def start_ingress(service_env: dict[str, str], tmp_path: Path) -> AsyncIterator[IngressFactory]:
    clients: list[TestClient] = []

    async def start(amqp_url: str | None = None, spool_dir: Path | None = None, **overrides: object):
        settings = Settings(
            line_channel_secret=CHANNEL_SECRET,
            encryption_keys=TEST_KEYS,
            spool_dir=spool_dir or tmp_path / "spool",
            **({"amqp_url": amqp_url} if amqp_url else {}),
            **overrides,  # type: ignore[arg-type]
        )
        client = TestClient(TestServer(create_app(settings)))
        await client.start_server()
        clients.append(client)
        return client, client.server.app[INGRESS]

    yield start
    for client in clients:
        await client.close()
