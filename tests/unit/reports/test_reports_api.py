"""The report API as a supervisor uses it: JSON, CSV files Excel opens, the publication switch, the
QR codes — and the public channel link, which counts a visit and keeps nothing about the visitor."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.reports.app import mount
from services.reports.bootstrap import Reports
from tests.support.staff import staff_headers
from tests.unit.reports.scenario import events
from tests.unit.reports.support import NOW, feed, reports


@pytest.fixture
async def service() -> Reports:
    built = reports()
    await feed(built, events())
    await built.summariser.refresh(force=True)
    return built


@pytest.fixture
async def client(service: Reports) -> AsyncIterator[TestClient[Any, Any]]:
    app = mount(service, periodic=False, clock=lambda: NOW)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def get(client: TestClient[Any, Any], path: str, role: str = "supervisor") -> Any:
    return await client.get(path, headers=staff_headers("GET", path, role=role, now=NOW))


async def test_the_year_list_and_report_need_a_supervisor_or_admin(client: TestClient[Any, Any]) -> None:
    assert (await client.get("/api/reports/years")).status == 401
    assert (await get(client, "/api/reports/years", role="counselor")).status == 403
    answer = await get(client, "/api/reports/years", role="admin")
    assert answer.status == 200
    assert await answer.json() == {"years": [2024, 2025], "current": 2026, "threshold": 3}
    report = await (await get(client, "/api/reports/years/2025")).json()
    assert report["headline"]["consultations"] == 3
    assert (await get(client, "/api/reports/years/2019")).status == 404


async def test_csv_opens_with_a_bom_japanese_and_machine_headers(client: TestClient[Any, Any]) -> None:
    answer = await get(client, "/api/reports/years/2025/tables/monthly.csv")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tsunagari_FY2025_monthly.csv"' in answer.headers["Content-Disposition"]
    body = await answer.read()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["月", "相談件数", "相談件数（累計）"]
    assert rows[1][:3] == ["month", "consultations", "cumulative"]
    assert [r[0] for r in rows[2:]] == [*(f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)), "合計"]
    assert rows[2][1] == "1" and rows[-1][1] == "3"
    assert all(len(r) == len(rows[0]) for r in rows)
    assert (await get(client, "/api/reports/years/2025/tables/nothing.csv")).status == 404


async def test_publication_hides_small_counts_and_what_gives_them_away(client: TestClient[Any, Any]) -> None:
    report = await (await get(client, "/api/reports/years/2025?publication=1")).json()
    head = report["headline"]
    assert head["consultations"] == 3  # at the threshold: shown
    assert head["new_consulters"] == "＊" and head["new_share"] == "＊"
    assert head["consultation_target"] == 280
    ages = {r["code"]: r for r in next(t for t in report["tables"] if t["id"] == "age")["rows"]}
    assert ages["30s"]["consulters"] == "＊" and ages["30s"]["share"] == "＊"
    assert ages["20s"]["consulters"] == 0  # zero points at no one
    assert ages["total"]["consulters"] == 3
    raw = await (await get(client, "/api/reports/years/2025/tables/age.csv?publication=1")).read()
    assert "＊" in raw.decode("utf-8-sig")
    plain = await (await get(client, "/api/reports/years/2025")).json()
    assert plain["headline"]["new_consulters"] == 2  # the stored figures are untouched


async def test_secondary_suppression_hides_a_second_cell_when_one_alone_would_show() -> None:
    from services.reports.domain.publication import suppress_table

    table = {
        "columns": [{"key": "k", "label": "区分", "kind": "label"}, {"key": "n", "label": "件数", "kind": "count"}],
        "rows": [{"k": "a", "n": 1}, {"k": "b", "n": 7}, {"k": "c", "n": 12}, {"k": "合計", "n": 20}],
        "total": True,
    }
    out = suppress_table(table, 3)
    assert [r["n"] for r in out["rows"]] == ["＊", "＊", 12, 20]


async def test_channels_list_their_links_and_qr_codes(client: TestClient[Any, Any]) -> None:
    channels = (await (await get(client, "/api/reports/channels")).json())["channels"]
    school = next(c for c in channels if c["id"] == "school_card")
    assert school["link_url"] == "https://tsunagari.example.jp/r/c1"
    word = next(c for c in channels if c["id"] == "word_of_mouth")
    assert word["link_url"] is None and word["qr_svg"] is None
    svg = await get(client, school["qr_svg"])
    assert svg.content_type == "image/svg+xml" and (await svg.read()).startswith(b"<?xml")
    png = await get(client, school["qr_png"])
    assert png.content_type == "image/png" and (await png.read()).startswith(b"\x89PNG")
    assert (await get(client, "/api/reports/channels/word_of_mouth/qr.png")).status == 404


async def test_a_channel_link_counts_and_redirects_keeping_nothing_about_the_visitor(
    client: TestClient[Any, Any], service: Reports
) -> None:
    before = {d["_id"]: d for d in await service.stores.db["link_visits"].find({}).to_list(None)}
    headers = {"User-Agent": "Mozilla/5.0 (iPhone) Line/14.0", "X-Forwarded-For": "203.0.113.9", "Cookie": "x=y"}
    answer = await client.get("/r/c1", headers=headers, allow_redirects=False)
    assert answer.status == 302
    assert answer.headers["Location"] == "https://line.me/R/ti/p/@example"
    assert "Set-Cookie" not in answer.headers
    assert answer.headers["Cache-Control"] == "no-store"
    # A link preview robot and a prefetch are redirected, not counted; an unknown link is a 404.
    await client.get("/r/c1", headers={"User-Agent": "Slackbot-LinkExpanding 1.0"}, allow_redirects=False)
    await client.get("/r/c1", headers={"Sec-Purpose": "prefetch"}, allow_redirects=False)
    assert (await client.get("/r/zz", allow_redirects=False)).status == 404
    docs = await service.stores.db["link_visits"].find({}).to_list(None)
    assert docs == [{"_id": "school_card|2026-05-01", "channel": "school_card", "day": "2026-05-01", "n": 1}]
    assert before == {}
    # Nothing of the request reached any collection: no address, browser or cookie anywhere.
    for name in await service.stores.db.list_collection_names():
        dump = str(await service.stores.db[name].find({}).to_list(None))
        assert "203.0.113.9" not in dump and "iPhone" not in dump and "x=y" not in dump


def test_the_channel_registry_and_the_replies_catalogue_offer_the_same_codes() -> None:
    """The options on LINE (prompt_choices, all nine languages) and the report's rows agree."""
    from services.triage.domain.prompt_choices import AGE_BANDS, CHANNELS
    from shared.intake_options import AGE_BANDS as BANDS
    from shared.intake_options import load_channels

    assert set(CHANNELS) - {"skip"} == set(load_channels("seeds").ids)
    assert set(AGE_BANDS) - {"skip"} == {code for code, _ in BANDS} - {"unknown"}
