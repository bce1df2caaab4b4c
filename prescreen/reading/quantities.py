"""Quantities in text, found by a spaCy Matcher: platelet counts with their units, ages, ECOG
scores and durations, in English and Chinese alike.

A message's quantities are read once, by the "prescreen_quantities" component of the language
pipelines (prescreen.reading.nlp), into Doc._.quantities; `find(doc, kind)` and
`first_duration_in(doc, start, end)` (the duration of a clause or a sentence) are views of
that reading. A value given on its own (the checker's "32k", "62岁") is read from its text.

The grammar cuts normalised text (prescreen.reading.nlp.normalise) into the pieces a quantity
is made of, the same way for either script; these are finer than the language pipeline's tokens
("41k", "x10^9/L", jieba's "个月" and "六十二岁" are one token there), and cutting the language
Doc itself would change how every term and ConText modifier is matched:

* a number is one piece, whatever its script: "32,000", "3.2", ".5", "thirty-two",
  "one hundred and five", "六十二";
* letters are split from digits ("41k" -> 41 k, "10d" -> 10 d, "x10^9/L" -> x 10 ^ 9 / L);
* every Chinese character and every punctuation mark is a piece of its own;
* whitespace separates pieces without being one (character offsets are kept).

The Matcher's token patterns (built once, on first use) then find every reading: a number with
its multiplier and unit, an age with its unit and sex, a duration, the label before a value.
Callers choose among the readings (prescreen.reading.parsing for a whole value, prescreen.reading.extract for a
message). spaCy is imported on first use only: the checker reads plain numbers without it.
"""
from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple, Union, cast

from prescreen.reading import dates
from prescreen.reading import lexicon as lx

if TYPE_CHECKING:
    from datetime import date

    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# ---- numbers -----------------------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate(lx.EN_NUMBER_UNITS.split())}
_TENS = {w: 10 * i for i, w in enumerate(lx.EN_NUMBER_TENS.split(), start=2)}
_SCALES = lx.EN_NUMBER_SCALES
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
EN_NUMBER = rf"\b(?:{_WORD})(?:(?:[\s-]+(?:and[\s-]+)?)(?:{_WORD}))*\b"
ZH_NUMBER = r"[零〇一二两三四五六七八九十百千]+"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
MULTIPLIERS = lx.MULTIPLIERS  # 41k, 3.2万, 32 thousand

_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ZH_SCALES = {"十": 10, "百": 100, "千": 1000}


def _zh_value(text: str) -> int:
    total, digit = 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _ZH_SCALES[ch]
            digit = None
    return total + (digit or 0)


def _en_value(text: str) -> int:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
    return total + current


def number_value(text: str) -> float:
    """The value of one number token (digits, English words or Chinese numerals)."""
    text = text.strip()
    if re.fullmatch(DIGITS, text):
        return float(text.replace(",", ""))
    if re.fullmatch(ZH_NUMBER, text):
        return float(_zh_value(text))
    return float(_en_value(text))


# ---- the tokenizer -----------------------------------------------------------------------

_CJK = lx.CJK_RANGES
_CJK_CHARACTER = re.compile(f"[{_CJK}]")
# EN_NUMBER's word boundaries, where a Chinese character counts as a boundary too ("血小板sixty").
_BOUNDARY = rf"(?:(?<![^\W{_CJK}])(?=\w)|(?<=\w)(?![^\W{_CJK}]))"
_EN_PIECE = EN_NUMBER.replace(r"\b", _BOUNDARY)
# A Chinese numeral is a number only before a unit, a counter or a non-Chinese character:
# the 一 of 一直 ("all along") or 一样 is part of a word.
_ZH_NUMBER_ENDS = rf"(?=[岁万千个周天月年分点多几余来半星礼日号次倍项期型级度左上%]|[^{_CJK}]|$)"
_PIECE = re.compile(
    rf"(?P<number>{DIGITS}|{ZH_NUMBER}{_ZH_NUMBER_ENDS}|(?i:{_EN_PIECE}))"  # a number, in any script: one token
    rf"|[{_CJK}]"  # one Chinese character
    rf"|(?:(?![{_CJK}])[^\W\d_])+"  # a run of letters
    r"|\S"  # any other character
)
_NUMBER_ATTR = "quantity_number"  # Token._.quantity_number: the token is a number


