"""Loading the rule files under ``rules/`` (YAML, read with ``yaml.safe_load``).

A rule file has a ``family`` name, ``concepts`` and ``rules``:

- a **concept** is a named list of ways to say one thing (``SUI_WISH``: 死にたい, 消えたい ...):
  ``terms`` (plain words, matched after normalisation, so katakana/hiragana and width do not
  matter and a kana spelling of each term is added automatically), ``regex`` (Python regular
  expressions on the normalised, lower-case, hiragana-folded text) and ``lemmas`` (dictionary
  forms of consecutive SudachiPy tokens separated by spaces, e.g. ``殺す れる`` matches
  殺される / 殺されそう / ころされた). Terms are also matched by their reading on whole tokens,
  so 今日で終わり also finds 今日でおわり and きょうでおわり. ``context: true`` marks words that only set a scene
  (time, place) and are never negated. ``lang`` marks a concept of another language.
  ``situation: <kind>`` marks an act or state whose level depends on its aspect and time
  (``situations.py`` reads them: taking pills just done, sitting on a railing now).
- a **rule** has a stable ``id``, a ``level``, a ``description`` and ``all``: the concepts that
  must all be present (an item that is a list means "any one of these"). At least one of
  them must be in the current message; the others may come from her recent messages.

Concept names are shared by all files, so a rule may use a concept of another family.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.triage.risk.levels import RiskLevel
from services.triage.risk.normalise import Normaliser, fold_kana
from services.triage.risk.spans import LEMMA_SEP

RULES_DIR = Path(__file__).parent / "rules"



class RuleFileError(ValueError):
    """A rule file is malformed (the message names the file and the rule or concept)."""


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    family: str
    surface: re.Pattern[str] | None
    lemma: re.Pattern[str] | None
    reading: re.Pattern[str] | None
    kanji: frozenset[str]
    context: bool
    lang: str | None
    hyperbole: bool
    situation: str | None = None
    lemma_heads: frozenset[str] = frozenset()  # the forms a lemma match can start with


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    family: str
    level: RiskLevel
    description: str
    all: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class RuleBook:
    concepts: dict[str, Concept]
    rules: tuple[Rule, ...]
    replacements: tuple[tuple[str, str], ...]
    modifiers: dict[str, Any]


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RuleFileError(f"{where}: expected a list of strings")


def load_rulebook(
    directory: Path = RULES_DIR,
    lemma_of: Callable[[str], list[str]] | None = None,
    reading_of: Callable[[str], str] | None = None,
) -> RuleBook:
    """Read every ``*.yaml`` file of ``directory`` and compile it.

    ``lemma_of`` turns a pattern word into SudachiPy normalised forms and ``reading_of``
    gives a term's reading in kana (both supplied by the assessor, which owns the tokenizer).
    """
    raw_files = sorted(directory.glob("*.yaml"))
    docs: list[tuple[str, dict[str, Any]]] = []
    for path in raw_files:
        with path.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        if not isinstance(doc, dict):
            raise RuleFileError(f"{path.name}: top level must be a mapping")
        docs.append((path.name, doc))

    replacements: list[tuple[str, str]] = []
    modifiers: dict[str, Any] = {}
    for name, doc in docs:
        for pair in doc.get("replacements", []) or []:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise RuleFileError(f"{name}: each replacement is [from, to]")
            replacements.append((str(pair[0]), str(pair[1])))
        if "modifiers" in doc:
            modifiers.update(doc["modifiers"])
    basic = Normaliser(())

    def norm_term(term: str) -> str:
        return basic(term).folded

    concepts: dict[str, Concept] = {}
    rules: list[Rule] = []
    seen_ids: set[str] = set()
    for name, doc in docs:
        family = str(doc.get("family", Path(name).stem))
        for cname, spec in (doc.get("concepts") or {}).items():
            where = f"{name}: concept {cname}"
            if cname in concepts:
                raise RuleFileError(f"{where}: defined twice")
            if not isinstance(spec, dict):
                raise RuleFileError(f"{where}: must be a mapping")
            alts: list[str] = []
            terms = [norm_term(t) for t in _as_list(spec.get("terms"), where)]
            variants: set[str] = set(terms)
            readings: set[str] = set()
            if reading_of is not None and not spec.get("lang"):
                for t in _as_list(spec.get("terms"), where):
                    r = fold_kana(reading_of(t))
                    if len(r) >= 4 and r != norm_term(t):
                        variants.add(r)
                    if len(r) >= 3 and all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in r):
                        readings.add(r)
            alts.extend(re.escape(t) for t in sorted(variants, key=len, reverse=True) if t)
            for rx in _as_list(spec.get("regex"), where):
                try:
                    re.compile(rx)
                except re.error as exc:
                    raise RuleFileError(f"{where}: bad regex {rx!r}: {exc}") from exc
                alts.append(f"(?:{fold_kana(rx)})")
            surface = re.compile("|".join(alts)) if alts else None
            lemma = None
            heads: frozenset[str] = frozenset()
            lemma_specs = _as_list(spec.get("lemmas"), where)
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
            concepts[cname] = Concept(
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
        for spec in doc.get("rules") or []:
            rid = spec.get("id")
            where = f"{name}: rule {rid}"
            if not rid or rid in seen_ids:
                raise RuleFileError(f"{where}: missing or duplicate id")
            seen_ids.add(rid)
            try:
                level = RiskLevel(spec["level"])
            except (KeyError, ValueError) as exc:
                raise RuleFileError(f"{where}: level must be low|medium|high|emergency") from exc
            items: list[tuple[str, ...]] = []
            for item in spec.get("all") or []:
                items.append(tuple(_as_list(item, where)))
            if not items:
                raise RuleFileError(f"{where}: 'all' is empty")
            rules.append(
                Rule(
                    id=str(rid),
                    family=family,
                    level=level,
                    description=str(spec.get("description", "")).strip(),
                    all=tuple(items),
                )
            )
    for rule in rules:
        for item in rule.all:
            for c in item:
                if c not in concepts:
                    raise RuleFileError(f"rule {rule.id}: unknown concept {c}")
    return RuleBook(
        concepts=concepts,
        rules=tuple(rules),
        replacements=tuple(replacements),
        modifiers=modifiers,
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


def iter_concepts(rule: Rule) -> Iterable[str]:
    for item in rule.all:
        yield from item
