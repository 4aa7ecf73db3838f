"""From a message's matches to the reasons of the rules that fire, each with its level.

A rule fires when every item of its ``all`` is present (an item lists alternatives); at least
one item must be in the current message, the others may come from her recent messages (then
the reason is flagged ``combined``). One stretch of text is one piece of evidence: 飛び降りたい is
a wish, not a wish plus a means.

A reason's level is the rule's level, then lowered by its flags: negated, hyperbole or a
question -> low; a distant past -> at most medium, and low when she says it is over (今は大丈夫).
A friend's danger (``third_person``) keeps its level: the counselor sees the flag.
"""

from __future__ import annotations

from collections.abc import Callable

from services.triage.risk.levels import Reason, RiskLevel
from services.triage.risk.matching import SUPPRESSING, Match
from services.triage.risk.normalise import Normalised
from services.triage.risk.rule_types import Rule, RuleBook
from services.triage.risk.tokens import Token


class Analysis:
    """One message's matches; ``resolved`` and ``positives()`` are worked out on first use."""

    __slots__ = ("_is_over", "_is_resolved", "_over", "_positive", "_resolved", "grams", "matches", "text", "tokens")

    def __init__(
        self,
        text: Normalised,
        tokens: list[Token],
        grams: set[str],
        matches: dict[str, list[Match]],
        is_resolved: Callable[[Normalised], bool],
        is_over: Callable[[Normalised], bool],
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.grams = grams  # its 1-3 character substrings (prefilter.text_grams)
        self.matches = matches
        self._is_resolved = is_resolved
        self._is_over = is_over
        self._resolved: bool | None = None
        self._over: bool | None = None
        self._positive: frozenset[str] | None = None

    @property
    def resolved(self) -> bool:
        """She says it is over (今は大丈夫): only read for a rule with a ``past`` match."""
        if self._resolved is None:
            self._resolved = self._is_resolved(self.text)
        return self._resolved

    @property
    def over(self) -> bool:
        """The whole message tells of a distant past she says is resolved."""
        if self._over is None:
            self._over = self._is_over(self.text)
        return self._over

    def positives(self) -> frozenset[str]:
        """Concepts with a match that counts (not negated, hyperbole, a question or past)."""
        if self._positive is None:
            self._positive = frozenset(c for c, ms in self.matches.items() if any(m.positive for m in ms))
        return self._positive


class RuleRunner:
    """The rules of a rule book, indexed so that only those that can fire are tried."""

    def __init__(self, book: RuleBook) -> None:
        self._rules = book.rules
        self._is_context = {name: c.context for name, c in book.concepts.items()}
        self._items = tuple(tuple(frozenset(item) for item in r.all) for r in book.rules)
        by_concept: dict[str, list[int]] = {}
        for k, rule in enumerate(book.rules):
            for name in {c for item in rule.all for c in item}:
                by_concept.setdefault(name, []).append(k)
        self._by_concept = {name: tuple(ks) for name, ks in by_concept.items()}

    def reasons(self, cur: Analysis, recent: frozenset[str]) -> list[Reason]:
        """The reasons of every rule that fires on ``cur`` (``recent``: concepts said before)."""
        candidates: set[int] = set()
        for name in cur.matches:
            candidates.update(self._by_concept.get(name, ()))
        present = cur.matches.keys() | recent
        out: list[Reason] = []
        for k in sorted(candidates):
            # an item neither here nor in a recent message: the rule cannot fire
            if any(item.isdisjoint(present) for item in self._items[k]):
                continue
            reason = self._apply(self._rules[k], cur, recent)
            if reason is not None:
                out.append(reason)
        return out

    def _apply(self, rule: Rule, cur: Analysis, recent: frozenset[str]) -> Reason | None:
        used: list[Match] = []
        combined = False
        is_context = self._is_context
        for item in rule.all:
            best: Match | None = None
            for cname in item:
                for m in cur.matches.get(cname, ()):
                    if not is_context[cname] and any(
                        u.start < m.end and m.start < u.end and not is_context[u.concept] for u in used
                    ):
                        continue
                    if best is None or (m.positive and not best.positive):
                        best = m
            in_recent = any(c in recent for c in item)
            if best is not None and not (best.flags & SUPPRESSING and in_recent):
                used.append(best)
            elif in_recent:
                combined = True
            elif best is not None:
                used.append(best)
            else:
                return None
        if not used:
            return None
        flags: set[str] = set().union(*(m.flags for m in used))
        if combined:
            flags.add("combined")
        level = rule.level
        if cur.over:
            flags.add("past")
        if flags & SUPPRESSING or cur.over:
            level = RiskLevel.LOW
        elif "past" in flags:
            level = RiskLevel.LOW if cur.resolved else min(level, RiskLevel.MEDIUM)
        # the span shown: the evidence together when it is short, else its first risk word
        anchor = next((m for m in used if not is_context[m.concept]), used[0])
        s, e = anchor.start, anchor.end
        lo, hi = min(m.start for m in used), max(m.end for m in used)
        if hi - lo <= 40:
            s, e = lo, hi
        ns, ne = cur.text.to_nfkc(s, e)
        return Reason(
            rule_id=rule.id,
            level=level,
            span=cur.text.nfkc[ns:ne],
            start=ns,
            end=ne,
            flags=tuple(sorted(flags)),
            description=rule.description,
        )
