"""Situations: an act or state (``situation:`` concepts of the rule files) read with its aspect.

The words live in ``rules/situations.yaml`` (supervisor-editable); the grammar that tells the
time is ``aspect.py``; the levels are this table. A mention that is negated, a question or
hyperbole, fiction or a joke gives low, and so does a message about a distant past she says
is resolved (5年前の話で、今は幸せ); a distant past (昔, 〇年前) at most medium, and low when she says it is over.
"now" means the message also says いま / さっき / たった今 (the NOW concept).

| situation | going on | done | attempted | about to | planned | stated | wished | condition |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| lethal act (pills, cord, gas, jump, blade) | E | E | E | E | E | E | H | H |
| self-harm (cutting) | H (E now) | H | H | E | H | H | H | M |
| lethal place (railing, platform edge, roof) | E | E | E | E | H | E | H | M |
| violence against her or a child | H (E now) | H (E now) | E | E | H | H | L | H |
| confinement (not let out) | E | E | H | H | H | E | M | M |
| drugged (made to drink something) | E | E | E | E | H | E | L | M |
| injury (bleeding, not breathing) | E | E | E | E | H | E | L | M |
| child in danger now | E | E | E | E | H | E | H | H |
"""

from __future__ import annotations

from services.triage.risk.aspect import Aspect, read_aspect
from services.triage.risk.levels import Reason, RiskLevel
from services.triage.risk.matching import SUPPRESSING
from services.triage.risk.reasons import Analysis
from services.triage.risk.rule_types import RuleBook

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW
A = Aspect
_COLUMNS = (A.ONGOING, A.DONE, A.ATTEMPTED, A.ABOUT_TO, A.PLANNED, A.STATED, A.WISHED, A.CONDITIONAL)

TABLE: dict[str, dict[Aspect, RiskLevel]] = {
    kind: dict(zip(_COLUMNS, row, strict=True))
    for kind, row in {
        "lethal_act": (E, E, E, E, E, E, H, H),
        "self_harm": (H, H, H, E, H, H, H, M),
        "lethal_place": (E, E, E, E, H, E, H, M),
        "violence": (H, H, E, E, H, H, L, H),
        "confinement": (E, E, H, H, H, E, M, M),
        "drugged": (E, E, E, E, H, E, L, M),
        "injury": (E, E, E, E, H, E, L, M),
        "child_danger": (E, E, E, E, H, E, H, H),
    }.items()
}
"""situation kind -> aspect -> level (the table above)."""

RAISED_BY_NOW = {"self_harm": {A.ONGOING: E}, "violence": {A.ONGOING: E, A.DONE: E}}
"""殴られてる / 切ってる alone is as often a habit as this moment; with いま / さっき it is now
(いま殴られてる, さっき殴られた: he is still there)."""

_IDS = {
    "lethal_act": ("SUI-ACT", "自殺につながる行為"),
    "self_harm": ("SH-ACT", "自傷行為"),
    "lethal_place": ("SUI-PLACE", "命の危険がある場所にいる"),
    "violence": ("DV-ACT", "暴力を受けている"),
    "confinement": ("DV-CONFINED", "閉じ込められている・帰してもらえない"),
    "drugged": ("DV-DRUGGED", "薬物などを飲まされた"),
    "injury": ("INJURY", "けが・意識や呼吸の異常"),
    "child_danger": ("CHILD-ACT", "子どもが危険な状態"),
}
_ASPECT_JA = {
    A.ONGOING: "いま進行中", A.DONE: "した直後", A.ATTEMPTED: "しようとした", A.ABOUT_TO: "しようとしている",
    A.PLANNED: "予定している", A.STATED: "と言っている", A.WISHED: "したい気持ち", A.CONDITIONAL: "条件つき",
}  # fmt: skip


class SituationReader:
    """Turns the ``situation:`` concepts matched in a message into reasons (one per mention)."""

    def __init__(self, book: RuleBook) -> None:
        self._kinds = {c.name: c.situation for c in book.concepts.values() if c.situation}
        unknown = {k for k in self._kinds.values() if k not in TABLE}
        if unknown:
            raise ValueError(f"unknown situation kinds in the rule files: {sorted(unknown)}")

    def reasons(self, cur: Analysis) -> list[Reason]:
        out: list[Reason] = []
        found = [(name, kind) for name, kind in self._kinds.items() if name in cur.matches]
        if not found:
            return out
        now = "NOW" in cur.positives()
        for name, kind in found:
            for m in cur.matches[name]:
                aspect = read_aspect(cur.tokens, cur.text.folded, m.end)
                level = TABLE[kind][aspect]
                if now:
                    level = RAISED_BY_NOW.get(kind, {}).get(aspect, level)
                flags = set(m.flags) | {f"aspect:{aspect.value}"}
                if cur.over:
                    flags.add("past")
                if m.flags & SUPPRESSING or cur.over:
                    level = L
                elif "past" in m.flags:
                    level = L if cur.resolved else min(level, M)
                prefix, what = _IDS[kind]
                s, e = cur.text.to_nfkc(m.start, m.end)
                out.append(
                    Reason(
                        rule_id=f"{prefix}-{aspect.value.upper().replace('_', '-')}",
                        level=level,
                        span=cur.text.nfkc[s:e],
                        start=s,
                        end=e,
                        flags=tuple(sorted(flags)),
                        description=f"{what}（{_ASPECT_JA[aspect]}）",
                    )
                )
        return out
