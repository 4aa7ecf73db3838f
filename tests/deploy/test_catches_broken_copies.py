"""The smoke test's checks fail on broken deployment files: shown with deliberately broken copies.

- `before_fix/` holds the broker files as they were before issue 14 (a static definitions.json with
  topology only, loaded with `load_definitions`). RabbitMQ 3.10 refuses to boot on that key alone;
  RabbitMQ 4 boots and, having definitions to load, seeds no vhost and no user. Both are caught: the
  first by the boot, the second (the same files with the import keys both versions accept) by the
  broker check, which no service could pass.
- A proxy configuration with one route pointing at the wrong service fails the route check.
"""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import pytest

from tests.deploy.host import free_port
from tests.deploy.nginx_proxy import site_config, start_nginx
from tests.deploy.rabbit_node import start_node
from tests.deploy.spine import Proxy, check_broker, check_routes, client_tls
from tests.deploy.stack import Stack, new_stack

pytestmark = pytest.mark.deploy
BEFORE_FIX = Path(__file__).parent / "before_fix"


def before_fix_files(stack: Stack, conf: str) -> dict[str, str]:
    """The pre-fix conf.d with its definitions path pointed at the pre-fix file, as compose mounted it."""
    return {
        "20-tsunagari.conf": conf.replace(
            "/etc/rabbitmq/definitions.json", str(BEFORE_FIX / "definitions.json")
        )
    }


IMPORT_KEYS_BOTH_VERSIONS_ACCEPT = (
    "definitions.import_backend = local_filesystem\ndefinitions.local.path = /etc/rabbitmq/definitions.json\n"
)


async def broker_phase(stack: Stack, files: dict[str, str]) -> None:
    """The smoke test's broker phase on its own: boot the node, then log in as the services do."""
    node = start_node(stack.host, files, fresh_data=True)
    try:
        await check_broker(stack.service_env(stack.compose.service("triage"))["AMQP_URL"])
    finally:
        node.stop()


@pytest.mark.parametrize(
    "conf",
    [(BEFORE_FIX / "rabbitmq.conf").read_text(), IMPORT_KEYS_BOTH_VERSIONS_ACCEPT],
    ids=["files-as-they-were", "same-definitions-with-import-keys"],
)
async def test_the_broker_files_before_the_fix_fail_the_broker_phase(workdir: Path, conf: str) -> None:
    stack = new_stack(workdir)
    # 3.10 refuses the bare key ("definitions.import_backend is not set") or the queues' missing
    # vhost (no_such_vhost); 4.x boots with neither vhost nor user, and the login is refused.
    with pytest.raises(Exception, match=r"import_backend is not set|no_such_vhost|ACCESS_REFUSED|refused"):
        await broker_phase(stack, before_fix_files(stack, conf))


async def test_a_misrouted_proxy_fails_the_route_check(stack: Stack) -> None:
    broken = re.sub(
        r"(location /api/outreach/\s+\{[^}]*proxy_pass http://)outreach:8083",
        r"\1triage:8082",
        (Path(__file__).resolve().parents[2] / "deploy/proxy/nginx.conf").read_text(),
    )
    assert broken != (Path(__file__).resolve().parents[2] / "deploy/proxy/nginx.conf").read_text()
    site = site_config(stack.host, broken)
    for port in re.findall(r"listen 127\.0\.0\.1:(\d+)", site):  # its own ports, beside the good proxy
        site = site.replace(f"listen 127.0.0.1:{port}", f"listen 127.0.0.1:{free_port()}")
    proxy = start_nginx(stack.host, site, label="misrouted")
    try:
        connector = aiohttp.TCPConnector(ssl=client_tls(stack.certificate))
        async with aiohttp.ClientSession(connector=connector) as session:
            with pytest.raises(AssertionError, match="/api/outreach/ is not outreach"):
                proxy_client = Proxy(f"https://127.0.0.1:{proxy.https_port}", session)
                await check_routes(proxy_client, stack.demo_password("admin"))
    finally:
        proxy.stop()
