"""The monitoring profile's files agree with the services: every service is scraped on its port, and
every alert and dashboard panel names a metric that exists (a service's, RabbitMQ's, or one of the
triage's domain metrics). `promtool` checks the rule file where it is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry

from tests.deploy.compose_model import ROOT, Compose

MONITORING = ROOT / "deploy/monitoring"
RABBITMQ = {"rabbitmq_detailed_queue_messages", "rabbitmq_detailed_queue_messages_ready"}
PROMQL_WORDS = {"histogram_quantile", "sum", "max", "by", "and", "rate", "increase", "deriv", "up"}


def exported_metric_names() -> set[str]:
    from services.ingress.metrics import IngressMetrics
    from services.notifier.metrics import Metrics
    from services.triage.metrics import TriageMetrics
    from shared.messaging.consumer import _outcome_counter

    triage = CollectorRegistry()
    TriageMetrics(triage)
    registries = [IngressMetrics().registry, Metrics().registry, triage, CollectorRegistry()]
    _outcome_counter(registries[-1])
    # Sample names (`x_total`, `x_bucket`, ...) as the registry knows them, labels set or not.
    return {name for registry in registries for name in registry._names_to_collectors}


def metric_names(expr: str) -> set[str]:
    bare = re.sub(r'"[^"]*"', "", expr)
    bare = re.sub(r"\{[^}]*\}", "", bare)
    bare = re.sub(r"\b(by|without)\s*\([^)]*\)", "", bare)
    bare = re.sub(r"\[[^\]]*\]", "", bare)
    return {t for t in re.findall(r"[a-z][a-z0-9_]*", bare) if "_" in t and t not in PROMQL_WORDS}


def expressions() -> list[str]:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    exprs = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads((MONITORING / "grafana/dashboards/tsunagari.json").read_text())
    return exprs + [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]


def test_every_service_is_scraped_on_its_port() -> None:
    compose = Compose.load({})
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    scraped = {
        (sd["names"][0], sd["port"])
        for job in config["scrape_configs"]
        for sd in job.get("dns_sd_configs", [])
    }
    for name in ("ingress", "triage", "outreach", "notifier"):
        port = int(compose.service(name).argv[-1])
        assert (name, port) in scraped, name
    assert "monitoring" in compose.service("prometheus").profiles


def test_alerts_and_panels_name_metrics_that_exist() -> None:
    known = exported_metric_names() | RABBITMQ | {"up"}
    for expr in expressions():
        assert metric_names(expr) <= known, (expr, metric_names(expr) - known)


def test_what_loses_people_is_alerted() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    names = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    assert {
        "EmergencyWaitingPastTarget",
        "BrokerQueueGrowing",
        "DeadLetters",
        "PartnerAlertFailed",
        "IngressSpoolNotDraining",
    } <= names


def test_promtool_accepts_the_rules_and_config(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt-get install prometheus)")
    rules = subprocess.run(
        [promtool, "check", "rules", str(MONITORING / "alerts.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rules.returncode == 0, rules.stdout + rules.stderr
    config = (
        (MONITORING / "prometheus.yml")
        .read_text()
        .replace("/etc/prometheus/alerts.yml", str(MONITORING / "alerts.yml"))
    )
    (tmp_path / "prometheus.yml").write_text(config)
    checked = subprocess.run(
        [promtool, "check", "config", str(tmp_path / "prometheus.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
