"""Output equivalence of the risk assessor across optimisations.

Run from the repository root::

    .venv/bin/python benchmarks/risk_equivalence.py save  [path]   # record current outputs
    .venv/bin/python benchmarks/risk_equivalence.py check [path]   # compare against them

The corpus is the labelled set plus several thousand deterministic variations of it
(concatenations, inserted spaces and separators, full-width latin, katakana/hiragana swaps,
stretched vowels, obfuscations, prefixes and suffixes that trigger the modifiers, truncations,
and ``recent`` lists drawn from other messages). For each input the level and every reason
(rule_id, level, span, start, end, flags, description) are recorded, with the uncertainty, the
alternative level and the model's probabilities (to four decimals). ``check`` exits non-zero
and names the first differences if any input's output changed. Outputs are also compared
between a fresh assessor and one whose analysis cache is warm (inputs assessed twice).
The default path is ``/tmp/risk_equivalence.json``; message text stays on this machine.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.triage.risk import Assessment, RiskAssessor

DEFAULT_PATH = Path("/tmp/risk_equivalence.json")

_PREFIXES = ("", "昔は", "友達が", "私", "今夜", "学生の頃", "もう", "my friend ", "実は、", "姉が言うには")
_SUFFIXES = (
    "",
    "。",
    "って何ですか",
    "？",
    "じゃない",
    "けど今は大丈夫",
    "と思ってたけど",
    "ってどこに相談すればいい",
    "…",
    "www",
    "\n今夜",
    "。これから",
    "くない",
    "ほど眠い",
)
_SEPARATORS = ("", "。", "、", " ", "\n", "！", "…", "・")
_OBFUSCATE = (
    ("死", "氏"),
    ("死に", "4に"),
    ("死に", "しに"),
    ("殺され", "ころされ"),
    ("自殺", "じさつ"),
    ("消え", "きえ"),
    ("死", "タヒ"),
)


def _to_katakana(s: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in s)


def _to_hiragana(s: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in s)


def _full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


_HALF = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン",
        "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ",
        strict=True,
    )
)


def _half_width_kana(s: str) -> str:
    return "".join(_HALF.get(c, c) for c in _to_katakana(s))


def _spaced(s: str, rng: random.Random) -> str:
    sep = rng.choice((" ", "  ", "・", "\u3000", ".", "*", "_", "\u200b"))
    return sep.join(s)


def _stretched(s: str, rng: random.Random) -> str:
    out = []
    for c in s:
        out.append(c)
        if "\u3041" <= c <= "\u309f" and rng.random() < 0.3:
            out.append(rng.choice(("ー", "ーー", "〜", "~", "ぁ", "ぃ", c + c + c)))
    return "".join(out)


def _obfuscated(s: str, rng: random.Random) -> str:
    src, dst = rng.choice(_OBFUSCATE)
    return s.replace(src, dst)


def _truncated(s: str, rng: random.Random) -> str:
    if len(s) < 2:
        return s
    a = rng.randrange(0, len(s) // 2 + 1)
    b = rng.randrange(a + 1, len(s) + 1)
    return s[a:b]


def build_corpus() -> list[tuple[str, tuple[str, ...]]]:
    """The labelled set and its deterministic variations: (text, recent) pairs."""
    rows = [
        json.loads(line)
        for line in (ROOT / "tests/data/risk/dev/d0_project.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts = [str(r["text"]) for r in rows]
    rng = random.Random(20261128)
    out: list[tuple[str, tuple[str, ...]]] = []
    for r in rows:
        out.append((str(r["text"]), tuple(r.get("recent", []))))
        out.append((str(r["text"]), ()))
    for r in rows:
        for rec in r.get("recent", []):
            out.append((str(rec), ()))
    for t in texts:
        out.append((_to_katakana(t), ()))
        out.append((_to_hiragana(t), ()))
        out.append((_full_width(t), ()))
        out.append((_half_width_kana(t), ()))
        out.append((_spaced(t, rng), ()))
        out.append((_stretched(t, rng), ()))
        out.append((_obfuscated(t, rng), ()))
        out.append((_truncated(t, rng), ()))
        out.append((t.upper(), ()))
        out.append((rng.choice(_PREFIXES) + t + rng.choice(_SUFFIXES), ()))
        out.append((t + "\ufe0f", ()))
    mutators = (
        lambda s: s,
        _to_katakana,
        _full_width,
        lambda s: _spaced(s, rng),
        lambda s: _stretched(s, rng),
        lambda s: _obfuscated(s, rng),
        lambda s: _truncated(s, rng),
    )
    for _ in range(6000):
        k = rng.choice((1, 2, 2, 3, 4))
        parts = [rng.choice(mutators)(rng.choice(texts)) for _ in range(k)]
        text = rng.choice(_PREFIXES)
        for p in parts:
            text += p + rng.choice(_SEPARATORS)
        text += rng.choice(_SUFFIXES)
        n_recent = rng.choice((0, 0, 0, 1, 2, 3, 5, 7))
        recent = tuple(
            rng.choice((lambda s: s, _to_katakana, lambda s: _truncated(s, rng), lambda s: ""))(
                rng.choice(texts)
            )
            for _ in range(n_recent)
        )
        out.append((text, recent))
    for _ in range(1500):  # short fragments completed by recent messages
        frag = rng.choice(
            (
                "今夜",
                "これから",
                "今から",
                "ロープ買った",
                "死にたい",
                "包丁",
                "帰ってきたら",
                "もう無理",
                "睡眠薬",
                "今日",
                "明日",
                "ありがとう",
                "大丈夫",
                "",
                " ",
                "。",
            )
        )
        recent = tuple(rng.choice(texts) for _ in range(rng.choice((1, 2, 3, 6))))
        out.append((frag, recent))
    out.extend([("", ()), (" ", ()), ("\n", ()), ("ー", ()), ("。。。", ())])
    return out


def snapshot(a: Assessment) -> list[Any]:
    return [
        a.level.value,
        [[r.rule_id, r.level.value, r.span, r.start, r.end, list(r.flags), r.description] for r in a.reasons],
        a.uncertain,
        a.alternative.value if a.alternative is not None else None,
        # rounded: a faster sum may differ in the last bits of a float32, never in the level
        [round(p, 4) for p in a.probabilities],
    ]


def run(corpus: list[tuple[str, tuple[str, ...]]]) -> list[list[Any]]:
    assessor = RiskAssessor()
    first = [snapshot(assessor.assess(t, recent=rec)) for t, rec in corpus]
    # again with a warm cache, in reverse order: caching must not change anything
    second = [snapshot(assessor.assess(t, recent=rec)) for t, rec in reversed(corpus)]
    second.reverse()
    bad = [i for i, (x, y) in enumerate(zip(first, second, strict=True)) if x != y]
    if bad:
        raise SystemExit(f"cache-dependent output for {len(bad)} inputs, e.g. #{bad[0]}")
    return first


def main() -> int:
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_PATH
    corpus = build_corpus()
    t0 = time.perf_counter()
    results = run(corpus)
    elapsed = time.perf_counter() - t0
    if cmd == "save":
        path.write_text(
            json.dumps({"inputs": [[t, list(r)] for t, r in corpus], "outputs": results}, ensure_ascii=False),
            encoding="utf-8",
        )
        fired = sum(1 for r in results if r[1])
        print(f"saved {len(results)} outputs ({fired} with reasons) to {path} in {elapsed:.1f} s")
        return 0
    saved = json.loads(path.read_text(encoding="utf-8"))
    inputs = [(t, tuple(r)) for t, r in saved["inputs"]]
    if inputs != corpus:
        print("corpus differs from the saved one; re-run 'save' with the original code")
        return 2
    diffs = [i for i, (x, y) in enumerate(zip(saved["outputs"], results, strict=True)) if x != y]
    for i in diffs[:10]:
        print(f"#{i}: {corpus[i]!r}\n  saved: {saved['outputs'][i]}\n  now:   {results[i]}")
    print(f"compared {len(results)} inputs in {elapsed:.1f} s: {len(diffs)} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
