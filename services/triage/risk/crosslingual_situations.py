"""Emergencies read from language-independent concepts, in any language (``crosslingual.py``).

The Japanese grammar (``aspect.py``, ``situations.py``) reads an act with its aspect; the
foreign rule files (``rules/foreign*.yaml``) hold phrases. A writer in a language or a wording
that neither covers still names the same things: blood and "it won't stop"; a threat to kill
and a clock; being on a bridge now with a wish to die. This table reads those **kinds** from the
concepts a message names, in whatever language (a small, documented table, like
``situations.TABLE``). A message that also names a joke, a drama or song, a resolved past, a
question for information or that she is safe now is not read here (the model weighs those).

| rule id | concepts (all of each group) | level |
| --- | --- | --- |
| ``INJURY-XL-BLEEDING`` | BLOOD + WONT_STOP | emergency |
| ``INJURY-XL-UNCONSCIOUS`` | UNCONSCIOUS + (NOW or JUST_DONE) | emergency |
| ``INJURY-XL-BREATH`` | BREATH + (HITTING or UNCONSCIOUS) | emergency |
| ``SUI-XL-PILLS-ALL`` | PILLS + ALL + (NOW, JUST_DONE or TONIGHT) | emergency |
| ``SUI-XL-ROPE`` | ROPE + (NOW, JUST_DONE or TONIGHT) | emergency |
| ``SUI-XL-PLACE-NOW`` | HIGH_PLACE + NOW + (DIE or FAREWELL) | emergency |
| ``SUI-XL-PLACE-PRESENT`` | HIGH_PLACE + PRESENCE + (NOW, DIE, FAREWELL or JUMP) | emergency |
| ``CHILD-XL-SWALLOWED`` | CHILD + SWALLOWED + (NOW, JUST_DONE, UNCONSCIOUS or BREATH) | emergency |
| ``DV-XL-THREAT-CLOCK`` | (KILL or THREAT) + (CLOCK, COMING or TONIGHT) | emergency |
| ``SUI-XL-POISON`` | POISON + INGESTED | emergency |
| ``SUI-XL-PILLS-COUNT`` | PILLS + INGESTED + COUNT (a number of tablets) | emergency |
| ``SUI-XL-CHARCOAL`` | CHARCOAL + (SEALED, DIE, FAREWELL or CHILD) | emergency |
| ``SUI-XL-GAS-OPEN`` | GAS_OPEN | emergency |
| ``DV-XL-HIDING`` | HIDING + (BLADE, HITTING or KILL) | emergency |
| ``DV-XL-PREGNANT-BLEEDING`` | PREGNANT + BLOOD | emergency |
| ``CHILD-XL-UNRESPONSIVE`` | CHILD + UNCONSCIOUS | emergency |
| ``DV-XL-HELP-NOW`` | HELP + NOW + (HITTING, LOCKED, BLADE or KILL) | emergency |
| ``DV-XL-DRUGGED`` | DRUGGED + (NOW or UNCONSCIOUS) | emergency |
| ``DV-XL-VIOLENCE-NOW`` | HITTING + NOW + (CHILD or BLADE) | emergency |
"""

from __future__ import annotations

from services.triage.risk.levels import Reason, RiskLevel
from services.triage.risk.matching import NOT_MEANT
from services.triage.risk.reasons import Analysis

_QUIET = frozenset({"JOKE", "FICTION", "RESOLVED", "INFO", "SAFE", "EVERYDAY"})
"""Concepts that make a message not an emergency read from concepts alone."""

