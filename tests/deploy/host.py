"""Compose's world mapped onto this machine, changing only host names, ports and paths.

- a named volume is a directory of the test's own; a bind mount (`./deploy/...`) the repository's file;
- the image's `/app` is the repository (the Dockerfile copies it there);
- `service:port` (`rabbitmq:5672`, `http://simulator:8090`, `https://proxy:8443`) is 127.0.0.1 and a
  free port picked once per (service, port).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.deploy.compose_model import ROOT, Compose, Service, image_environment

APP_DIR = "/app"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Host:
    compose: Compose
    workdir: Path
    ports: dict[tuple[str, int], int] = field(default_factory=dict)

    def port(self, service: str, container_port: int) -> int:
        key = (service, container_port)
        if key not in self.ports:
            self.ports[key] = free_port()
        return self.ports[key]

    def volume(self, name: str) -> Path:
        path = self.workdir / "volumes" / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path_map(self, service: Service) -> list[tuple[str, str]]:
        """Container path → host path, longest first (so /etc/rabbitmq/conf.d/x wins over /etc)."""
        pairs = [(APP_DIR, str(ROOT))]
        for mount in service.mounts:
            host = self.volume(mount.source) if mount.named else (ROOT / mount.source).resolve()
            pairs.append((mount.target, str(host)))
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def rewrite(self, text: str, service: Service) -> str:
        names = "|".join(re.escape(n) for n in self.compose.data["services"])

        def address(match: re.Match[str]) -> str:
            return f"127.0.0.1:{self.port(match.group(1), int(match.group(2)))}"

        text = re.sub(rf"(?<![\w.-])({names}):(\d+)", address, text)
        for container, host in self.path_map(service):
            text = re.sub(rf"(?<![\w.-]){re.escape(container)}(?=/|$|\s|\"|'|;)", host, text)
        return text

    def environment(self, service: Service, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The container's environment as a process gets it: the image's ENV, then compose's."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.workdir), "LANG": "C.UTF-8"}
        image = image_environment()
        image.pop("PATH", None)  # the image's venv is this checkout's .venv (sys.executable)
        for key, value in {**image, **service.environment}.items():
            env[key] = self.rewrite(value, service)
        return {**env, **(extra or {})}

    def argv(self, service: Service, python: str) -> list[str]:
        args = [self.rewrite(arg, service) for arg in service.argv]
        if args[:1] == ["python"]:
            args[0] = python
        return args


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)


def spawn(name: str, argv: Sequence[str], env: dict[str, str], logs: Path) -> Process:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    return Process(name, popen, log)


def run_once(
    name: str, argv: Sequence[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def wait_for(condition, timeout: float, what: str, process: Process | None = None) -> None:  # type: ignore[no-untyped-def]
    """Poll `condition()` until true; fail early if `process` died, with its log."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.popen.poll() is not None:
            raise AssertionError(
                f"{what}: {process.name} exited ({process.popen.returncode}):\n{process.tail()}"
            )
        if time.monotonic() > deadline:
            tail = f"\n{process.tail()}" if process is not None else ""
            raise AssertionError(f"{what}: not within {timeout:.0f} s{tail}")
        time.sleep(0.05)  # polling interval of a deadline wait, not a timing assumption
