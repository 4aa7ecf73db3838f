"""The console's static files: served safely (types, caching, CSP-compatible HTML, no traversal) and
written safely (valid JavaScript, no HTML built from data, nothing stored in the browser)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from yarl import URL

from services.console import CONTENT_TYPES, STATIC_DIR, add_console_routes, load_assets

JS_FILES = sorted(STATIC_DIR.rglob("*.js"))
TEXT_FILES = sorted([*JS_FILES, *STATIC_DIR.rglob("*.html"), *STATIC_DIR.rglob("*.css")])
REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w{}\s,*]+\s*from\s*)?|\bimport\s*\()\s*["']([^"']+)["']""")


@pytest.fixture
async def client() -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = web.Application()
    add_console_routes(app)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip()


def _referenced_assets() -> set[str]:
    """Every URL path the page loads: from index.html, then the ES module imports, transitively."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    found = {ref for ref in REFERENCE.findall(html) if not ref.startswith("#")}
    pending = [ref for ref in found if ref.endswith(".js")]
    while pending:
        url = pending.pop()
        source = (STATIC_DIR / url.removeprefix("/console/")).read_text(encoding="utf-8")
        for spec in IMPORT.findall(source):
            target = URL("http://console.test" + url).join(URL(spec)).path
            if target not in found:
                found.add(target)
                pending.append(target)
    return found


async def test_page_is_html_without_inline_code_or_cache(
    client: TestClient[web.Request, web.Application],
) -> None:
    response = await client.get("/")
    assert response.status == 200
    assert _media_type(response.headers["Content-Type"]) == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = await response.text()
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.IGNORECASE | re.DOTALL):
        assert "src=" in attrs and not body.strip(), "inline script"
    assert not re.search(r"<style\b", html, re.IGNORECASE), "inline <style>"
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE), "style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), "inline event handler"
    for ref in REFERENCE.findall(html):
        assert ref.startswith(("/console/", "#")), f"not a same-origin asset: {ref}"


async def test_every_referenced_asset_is_served_with_its_type(
    client: TestClient[web.Request, web.Application],
) -> None:
    referenced = _referenced_assets()
    assert {"/console/app.js", "/console/style.css", "/console/views/case.js"} <= referenced
    for path in sorted(referenced):
        response = await client.get(path)
        assert response.status == 200, path
        expected = CONTENT_TYPES[Path(path).suffix]
        assert _media_type(response.headers["Content-Type"]) == _media_type(expected), path
        assert response.headers["Cache-Control"] == "no-cache", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_every_static_file_is_referenced() -> None:
    """No dead file in static/ (a forgotten module would never be checked by the page); the 404
    page is the proxy's answer for unknown paths."""
    served = {f"/console/{name}" for name in load_assets() if name not in ("index.html", "404.html")}
    assert served == _referenced_assets()


@pytest.mark.parametrize(
    "raw_path",
    [
        "/console/../app.py",
        "/console/%2e%2e/app.py",
        "/console/..%2fapp.py",
        "/console/%2e%2e%2f__init__.py",
        "/console/views/../../__init__.py",
        "/console/views%2f..%2f..%2f__init__.py",
        "/console/%2fetc%2fpasswd",
        "/console//etc/passwd",
        "/console/__init__.py",
        "/console/missing.js",
        "/console/",
        "/console/index.html/",
    ],
)
async def test_paths_outside_the_assets_are_404(
    client: TestClient[web.Request, web.Application], raw_path: str
) -> None:
    # encoded=True: the request line carries the path exactly as written (no client-side cleaning).
    url = client.make_url("/").with_path(raw_path, encoded=True)
    response = await client.session.get(url)
    assert response.status == 404, raw_path
    assert "tsunagari" not in (await response.text()).lower()


def test_only_files_under_static_with_known_types_are_indexed(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "secret.py").write_text("KEY = 1")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.js").write_text("export {};")
    assert set(load_assets(tmp_path)) == {"index.html", "sub/a.js"}


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: p.relative_to(STATIC_DIR).as_posix())
def test_javascript_parses(path: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot syntax-check the console's JavaScript")
    # As .mjs: `node --check x.js` may accept a broken ES module (it is parsed as CommonJS).
    copy = tmp_path / (path.stem + ".mjs")
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: p.relative_to(STATIC_DIR).as_posix())
def test_no_html_is_built_from_data(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for match in re.finditer(r"\.(?:inner|outer)HTML\s*\+?=\s*([^;\n]*)", source):
        value = match.group(1).strip()
        assert re.fullmatch(r"""(["'])[^"'`$]*\1""", value), f"innerHTML from non-constant: {value}"
    for forbidden in ("insertAdjacentHTML", "document.write", "eval(", "new Function", "DOMParser"):
        assert forbidden not in source, forbidden


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.relative_to(STATIC_DIR).as_posix())
def test_nothing_stored_in_the_browser_and_nothing_external(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for forbidden in ("localStorage", "sessionStorage", "indexedDB", "document.cookie", "caches."):
        assert forbidden not in source, forbidden
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", source, re.IGNORECASE), "external URL"
    assert "@import" not in source and "url(" not in source


def test_highlighting_and_timer_helpers(tmp_path: Path) -> None:
    """Spans are placed by code points (emoji before them) or, failing that, by search."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot run the console's JavaScript helpers")
    copy = tmp_path / "static"
    shutil.copytree(STATIC_DIR, copy)
    (copy / "package.json").write_text('{"type": "module"}')
    script = """
      const { spanRanges } = await import(process.argv[1] + "/views/conversation.js");
      const { mmss } = await import(process.argv[1] + "/time.js");
      console.log(JSON.stringify({
        emoji: spanRanges("😢死にたい", [{span: "死にたい", start: 1, end: 5}]),
        search: spanRanges("ｼﾆﾀｲ と 死にたい", [{span: "死にたい", start: 0, end: 4}]),
        merged: spanRanges("今夜ロープ買った", [{span: "今夜"}, {span: "夜ロープ"}]),
        missing: spanRanges("abc", [{span: "xyz"}, {}]),
        mmss: [mmss(0), mmss(65.9), mmss(3600)],
      }));
    """
    result = subprocess.run(
        [node, "--input-type=module", "-e", script, copy.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "emoji": [[2, 6]],
        "search": [[7, 11]],
        "merged": [[0, 5]],
        "missing": [],
        "mmss": ["00:00", "01:05", "60:00"],
    }
