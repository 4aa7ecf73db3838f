"""Fixtures shared by every test: the backends in use (reported in the header) and broker helpers."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from shared.messaging import SERVICE_QUEUES, Topology, connect
from tests.support.backends import Backends, select_backends
from tests.support.events import EventSink, delete_topology

_BACKENDS: Backends | None = None


def backends() -> Backends:
    global _BACKENDS
    if _BACKENDS is None:
        _BACKENDS = select_backends()
    return _BACKENDS


def pytest_report_header(config: pytest.Config) -> str:
    return f"tsunagari backends: {backends().describe()}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(f"tsunagari backends used: {backends().describe()}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _BACKENDS is not None:
        _BACKENDS.stop()


@pytest.fixture(scope="session")
def amqp_url() -> str:
    return backends().amqp_url


@pytest.fixture(scope="session")
def mongodb_url() -> str | None:
    return backends().mongodb_url


@pytest.fixture
async def topology(request: pytest.FixtureRequest, amqp_url: str) -> AsyncIterator[Topology]:
    """A topology of the test's own: every exchange and queue name carries a unique prefix, and all
    of it is deleted after the test, whoever declared it. Classic queues unless the test is marked
    `quorum` (cheap to create and delete; quorum-only behaviour is tested under the marker)."""
    queue_type = "quorum" if request.node.get_closest_marker("quorum") else "classic"
    topo = Topology(prefix=f"t{uuid.uuid4().hex[:10]}.", queue_type=queue_type)  # type: ignore[arg-type]
    yield topo
    connection = await connect(amqp_url, name="tests-cleanup")
    try:
        await delete_topology(
            connection, topo, {topo.queue_name(spec) for spec in SERVICE_QUEUES} | topo.declared
        )
    finally:
        await connection.close()


@pytest.fixture
def service_env(
    monkeypatch: pytest.MonkeyPatch,
    amqp_url: str,
    mongodb_url: str | None,
    topology: Topology,
    tmp_path: object,
) -> Iterator[dict[str, str]]:
    """Environment for building a service's Settings against this test's backends and names."""
    env = {
        "AMQP_URL": amqp_url,
        "AMQP_PREFIX": topology.prefix,
        "PSEUDONYM_KEY": "test-pseudonym-key-0123456789",
        "STAFF_ASSERTION_KEY": "test-staff-assertion-key-0123456789abcdef",
        "LOG_FORMAT": "json",
        "AMQP_QUEUE_TYPE": topology.queue_type,
    }
    if mongodb_url:
        env["MONGODB_URL"] = mongodb_url
    else:
        monkeypatch.delenv("MONGODB_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield env


@pytest.fixture
async def amqp_connection(amqp_url: str, topology: Topology) -> AsyncIterator[object]:
    connection = await connect(amqp_url, name="tests")
    yield connection
    await connection.close()


@pytest.fixture
def sink_factory(amqp_connection: object, topology: Topology):  # type: ignore[no-untyped-def]
    async def make(*keys: str) -> EventSink:
        sink = EventSink(amqp_connection, topology, keys or ["#"])  # type: ignore[arg-type]
        await sink.start()
        return sink

    return make


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TSUNAGARI_TESTING", "1")