def pieces(text: str) -> list[re.Match]:
    """The pieces quantities are made of, in normalised text (see the module's docstring).

    Finer than the language pipeline's tokens ("41k", "x10^9/L", jieba's "个月" and "六十二岁"
    are one token there), so the grammar cuts the message's text once more into these."""
    return list(_PIECE.finditer(text))


def _pieces_doc(vocab, found: list[re.Match], length: int) -> "Doc":
    from spacy.tokens import Doc

    starts = [p.start() for p in found[1:]] + [length]
    doc = Doc(vocab, words=[p.group() for p in found], spaces=[p.end() < s for p, s in zip(found, starts)])
    for token, piece in zip(doc, found):
        if piece["number"]:
            token._.set(_NUMBER_ATTR, True)
    return doc


# ---- patterns ----------------------------------------------------------------------------
# Keys are "kind|unit|count". Kinds: platelets, age, ecog, age_sex, number (any number with its
# multiplier), duration (unit = days per unit, count = a fixed count or n for the number),
# relative ("last week": unit = days), after (a time, % or ×10 that follows a number, so the
# number is not a value of its own), label (unit = the value it labels; for a whole value).

NUM = {"_": {_NUMBER_ATTR: True}}
SIGN = {"ORTH": "-", "OP": "?"}
DASH = {"ORTH": "-", "OP": "?"}
MULT = {"LOWER": {"IN": list(MULTIPLIERS)}, "OP": "?"}
# "2万8", "两万五": spoken Chinese drops the 千 after 万; the one digit after it is thousands.
WAN_DIGIT = {"TEXT": {"REGEX": r"^[1-9一二两三四五六七八九]$"}}


def _is(*words: str, op: str | None = None) -> dict:
    token: dict = {"LOWER": {"IN": list(words)}} if len(words) > 1 else {"LOWER": words[0]}
    return token | ({"OP": op} if op else {})


def _words(text: str) -> list[dict]:
    """The tokens of a literal phrase, in any case: '10^9' -> 10 ^ 9, '星期' -> 星 期."""
    return [{"LOWER": piece.group().lower()} for piece in _PIECE.finditer(text)]


def _platelet_units() -> dict[str, list[list[dict]]]:
    x, power = _is("x", op="?"), _is("^", "*", "e", op="?")
    per = _is("/", "per")
    per_litre = [[], [per, _is("l", "litre", "liter")]]
    e9 = [[x, *ten, *litre] for ten in ([_is("10"), power, _is("9")], [_is("109")]) for litre in per_litre]
    e9 += [[x, *ten, _is("/"), *micro] for ten in ([_is("10"), power, _is("3")], [_is("103")])
           for micro in ([_is("ul")], [_is("mm"), _is("^", op="?"), _is("3")])]
    e9 += [_words("g/l")]
    cells = _is("cell", "cells", op="?")
    ul = [[cells, per, _is(*lx.PER_MICROLITRE)],
          [cells, per, _is("mm"), _is("^", op="?"), _is("3")],
          [cells, per, _is("cubic"), _is("mm")]]
    # ×10⁴/µL (2.1×10⁴/µL is 21×10⁹/L) and ×10¹²/L (0.041×10¹²/L is 41×10⁹/L)
    e10 = [[x, _is("10"), power, _is("4"), per, _is(*lx.PER_MICROLITRE)]]
    e12 = [[x, _is("10"), power, _is("12"), *litre] for litre in per_litre if litre]
    return {"e9": e9, "ul": ul, "e10": e10, "e12": e12}


