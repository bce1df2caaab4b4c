"""The catalogue of user-facing text (catalogue.yml): every sentence in English and Chinese, for
the physician and for a patient. Plain Python and YAML; imported by actions/, channels/, web/.

`say(key, lang, audience, **values)` gives one sentence; `buttons(name, ...)` one set of answer
buttons; `question(slot, ...)` a form's question. The export (prescreen/texts/export.py) lists them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yml")

EN, ZH = "en", "zh"
LANGUAGES = (EN, ZH)
PHYSICIAN, PATIENT = "physician", "patient"

# Sections whose entries are sentences (the questions and button sets have their own calls).
SENTENCE_SECTIONS = ("words", "activity", "sentences", "wechat", "page", "summary")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _sentences() -> dict[str, Mapping[str, str]]:
    table: dict[str, Mapping[str, str]] = {}
    for section in SENTENCE_SECTIONS:
        for key, variants in catalogue()[section].items():
            if key in table:
                raise ValueError(f"catalogue key {key!r} is defined twice")
            table[key] = variants
    return table


def variant(options: Mapping[str, Any], lang: str | None, audience: str | None = PHYSICIAN) -> Any:
    """The patient wording when there is one, else the language's own; English as the last resort
    (tests/test_texts.py makes sure every entry has both languages)."""
    lang, audience = lang or EN, audience or PHYSICIAN
    for key in (f"{lang} {audience}", lang, EN):
        if key in options:
            return options[key]
    raise KeyError(f"no {lang}/{audience} or English variant")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """`{name}` replaced by values[name]; a missing value is an error, not an empty gap."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


def say(key: str, lang: str | None = EN, audience: str | None = PHYSICIAN, **values: Any) -> str:
    return fill(variant(_sentences()[key], lang, audience), values)


def template(key: str, lang: str | None = EN, audience: str | None = PHYSICIAN) -> str:
    """The sentence with its `{name}` placeholders left in, for code (or a page's script) that
    fills them itself."""
    return variant(_sentences()[key], lang, audience)


def table(prefix: str, lang: str | None = EN) -> dict[str, str]:
    """Every entry whose key starts with `prefix`, by the rest of its key, placeholders left in:
    table("page_", "zh")["send"] is the chat page's Send button in Chinese."""
    return {key[len(prefix):]: template(key, lang) for key in _sentences() if key.startswith(prefix)}


def question(slot: str, lang: str | None = EN, audience: str | None = PHYSICIAN) -> str:
    """A form's question with its `{slot}` placeholders still in (actions/questions.py fills them)."""
    return variant(catalogue()["questions"][slot], lang, audience)


def buttons(name: str, lang: str | None = EN, audience: str | None = PHYSICIAN) -> list[dict[str, str]]:
    return [{"title": title, "payload": payload}
            for title, payload in variant(catalogue()["buttons"][name], lang, audience)]


def keys() -> list[str]:
    return list(_sentences())
