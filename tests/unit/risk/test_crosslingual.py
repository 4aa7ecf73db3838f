"""Language-independent concepts (crosslingual.py, rules/crosslingual/concepts.yaml) and the
emergencies read from them in any language (crosslingual_situations.py), by themselves.

The sentences are written for these tests, not taken from any corpus.
"""

import pytest

from services.triage.risk import RiskAssessor
from services.triage.risk.crosslingual import CONCEPT, ConceptFinder, concept_features
from services.triage.risk.crosslingual_situations import (
    HIGH_TABLE,
    TABLE,
    crosslingual_highs,
    crosslingual_reasons,
)


@pytest.fixture(scope="module")
def rules() -> RiskAssessor:
    return RiskAssessor(model_path=None)


def concepts(rules: RiskAssessor, text: str) -> set[str]:
    return set(rules.concepts(rules.analyse(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("血が止まらない", {"BLOOD", "WONT_STOP"}),
        ("it is bleeding and won't stop", {"BLOOD", "WONT_STOP"}),
        ("ragat rokidaina", {"BLOOD", "WONT_STOP"}),
        ("sangre, no para", {"BLOOD", "WONT_STOP"}),
        ("máu không cầm được", {"BLOOD", "WONT_STOP"}),
        ("피가 안 멈춰요", {"BLOOD", "WONT_STOP"}),
        ("止不住的血", {"BLOOD", "WONT_STOP"}),
        ("ｲﾏ 夫に閉じ込められてる", {"NOW", "LOCKED", "PARTNER"}),
        ("naka lock ako sa kwarto ngayon", {"LOCKED", "NOW"}),
    ],
)
def test_concepts_in_many_languages(rules: RiskAssessor, text: str, expected: set[str]) -> None:
    assert expected <= concepts(rules, text)


def test_latin_words_start_a_word(rules: RiskAssessor) -> None:
    assert "BLOOD" in concepts(rules, "she is bleeding")  # a prefix of the word is enough
    assert "BLOOD" not in concepts(rules, "a nosebleed")  # inside a word is not
    assert "PILLS" not in concepts(rules, "spill the tea")


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("あと20分で戻る", True),
        ("he gets home in 20 min", True),
        ("还有20分钟", True),
        ("30 minutos", True),
        ("15 mins lang", True),
        ("con 20p nua", True),
        ("१० मिनेटमा", True),
        ("20 people came", False),
        ("3人で行った", False),
    ],
)
def test_a_number_with_a_unit_of_time_is_a_clock(rules: RiskAssessor, text: str, clock: bool) -> None:
    assert ("CLOCK" in concepts(rules, text)) is clock


def test_features_are_concepts_and_their_pairs() -> None:
    assert concept_features({"NOW", "BLOOD"}) == [CONCEPT + "BLOOD", CONCEPT + "NOW", CONCEPT + "BLOOD+NOW"]
    assert concept_features(()) == []


def test_a_malformed_lexicon_is_refused(tmp_path) -> None:
    bad = tmp_path / "concepts.yaml"
    bad.write_text("concepts:\n  BLOOD: [blood]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="BLOOD"):
        ConceptFinder.load(str.lower, bad)


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("rạch tay sâu quá, máu không cầm được", "INJURY-XL-BLEEDING"),
        ("sabai goli khaye bhar khar", "SUI-XL-PILLS-ALL"),
        ("sabi nya papatayin nya ako pag uwi nya, 20 mins", "DV-XL-THREAT-CLOCK"),
        ("estoy en el puente ahora. quiero morir", "SUI-XL-PLACE-NOW"),
        ("my son swallowed a battery just now", "CHILD-XL-SWALLOWED"),
        ("dia pingsan sekarang, tidak sadar", "INJURY-XL-UNCONSCIOUS"),
    ],
)
def test_emergencies_read_from_concepts(rules: RiskAssessor, text: str, rule_id: str) -> None:
    cur = rules.analyse(text)
    assert rule_id in {r.rule_id for r in crosslingual_reasons(rules.concepts(cur), cur)}
    assert rules.assess(text).level.value == "emergency"