_AGE_UNITS = [
    [DASH, _is("year", "years")], [DASH, _is("year", "years"), DASH, _is("old")],
    [DASH, _is("yr", "yrs"), _is("old", op="?")], [DASH, *_words("y/o")], [DASH, *_words("y.o"), _is(".", op="?")],
    [DASH, _is("yo", "y")], [_is("周", op="?"), _is("岁")],
]
# "62M", "62 yo male", "62-year-old woman", "58岁女性": an age with the patient's sex.
_AGE_DIGITS = {"TEXT": {"REGEX": r"^\d{1,3}$"}}
_AGE_ZH = {"TEXT": {"REGEX": r"^[零一二两三四五六七八九十百]+$"}}  # only before 岁
_SEX_OF = {w: sex for w, sex in lx.SEX_CODES.items() if w not in ("m", "f")}  # and M, F as written
_SEX = [[_is("male", "female", "man", "woman")], [{"ORTH": {"IN": ["M", "F"]}}], [_is("男", "女"), _is("性", op="?")]]
_AGE_SEX_UNITS = [
    [DASH, _is("year", "years"), DASH, _is("old")], [DASH, _is("yr", "yrs"), _is("old")], [DASH, *_words("y/o")],
    [DASH, *_words("y.o"), _is(".", op="?")], [DASH, _is("yo")],
]
_COMMA = {"ORTH": ",", "OP": "?"}
_SEX_OR_NOT: list[list[Any]] = [[]] + [[_COMMA, *s] for s in _SEX]  # after an age: nothing, or a sex

_DAYS_PER_UNIT, _FEW, _RELATIVE_DAYS = lx.DAYS_PER_UNIT, lx.FEW, lx.RELATIVE_DAYS
# After a number, these make it a time or another quantity, not the value asked for.
_NOT_A_VALUE = [
    [_is("day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo", "mos", "天", "周", "月", "%")],
    [_is("year", "years", "yr", "yrs"), _is("ago")], _words("个月"), _words("年前"),
    [_is("x"), {"TEXT": {"REGEX": r"^10"}}],
]
_LABELS = {
    "platelets": [[*_words(w), _is(":", "=", "is", "are", "of", op="?")] for w in lx.WHOLE_VALUE_LABELS["platelets"]],
    "age": [[*_words(w), _is(":", "=", "is", op="?")] for w in lx.WHOLE_VALUE_LABELS["age"]],
    "ecog": [[*_words(w), _is(":", "=", op="?")] for w in lx.WHOLE_VALUE_LABELS["ecog"]],
}


def _patterns() -> dict[str, list[list[dict]]]:
    units = _platelet_units()
    patterns: dict[str, list[list[Any]]] = {  # token patterns: lists of spaCy Matcher token dicts
        "platelets||": [[SIGN, NUM, MULT], [SIGN, NUM, _is("万"), WAN_DIGIT]],
        **{f"platelets|{unit}|": [[SIGN, NUM, MULT, *u] for u in found] for unit, found in units.items()},
        "age||": [[SIGN, NUM]] + [[SIGN, NUM, *u] for u in _AGE_UNITS],
        "ecog||": [[SIGN, NUM, _is("分", op="?")]],
        "number||": [[NUM, MULT], [NUM, _is("万"), WAN_DIGIT]],
        "age_sex||": (
            [[_AGE_DIGITS, {"ORTH": {"IN": ["M", "F"]}}]]
            + [[_AGE_DIGITS, *u, *sex] for u in _AGE_SEX_UNITS for sex in _SEX_OR_NOT]
            + [[_AGE_DIGITS, DASH, _is("yr", "yrs", "y"), _COMMA, *s] for s in _SEX]
            + [[age, _is("周", op="?"), _is("岁"), *sex] for age in (_AGE_DIGITS, _AGE_ZH) for sex in _SEX_OR_NOT]
        ),
        "after||": _NOT_A_VALUE,
    }
    counts = [("n", [NUM])] + [(f"{n:g}", _words(w)) for n, words in _FEW.items() for w in words]
    for days, words in _DAYS_PER_UNIT.items():
        for count, count_tokens in counts:
            patterns.setdefault(f"duration|{days}|{count}", []).extend(
                [*count_tokens, _is("个", op="?"), _is("半", op="?"), *_words(w)] for w in words)
    for days, denominator in lx.FRACTION_UNITS.items():  # "3/7", "2/52", "6/12" (not "02/12", a date)
        patterns.setdefault(f"duration|{days}|n", []).append(
            [{**NUM, "TEXT": {"REGEX": "^[1-9]"}}, _is("/"), {"ORTH": denominator}])
    for phrase, days in _RELATIVE_DAYS.items():
        patterns.setdefault(f"relative|{days}|", []).append(_words(phrase))
    for kind, labels in _LABELS.items():
        patterns[f"label|{kind}|"] = labels
    return patterns


