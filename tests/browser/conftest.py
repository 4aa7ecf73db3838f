"""The browser suite's fixtures: Debian's Chromium driven by Playwright (never a downloaded browser),
one headless browser per module, and a fresh context (its own cookies) per person.

Chromium comes from apt (`.ci/run` installs `chromium` and `fonts-noto-cjk` when missing); without
it the suite is skipped with the reason, never passed vacuously elsewhere: `make test` on CI has it.
Every page fails its test if the console ever opens a dialog (`alert`, `confirm`): errors belong in
the page. Screenshots of each screen are taken (into docs/console/ with UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from tests.e2e.conftest import DEMO_PASSWORD, ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
# The screenshots in docs/console/ are refreshed on request (`UPDATE_SCREENSHOTS=1 make test`), so a
# test run leaves the tree as it found it; otherwise they go to a temporary folder, still taken (a
# screen that cannot be drawn fails the test).
SHOTS = (
    ROOT / "docs" / "console"
    if os.environ.get("UPDATE_SCREENSHOTS")
    else Path(tempfile.mkdtemp(prefix="tsunagari-screens-"))
)
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        await chromium.close()


@dataclass
class Person:
    """One staff member's browser window (its own cookies), and the dialogs it was shown."""

    page: Any
    base: str
    dialogs: list[str] = field(default_factory=list)
    _dismissing: list[Any] = field(default_factory=list)

    async def login(self, username: str) -> None:
        await self.page.goto(self.base + "/")
        await self.page.get_by_label("ユーザー名").fill(username)
        await self.page.get_by_label("パスワード").fill(DEMO_PASSWORD)
        await self.page.get_by_role("button", name="ログイン").click()
        await self.page.locator("#app-nav a").first.wait_for()

    async def goto(self, hash_path: str) -> None:
        await self.page.goto(f"{self.base}/#/{hash_path}")

    async def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest_asyncio.fixture(loop_scope="module")
async def people(browser: Any) -> AsyncIterator[Any]:
    """`await people(base, viewport=WIDE)` → a logged-out Person; all closed after the test."""
    contexts: list[Any] = []
    persons: list[Person] = []

    async def open_person(base: str, viewport: dict[str, int] = WIDE) -> Person:
        context = await browser.new_context(viewport=viewport, locale="ja-JP", timezone_id="Asia/Tokyo")
        contexts.append(context)
        person = Person(await context.new_page(), base)
        person.page.on("dialog", lambda dialog: _refuse(person, dialog))
        persons.append(person)
        return person

    yield open_person
    for context in contexts:
        await context.close()
    for person in persons:
        assert not person.dialogs, f"the console opened a dialog: {person.dialogs}"


def _refuse(person: Person, dialog: Any) -> None:
    person.dialogs.append(dialog.message)
    person._dismissing.append(asyncio.ensure_future(dialog.dismiss()))


RAW_CODE = re.compile(r"\b(?:c-aoki|c-brown|c-chen|s-sato|retries_exhausted|case\.read|risk_reason|counselor_reply)\b")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


async def visible_text(page: Any) -> str:
    return str(await page.locator("body").inner_text())
