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

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from services.triage.risk.concepts import as_list, compile_concept
from services.triage.risk.levels import RiskLevel
from services.triage.risk.rule_types import Concept, Rule, RuleBook, RuleFileError

RULES_DIR = Path(__file__).parent / "rules"



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
            concepts[cname] = compile_concept(cname, spec, family, where, lemma_of, reading_of)
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
                items.append(tuple(as_list(item, where)))
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


def iter_concepts(rule: Rule) -> Iterable[str]:
    for item in rule.all:
        yield from item