_lock = threading.Lock()
_built: list[tuple["Vocab", "Matcher"]] = []


def _grammar() -> tuple["Vocab", "Matcher"]:
    """The Matcher of the patterns above over a language-neutral vocabulary (the pieces are the
    same in both scripts): built once per process. No pipeline of its own: the language
    pipelines run it as their "prescreen_quantities" component (see `annotate`)."""
    with _lock:
        if not _built:
            from prescreen.reading.nlp import import_spacy

            import_spacy()
            from spacy.lang.xx import MultiLanguage
            from spacy.matcher import Matcher
            from spacy.tokens import Token
            from spacy.vocab import create_vocab

            if not Token.has_extension(_NUMBER_ATTR):
                Token.set_extension(_NUMBER_ATTR, default=False)
            vocab = create_vocab("xx", MultiLanguage.Defaults)  # LOWER and the other lexeme attributes
            matcher = Matcher(vocab, validate=True)
            for key, patterns in _patterns().items():
                matcher.add(key, patterns)
            _built.append((vocab, matcher))
        return _built[0]


# ---- readings ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    """One reading of a quantity in the text."""

    kind: str  # platelets, age, ecog, age_sex, number, duration, relative
    start: int  # character offsets in the text read
    end: int
    text: str
    value: float  # the number, signed and times its multiplier (41k -> 41000); days for a duration
    multiplied: bool = False  # a multiplier was written (41k, 3.2万, 32 thousand)
    unit: str = ""  # platelets: 'e9' (×10⁹/L and equal units), 'e10' (×10⁴/µL), 'e12' (×10¹²/L), 'ul' (per µL) or '' (none)
    sex: str | None = None  # age_sex: 'M' or 'F' when written
    glued: bool = False  # a letter, digit, '.' or '^' right before it: part of something else
    then_not_a_value: bool = False  # a time, % or ×10 follows: the number is not a value of its kind
    # relative (a date): the days between the earliest and the latest day it can mean; `value`
    # is the days since the latest (prescreen.reading.dates)
    spread: float = 0.0
    tokens: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)


class Ago(NamedTuple):
    """How long ago something in a message was: days (since the latest day it can mean), where it
    was said (character offsets), and the days it may span before that (a date: "in October")."""

    days: float
    start: int
    end: int
    spread: float = 0.0

    def within(self, window_days: float) -> bool | None:
        """Inside the window, outside it, or None when the span it may mean crosses the window's edge."""
        if self.days > window_days:
            return False
        return True if self.days + self.spread <= window_days else None


@dataclass(frozen=True)
class _Reading:
    found: dict[str, tuple[Quantity, ...]]  # by kind: by start, longest first
    label_ends: dict[str, frozenset[int]]  # token ends of labels that open the text
    last: int  # the token count, without full stops at the end
    # Readings (of the kinds read in parts) left out of `found` only for what follows them: a
    # part of the text that ends right after one (a clause, see `first_duration_in`) keeps it.
    refused: dict[str, tuple[Quantity, ...]] = field(default_factory=dict)
    pieces: tuple[tuple[int, int], ...] = ()  # the character range of every piece
    text: str = ""  # the text read (Doc.text joins every token again on each use)


