"""Reading the aspect of an act from Japanese grammar: is it going on, just done, about to
happen, planned, wished, or only a condition?

The act is a matched phrase ending in (or just before) its verb; the aspect is read from the
SudachiPy tokens that follow it, by dictionary form and surface:

| what follows the verb | aspect | example |
| --- | --- | --- |
| ている / てる / ています, 最中, 中 | ``ongoing`` | 座ってる, 殴られてる |
| volitional + としてる | ``about_to`` | 飛び降りようとしてる |
| そう, ところ, 寸前 | ``about_to`` | 落ちそう |
| volitional + とした | ``attempted`` | 吊ろうとしたけど |
| た, ちゃった, てしまった, ました | ``done`` | 飲んだ, いった, かけました |
| たら, ば, なら | ``conditional`` | 帰ってきたら, 飛び降りたら |
| たい, てえ, ほしい | ``wished`` | 飛び降りたい |
| つもり, 予定, ことにした, 決めた, volitional + と思う | ``planned`` | 飲むつもり |
| nothing of these (dictionary form, ます) | ``stated`` | 今から飲む, 飛び降ります |

Negation is read elsewhere (``modifiers.py``); a distant past (昔, 〇年前) is the ``past`` flag.
"""

from __future__ import annotations

import enum

from services.triage.risk.kana import fold_kana
from services.triage.risk.tokens import Token


class Aspect(enum.StrEnum):
    ONGOING = "ongoing"
    DONE = "done"
    ATTEMPTED = "attempted"
    ABOUT_TO = "about_to"
    PLANNED = "planned"
    WISHED = "wished"
    CONDITIONAL = "conditional"
    STATED = "stated"


_ONGOING = frozenset({"てる", "でる", "居る", "いる", "おる", "最中", "中", "続ける", "とる", "どる"})
_LINK = frozenset(
    {"て", "で", "ちゃう", "じゃう", "仕舞う", "ます", "れる", "られる", "せる", "させる", "ちまう", "ある", "有る",
     "来る", "くる", "置く", "見る", "呉れる", "貰う", "やる", "遣る", "終わる", "切る"}
)  # fmt: skip
_WISH = frozenset({"たい", "欲しい", "ほしい", "てえ", "たがる"})
_PLAN = frozenset({"積もり", "つもり", "予定", "決める", "決心"})
_SOON = frozenset({"そう", "ところ", "所", "寸前", "直前"})
_CONDITIONAL_SURFACE = ("たら", "だら", "れば", "えば", "けば", "せば", "てば", "ねば", "めば", "なら")
_VOLITIONAL_END = ("おう", "こう", "そう", "とう", "のう", "ぼう", "もう", "ろう", "よう", "ごう")
_LOOK = 6


def read_aspect(tokens: list[Token], folded: str, end: int) -> Aspect:
    """The aspect of the act whose match ends at ``end`` (an offset of the clean text)."""
    k = 0
    while k < len(tokens) and tokens[k].end < end:
        k += 1
    if k >= len(tokens):
        return Aspect.STATED
    verb = tokens[k]
    surface = folded[verb.begin : verb.end]
    rest = tokens[k + 1 : k + 1 + _LOOK]
    norms = [fold_kana(t.norm) for t in rest]
    surfaces = [folded[t.begin : t.end] for t in rest]
    if surface.endswith(_VOLITIONAL_END) and norms[:1] == ["と"] and norms[1:2] in (["為る"], ["思う"]):
        # 飲もうと思う (planned), 飛び降りようとしてる (about to), 吊ろうとした (attempted)
        if norms[1] == "思う":
            return Aspect.PLANNED
        after = norms[2:4]
        if any(n in _ONGOING for n in after):
            return Aspect.ABOUT_TO
        return Aspect.ATTEMPTED if "た" in after else Aspect.ABOUT_TO
    for norm, surf in zip(norms, surfaces, strict=True):
        if norm in _WISH:
            return Aspect.WISHED
        if norm in _PLAN or (norm in ("事", "こと") and "為る" in norms):
            return Aspect.PLANNED
        if norm in _SOON:
            return Aspect.ABOUT_TO
        if norm in _ONGOING:
            return Aspect.ONGOING
        if norm == "た":
            return Aspect.CONDITIONAL if surf.startswith(("たら", "だら")) else Aspect.DONE
        if surf in _CONDITIONAL_SURFACE or norm == "ば":
            return Aspect.CONDITIONAL
        if norm in _LINK:
            continue
        break
    if surface.endswith(_CONDITIONAL_SURFACE):
        return Aspect.CONDITIONAL
    return Aspect.STATED