TABLE: tuple[tuple[str, tuple[frozenset[str], ...], str], ...] = (
    ("INJURY-XL-BLEEDING", (frozenset({"BLOOD"}), frozenset({"WONT_STOP"})), "出血が止まらない(多言語)"),
    (
        "INJURY-XL-UNCONSCIOUS",
        (frozenset({"UNCONSCIOUS"}), frozenset({"NOW", "JUST_DONE"})),
        "意識がない・動けない(多言語)",
    ),
    (
        "INJURY-XL-BREATH",
        (frozenset({"BREATH"}), frozenset({"HITTING", "UNCONSCIOUS"})),
        "呼吸ができない(多言語)",
    ),
    (
        "SUI-XL-PILLS-ALL",
        (frozenset({"PILLS"}), frozenset({"ALL"}), frozenset({"NOW", "JUST_DONE", "TONIGHT"})),
        "薬を全部(多言語)",
    ),
    (
        "SUI-XL-ROPE",
        (frozenset({"ROPE"}), frozenset({"NOW", "JUST_DONE", "TONIGHT"})),
        "首を吊る用意・行為(多言語)",
    ),
    (
        "SUI-XL-PLACE-NOW",
        (frozenset({"HIGH_PLACE"}), frozenset({"NOW"}), frozenset({"DIE", "FAREWELL", "JUMP"})),
        "危険な場所に今いる(多言語)",
    ),
    (
        "SUI-XL-PLACE-PRESENT",
        (frozenset({"HIGH_PLACE"}), frozenset({"PRESENCE"}), frozenset({"NOW", "DIE", "FAREWELL", "JUMP"})),
        "危険な場所にいる(多言語)",
    ),
    (
        "CHILD-XL-SWALLOWED",
        (
            frozenset({"CHILD"}),
            frozenset({"SWALLOWED"}),
            frozenset({"NOW", "JUST_DONE", "UNCONSCIOUS", "BREATH"}),
        ),
        "子どもが何かを飲み込んだ(多言語)",
    ),
    (
        "DV-XL-THREAT-CLOCK",
        (frozenset({"KILL", "THREAT"}), frozenset({"CLOCK", "COMING", "TONIGHT"})),
        "殺すという脅しと時刻(多言語)",
    ),
    (
        "DV-XL-DRUGGED",
        (frozenset({"DRUGGED"}), frozenset({"NOW", "UNCONSCIOUS"})),
        "薬物・飲まされた(多言語)",
    ),
    (
        "DV-XL-VIOLENCE-NOW",
        (frozenset({"HITTING"}), frozenset({"NOW"}), frozenset({"CHILD", "BLADE"})),
        "いま暴力を受けている(多言語)",
    ),
    (
        "SUI-XL-POISON",
        (frozenset({"POISON"}), frozenset({"INGESTED", "SWALLOWED"})),
        "毒性のあるものを飲んだ(多言語)",
    ),
    (
        "SUI-XL-PILLS-COUNT",
        (frozenset({"PILLS"}), frozenset({"INGESTED"}), frozenset({"COUNT"})),
        "薬を多量に飲んだ(多言語)",
    ),
    (
        "SUI-XL-CHARCOAL",
        (frozenset({"CHARCOAL"}), frozenset({"SEALED", "DIE", "FAREWELL", "CHILD"})),
        "練炭の用意(多言語)",
    ),
    ("SUI-XL-GAS-OPEN", (frozenset({"GAS_OPEN"}),), "ガスを出した(多言語)"),
    ("SUI-XL-ROPE-READY", (frozenset({"ROPE"}), frozenset({"PREPARED"})), "ロープを用意してある(多言語)"),
    (
        "DV-XL-HIDING",
        (frozenset({"HIDING"}), frozenset({"BLADE", "HITTING", "KILL"})),
        "暴力から隠れている(多言語)",
    ),
    ("DV-XL-PREGNANT-BLEEDING", (frozenset({"PREGNANT"}), frozenset({"BLOOD"})), "妊娠中の出血(多言語)"),
    ("CHILD-XL-SEIZURE", (frozenset({"SEIZURE"}), frozenset({"CHILD"})), "子どもがけいれんしている(多言語)"),
    (
        "CHILD-XL-UNRESPONSIVE",
        (frozenset({"CHILD"}), frozenset({"UNCONSCIOUS"})),
        "子どもの意識・反応がない(多言語)",
    ),
    (
        "DV-XL-HELP-NOW",
        (frozenset({"HELP"}), frozenset({"NOW"}), frozenset({"HITTING", "LOCKED", "BLADE", "KILL"})),
        "いま助けを求めている(多言語)",
    ),
)


HIGH_TABLE: tuple[tuple[str, tuple[frozenset[str], ...], str], ...] = (
    ("SUI-XL-WEARY", (frozenset({"WEARY_OF_LIFE"}),), "生きるのに疲れた・消えたい(多言語)"),
    ("DV-XL-SEXUAL", (frozenset({"FORCED_SEX"}),), "性暴力・同意のない性行為(多言語)"),
    ("DV-XL-HIT", (frozenset({"HITTING"}), frozenset({"PARTNER"})), "パートナーからの身体的暴力(多言語)"),
    (
        "STK-XL-THREAT",
        (frozenset({"STALKED"}), frozenset({"THREAT", "KILL", "EXPOSE"})),
        "つきまといと脅し(多言語)",
    ),
    ("DV-XL-EXPOSE", (frozenset({"EXPOSE"}),), "写真・動画をばらまくなどの脅し(多言語)"),
    ("LIV-XL-HOMELESS", (frozenset({"NOWHERE_TONIGHT"}),), "今夜泊まる場所がない(多言語)"),
)
"""Highs read from concepts in any language (DESIGN §4's high: ideation, sexual or physical
violence, stalking with threats, homeless tonight), for what the rule files missed: added only
when no reason of the message is already high or above."""

_FIRST = frozenset().union(*(groups[0] for _, groups, _ in TABLE))
"""The concepts one of which every row of the table needs (most messages name none)."""
_FIRST_HIGH = frozenset().union(*(groups[0] for _, groups, _ in HIGH_TABLE))


def crosslingual_reasons(found: dict[str, tuple[int, int]], cur: Analysis) -> list[Reason]:
    """The table's emergencies for a message's concepts (``found``: concept -> folded span)."""
    return _read(TABLE, _FIRST, RiskLevel.EMERGENCY, found, cur)


def crosslingual_highs(found: dict[str, tuple[int, int]], cur: Analysis) -> list[Reason]:
    """``HIGH_TABLE``'s highs for a message's concepts."""
    return _read(HIGH_TABLE, _FIRST_HIGH, RiskLevel.HIGH, found, cur)


def _not_meant(cur: Analysis) -> bool:
    """The rules read a figure of speech, a joke or a story in the message (締め切りに殺される):
    its concepts are not read as a situation either."""
    return any(m.flags & NOT_MEANT for ms in cur.matches.values() for m in ms)


def _read(
    table: tuple[tuple[str, tuple[frozenset[str], ...], str], ...],
    first_concepts: frozenset[str],
    level: RiskLevel,
    found: dict[str, tuple[int, int]],
    cur: Analysis,
) -> list[Reason]:
    if first_concepts.isdisjoint(found) or not _QUIET.isdisjoint(found) or _not_meant(cur):
        return []
    out = []
    for rule_id, groups, description in table:
        if all(not g.isdisjoint(found) for g in groups):
            first = min(found[c] for c in groups[0] if c in found)
            s, e = cur.text.to_nfkc(*first)
            out.append(Reason(rule_id, level, cur.text.nfkc[s:e], s, e, ("crosslingual",), description))
    return out
