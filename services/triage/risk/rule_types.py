"""What a rule file compiles to: concepts, rules and the rule book (see ``lexicon.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.triage.risk.levels import RiskLevel


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
