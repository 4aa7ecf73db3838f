"""Which language a message is written in, for the counselor's skills and automatic replies.

Returns one of ``LANGUAGES`` or None (emoji, digits, a message too short to tell). Scripts decide
first: any kana is Japanese (mixed Japanese and English is ``ja``), hangul Korean, devanagari
Nepali, Chinese characters without kana Chinese. Latin-script messages are told apart by
Vietnamese letters, Spanish and Portuguese letters, then by counting each language's most
common short words. Deliberately small and explainable; wrong only on very short messages.
"""

from __future__ import annotations

import re
import unicodedata

LANGUAGES = ("ja", "en", "zh", "ko", "vi", "tl", "pt", "es", "ne", "id")

_KANA = re.compile("[\u3041-\u309f\u30a1-\u30fa\u30fc\uff66-\uff9f]")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN_WORD = re.compile("[a-z\u00c0-\u024f\u1e00-\u1eff']+")
# letters only Vietnamese uses among these languages (ơ, ư, ă, đ and the stacked tones)
_VIETNAMESE = re.compile("[ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_SPANISH = re.compile("[ñ¿¡]")
_PORTUGUESE = re.compile("[ãõç]|ção|ções")

_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "i i'm im me my you he she his him her the is are was and to of it not don't can't please "
        "help what this that with have has just so now he's won't scared want".split()
    ),
    "es": frozenset(
        "el la los las que y mi me es está estoy muy pero por con para una un lo le se ya él "
        "tengo quiero ayuda ayúdenme casa esposo novio no sé hoy".split()
    ),
    "pt": frozenset(
        "o os as que não eu meu minha está estou com para você ele uma um muito já em do da "
        "tenho quero ajuda casa marido namorado hoje é".split()
    ),
    "tl": frozenset(
        "ang ng sa na mga ako ko siya hindi ay po niya ba lang naman ito akin ka mo kami "
        "asawa bahay tulong gusto wala".split()
    ),
    "id": frozenset(
        "saya aku tidak yang dan di ini itu ke dia sudah mau tolong suami dengan ada apa bisa "
        "sangat gak nggak tak rumah lagi sekarang karena".split()
    ),
}


def detect_language(text: str) -> str | None:
    """The language code of ``text`` (one of ``LANGUAGES``), or None when it cannot tell."""
    t = unicodedata.normalize("NFKC", text).lower()
    if _KANA.search(t):
        return "ja"
    if _HANGUL.search(t):
        return "ko"
    if _DEVANAGARI.search(t):
        return "ne"
    words = _LATIN_WORD.findall(t)
    if _HAN.search(t) and len("".join(words)) < len(_HAN.findall(t)):
        return "zh"
    if not words:
        return "zh" if _HAN.search(t) else None
    if _VIETNAMESE.search(t):
        return "vi"
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    if _SPANISH.search(t):
        scores["es"] += 2
    if _PORTUGUESE.search(t):
        scores["pt"] += 2
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else None
