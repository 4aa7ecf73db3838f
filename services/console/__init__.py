"""The console: the thin web client all staff use (counselors, supervisors, outreach staff,
admins), one package of static files for every service's pages — no build step, no server code of
its own. In compose the proxy (nginx) serves `static/`; `python -m services all` serves it from its
one-origin proxy with `add_console_routes`. Staff sign in once (triage's `/api/auth/login`); every
service's API checks the session for each request (docs/architecture.md).

`add_console_routes(app)` serves `GET /` (the page) and `GET /console/{path}` (its scripts, style
and icon) from `static/`; `not_found_page()` is the Japanese 404 page the proxy answers for any other
path that is not an API (nginx: `error_page 404 /404.html`, the same file). The files are indexed once at start-up, so only a file that is there, with
a known type, can ever be served: a path with `..`, an encoded slash or an unknown name is a 404
without touching the file system. The page is `no-store` (a shared office computer keeps no copy);
scripts and style are `no-cache` (revalidated, so a deploy takes effect at the next load).
The security headers (CSP without inline code, nosniff, frame denial) are the API's own, so the
page is protected even on an app that has no security middleware. See docs/console.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from shared.web.headers import SECURITY_HEADERS

STATIC_DIR = Path(__file__).parent / "static"
INDEX = "index.html"
NOT_FOUND = "404.html"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    content_type: str
    cache_control: str


def load_assets(root: Path = STATIC_DIR) -> dict[str, Asset]:
    """Every servable file under `root`, keyed by its POSIX path relative to `root`."""
    assets: dict[str, Asset] = {}
    for path in sorted(root.rglob("*")):
        content_type = CONTENT_TYPES.get(path.suffix)
        if not path.is_file() or content_type is None:
            continue
        cache = "no-store" if path.suffix == ".html" else "no-cache"
        assets[path.relative_to(root).as_posix()] = Asset(path.read_bytes(), content_type, cache)
    return assets


def _missing() -> web.Response:
    return web.Response(status=404, text="404", headers=dict(SECURITY_HEADERS))


def _respond(asset: Asset) -> web.Response:
    response = web.Response(body=asset.body, headers={"Cache-Control": asset.cache_control})
    response.headers["Content-Type"] = asset.content_type
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def not_found_page(root: Path = STATIC_DIR) -> web.Response:
    """The 404 page, in Japanese, with the same headers as the console."""
    response = _respond(Asset((root / NOT_FOUND).read_bytes(), CONTENT_TYPES[".html"], "no-store"))
    response.set_status(404)
    return response


def add_console_routes(app: web.Application, root: Path = STATIC_DIR) -> None:
    """Serve the console page at `/` and its assets at `/console/{path}` (read once, from `root`)."""
    assets = load_assets(root)
    if INDEX not in assets:
        raise RuntimeError(f"console: {INDEX} missing from {root}")

    async def index(_: web.Request) -> web.Response:
        return _respond(assets[INDEX])

    async def asset(request: web.Request) -> web.Response:
        found = assets.get(request.match_info["path"])
        if found is None:
            return not_found_page(root) if (root / NOT_FOUND).is_file() else _missing()
        return _respond(found)

    app.router.add_get("/", index)
    app.router.add_get("/console/{path:.+}", asset)