_GLUE_BEFORE = re.compile(r"[A-Za-z0-9.^]")  # "^": the 9 of 10^9 is no value of its own
# A reading of each kind is refused when followed by these (a longer reading may still hold).
_REFUSED_AFTER = {"platelets": re.compile(r"[a-z0-9]", re.IGNORECASE), "ecog": re.compile(r"\d|\.\d"),
                  "duration": re.compile(r"/\d")}  # "5/12/2025" is a date


_READ_IN_PARTS = {"duration", "relative"}  # kinds first_duration_in reads in a clause or sentence


@lru_cache(maxsize=512)
def _read(text: str) -> _Reading:
    vocab, matcher = _grammar()
    cut = pieces(text)
    doc = _pieces_doc(vocab, cut, len(text))
    offsets = [p.span() for p in cut]  # in `text`, whatever the whitespace
    matches = [(vocab.strings[key].split("|"), i, j) for key, i, j in matcher(doc)]
    followed = {i for (kind, _, _), i, _ in matches if kind == "after"}
    found: dict[str, set[Quantity]] = {}
    refused_for_what_follows: dict[str, set[Quantity]] = {}
    label_ends: dict[str, set[int]] = {}
    for (kind, unit, count), i, j in matches:
        if kind == "label":
            if i == 0:
                label_ends.setdefault(unit, set()).add(j)
            continue
        if kind == "after":
            continue
        start, end = offsets[i][0], offsets[j - 1][1]
        refused = _REFUSED_AFTER.get(kind)
        is_refused = refused is not None and bool(refused.match(text, end))
        if is_refused and kind not in _READ_IN_PARTS:
            continue
        span = doc[i:j]
        multiplied, sex = False, None
        if kind == "relative":
            value = float(unit)
        elif kind == "duration":
            n = number_value(span[0].text) if count == "n" else float(count)
            value = (n + 0.5 * any(t.text == "半" for t in span[1:])) * float(unit)
        else:
            negative = span[0].text == "-"
            at = 1 if negative else 0
            value = number_value(span[at].text)
            if kind in ("platelets", "number") and at + 1 < len(span) and span[at + 1].lower_ in MULTIPLIERS:
                value *= MULTIPLIERS[span[at + 1].lower_]
                multiplied = True
                if at + 2 < len(span):  # "2万8": glued to the 万, or it is no part of this number
                    if offsets[i + at + 2][0] != offsets[i + at + 1][1]:
                        continue
                    value += number_value(span[at + 2].text) * 1000
            value = -value if negative else value
            if kind == "age_sex":
                sex = next((t.text if t.text in ("M", "F") else _SEX_OF[t.lower_]
                            for t in span[1:] if t.text in ("M", "F") or t.lower_ in _SEX_OF), None)
        (refused_for_what_follows if is_refused else found).setdefault(kind, set()).add(Quantity(
            kind, start, end, text[start:end], value, multiplied, unit, sex,
            glued=start > 0 and bool(_GLUE_BEFORE.match(text, start - 1)), then_not_a_value=j in followed,
            tokens=(i, j),
        ))
    last = len(doc)
    while last and doc[last - 1].text == ".":
        last -= 1
    return _Reading(
        {kind: _in_order(qs) for kind, qs in found.items()},
        {kind: frozenset(ends) for kind, ends in label_ends.items()},
        last,
        {kind: _in_order(qs) for kind, qs in refused_for_what_follows.items()},
        tuple(offsets),
        text,
    )


def _in_order(found: Iterable[Quantity]) -> tuple[Quantity, ...]:
    return tuple(sorted(found, key=lambda q: (q.start, -q.end, q.value)))


# ---- the pipeline component ------------------------------------------------------------

COMPONENT = "prescreen_quantities"
EXTENSION = "quantities"  # Doc._.quantities: the message's reading (every kind, character offsets)
# Where the component keeps it: doc.user_data, read directly by the views (a value is looked up
# once per label, and spaCy's Underscore costs more than the lookup); Doc._.quantities reads it.
_KEY = "prescreen_quantities"


def annotate(doc: "Doc") -> "Doc":
    """The language pipelines' component: every quantity of the message, read once, on the Doc."""
    doc.user_data[_KEY] = _dated(doc.text, doc.lang_ == "zh", dates.today())
    return doc


