"""The scaling overlay, merged onto the base file as compose merges (mappings deep, `volumes` by
target path): one spool per ingress replica, every broker node with the rendered definitions, and no
default Erlang cookie."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.deploy.compose_model import ROOT, InterpolationError, _walk

OVERLAY = ROOT / "deploy/scale/compose.scale.yml"


def merge(base: Any, over: Any, key: str = "") -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        return {k: merge(base.get(k), v, k) if k in base else v for k, v in over.items()} | {
            k: v for k, v in base.items() if k not in over
        }
    if key == "volumes" and isinstance(base, list) and isinstance(over, list):
        by_target = {entry.split(":")[1] if ":" in entry else entry: entry for entry in base}
        by_target |= {entry.split(":")[1] if ":" in entry else entry: entry for entry in over}
        return list(by_target.values())
    return over


def merged(env: dict[str, str]) -> dict[str, Any]:
    base = _walk(yaml.safe_load((ROOT / "docker-compose.yml").read_text()), env)
    return merge(base, _walk(yaml.safe_load(OVERLAY.read_text()), env))  # type: ignore[no-any-return]


def test_each_ingress_replica_has_its_own_spool() -> None:
    ingress = merged({"RABBITMQ_ERLANG_COOKIE": "x" * 40})["services"]["ingress"]
    spool = [
        v
        for v in ingress["volumes"]
        if v.endswith("/var/lib/tsunagari/spool") or v == "/var/lib/tsunagari/spool"
    ]
    assert spool == ["/var/lib/tsunagari/spool"]  # anonymous: per container, never shared
    assert ingress["deploy"]["replicas"] >= 2


def test_every_broker_node_imports_the_rendered_definitions() -> None:
    services = merged({"RABBITMQ_ERLANG_COOKIE": "x" * 40})["services"]
    for name in ("rabbitmq", "rabbitmq-2", "rabbitmq-3"):
        volumes = services[name]["volumes"]
        assert "broker-definitions:/etc/rabbitmq/tsunagari:ro" in volumes, name
        assert "./deploy/rabbitmq/rabbitmq.conf:/etc/rabbitmq/conf.d/20-tsunagari.conf:ro" in volumes, name
        assert services[name]["environment"]["RABBITMQ_ERLANG_COOKIE"] == "x" * 40


def test_the_erlang_cookie_has_no_default() -> None:
    with pytest.raises(InterpolationError, match="RABBITMQ_ERLANG_COOKIE"):
        merged({})
