"""Kana helpers the rules share: which script a character is in, katakana read as hiragana."""

from __future__ import annotations


def is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa"


def is_japanese(ch: str) -> bool:
    """Kana, kanji and the long-vowel mark (where spaces between letters carry no meaning)."""
    return (
        "\u3041" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆"
    )


def fold_kana(text: str) -> str:
    """Katakana to hiragana, one character for one (``シニタイ`` -> ``しにたい``)."""
    return text.translate(_KATA_TO_HIRA)


_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