@lru_cache(maxsize=512)
def _dated(text: str, chinese: bool, day: "date") -> _Reading:
    """The reading, with the dates of the text as how long ago they were ("relative", with the
    days they may span): what a clause's time is read from, as "last week" is."""
    reading = _read(text)
    found = dates.find(text, chinese, day)
    if not found:
        return reading
    dated = tuple(Quantity("relative", d.start, d.end, text[d.start:d.end], d.days, spread=d.spread) for d in found)
    # a date's pieces are no duration of their own: "11月28日" is no "11 months" nor "28 days"
    durations = tuple(q for q in reading.found.get("duration", ())
                      if not any(d.start < q.end and q.start < d.end for d in found))
    return replace(reading, found={**reading.found, "duration": durations,
                                   "relative": _in_order(reading.found.get("relative", ()) + dated)})


def register() -> None:
    """Registers the component with spaCy (once; spaCy is imported by then: see nlp.pipeline)."""
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, getter=lambda doc: doc.user_data.get(_KEY))
    if not Language.has_factory(COMPONENT):
        # spaCy types `func` as its Pipe class; a function of a Doc is what its docs register
        Language.component(COMPONENT, assigns=[f"doc._.{EXTENSION}"], func=cast(Any, annotate))


Text = Union[str, "Doc"]


def _reading(read: Text) -> _Reading:
    """The reading of normalised text, or the one a Doc's component made (read again only for
    a Doc made without the language pipeline's components)."""
    if isinstance(read, str):
        return _dated(read, bool(_CJK_CHARACTER.search(read)), dates.today())
    found = read.user_data.get(_KEY)
    return found if found is not None else _dated(read.text, read.lang_ == "zh", dates.today())


# ---- views ------------------------------------------------------------------------------

def find(read: Text, kind: str) -> tuple[Quantity, ...]:
    """Every reading of `kind` in normalised text (or a message's Doc), overlapping ones too: by
    start, longest first."""
    return _reading(read).found.get(kind, ())


def after(found: tuple[Quantity, ...], at: int) -> tuple[Quantity, ...]:
    """The readings (from `find`) that start at character `at` or later."""
    return found[bisect.bisect_left(found, at, key=lambda q: q.start):]


def leftmost(found: Iterable[Quantity]) -> list[Quantity]:
    """Readings that do not overlap, left to right, the longest at each start (as a scan would)."""
    chosen: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, -q.end)):
        if not chosen or q.start >= chosen[-1].end:
            chosen.append(q)
    return chosen


def whole(text: str, kind: str) -> Quantity | None:
    """The reading that is the whole of normalised `text`: an optional label ('PLT', 'age:',
    'ECOG', '血小板', '年龄'), the quantity, then nothing but full stops."""
    reading = _read(text)
    opens = reading.label_ends.get(kind, frozenset()) | {0}
    return next((q for q in reading.found.get(kind, ()) if q.tokens[0] in opens and q.tokens[1] == reading.last), None)


def first_number(text: str) -> Quantity | None:
    """The first number in normalised text, with its multiplier ('3.2万' 32000)."""
    found = find(text, "number")
    return found[0] if found else None


def first_duration(text: str) -> Quantity | None:
    """The first duration in normalised text: '3 weeks', '一个半月', 'a few days', 'last week', '昨天'."""
    return _first_duration(find(text, "duration"), find(text, "relative"), text)


# A duration that is how long something lasted, not how long ago: "a 5 day course", "x7d", "for 2
# weeks", "吃了俩月" (when another time in the part says when).
_LASTED_BEFORE = re.compile(r"(?:\bfor|\bx|×|用了|吃了|打了|服用了?|连用|共)\s*(?:(?:a|about|around|approx\.?|roughly|just)\s+)?$",
                            re.IGNORECASE)
_LASTED_AFTER = re.compile(r"[\s-]*(?:course|of treatment|treatment|regimen|的疗程)", re.IGNORECASE)


