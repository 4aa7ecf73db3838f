"""The deploy smoke test needs the real broker and proxy binaries; it skips (saying which) without them.
CI installs nginx (.ci/run); RabbitMQ is already there for the rest of the suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.nginx_proxy import nginx_binary
from tests.deploy.rabbit_node import rabbitmq_bin_dir
from tests.deploy.stack import Stack, start_stack


def require_binaries() -> None:
    if rabbitmq_bin_dir() is None:
        pytest.skip("deploy smoke test: rabbitmq-server is not installed")
    if nginx_binary() is None:
        pytest.skip("deploy smoke test: nginx is not installed (.ci/run installs it with apt)")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One stack for the whole deploy folder (test_smoke.py ends with the broker-loss test)."""
    require_binaries()
    running = start_stack(Path(tmp_path_factory.mktemp("compose")))
    yield running
    running.stop()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    require_binaries()
    return tmp_path
