"""Every sentence the assistant can say, as one document for review (`prescreen texts --export`).

The catalogue (catalogue.yml), the Rasa responses of domain.yml (the one place they live) and
the criteria's labels and wording (prescreen/eligibility/criteria.py), each with where it is
used, for whom (register) and in which language. Markdown puts English and Chinese side by
side; CSV has one row per sentence and language.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from prescreen.eligibility.criteria import CRITERIA, SHORT_ZH
from prescreen.texts import (
    EN,
    LANGUAGES,
    PATIENT,
    PHYSICIAN,
    SENTENCE_SECTIONS,
    ZH,
    catalogue,
)

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
ALL = "physician and patient"

USED_IN = {
    "questions": "a form's question: chat page, REST and WeChat (actions/questions.py)",
    "buttons": "answer buttons: chat page (WeChat lists their titles) (actions/)",
    "words": "parts of the echo, the summary and the reasons (actions/texts.py)",
    "activity": "daily activity in words, and its follow-up question (actions/activity.py)",
    "sentences": "said by the actions: chat page, REST and WeChat (actions/)",
    "wechat": "the WeChat channel's own replies, Chinese then English (channels/wechat_text.py)",
    "page": "the chat page (web/)",
    "summary": "the chat page's printable summary of a screening (web/)",
    "domain": "a Rasa response said by a rule: chat page, REST and WeChat (domain.yml)",
    "criteria": "criterion labels in summaries, reasons and \"why do you ask?\" (prescreen/eligibility/criteria.py)",
}
SECTIONS = ("questions", "buttons", *SENTENCE_SECTIONS, "domain", "criteria")


@dataclass(frozen=True)
class Entry:
    section: str
    key: str
    register: str  # physician, patient, or both
    language: str
    text: str

    @property
    def used_in(self) -> str:
        return USED_IN[self.section]


def _register(variant_key: str, variants: dict[str, Any]) -> str:
    if variant_key.endswith(f" {PATIENT}"):
        return PATIENT
    has_patient = any(k.endswith(f" {PATIENT}") for k in variants)
    return PHYSICIAN if has_patient else ALL


def _from_catalogue() -> Iterator[Entry]:
    table = catalogue()
    for section in ("questions", *SENTENCE_SECTIONS):
        for key, variants in table[section].items():
            for name, text in variants.items():
                if name in ("buttons",):
                    continue
                yield Entry(section, key, _register(name, variants), name.split()[0], str(text))
    for key, variants in table["buttons"].items():
        for name, rows in variants.items():
            for title, _payload in rows:
                yield Entry("buttons", key, _register(name, variants), name.split()[0], str(title))


def _from_domain(path: Path = DOMAIN_FILE) -> Iterator[Entry]:
    responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
    for name, variants in responses.items():
        for v in variants:
            slots = {c["name"]: c["value"] for c in v.get("condition") or []}
            # The unconditioned variant is the English default (tests/test_texts.py).
            register = slots.get("audience") or ALL
            yield Entry("domain", name, register, slots.get("language", EN), v["text"])


def _from_criteria() -> Iterator[Entry]:
    for c in CRITERIA:
        yield Entry("criteria", c.id, ALL, EN, c.short)
        yield Entry("criteria", c.id, ALL, ZH, SHORT_ZH[c.id])
        yield Entry("criteria", f"{c.id} (protocol wording)", PHYSICIAN, EN, c.text)


def entries(domain: Path = DOMAIN_FILE) -> list[Entry]:
    return [*_from_catalogue(), *_from_domain(domain), *_from_criteria()]


def to_csv(rows: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "section", "used_in", "register", "language", "text"])
    for e in rows:
        writer.writerow([e.key, e.section, e.used_in, e.register, e.language, e.text])
    return out.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(rows: list[Entry]) -> str:
    intro = ("English and Simplified Chinese side by side. *Register*: who reads it (the physician, a "
             "patient or family member, or both). `{name}` is filled in when it is said. Sentences "
             "built from several parts (the summary, the reasons) are listed part by part.")
    lines = ["# NCT06898983 pre-screening assistant: every sentence it says", "", intro, ""]
    for section in SECTIONS:
        grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
        for e in rows:
            if e.section == section:
                grouped.setdefault((e.key, e.register), {lang: [] for lang in LANGUAGES})
                grouped[(e.key, e.register)].setdefault(e.language, []).append(e.text)
        if not grouped:
            continue
        lines += [f"## {section}", "", f"Used in: {USED_IN[section]}.", "",
                  "| key | register | English | 中文 |", "|---|---|---|---|"]
        for (key, register), by_lang in grouped.items():
            en, zh = ("<br>".join(_cell(t) for t in by_lang.get(lang, [])) for lang in (EN, ZH))
            lines.append(f"| `{key}` | {register} | {en} | {zh} |")
        lines.append("")
    return "\n".join(lines)


def export(path: Path) -> int:
    """Writes the document (.md or .csv, by the file's extension); returns how many sentences."""
    if not DOMAIN_FILE.is_file():  # run from a checkout: the responses are the project's domain.yml
        raise ValueError(f"{DOMAIN_FILE} not found: run the export from the project's checkout")
    suffix = path.suffix.lower()
    rows = entries()
    if suffix == ".csv":
        text = to_csv(rows)
    elif suffix in (".md", ".markdown"):
        text = to_markdown(rows)
    else:
        raise ValueError(f"{path.name}: the export is Markdown (.md) or CSV (.csv)")
    path.write_text(text, encoding="utf-8")
    return len(rows)