_UNTIL_BEFORE = re.compile(r"(?:\b(?:till|until|up to|to)|[-–~]|到|至)\s*(?:(?:about|around|approx\.?)\s+)?$", re.IGNORECASE)


def lasted(text: str, at: int, end: int) -> bool:
    """The duration at text[at:end] is how long something lasted ("a 5 day course", "x7d")."""
    return bool(_LASTED_BEFORE.search(text, max(0, at - 14), at) or _LASTED_AFTER.match(text, end))


def _first_duration(durations: Iterable[Quantity], relatives: Iterable[Quantity], text: str = "",
                    offset: int = 0) -> Quantity | None:
    numerics = [q for q in durations if not q.glued]
    relative = next(iter(relatives), None)
    if text:
        when = [q for q in numerics if not lasted(text, q.start + offset, q.end + offset)]
        if when or relative is not None:
            numerics = when  # "Doptelet 5 day course ..., 2 months ago": the 2 months
    if text:
        # "from 2 months ago till 3 weeks ago", "2个月前到3周前": use ended at the range's end
        ended = [q for q in numerics if _UNTIL_BEFORE.search(text, max(0, q.start + offset - 12), q.start + offset)]
        numerics = ended + [q for q in numerics if q not in ended]
    numeric = next(iter(numerics), None)
    found = [q for q in (numeric, relative) if q is not None]
    return min(found, key=lambda q: (q.start, q.end, q.value)) if found else None


# Characters whose neighbours change how the text is cut into pieces: the end of an English
# number word needs no letter or digit after it, a Chinese numeral a unit or a non-Chinese
# character, and the start of an English number word no letter or digit before it.
_LETTER_OR_DIGIT = re.compile(rf"[^\W{_CJK}]")
_WORD_CHARACTER = re.compile(r"\w")


def _cut_alike(reading: _Reading, text: str, start: int, end: int) -> bool:
    """True when text[start:end] read on its own is cut into the same pieces as it is inside
    the whole text: no piece crosses either end, and the characters around the ends do not
    change where the piece before them ends or the one after them starts."""
    if start > 0 and _LETTER_OR_DIGIT.match(text, start - 1) and _WORD_CHARACTER.match(text, start):
        return False
    if end < len(text) and _WORD_CHARACTER.match(text, end - 1) and _WORD_CHARACTER.match(text, end):
        return False
    at = bisect.bisect_right(reading.pieces, (start, len(text) + 1))  # pieces starting after `start`
    if at and reading.pieces[at - 1][0] < start < reading.pieces[at - 1][1]:
        return False
    at = bisect.bisect_left(reading.pieces, (end, -1))
    return not (at and reading.pieces[at - 1][0] < end < reading.pieces[at - 1][1])


def first_duration_in(doc: "Doc", start: int, end: int) -> Quantity | None:
    """`first_duration(doc.text[start:end])` (offsets in that part), from the message's reading:
    a clause or a sentence of the message is not read again. Readings inside the part are the
    same as the part's own when it is cut at the same places (`_cut_alike`); what lies outside
    the part counts for nothing: a reading refused only for what follows the part stands, and
    one at the part's start is not glued to what is before it."""
    reading = _reading(doc)
    text = reading.text
    if not _cut_alike(reading, text, start, end) or any(
            q.start < start < q.end or q.start < end < q.end for q in reading.found.get("relative", ())):
        # the part is cut otherwise on its own, or cuts a date ("12/2025" of "5/12/2025"): read it so
        return first_duration(text[start:end])

    def inside(kind: str) -> list[Quantity]:
        refused = _REFUSED_AFTER.get(kind)
        kept = [q for q in reading.found.get(kind, ()) if start <= q.start and q.end <= end]
        kept += [q for q in reading.refused.get(kind, ()) if start <= q.start and q.end <= end
                 and not (refused is not None and refused.match(text, q.end, end))]
        return [replace(q, start=q.start - start, end=q.end - start, glued=q.glued and q.start > start)
                for q in _in_order(kept)]

    return _first_duration(inside("duration"), inside("relative"), text, start)
