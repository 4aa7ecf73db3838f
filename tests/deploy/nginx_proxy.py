"""nginx with the proxy's own configuration, as compose's `proxy` service runs it.

The template is rendered the way the nginx image does (envsubst of the variables its
NGINX_ENVSUBST_FILTER lets through, nothing else), then only host names, ports and paths change:
upstream `service:port` become 127.0.0.1 and the services' ports here, `listen N` this proxy's ports,
mounted paths (the certificate) their directories here. A small main nginx.conf around it plays
the image's /etc/nginx/nginx.conf (which includes conf.d/*.conf inside `http {}`).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.deploy.compose_model import ROOT
from tests.deploy.host import Host, Process, port_open, spawn, wait_for

TEMPLATE_DIR = "/etc/nginx/templates/"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def envsubst(text: str, env: dict[str, str]) -> str:
    """The image's 20-envsubst-on-templates.sh: `${NAME}` and `$NAME` for the filtered names only."""
    pattern = env.get("NGINX_ENVSUBST_FILTER", "")
    names = [n for n in env if re.search(pattern, n)] if pattern else list(env)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(f"${{{name}}}", env[name])
        text = re.sub(rf"\${re.escape(name)}(?![A-Za-z0-9_])", lambda _m, v=env[name]: v, text)
    return text


def site_config(host: Host, template: str | None = None) -> str:
    """The proxy's server blocks, rendered and rewritten for this machine."""
    service = host.compose.service("proxy")
    mount = next(m for m in service.mounts if m.target.startswith(TEMPLATE_DIR))
    text = template if template is not None else (ROOT / mount.source).read_text()
    text = envsubst(text, service.environment)
    text = re.sub(
        r"\blisten\s+(\d+)", lambda m: f"listen 127.0.0.1:{host.port('proxy', int(m.group(1)))}", text
    )
    return host.rewrite(text, service)


@dataclass
class Nginx:
    process: Process
    http_port: int
    https_port: int

    def stop(self) -> None:
        self.process.stop()


def start_nginx(host: Host, site: str, label: str = "proxy") -> Nginx:
    binary = nginx_binary()
    assert binary is not None, "nginx is not installed"
    prefix = host.workdir / f"nginx-{label}"
    (prefix / "conf.d").mkdir(parents=True, exist_ok=True)
    (prefix / "conf.d" / "default.conf").write_text(site)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = " ".join(
        f"{kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started as root, nginx's workers drop to `nobody`, who cannot read a checkout under a private
    # directory (a `mktemp -d` clone is 0700): the console's files would 404. Here the workers run
    # as whoever runs the tests; in compose the proxy container serves its own copies.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"daemon off;\n{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} info;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{ {mime} default_type application/octet-stream; access_log off; {temp}\n"
        f"  include {prefix / 'conf.d'}/*.conf; }}\n"
    )
    argv = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    checked = subprocess.run([*argv, "-t"], capture_output=True, text=True, check=False, timeout=30)
    if checked.returncode != 0:
        raise AssertionError(f"nginx refuses the proxy configuration:\n{checked.stderr}")
    process = spawn(f"nginx-{label}", argv, {"PATH": "/usr/sbin:/usr/bin:/bin"}, host.workdir / "logs")
    http_port = int(re.findall(r"listen 127\.0\.0\.1:(\d+);", site)[0])
    https_port = int(re.findall(r"listen 127\.0\.0\.1:(\d+) ssl", site)[0])
    proxy = Nginx(process, http_port, https_port)
    wait_for(lambda: port_open(http_port) and port_open(https_port), 20, "nginx start", process)
    return proxy
