"""A second RabbitMQ node of our own, started with the files compose mounts into the broker.

It runs beside the test suite's broker (127.0.0.1:5672) on free ports, with its own node name, Erlang
distribution port, data, logs, cookie (HOME) and configuration: the compose service's conf.d files,
their container paths rewritten to where the volumes are here. Plugins: none (the image's management
UI is not part of what the smoke test checks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.deploy.compose_model import ROOT
from tests.deploy.host import Host, Process, free_port, port_open, spawn, wait_for

CONF_D = "/etc/rabbitmq/conf.d/"


def rabbitmq_bin_dir() -> Path | None:
    """Where the real scripts are. Debian's /usr/sbin ones re-exec as the `rabbitmq` user; the ones
    in /usr/lib/rabbitmq/bin run as whoever calls them, with our environment."""
    override = os.environ.get("TSUNAGARI_RABBITMQ_BIN")
    candidates = [Path(override)] if override else [Path("/usr/lib/rabbitmq/bin")]
    found = shutil.which("rabbitmq-server")
    if found:
        candidates.append(Path(found).parent)
    for directory in candidates:
        if (directory / "rabbitmq-server").exists() and (directory / "rabbitmq-diagnostics").exists():
            return directory
    return None


@dataclass
class RabbitNode:
    name: str
    port: int
    env: dict[str, str]
    bin_dir: Path
    process: Process

    def cli(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin_dir / tool), "-n", self.name, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def healthcheck(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        """Compose's health-check command, aimed at this node."""
        tool, *args = command
        return self.cli(tool, *args)

    def stop(self) -> None:
        if self.process.popen.poll() is None:
            self.cli("rabbitmqctl", "stop", timeout=30)
            try:
                self.process.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.stop()


def conf_files(host: Host) -> dict[str, str]:
    """The broker's conf.d files as compose mounts them (file name → contents, paths rewritten)."""
    service = host.compose.service("rabbitmq")
    files = {}
    for mount in service.mounts:
        if mount.target.startswith(CONF_D) and not mount.named:
            text = (ROOT / mount.source).read_text()
            files[mount.target[len(CONF_D) :]] = host.rewrite(text, service)
    return files


def start_node(
    host: Host, files: dict[str, str], *, fresh_data: bool = False, boot_timeout: float = 60
) -> RabbitNode:
    """Boot a node with `files` as its conf.d; returns once its AMQP port accepts connections. Its
    data is compose's `rabbitmq-data` volume, or (`fresh_data`) a directory of its own."""
    bin_dir = rabbitmq_bin_dir()
    assert bin_dir is not None, "rabbitmq-server is not installed"
    service = host.compose.service("rabbitmq")
    base = host.workdir / f"rabbitmq-{uuid.uuid4().hex[:6]}"
    conf_d = base / "conf.d"
    conf_d.mkdir(parents=True)
    for name, text in files.items():
        (conf_d / name).write_text(text)
    (base / "enabled_plugins").write_text("[].\n")
    (base / "rabbitmq-env.conf").write_text("")  # not the system node's /etc/rabbitmq/rabbitmq-env.conf
    (base / "home").mkdir()
    data = base / "data" if fresh_data else host.volume("rabbitmq-data")
    port, name = host.port("rabbitmq", 5672), f"tsunagari-smoke-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(base / "home"),  # its own Erlang cookie, shared with the CLI calls below
        "LANG": "C.UTF-8",
        **service.environment,
        "RABBITMQ_NODENAME": name,
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(port),
        "RABBITMQ_DIST_PORT": str(free_port()),
        "RABBITMQ_MNESIA_BASE": str(data / "mnesia"),
        "RABBITMQ_LOG_BASE": str(base / "log"),
        "RABBITMQ_LOGS": "-",
        "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf"),  # absent: conf.d only, as in the image
        "RABBITMQ_CONFIG_FILES": str(conf_d),
        "RABBITMQ_ADVANCED_CONFIG_FILE": str(base / "advanced.config"),
        "RABBITMQ_CONF_ENV_FILE": str(base / "rabbitmq-env.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
        "RABBITMQ_PID_FILE": str(base / "pid"),
    }
    process = spawn(f"rabbitmq-{port}", [str(bin_dir / "rabbitmq-server")], env, host.workdir / "logs")
    node = RabbitNode(name, port, env, bin_dir, process)
    try:
        wait_for(lambda: port_open(port), boot_timeout, "RabbitMQ boot", process)
    except BaseException:
        node.stop()
        raise
    return node
