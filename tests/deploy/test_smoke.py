"""`docker compose --profile dev up`, proven without Docker: the compose file read as data, its one-shot
steps, a second RabbitMQ node with the broker's mounted files, the four services and the simulator as
processes with compose's environment, and nginx with the proxy's configuration (tests/deploy/stack.py).
Only MongoDB is the in-process substitute. See docs/operations.md for what this cannot check."""

from __future__ import annotations

import aiohttp
import pytest

from tests.deploy.host import wait_for
from tests.deploy.spine import Proxy, check_broker, check_routes, client_tls, inbox, simulator, texts
from tests.deploy.stack import Stack
from tests.support.waiting import until

pytestmark = pytest.mark.deploy

MESSAGE = "こんばんは。夫のことで相談したいです"
REPLY = "お話を聞かせてください。"


async def test_broker_takes_the_services_credentials(stack: Stack) -> None:
    await check_broker(stack.service_env(stack.compose.service("triage"))["AMQP_URL"])
    assert stack.node is not None
    users = stack.node.cli("rabbitmqctl", "list_users", "-q").stdout
    assert "guest" not in users  # definitions were imported: no default account exists


def test_every_health_check_passes_against_the_running_process(stack: Stack) -> None:
    for name in ("ingress", "triage", "outreach", "notifier"):
        done = stack.healthcheck(name)
        assert done.returncode == 0, (name, done.stderr)
    command = stack.compose.service("rabbitmq").healthcheck
    assert stack.node is not None and command is not None
    assert stack.node.healthcheck(command).returncode == 0


async def test_each_route_reaches_its_service(stack: Stack) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=client_tls(stack.certificate))) as s:
        await check_routes(Proxy(stack.https_url, s), stack.demo_password("admin"))


async def test_plain_http_redirects_to_https_and_https_sets_hsts(stack: Stack) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=client_tls(stack.certificate))) as s:
        async with s.get(f"{stack.http_url}/api/auth/me", allow_redirects=False) as r:
            assert r.status == 301
            assert r.headers["Location"] == f"https://127.0.0.1:{stack.host.port('proxy', 8443)}/api/auth/me"
        async with s.get(f"{stack.https_url}/api/openapi.json") as r:
            assert r.status == 200
            assert r.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_consulter_to_supervisor_and_back_through_the_proxy(stack: Stack) -> None:
    sim = stack.simulator_url
    user_id = (await simulator(sim, "GET", "/_sim/consulters"))["consulters"][0]["user_id"]
    sent = await simulator(sim, "POST", f"/_sim/consulters/{user_id}/messages", {"text": MESSAGE})
    assert sent["status"] == 200, sent  # the simulator's signed webhook, over HTTPS through nginx

    # Triage answers by itself (an acknowledgement in hours, hours and contacts out of hours).
    automatic = await inbox(sim, user_id, lambda items: len(items) >= 1)
    assert automatic[0]["kind"] in ("reply", "push")

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=client_tls(stack.certificate))) as s:
        console = Proxy(stack.https_url, s)
        await console.login("sato", stack.demo_password("sato"))  # the seeded supervisor
        cases: list[dict] = []  # type: ignore[type-arg]

        async def listed() -> bool:
            nonlocal cases
            status, body, _ = await console.request("GET", "/api/cases")
            assert status == 200, body
            cases = body["cases"] if isinstance(body, dict) else body
            return bool(cases)

        await until(listed, 20, interval=0.1)
        case_id = cases[0].get("case_id") or cases[0]["id"]
        status, case, _ = await console.request("GET", f"/api/cases/{case_id}")
        assert status == 200 and MESSAGE in str(case)
        status, body, _ = await console.request("POST", f"/api/cases/{case_id}/reply", json={"text": REPLY})
        assert status in (200, 201, 202), body

    arrived = await inbox(sim, user_id, lambda items: REPLY in texts(items))
    assert REPLY in texts(arrived)


def test_logs_are_json_and_carry_no_message_text(stack: Stack) -> None:
    for name, text in stack.logs().items():
        if name == "simulator":
            continue  # development tool, keeps the conversation by design
        assert MESSAGE not in text and REPLY not in text, name


def test_losing_the_broker_makes_every_service_unready_until_it_is_back(stack: Stack) -> None:
    """Runs last: the broker's app stops under the running services, then comes back."""
    assert stack.node is not None
    names = ("ingress", "triage", "outreach", "notifier")
    stopped = stack.node.cli("rabbitmqctl", "stop_app")
    assert stopped.returncode == 0, stopped.stderr
    try:
        for name in names:
            wait_for(lambda n=name: stack.healthcheck(n).returncode != 0, 30, f"{name} reports unready")  # type: ignore[misc]
    finally:
        started = stack.node.cli("rabbitmqctl", "start_app")
        assert started.returncode == 0, started.stderr
    stack.wait_healthy(names, timeout=60)
