"""The automatic risk assessment of one message (DESIGN §4), put together from its parts.

``RiskAssessor.default()`` loads the rule files and the SudachiPy tokenizer once; reuse it.
``assess(text, recent=...)`` is pure: no I/O, no logging (message text is never logged).

The steps, each in its own module: normalise (``normalise.py``), tokenise (``tokens.py``),
find the rule files' concepts (``matching.py``, ``spans.py``), run the rules (``reasons.py``)
and read the situations (``situations.py``, ``aspect.py``; in any language from the concepts
of ``crosslingual.py``, ``crosslingual_situations.py``), ask the learned model
(``learned.py``) and put the two opinions together (``combination.py``, ``explain.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from services.triage.risk.case_view import assess_case
from services.triage.risk.combination import combine
from services.triage.risk.crosslingual import ConceptFinder
from services.triage.risk.crosslingual_situations import crosslingual_highs, crosslingual_reasons
from services.triage.risk.explain import evidence, explain
from services.triage.risk.language import detect_language
from services.triage.risk.learned import CHAR_LENGTHS, MODEL_PATH, LearnedModel
from services.triage.risk.levels import Assessment, RiskLevel
from services.triage.risk.lexicon import RULES_DIR, load_rulebook
from services.triage.risk.matching import ConceptMatcher
from services.triage.risk.modifiers import Modifiers
from services.triage.risk.normalise import Normaliser
from services.triage.risk.prefilter import text_grams
from services.triage.risk.reasons import Analysis, RuleRunner
from services.triage.risk.rule_types import RuleBook
from services.triage.risk.situations import SituationReader
from services.triage.risk.spans import TokenIndex
from services.triage.risk.tokens import shared_tokenizer

RECENT_WINDOW = 5
"""How many of her previous messages can complete a rule (the latest ones)."""

_CACHE_SIZE = 2048
"""Messages whose concepts are kept (her recent messages are read again with each new one)."""


class RiskAssessor:
    """Assesses messages with the rules of ``rules/``; build once with ``default()``."""

    def __init__(self, rules_dir: Path = RULES_DIR, model_path: Path | None = MODEL_PATH) -> None:
        self._tokenizer = shared_tokenizer()
        self.tokenizer_load_seconds = self._tokenizer.load_seconds
        self.book: RuleBook = load_rulebook(
            rules_dir, lemma_of=self._tokenizer.lemma_of, reading_of=self._tokenizer.reading_of
        )
        self._normalise = Normaliser(self.book.replacements)
        self._mods = Modifiers(self.book.modifiers)
        self._matcher = ConceptMatcher(self.book, self._mods)
        self._gram_lengths = sorted(self._matcher.gram_lengths | set(CHAR_LENGTHS))
        self._runner = RuleRunner(self.book)
        self._situations = SituationReader(self.book)
        # None: rules only (tests of the rules by themselves)
        self.model = LearnedModel(model_path) if model_path is not None else None
        # the model's language-independent features (words folded as messages are)
        self._concepts = ConceptFinder.load(lambda word: self._normalise(word).folded)
        self._said: OrderedDict[str, frozenset[str]] = OrderedDict()

    _default: RiskAssessor | None = None

    @classmethod
    def default(cls) -> RiskAssessor:
        """The shared assessor with the packaged rules (built on first use)."""
        if cls._default is None:
            cls._default = cls()
        return cls._default

    def analyse(self, text: str) -> Analysis:
        """The matches of one message, with its tokens and n-grams."""
        norm = self._normalise(text)
        index = TokenIndex(self._tokenizer.tokens(norm.clean), with_lemmas=self._matcher.needs_lemmas)
        # cut once: the prefilter and the learned model read the same substrings
        grams = text_grams(norm.folded, self._gram_lengths)
        matches = self._matcher.find(norm, index, grams)
        result = Analysis(norm, index.tokens, grams, matches, self._mods.is_resolved, self._mods.is_over)
        self._remember(text, result.positives())
        return result

    def concepts(self, cur: Analysis) -> dict[str, tuple[int, int]]:
        """The language-independent concepts a message names, with where (``crosslingual.py``)."""
        return self._concepts.find(cur.text.folded, cur.grams)

    def said(self, text: str) -> frozenset[str]:
        """The concepts an earlier message said as real (cached: they come back as ``recent``
        with each of her new messages; only these small sets are kept, not the analyses)."""
        hit = self._said.get(text)
        if hit is not None:
            self._said.move_to_end(text)
            return hit
        return self.analyse(text).positives()

    def _remember(self, text: str, positives: frozenset[str]) -> None:
        self._said[text] = positives
        self._said.move_to_end(text)
        if len(self._said) > _CACHE_SIZE:
            self._said.popitem(last=False)

    def assess(self, text: str, recent: Sequence[str] = ()) -> Assessment:
        """Assess ``text``, the consulter's latest message.

        ``recent`` are her previous messages in this case, oldest first (may be empty); the
        latest ``RECENT_WINDOW`` of them can complete a rule that the current message starts
        (["ロープ買った", "今夜"] -> emergency, flagged ``combined``). Reasons' spans and
        offsets refer to the NFKC-normalised current message.
        """
        cur = self.analyse(text)
        said_before: set[str] = set()
        for r in list(recent)[-RECENT_WINDOW:]:
            if r:
                said_before |= self.said(r)
        concepts = self.concepts(cur)
        reasons = self._runner.reasons(cur, frozenset(said_before)) + self._situations.reasons(cur)
        if not any(r.level is RiskLevel.EMERGENCY for r in reasons):
            # the concepts' emergencies are for what the Japanese grammar and the foreign rule
            # files missed; beside their emergency they would only repeat it
            reasons += crosslingual_reasons(concepts, cur)
        if not any(r.level >= RiskLevel.HIGH for r in reasons):
            reasons += crosslingual_highs(concepts, cur)
        opinion = (
            self.model.opinion(cur.grams, cur.tokens, reasons, concepts) if self.model is not None else None
        )
        decision = combine(evidence(reasons, cur), opinion)
        return Assessment(
            level=decision.level,
            reasons=explain(reasons, decision, opinion, self.model, cur),
            language=detect_language(text),
            uncertain=decision.uncertain,
            alternative=decision.alternative,
            probabilities=opinion.probabilities if opinion is not None else (),
        )

    def assess_case(self, messages: Sequence[tuple[str, datetime]]) -> Assessment:
        """The case's level as of her latest message, read with the earlier ones and their
        times: ``messages`` are (text, time), oldest first (``case_view.py``)."""
        return assess_case(self, messages)
