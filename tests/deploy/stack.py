"""The compose stack as processes on this machine, started in compose's order.

secrets → dev-profile → broker-init (one-shot commands) → RabbitMQ (a second node, with the files
compose mounts) → ingress, triage, outreach, notifier, simulator (`python -m services ...` with the
environment compose gives each) → nginx with the proxy's configuration. MongoDB is the one thing not
started: MONGODB_URL is dropped, so each service uses the in-process substitute (docs/operations.md).
"""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.deploy.compose_model import Compose, Service
from tests.deploy.host import Host, Process, free_port, port_open, run_once, spawn, wait_for
from tests.deploy.nginx_proxy import Nginx, site_config, start_nginx
from tests.deploy.rabbit_node import RabbitNode, conf_files, start_node

ONE_SHOTS = ("secrets", "dev-profile", "broker-init")
SERVICES = ("ingress", "triage", "outreach", "notifier", "simulator")
PROFILES = {"dev"}


@dataclass
class Stack:
    host: Host
    env: dict[str, str]
    node: RabbitNode | None = None
    proxy: Nginx | None = None
    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def compose(self) -> Compose:
        return self.host.compose

    @property
    def https_url(self) -> str:
        return f"https://127.0.0.1:{self.host.port('proxy', 8443)}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.host.port('proxy', 8080)}"

    @property
    def simulator_url(self) -> str:
        return f"http://127.0.0.1:{self.host.port('simulator', 8090)}"

    @property
    def certificate(self) -> Path:
        return self.host.volume("tls") / "cert.pem"

    def service_argv(self, service: Service) -> list[str]:
        argv = self.host.argv(service, sys.executable)
        for i, arg in enumerate(argv[:-1]):
            if arg == "--port":
                argv[i + 1] = str(self.host.port(service.name, int(argv[i + 1])))
        return [*argv, "--host", "127.0.0.1"]

    def service_env(self, service: Service) -> dict[str, str]:
        env = self.host.environment(service)
        env.pop("MONGODB_URL", None)  # no MongoDB server here: the in-process substitute
        return env

    def healthcheck(self, name: str) -> subprocess.CompletedProcess[str]:
        """The container's health-check command, run against this process (its port rewritten)."""
        service = self.compose.service(name)
        command = service.healthcheck
        assert command is not None, f"{name} has no health check"
        argv = [sys.executable if command[0] == "python" else command[0], *command[1:]]
        argv[-1] = str(self.host.port(name, int(argv[-1])))
        return subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)

    def run_one_shot(self, name: str) -> subprocess.CompletedProcess[str]:
        service = self.compose.service(name)
        return run_once(name, self.host.argv(service, sys.executable), self.service_env(service))

    def start_broker(self, files: dict[str, str] | None = None) -> RabbitNode:
        self.node = start_node(self.host, conf_files(self.host) if files is None else files)
        command = self.compose.service("rabbitmq").healthcheck
        assert command is not None
        node = self.node
        wait_for(lambda: node.healthcheck(command).returncode == 0, 60, "broker health check")
        return node

    def start_services(self) -> None:
        for name in SERVICES:
            service = self.compose.service(name)
            self.processes[name] = spawn(
                name, self.service_argv(service), self.service_env(service), self.host.workdir / "logs"
            )

    def wait_healthy(self, names: tuple[str, ...], timeout: float = 60) -> None:
        def healthy(name: str) -> None:
            wait_for(
                lambda: self.healthcheck(name).returncode == 0,
                timeout,
                f"{name} health check",
                self.processes[name],
            )

        with ThreadPoolExecutor(len(names)) as pool:
            for future in [pool.submit(healthy, name) for name in names]:
                future.result()

    def start_proxy(self, site: str | None = None) -> Nginx:
        self.proxy = start_nginx(self.host, site if site is not None else site_config(self.host))
        return self.proxy

    def demo_password(self, username: str) -> str:
        """What triage printed once at first start for the operator ("demo login created: ...")."""
        log = self.processes["triage"].log.read_text(errors="replace")
        found = re.findall(rf"demo login created: {re.escape(username)} / (\S+)", log)
        assert found, f"triage printed no demo login for {username}"
        return found[-1]

    def logs(self) -> dict[str, str]:
        return {name: p.log.read_text(errors="replace") for name, p in self.processes.items()}

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
        for process in self.processes.values():
            process.stop()
        if self.node is not None:
            self.node.stop()


def new_stack(workdir: Path, **env: str) -> Stack:
    """A stack's model: the compose file interpolated with `env` (what `.env` would hold). The
    public HTTPS port is picked here, so the redirect and the port mapping agree as in compose."""
    https_port = free_port()
    interpolation = {"HTTPS_PORT": str(https_port), "RABBITMQ_DEFAULT_PASS": secrets.token_urlsafe(16), **env}
    host = Host(Compose.load(interpolation), workdir, ports={("proxy", 8443): https_port})
    return Stack(host, interpolation)


def start_stack(workdir: Path) -> Stack:
    stack = new_stack(workdir)
    try:
        active = set(stack.compose.active(PROFILES))
        for name in ONE_SHOTS:
            if name in active:
                done = stack.run_one_shot(name)
                assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
        stack.start_broker()
        stack.start_services()
        stack.wait_healthy(("ingress", "triage", "outreach", "notifier"))
        simulator = stack.host.port("simulator", 8090)
        wait_for(lambda: port_open(simulator), 30, "simulator start", stack.processes["simulator"])
        stack.start_proxy()
    except BaseException:
        stack.stop()
        raise
    return stack
