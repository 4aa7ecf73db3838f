"""Outreach in the real browser (issue 11), on a clock of the test's: a counselor sees the suggestion
and records her consent; the coordinator finds the request in the queue, sees a clash in the form
before saving, fixes it and saves; the week calendar shows the visit with its staff; a worker checks
in and out and records the result on "today"; the figures count it. Screenshots of each screen."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import expect

from services.outreach.app import OUTREACH
from services.outreach.domain.plan import VisitPlan
from services.outreach.workflows.scheduling import Actor
from shared.events import envelope_for
from tests.browser.conftest import ISO_TIME, RAW_CODE, visible_text
from tests.browser.system import consulter_id, running_system, sim
from tests.e2e.conftest import System, thursday_at
from tests.e2e.conftest import TestClock as FixedClock  # not "Test…": pytest would try to collect it
from tests.support.waiting import until
from tests.unit.outreach.support import request_data

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]
WORDS = "区役所の窓口に一人で行くのが怖いです。誰か一緒に行ってもらえませんか"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def system(amqp_url: str, mongodb_url: str | None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[System]:
    tmp: Path = tmp_path_factory.mktemp("browser-outreach")
    clock = FixedClock(thursday_at(10))
    async with running_system(amqp_url, mongodb_url, tmp, on_shift={"c-aoki"}, clock=clock) as running:
        yield running


async def test_from_the_suggestion_to_the_visit_done(system: System, people: Any) -> None:
    clock: FixedClock = system.clock  # type: ignore[assignment]
    day = clock.now.date().isoformat()
    user = await consulter_id(system, "D")
    sent = await sim(system, "POST", f"/_sim/consulters/{user}/messages", {"text": WORDS})
    assert sent["status"] == 200

    # The counselor: the suggestion with its reasons, then the consent as a record.
    aoki = await people(system.url)
    await aoki.login("aoki")
    await aoki.goto("mine")
    await aoki.page.locator("tbody tr").first.get_by_role("link", name="開く").click()
    suggestion = aoki.page.locator(".outreach-suggestion")
    await expect(suggestion).to_contain_text("誰かに一緒に行ってほしいと言っています")
    await expect(suggestion).to_contain_text("窓口に一人で行くのが怖いと言っています")
    await suggestion.scroll_into_view_if_needed()
    await aoki.page.evaluate("window.scrollTo(0, 0)")
    await aoki.shot("outreach-suggestion")
    await suggestion.get_by_role("button", name="提案・依頼の画面を開く").click()
    form = aoki.page.locator(".outreach-form")
    await form.get_by_label("同行先").select_option(label="福祉事務所")
    await form.get_by_label("駅前のファミリーレストラン（奥の席）").select_option(label="避けたい")
    await form.get_by_label("いつでも取りやめられることを伝えた（必須）").check()
    await form.get_by_label("ご本人の同意を得ました（必須）").check()
    await form.get_by_role("button", name="アウトリーチを依頼").click()
    await expect(form.locator(".form-status")).to_have_text("アウトリーチを依頼しました。")
    await form.scroll_into_view_if_needed()
    await aoki.shot("outreach-consent-form")

    # Another coordinator already booked Ueda at noon (a second request, scheduled in the service).
    outreach = system.apps["outreach"][OUTREACH]
    other = request_data("r-browser-other", case_id="k-browser-other")
    await outreach.handlers(envelope_for(other, producer="triage", correlation_id="browser"), other)
    noon = clock.now.replace(hour=12)
    await outreach.scheduling.schedule(
        Actor("o-kato", "outreach_coordinator"), other.request_id,
        VisitPlan(noon - timedelta(minutes=30), noon + timedelta(hours=1), ("w-ueda", "w-endo"), "library-north"),
    )

    # The coordinator: the queue, the form that shows the clash before saving, the calendar.
    ono = await people(system.url)
    await ono.login("ono")
    await expect(ono.page.get_by_role("heading", name="アウトリーチ依頼")).to_be_visible()
    row = ono.page.locator("tr[data-request-id]").filter(has_text="福祉事務所")
    await expect(row).to_have_count(1, timeout=15000)
    await expect(row).to_contain_text("LINEのみ")
    await expect(row).to_contain_text("避けたい: 駅前のファミリーレストラン（奥の席）")
    await ono.shot("outreach-queue")
    await row.get_by_role("link", name="日程を決める").click()
    schedule = ono.page.locator(".schedule-form")
    await schedule.get_by_label("日付").fill(day)
    await schedule.get_by_label("開始").fill("12:00")
    await schedule.get_by_label("終了").fill("13:30")
    await schedule.get_by_label("場所").select_option(label="区役所 本庁舎 1階 区民ロビー")
    await schedule.get_by_label(re.compile("^ 石井")).check()
    await schedule.get_by_label(re.compile("^ 上田")).check()
    await expect(schedule.locator(".clashes")).to_contain_text("上田さんは")
    await ono.shot("outreach-schedule-clash")
    await schedule.get_by_label(re.compile("^ 上田")).uncheck()
    await schedule.get_by_label(re.compile("^ 森")).check()
    await expect(schedule.locator(".problems")).to_contain_text("重なりはありません。保存できます。")
    await schedule.get_by_role("button", name="この日程で決める").click()
    await expect(ono.page.get_by_role("heading", name="訪問カレンダー")).to_be_visible()
    card = ono.page.locator(".visit-card").filter(has_text="石井・森")
    await expect(card).to_contain_text("12:00〜13:30")
    await ono.shot("outreach-week")
    # Her phone: the confirmation arrived, silent, without a word about what it is.
    async def confirmed() -> bool:
        inbox = await sim(system, "GET", f"/_sim/consulters/{user}/inbox")
        return any("お約束の日時のご確認です" in m.get("text", "") and item.get("notification_disabled") for item in inbox["messages"] for m in item["messages"])

    await until(confirmed, 20)
    for text in (await visible_text(ono.page), await visible_text(aoki.page)):
        assert not RAW_CODE.search(text) and not ISO_TIME.search(text)

    # A worker: today's visit, check-in on arrival, check-out when they leave, the result.
    clock.now = clock.now.replace(hour=11, minute=45)
    ishii = await people(system.url)
    await ishii.login("ishii")
    await ishii.goto("outreach-today")
    visit = ishii.page.locator(".today-visit").filter(has_text="区役所 本庁舎 1階 区民ロビー")
    await visit.get_by_role("button", name="到着した（チェックイン）").click()
    await expect(visit.locator(".times")).to_contain_text("到着 11:45")
    clock.now = clock.now.replace(hour=13, minute=40)
    await ishii.login("ishii")  # the session's idle timeout passed on the test's clock
    await ishii.goto("outreach-today")
    visit = ishii.page.locator(".today-visit").filter(has_text="区役所 本庁舎 1階 区民ロビー")
    await visit.get_by_role("button", name="退出した（チェックアウト）").click()
    await expect(visit.locator(".times")).to_contain_text("退出 13:40")
    result = visit.locator(".result-form")
    await result.get_by_label("同行した先").select_option(label="福祉事務所")
    await result.get_by_label("相談員がフォロー").check()
    await result.get_by_label("記録").fill("窓口で申請まで同行した")
    await ishii.shot("outreach-today")
    await result.get_by_role("button", name="結果を保存").click()
    await expect(visit).to_contain_text("実施済み")

    # The figures count it.
    await ono.login("ono")
    await ono.goto("outreach-figures")
    await expect(ono.page.locator(".card-value").first).to_have_text("1 件")
    await ono.shot("outreach-figures")
