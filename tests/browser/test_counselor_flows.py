"""A counselor's evening in the real browser: a consulter writes on the LINE simulator, the emergency
is announced everywhere in under a second, she takes it, answers, and sees it delivered; a take race
says so; reload and Back keep the place; the phone layout works; a failed reply says so and is sent
again in one click. Nobody is on shift here, so every case waits in the queue for a take."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import expect

from tests.browser.conftest import ISO_TIME, PHONE, RAW_CODE, visible_text
from tests.browser.system import consulter_id, running_system, sim
from tests.e2e.conftest import System
from tests.support.waiting import until

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]
CASE_URL = re.compile(r"#/cases/[0-9a-f-]+$")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def system(amqp_url: str, mongodb_url: str | None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[System]:
    tmp: Path = tmp_path_factory.mktemp("browser-counselor")
    async with running_system(
        amqp_url,
        mongodb_url,
        tmp,
        on_shift=set(),
        REOPEN_WINDOW_HOURS="0",
        LINE_ATTEMPTS="1",
        LINE_MAX_ATTEMPTS="3",
        LINE_BACKOFF_INITIAL_S="0.05",
        SLA_EMERGENCY_S="3600",
        SLA_HIGH_S="3600",
        SLA_OTHER_S="3600",
    ) as running:
        yield running


async def write(system: System, letter: str, text: str) -> str:
    user = await consulter_id(system, letter)
    sent = await sim(system, "POST", f"/_sim/consulters/{user}/messages", {"text": text})
    assert sent["status"] == 200, sent
    return user


async def inbox_texts(system: System, user: str) -> list[str]:
    items = (await sim(system, "GET", f"/_sim/consulters/{user}/inbox"))["messages"]
    return [m.get("text", "") for item in items for m in item.get("messages", [])]


async def test_emergency_is_announced_at_once_taken_answered_and_delivered(system: System, people: Any) -> None:
    aoki = await people(system.url)
    await aoki.login("aoki")
    await aoki.goto("mine")  # away from the queue: the announcement must reach her anyway
    await expect(aoki.page.locator("#live-state")).to_have_text("自動更新中")
    consulter = await people(system.simulator)
    await consulter.page.goto(system.simulator + "/")
    await consulter.page.get_by_role("button", name="相談者A").click()
    await consulter.page.locator("#text").fill("今夜帰ってきたら殺される。包丁を持ってる")

    started = time.perf_counter()
    await consulter.page.locator("#text").press("Enter")
    badge = aoki.page.locator(".nav-badge.badge-emergency")
    await expect(badge).to_have_text("緊急 1", timeout=1000)
    seen_after = time.perf_counter() - started
    assert seen_after < 1.0
    await expect(aoki.page).to_have_title("【緊急 1件】つながり 相談コンソール")
    await aoki.page.get_by_role("link", name="待機キュー").click()
    row = aoki.page.locator("tr.row-emergency")
    await expect(row).to_contain_text("緊急")
    await aoki.shot("queue-emergency")

    await row.get_by_role("button", name="受け持つ").click()
    await expect(aoki.page).to_have_url(CASE_URL)
    conversation = aoki.page.locator(".conversation")
    await expect(conversation.locator(".msg-in mark").first).to_be_visible()  # the words a rule matched
    acknowledgement = conversation.locator(".msg-system")
    await expect(acknowledgement).to_contain_text("自動送信：まもなく返信のお知らせ")  # an emergency: "very soon"
    await expect(acknowledgement.locator(".delivery")).to_have_text("届きました")
    await expect(badge).to_have_count(0)  # she took it: no emergency waits any more

    reply = aoki.page.get_by_label("返信（Ctrl+Enter で送信）")
    await reply.fill("お知らせありがとうございます。今、安全な場所にいますか？")
    await reply.press("Control+Enter")
    await expect(aoki.page.locator(".reply-form .form-status")).to_contain_text("送信を受け付けました")
    mine = conversation.locator(".msg-out:not(.msg-system)").last
    await expect(mine).to_contain_text("青木（相談員）")
    await expect(mine.locator(".delivery")).to_have_text("届きました")
    await aoki.shot("case-wide")
    user = await consulter_id(system, "A")
    assert "お知らせありがとうございます。今、安全な場所にいますか？" in await inbox_texts(system, user)
    await expect(consulter.page.locator("#log")).to_contain_text("今、安全な場所にいますか？")
    text = await visible_text(aoki.page)
    assert not RAW_CODE.search(text) and not ISO_TIME.search(text)


async def test_losing_a_take_race_says_so(system: System, people: Any) -> None:
    """Her live stream lags (held by the network): the row is still there when she clicks."""
    await write(system, "B", "仕事のことで相談したいです")
    aoki, brown = await people(system.url), await people(system.url)
    held = asyncio.Event()

    async def hang(route: Any) -> None:
        await held.wait()
        await route.abort()

    await aoki.page.route("**/api/events", hang)
    await brown.login("brown")
    await aoki.login("aoki")
    await aoki.goto("queue")
    await expect(aoki.page.locator("button.take")).to_have_count(1)
    await brown.goto("queue")
    await brown.page.get_by_role("button", name="受け持つ").click()
    await expect(brown.page).to_have_url(CASE_URL)
    await aoki.page.get_by_role("button", name="受け持つ").click()
    outcome = aoki.page.locator("#take-outcome")
    await expect(outcome).to_have_text("このケースは、ほかの相談員がすでに受け持ちました。")
    await expect(aoki.page.locator("button.take")).to_have_count(0)
    await expect(outcome).to_be_visible()  # the queue was read again and the message stays
    await aoki.shot("queue-race-lost")
    held.set()


async def test_phone_layout_reload_and_back_keep_the_place(system: System, people: Any) -> None:
    await write(system, "C", "子どものことで悩んでいます")
    brown = await people(system.url, viewport=PHONE)
    await brown.login("brown")
    await brown.goto("queue")
    take = brown.page.get_by_role("button", name="受け持つ")
    await expect(take).to_be_visible()
    box = await take.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert await brown.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await brown.shot("queue-phone")
    await take.click()
    await expect(brown.page).to_have_url(CASE_URL)
    case_url = brown.page.url
    await expect(brown.page.locator(".conversation .msg-in")).to_contain_text("子どものことで悩んでいます")
    reply = brown.page.get_by_role("textbox", name="返信（Ctrl+Enter で送信）")
    await reply.scroll_into_view_if_needed()
    await expect(reply).to_be_in_viewport()
    assert await brown.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await brown.shot("case-phone")
    await brown.page.reload()
    await expect(brown.page).to_have_url(case_url)
    await expect(brown.page.locator(".conversation .msg-in")).to_contain_text("子どものことで悩んでいます")
    await brown.page.go_back()
    await expect(brown.page.locator("h1")).to_have_text("待機キュー")
    await brown.page.go_forward()
    await expect(brown.page.locator(".conversation .msg-in")).to_contain_text("子どものことで悩んでいます")
    await brown.goto("no-such-screen")
    await expect(brown.page.locator("h1")).to_have_text("ページが見つかりません")
    await brown.page.goto(system.url + "/no/such/page")
    await expect(brown.page.locator("h1")).to_have_text("ページが見つかりません")


async def test_failed_reply_says_so_and_is_sent_again_in_one_click(system: System, people: Any) -> None:
    user = await write(system, "D", "お金のことで困っています")
    aoki = await people(system.url)
    await aoki.login("aoki")
    await aoki.goto("queue")
    await aoki.page.get_by_role("button", name="受け持つ").click()
    await expect(aoki.page).to_have_url(CASE_URL)
    # LINE answers 500 to the next three sends: notifier retries, then gives up (LINE_MAX_ATTEMPTS=3).
    await sim(system, "PUT", "/_sim/failure", {"mode": "5xx", "count": 3, "endpoints": ["reply", "push"]})
    reply = aoki.page.get_by_label("返信（Ctrl+Enter で送信）")
    await reply.fill("ご相談ありがとうございます。")
    await aoki.page.get_by_role("button", name="送信", exact=True).click()
    mine = aoki.page.locator(".conversation .msg-out:not(.msg-system)").last
    await expect(mine.locator(".delivery")).to_have_text("届きませんでした：再送の上限に達しました")
    assert "ご相談ありがとうございます。" not in await inbox_texts(system, user)
    await aoki.shot("case-reply-failed")
    await mine.get_by_role("button", name="もう一度送る").click()
    await expect(mine.locator(".delivery")).to_have_text("届きました")
    await expect(aoki.page.get_by_role("button", name="もう一度送る")).to_have_count(0)
    await until(lambda: _arrived(system, user, "ご相談ありがとうございます。"), timeout=10)


async def _arrived(system: System, user: str, text: str) -> bool:
    return text in await inbox_texts(system, user)


async def test_closed_case_is_read_only_found_again_and_handed_over(system: System, people: Any) -> None:
    await write(system, "E", "最近眠れなくて、話を聞いてほしいです")
    aoki = await people(system.url)
    await aoki.login("aoki")
    await aoki.goto("queue")
    await aoki.page.get_by_role("button", name="受け持つ").click()
    await expect(aoki.page).to_have_url(CASE_URL)
    ref = (await aoki.page.locator(".case-header h1").inner_text()).split()[1]
    note = aoki.page.get_by_label("メモを追加（Ctrl+Enter）")
    await note.fill("夜勤の仕事。次は家族のことを聞く")
    await note.press("Control+Enter")
    await expect(aoki.page.locator(".notes")).to_contain_text("夜勤の仕事。次は家族のことを聞く")
    await aoki.page.get_by_text("アウトリーチを依頼", exact=True).first.click()
    await aoki.page.get_by_label("いつでも取りやめられることを伝えた（必須）").check()
    await aoki.page.get_by_label("ご本人の同意を得ました（必須）").check()
    await aoki.page.get_by_role("button", name="アウトリーチを依頼").click()
    await expect(aoki.page.locator(".outreach-form .form-status")).to_have_text("アウトリーチを依頼しました。")

    await aoki.page.get_by_text("ケースを終了", exact=True).first.click()
    await aoki.page.get_by_label("終了理由").select_option(label="解決")
    await aoki.page.locator(".close-form").get_by_role("button", name="ケースを終了").click()
    await expect(aoki.page.locator(".confirm")).to_contain_text("「解決」でケースを終了します。よろしいですか？")
    await aoki.page.get_by_role("button", name="はい、実行する").click()
    await expect(aoki.page.locator(".confirm")).to_contain_text("進行中のアウトリーチ依頼があります（1件）")
    await aoki.page.get_by_role("button", name="依頼を取り消して終了する").click()
    await expect(aoki.page.locator(".closed-notice")).to_have_text("終了したケースです。閲覧のみで、変更はできません。")
    for form in (".reply-form", ".note-form", ".intake-form", ".risk-form", ".close-form"):
        await expect(aoki.page.locator(form)).to_have_count(0)
    await aoki.shot("case-closed")

    await aoki.page.get_by_role("link", name="終了したケース").click()
    await aoki.page.get_by_label("ケース番号（先頭の数文字）").fill(ref[:6])
    await aoki.page.get_by_role("button", name="検索").click()
    found = aoki.page.locator("table.cases tbody tr")
    await expect(found).to_have_count(1)
    await expect(found).to_contain_text("解決")
    await expect(aoki.page).to_have_url(re.compile(f"#/history\\?ref={ref[:6]}"))
    await aoki.shot("history")
    await found.get_by_role("link", name="開く").click()
    await expect(aoki.page.locator(".closed-notice")).to_be_visible()

    # She writes again after the window: a new case, and whoever answers sees her earlier one.
    await write(system, "E", "また眠れません")
    sato = await people(system.url)
    await sato.login("sato")
    await sato.goto("queue")
    await sato.page.locator("tbody tr").get_by_role("link", name="開く").click()
    summary = sato.page.locator(".handoff")
    await expect(summary).to_contain_text("これまでの相談（引き継ぎ）")
    await expect(summary).to_contain_text("担当：青木")
    await expect(summary).to_contain_text("夜勤の仕事。次は家族のことを聞く")
    await sato.shot("case-handoff")
    reply = sato.page.get_by_label("返信（Ctrl+Enter で送信）")
    await reply.fill("またご連絡くださってありがとうございます。")
    await reply.press("Control+Enter")
    await expect(sato.page.locator(".reply-form .form-status")).to_contain_text("このケースを受け持ちました（待機キューから外れました）。")
    await expect(sato.page.locator(".case-header")).to_contain_text("佐藤")
    await sato.page.get_by_role("link", name="待機キュー").click()
    await expect(sato.page.locator("tbody button.take")).to_have_count(0)


async def test_templates_and_the_silent_channel_warning(system: System, people: Any) -> None:
    sato = await people(system.url)
    await sato.login("sato")
    await sato.goto("templates")
    await sato.page.get_by_label("見出し").fill("はじめのあいさつ")
    await sato.page.get_by_label("本文").fill("ご連絡ありがとうございます。担当の青木です。")
    await sato.page.get_by_role("button", name="追加").click()
    await expect(sato.page.locator(".templates")).to_contain_text("はじめのあいさつ")
    await sato.shot("templates")

    aoki = await people(system.url)
    await aoki.login("aoki")
    await aoki.goto("mine")
    await aoki.page.locator("tr.row-emergency").get_by_role("link", name="開く").click()
    await aoki.page.get_by_label("端末を見られるおそれがある（通知音なしで送り、送る前に語を確認する）").check()
    await aoki.page.locator(".channel-form").get_by_role("button", name="保存").click()
    await expect(aoki.page.locator(".silent-note")).to_be_visible()
    await aoki.page.get_by_label("定型文", exact=True).select_option(label="はじめのあいさつ")
    await aoki.page.get_by_role("button", name="挿入").click()
    reply = aoki.page.get_by_label("返信（Ctrl+Enter で送信）")
    await expect(reply).to_have_value("ご連絡ありがとうございます。担当の青木です。")
    await reply.press("End")
    await reply.type("避難できる場所を一緒に考えましょう。")
    await reply.press("Control+Enter")
    warning = aoki.page.locator(".warning.unsafe")
    await expect(warning).to_contain_text("通知のプレビューで見られるおそれがある語が含まれています")
    await expect(warning).to_contain_text("含まれている語：避難")
    await aoki.shot("case-unsafe-warning")
    await warning.get_by_role("button", name="このまま送る").click()
    last = aoki.page.locator(".conversation .msg-out:not(.msg-system)").last
    await expect(last).to_contain_text("避難できる場所を一緒に考えましょう。")
    await expect(last.locator(".delivery")).to_have_text("届きました")
    user = await consulter_id(system, "A")
    pushes = (await sim(system, "GET", f"/_sim/consulters/{user}/inbox"))["messages"]
    assert pushes[-1]["notification_disabled"] is True  # sent without a sound on her phone


async def test_names_codes_times_and_the_english_ui(system: System, people: Any) -> None:
    sato = await people(system.url)
    await sato.login("sato")
    await sato.goto("all")
    await expect(sato.page.locator("tbody tr").first).to_be_visible()
    await expect(sato.page.locator("tbody")).to_contain_text("青木")
    await sato.shot("all-cases")
    await sato.page.locator("tr.row-emergency").get_by_role("link", name="開く").click()
    await sato.page.get_by_role("button", name="監査ログを表示").click()
    audit = sato.page.locator(".audit")
    await expect(audit).to_contain_text("青木　ケースを閲覧")
    await expect(audit).to_contain_text("返信")
    text = await visible_text(sato.page)
    assert not RAW_CODE.search(text), RAW_CODE.search(text)
    assert not ISO_TIME.search(text) and "UTC" not in text
    await sato.shot("case-supervisor")

    aoki = await people(system.url)
    await aoki.login("aoki")
    await aoki.goto("settings")
    await aoki.page.get_by_label("表示言語").select_option("en")
    await expect(aoki.page.locator("#app-nav")).to_contain_text("Queue")
    await aoki.shot("settings-english")
    await aoki.page.get_by_role("link", name="My cases").click()
    await aoki.page.locator("tr.row-emergency").get_by_role("link", name="Open").click()
    await expect(aoki.page.locator(".conversation")).to_contain_text("Sent automatically: Answer-soon notice")
    await expect(aoki.page.locator(".case-side")).to_contain_text("Risk")
    await aoki.shot("case-english")
    await aoki.page.reload()  # the choice is kept on the server, not in the browser
    await expect(aoki.page.locator("#app-nav")).to_contain_text("My cases")
    await aoki.goto("settings")
    await aoki.page.get_by_label("Language").select_option("ja")
    await expect(aoki.page.locator("#app-nav")).to_contain_text("担当ケース")


async def test_without_the_live_stream_the_page_polls(system: System, people: Any) -> None:
    """A proxy that refuses the stream: the page says it polls, and her new message still arrives."""
    brown = await people(system.url)
    await brown.page.route("**/api/events", lambda route: route.abort())
    await brown.login("brown")
    await brown.goto("mine")
    await brown.page.locator("tbody tr").filter(has_text="対応中").first.get_by_role("link", name="開く").click()
    await expect(brown.page.locator("#live-state")).to_have_text("5秒ごとに更新中（接続を再試行しています）", timeout=15000)
    letter = "B" if "仕事のこと" in await brown.page.locator(".conversation").inner_text() else "C"
    await write(system, letter, "さっきの続きです")
    await expect(brown.page.locator(".conversation .msg-in").last).to_have_text(re.compile("さっきの続きです"), timeout=15000)
