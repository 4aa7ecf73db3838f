"""How the screenshots beside this file were taken: Debian's Chromium, headless, driven over the
DevTools protocol — log in as the supervisor, open 実績報告, then the publication switch and the A4
sheet. Needs `python -m services all` running with the demo year (docs/reports.md, "Try it").

    .venv/bin/python docs/reports/screenshots.py --console http://127.0.0.1:8080 --password …
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import ClientSession

HERE = Path(__file__).parent
PORT = 9333


class Page:
    def __init__(self, ws: Any) -> None:
        self._ws, self._ids = ws, itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        await self._ws.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads((await self._ws.receive()).data)
            if message.get("id") == ident:
                return message.get("result", {})  # type: ignore[no-any-return]

    async def js(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")

    async def until(self, expression: str, within_s: float = 30.0) -> None:
        deadline = time.monotonic() + within_s
        while not await self.js(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            await asyncio.sleep(0.2)  # polling the page for a condition, bounded by the deadline

    async def shot(self, name: str, width: int = 1280, height: int | None = None) -> None:
        """The whole page (or its first `height` pixels) at `width`."""
        full = int(await self.js("document.documentElement.scrollHeight"))
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=full, deviceScaleFactor=1, mobile=False)
        clip = {"x": 0, "y": 0, "width": width, "height": height or full, "scale": 1}
        data = await self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
        (HERE / name).write_bytes(base64.b64decode(data["data"]))
        print("wrote", HERE / name)


async def run(console: str, username: str, password: str) -> None:
    profile = tempfile.mkdtemp(prefix="chromium-")
    browser = subprocess.Popen(  # noqa: S603, ASYNC220 (a fixed command line; started once)
        [
            "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
            f"--remote-debugging-port={PORT}", "--window-size=1280,900", "about:blank",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        async with ClientSession() as session:
            for _ in range(50):
                with contextlib.suppress(Exception):
                    targets = await (await session.get(f"http://127.0.0.1:{PORT}/json")).json()
                    break
                await asyncio.sleep(0.2)  # waiting for the browser process to listen
            target = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.send("Page.enable")
                await page.send("Page.navigate", url=console + "/")
                await page.until("!!document.querySelector('input[name=username]')")
                await page.js(
                    f"document.querySelector('input[name=username]').value={json.dumps(username)};"
                    f"document.querySelector('input[name=password]').value={json.dumps(password)};"
                    "document.querySelector('form button[type=submit]').click(); true"
                )
                await page.until("!!document.querySelector('#app-nav a')")
                await page.js("window.location.hash = '#/reports'; true")
                await page.until("!!document.querySelector('.channel-links img')")
                # The last complete fiscal year, as the ward reports it.
                await page.js(
                    "const s = document.querySelector('.report-tools select'); window.shotYear = String(Number(s.value) - 1);"
                    "s.value = window.shotYear; s.dispatchEvent(new Event('change')); true"
                )
                await page.until(
                    "!!document.querySelector('.channel-links img')"
                    " && document.querySelector('.report-tools select').value === window.shotYear"
                )
                await page.js("new Promise(r => setTimeout(r, 500))")
                await page.shot("reports-top.png", height=1100)
                await page.shot("reports-page.png")
                await page.js("document.getElementById('pub').click(); true")
                await page.until("!!document.querySelector('.channel-links img') && document.getElementById('pub').checked")
                await page.js("window.scrollTo(0, 0); new Promise(r => setTimeout(r, 500))")
                await page.shot("reports-publication.png")
                await page.js("[...document.querySelectorAll('button')].find(b => b.textContent.includes('印刷用シート')).click(); true")
                await page.until("!!document.querySelector('.sheet-section')")
                await page.send("Emulation.setEmulatedMedia", media="print")
                await page.js("new Promise(r => setTimeout(r, 300))")
                await page.shot("reports-sheet-a4.png", width=820)
                pdf = await page.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69, printBackground=True, preferCSSPageSize=True)
                (HERE / "reports-sheet-a4.pdf").write_bytes(base64.b64decode(pdf["data"]))
                print("wrote", HERE / "reports-sheet-a4.pdf")
    finally:
        browser.terminate()
        browser.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--console", default="http://127.0.0.1:8080")
    parser.add_argument("--username", default="sato")
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    asyncio.run(run(args.console, args.username, args.password))


if __name__ == "__main__":
    main()
