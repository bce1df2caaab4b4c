"""What a stated diagnosis is: a leukemia (I2), another haematologic disorder (E3), or other.

The names, English and Chinese, are prescreen.reading.lexicon's DIAGNOSES. Abbreviations (AML,
ALL, MM, ITP, ...) count only when written in capitals, because "all", "mm" and "et" are ordinary words in prose; long names
match in any case, and the key words of the English names are matched by spelling patterns
so that common misspellings ("leukimia", "acute myloid", "myelogenus") are still read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prescreen.reading import lexicon as lx
from prescreen.reading import nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

LEUKEMIA, OTHER_HEMATOLOGIC, OTHER = lx.LEUKEMIA, lx.OTHER_HEMATOLOGIC, lx.OTHER


@dataclass(frozen=True)
class Diagnosis:
    canonical: str  # short display name
    kind: str  # LEUKEMIA | OTHER_HEMATOLOGIC | OTHER


# The names are the lexicon's (prescreen.reading.lexicon.DIAGNOSES); the order there is the order
# in which two readings of the same words are preferred.
_ENTRIES = lx.DIAGNOSES
_WORDS = lx.DIAGNOSIS_SPELLINGS


def _diagnosis(entry: lx.DiagnosisNames) -> Diagnosis:
    return Diagnosis(entry.canonical, entry.kind)


UNTYPED_LEUKEMIA = "leukemia (type not stated)"  # "白血病": a leukemia whose type is not said
BY_CANONICAL: dict[str, Diagnosis] = {e.canonical: _diagnosis(e) for e in _ENTRIES}


def _token_pattern(words: tuple[str, ...]) -> list[dict]:
    pattern: list[dict] = []
    for word in words:
        optional = word.endswith("?")
        spec: dict = {"LOWER": {"REGEX": _WORDS[word.rstrip("?")]}}
        if optional:
            spec["OP"] = "?"
        pattern.append(spec)
    return pattern


_LEXICON = nlp.Lexicon(
    phrases={e.canonical: e.phrases for e in _ENTRIES if e.phrases},
    cased={e.canonical: e.abbreviations for e in _ENTRIES if e.abbreviations},
    patterns={e.canonical: [_token_pattern(p) for p in e.patterns] for e in _ENTRIES if e.patterns},
)


def mentions(doc: "Doc") -> list[tuple[Diagnosis, "Span"]]:
    """Every diagnosis mention in a Doc of normalised text, longest first where they overlap."""
    return [(BY_CANONICAL[span.label_], span) for span in nlp.longest(_LEXICON.matches(doc))]


def find(text: str) -> tuple[Diagnosis, int, int] | None:
    """The first diagnosis mentioned in free text, with its character span in `text`.

    Negation is not considered here ("no MDS" finds MDS); prescreen.reading.extract reads the scope.
    """
    clean, where = nlp.normalise_mapped(text)
    found = mentions(nlp.make_doc(clean))
    if not found:
        return None
    diagnosis, span = found[0]
    return diagnosis, where[span.start_char], where[span.end_char - 1] + 1


_ABBREVIATIONS = {a.upper(): BY_CANONICAL[e.canonical] for e in _ENTRIES for a in e.abbreviations}


def classify(text: str) -> Diagnosis | None:
    """What a stated diagnosis is, or None when nothing is recognised.

    A whole value that is just an abbreviation counts in any case ("aml" in a form field),
    unlike an abbreviation inside prose. Every canonical name classifies as itself.
    """
    text = str(text).strip()
    if not text:
        return None
    whole = nlp.normalise(text).strip(" .").upper()
    if whole in _ABBREVIATIONS:
        return _ABBREVIATIONS[whole]
    found = find(text)
    return found[0] if found else None


# Abbreviations that in lower case are still no ordinary word, unit or chemical: "aml 55f plt
# 25k" names AML as surely as "AML 55F". Left out: "all", "mm", "et", "pv", "hl" (words and
# units), "m0"-"m7" (m2 is an area), "hcl" (hydrochloric acid).
_NOT_LOWER = {"ALL", "MM", "ET", "PV", "HL", "HCL", *(f"M{i}" for i in range(8))}
_LOWER_SAFE = sorted({a for e in _ENTRIES for a in e.abbreviations if a.isascii() and a.upper() not in _NOT_LOWER},
                     key=len, reverse=True)
_LOWER_ABBREVIATION = re.compile(
    r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(a) for a in _LOWER_SAFE) + r")(?![A-Za-z0-9])", re.IGNORECASE)


def capitalise_abbreviations(text: str) -> str:
    """`text` with the abbreviations that are unambiguous in any case written in capitals, so that
    the readers, which count abbreviations in capitals only, read them. Same length, same offsets."""
    return _LOWER_ABBREVIATION.sub(lambda m: m.group(0).upper(), text)
