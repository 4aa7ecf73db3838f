"""Compiling one concept of a rule file: its terms, regular expressions and lemmas.

A concept (``SUI_WISH``: 死にたい, 消えたい ...) becomes up to three patterns, one per view of
the message (``spans.py``): ``surface`` (terms, their kana readings and ``regex``, on the
normalised text), ``lemma`` (``lemmas``: consecutive dictionary forms) and ``reading`` (the
terms' readings, matched on whole tokens).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from services.triage.risk.kana import fold_kana
from services.triage.risk.normalise import Normaliser
from services.triage.risk.rule_types import Concept, RuleFileError
from services.triage.risk.spans import LEMMA_SEP

_BASIC = Normaliser(())


def _norm_term(term: str) -> str:
    return _BASIC(term).folded


def as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RuleFileError(f"{where}: expected a list of strings")


def compile_concept(
    cname: str,
    spec: dict[str, Any],
    family: str,
    where: str,
    lemma_of: Callable[[str], list[str]] | None,
    reading_of: Callable[[str], str] | None,
) -> Concept:
    """The compiled concept ``cname`` of a rule file (``where`` names it in errors)."""
    alts: list[str] = []
    terms = [_norm_term(t) for t in as_list(spec.get("terms"), where)]
    variants: set[str] = set(terms)
    readings: set[str] = set()
    if reading_of is not None and not spec.get("lang"):
        for t in as_list(spec.get("terms"), where):
            r = fold_kana(reading_of(t))
            if len(r) >= 4 and r != _norm_term(t):
                variants.add(r)
            if len(r) >= 3 and all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in r):
                readings.add(r)
    alts.extend(re.escape(t) for t in sorted(variants, key=len, reverse=True) if t)
    for rx in as_list(spec.get("regex"), where):
        try:
            re.compile(rx)
        except re.error as exc:
            raise RuleFileError(f"{where}: bad regex {rx!r}: {exc}") from exc
        alts.append(f"(?:{fold_kana(rx)})")
    surface = re.compile("|".join(alts)) if alts else None
    lemma = None
    heads: frozenset[str] = frozenset()
    lemma_specs = as_list(spec.get("lemmas"), where)
    if lemma_specs:
        if lemma_of is None:
            raise RuleFileError(f"{where}: lemmas need a tokenizer")
        lemma = re.compile("|".join(_lemma_regex(p, lemma_of) for p in lemma_specs))
        heads = frozenset(h for p in lemma_specs for h in _word_options(p.split()[0], lemma_of))
    if surface is None and lemma is None:
        raise RuleFileError(f"{where}: no terms, regex or lemmas")
    reading = (
        re.compile("|".join(re.escape(r) for r in sorted(readings, key=len, reverse=True)))
        if readings
        else None
    )
    return Concept(
        name=cname,
        family=family,
        surface=surface,
        lemma=lemma,
        reading=reading,
        kanji=frozenset(ch for t in terms for ch in t if "\u4e00" <= ch <= "\u9fff"),
        context=bool(spec.get("context", False)),
        lang=spec.get("lang"),
        hyperbole=bool(spec.get("hyperbole", False)),
        situation=spec.get("situation"),
        lemma_heads=heads,
    )


def _lemma_regex(pattern: str, lemma_of: Callable[[str], list[str]]) -> str:
    """``殺す れる`` -> a regex over the joined lemma string, one alternative set per word."""
    parts: list[str] = []
    for word in pattern.split():
        alt = "|".join(re.escape(o) for o in sorted(_word_options(word, lemma_of)))
        parts.append(f"(?:{alt})")
    return LEMMA_SEP + LEMMA_SEP.join(parts) + f"(?={LEMMA_SEP})"


def _word_options(word: str, lemma_of: Callable[[str], list[str]]) -> set[str]:
    """The forms one word of a lemma pattern matches: as written, and its dictionary form."""
    options = {fold_kana(word)}
    forms = lemma_of(word)
    if len(forms) == 1:
        options.add(fold_kana(forms[0]))
    return options
