"""Reading the language files of the automatic texts: `SEEDS_DIR/replies/<code>.yaml`, one per
language, each naming its own code. The catalog (`domain/replies.py`) checks them together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.triage.domain.reply_texts import LanguageTexts, parse_language


def load_yaml(text: str) -> Any:
    """`yaml.safe_load`, with libyaml's safe loader when installed: the seeds are read at every start
    and in every test that starts triage, and it reads the same documents several times faster."""
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def read_languages(seeds_dir: Path) -> tuple[LanguageTexts, ...]:
    """Every `replies/*.yaml`, parsed; a missing folder or a wrong file raises ValueError naming it."""
    folder = seeds_dir / "replies"
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise ValueError(f"{folder}: no language files")
    languages = []
    for path in paths:
        document = load_yaml(path.read_text(encoding="utf-8")) or {}
        if not isinstance(document, dict) or document.get("language") != path.stem:
            raise ValueError(f"{path}: expected a mapping whose `language` is {path.stem!r}")
        try:
            languages.append(parse_language(document))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
    return tuple(languages)
