"""Japanese names of the codes the report shows, as a ward official writes them; an unknown code
shows as itself (a code added elsewhere still appears, never vanishes)."""

from __future__ import annotations

from shared.intake_options import AGE_BANDS

WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
LEVEL_LABELS = {"low": "低", "medium": "中", "high": "高", "emergency": "緊急"}
OUTCOME_LABELS = {
    "resolved": "解決・終了",
    "referred": "関係機関へつないだ",
    "outreach": "アウトリーチにつないだ",
    "information_given": "情報提供",
    "no_response": "応答なし",
    "consulter_ended": "相談者から終了",
    "other": "その他",
}
PARTNER_KIND_LABELS = {
    "police": "警察",
    "child_family_support_center": "子ども家庭支援センター",
    "welfare_office": "福祉事務所",
    "council_of_social_welfare": "社会福祉協議会",
    "womens_council": "女性相談窓口",
    "npo": "NPO・民間団体",
    "school_board": "教育委員会",
    "on_call_supervisor": "当番スーパーバイザー",
}
AGE_LABELS = dict(AGE_BANDS)
NOT_GIVEN = "not_given"
NOT_GIVEN_LABEL = "未回答"
UNREGISTERED = "unregistered"
UNREGISTERED_LABEL = "登録外の回答"


def label(table: dict[str, str], code: str) -> str:
    return table.get(code, code)
