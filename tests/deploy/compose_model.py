"""docker-compose.yml read as data (PyYAML, anchors and merge keys resolved), interpolated as compose
does (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `$$`), and each service's
process-level facts: its command, environment (the image's ENV under compose's), mounts, health check.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


class InterpolationError(Exception):
    """A `${VAR:?message}` whose variable is unset: compose refuses to start with this message."""


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name"), match.group("op"), match.group("arg") or ""
        value = env.get(name)
        if op is None:
            return value or ""
        # `:-`/`:?` treat an empty value as unset; `-`/`?` only a missing one.
        missing = value is None if op in ("-", "?") else not value
        if not missing:
            return value or ""
        if op.endswith("?"):
            raise InterpolationError(f"{name}: {arg}")
        return arg

    return _VARIABLE.sub(one, text)


def _walk(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [_walk(item, env) for item in node]
    if isinstance(node, dict):
        return {key: _walk(value, env) for key, value in node.items()}
    return node


def image_environment(dockerfile: Path = ROOT / "deploy/Dockerfile") -> dict[str, str]:
    """The `ENV` of the image's final stage (what every container starts with)."""
    text = dockerfile.read_text().replace("\\\n", " ")
    final = text.rsplit("\nFROM ", 1)[-1]
    env: dict[str, str] = {}
    for line in final.splitlines():
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


@dataclass(frozen=True)
class Mount:
    source: str  # a named volume, or a path relative to the repository
    target: str
    named: bool


@dataclass(frozen=True)
class Service:
    name: str
    spec: dict[str, Any]

    @property
    def profiles(self) -> list[str]:
        return list(self.spec.get("profiles", []))

    @property
    def argv(self) -> list[str]:
        """Entrypoint plus command as the container runs them (the image's entrypoint if not replaced)."""
        entrypoint = self.spec.get("entrypoint", ["python", "-m", "services"])
        return [*entrypoint, *self.spec.get("command", [])]

    @property
    def environment(self) -> dict[str, str]:
        return {k: "" if v is None else str(v) for k, v in (self.spec.get("environment") or {}).items()}

    @property
    def mounts(self) -> list[Mount]:
        found = []
        for entry in self.spec.get("volumes", []):
            source, target = entry.split(":")[:2]
            found.append(Mount(source, target, named=not source.startswith((".", "/"))))
        return found

    @property
    def healthcheck(self) -> list[str] | None:
        test = (self.spec.get("healthcheck") or {}).get("test")
        if not test:
            return None
        assert test[0] == "CMD", f"{self.name}: health checks are exec form"
        return list(test[1:])

    @property
    def depends_on(self) -> dict[str, dict[str, Any]]:
        deps = self.spec.get("depends_on") or {}
        if isinstance(deps, list):
            return {name: {"condition": "service_started"} for name in deps}
        return dict(deps)


@dataclass(frozen=True)
class Compose:
    data: dict[str, Any]

    @classmethod
    def load(cls, env: Mapping[str, str], path: Path = ROOT / "docker-compose.yml") -> Compose:
        return cls(_walk(yaml.safe_load(path.read_text()), env))

    def service(self, name: str) -> Service:
        return Service(name, self.data["services"][name])

    def active(self, profiles: set[str]) -> list[str]:
        """The services `docker compose up` starts with these profiles."""
        return [
            name
            for name, spec in self.data["services"].items()
            if not spec.get("profiles") or profiles & set(spec["profiles"])
        ]