def test_they_do_not_repeat_an_emergency_the_other_rules_found(rules: RiskAssessor) -> None:
    ids = {r.rule_id for r in rules.assess("もらってた薬、残り全部いった。今").reasons}
    assert ids and not any("-XL-" in i for i in ids)


@pytest.mark.parametrize(
    "text",
    [
        "lol the drama where she is bleeding and it won't stop, haha",  # a joke, a drama
        "years ago he said he would kill me tonight. i'm safe now",  # resolved, safe
        "how do i apply for the pills all at once, what time does it open now?",  # a question
    ],
)
def test_quiet_concepts_keep_these_off(rules: RiskAssessor, text: str) -> None:
    assert not any("-XL-" in r.rule_id for r in rules.assess(text).reasons)


def test_the_table_names_a_level_family_for_each_rule() -> None:
    for rule_id, groups, description in TABLE + HIGH_TABLE:
        assert rule_id.split("-")[0] in {"SUI", "DV", "INJURY", "CHILD", "STK", "LIV"}
        assert groups and all(groups) and description


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("i am so tired of living, i won't do anything, just tired", "SUI-XL-WEARY"),
        ("cansada de viver, só isso", "SUI-XL-WEARY"),
        ("anh ấy ép em dù em không muốn, tháng trước", "DV-XL-SEXUAL"),
        ("아파트에서 쫓겨났어요. 오늘 밤 잘 곳이 없어요", "LIV-XL-HOMELESS"),
        ("mantan ngikutin aku terus, katanya awas kamu", "STK-XL-THREAT"),
    ],
)
def test_highs_read_from_concepts(rules: RiskAssessor, text: str, rule_id: str) -> None:
    cur = rules.analyse(text)
    assert rule_id in {r.rule_id for r in crosslingual_highs(rules.concepts(cur), cur)}
    assert rules.assess(text).level.value in {"high", "emergency"}


def test_highs_are_not_added_beside_a_high_or_an_emergency(rules: RiskAssessor) -> None:
    ids = {r.rule_id for r in rules.assess("死にたい。生きるのに疲れた").reasons}
    assert "SUI-IDEATION" in ids and "SUI-XL-WEARY" not in ids


def test_an_everyday_purpose_keeps_the_concepts_emergencies_off(rules: RiskAssessor) -> None:
    assert "SUI-XL-ROPE" in {r.rule_id for r in rules.assess("bought a rope tonight").reasons}
    assert not any(
        "-XL-" in r.rule_id for r in rules.assess("bought a rope for moving house tonight").reasons
    )


_PLACE_SCRIPT = """
import json
from services.triage.risk.crosslingual import ConceptFinder
from services.triage.risk.prefilter import text_grams
finder = ConceptFinder({"HIT": {"en": ["hit", "slap", "punch", "kick"], "ja": ["殴", "叩", "蹴"]}}, str.lower)
out = []
for text in ("he kicked me, then punched and slapped me, hit me", "蹴られて殴られて叩かれた"):
    out.append(finder.find(text, text_grams(text, (1, 2, 3))))
print(json.dumps(out))
"""


def test_a_concept_is_placed_where_it_first_occurs_whatever_the_hash_seed() -> None:
    # the n-grams are a set, looked up in an order that changes with each process's hash seed;
    # the span shown (and the order of the reasons) must not
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    seen = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run(
            [sys.executable, "-c", _PLACE_SCRIPT], env=env, capture_output=True, text=True, check=True, cwd=root
        )
        seen.add(done.stdout.strip())
    assert len(seen) == 1
    (only,) = seen
    assert json.loads(only) == [{"HIT": [3, 7]}, {"HIT": [0, 1]}]


def test_of_two_words_starting_at_one_place_the_longer_is_kept() -> None:
    from services.triage.risk.prefilter import text_grams

    finder = ConceptFinder({"PILLS": {"en": ["pill", "pills"]}}, str.lower)
    text = "i took all the pills"
    assert finder.find(text, text_grams(text, (1, 2, 3))) == {"PILLS": (15, 20)}
