"""Value parsers shared by the eligibility checker (JSON/CSV input) and the dialogue.

One grammar for numbers and units (digits, English number words, Chinese numerals, k and 万),
written as regular expressions over normalised text (prescreen.nlp.normalise), so English and
Chinese go through the same code. Impossible values are refused with InvalidValue, never
clamped: a platelet count of 5000×10⁹/L is a typo, not "very high".
"""
from __future__ import annotations

import math
import re
from prescreen.nlp import normalise


class InvalidValue(ValueError):
    """A value that cannot be a fact. `code` is 'out_of_range' or 'unreadable'."""

    def __init__(self, field: str, code: str, value: object, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.value = value
        self.message = message

    def __str__(self) -> str:
        return self.message


PLATELET_MAX = 2000  # ×10⁹/L; far above any real count, so only typos are refused
AGE_MAX = 120
ECOG_MAX = 4

# ---- numbers -----------------------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
EN_NUMBER = rf"\b(?:{_WORD})(?:(?:[\s-]+(?:and[\s-]+)?)(?:{_WORD}))*\b"
ZH_NUMBER = r"[零〇一二两三四五六七八九十百千]+"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUMBER = rf"(?:{DIGITS}|{ZH_NUMBER}|{EN_NUMBER})"
# A multiplier after the number: 41k, 3.2万, 32 thousand.
MULTIPLIER = r"(?:[kK](?![a-zA-Z])|千|万|\s*thousand\b)"
_MULTIPLIERS = {"k": 1_000, "千": 1_000, "万": 10_000, "thousand": 1_000}

_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ZH_SCALES = {"十": 10, "百": 100, "千": 1000}


def _zh_value(text: str) -> int | None:
    total, digit = 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _ZH_SCALES[ch]
            digit = None
    return total + (digit or 0) if text else None


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
    """The value of one NUMBER match (digits, English words or Chinese numerals)."""
    text = text.strip()
    if re.fullmatch(DIGITS, text):
        return float(text.replace(",", ""))
    if re.fullmatch(ZH_NUMBER, text):
        return float(_zh_value(text) or 0)
    return float(_en_value(text))


_NUMBER_WITH_MULTIPLIER = re.compile(rf"(?P<num>{NUMBER})\s*(?P<mult>{MULTIPLIER})?", re.IGNORECASE)


def _multiplier(token: str | None) -> int:
    return _MULTIPLIERS[token.strip().lower()] if token else 1


def parse_number(text: str) -> float | None:
    """The first number in `text`: '32,000', 'thirty-two', '六十二', '3.2万' (32000), '41k'."""
    match = _NUMBER_WITH_MULTIPLIER.search(normalise(str(text)))
    if match is None:
        return None
    return number_value(match["num"]) * _multiplier(match["mult"])


def _as_number(value: object) -> float | None:
    """An int or float given directly (not bool, which is an int in Python), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


# ---- platelets ---------------------------------------------------------------------------

PLATELET_EXAMPLES = "e.g. 32, 32k, 32,000/µL, 3.2万"
# ×10⁹/L and the units equal to it, then counts per microlitre.
_PER_LITRE_E9 = r"(?:x\s*)?10\s*(?:\^|\*|e)?\s*9(?:\s*(?:/|per)\s*l(?:it(?:re|er))?)?|g\s*/\s*l|(?:x\s*)?10\s*(?:\^|\*|e)?\s*3\s*/\s*(?:ul|mm\s*\^?\s*3)"
_PER_MICROLITRE = r"(?:cells?\s*)?(?:/|per\s*)\s*(?:ul|mcl|microlit(?:re|er)|mm\s*\^?\s*3|cmm|cubic\s+mm)"
PLATELET_QUANTITY = (
    rf"(?P<sign>-\s*)?(?P<num>{NUMBER})\s*(?P<mult>{MULTIPLIER})?\s*"
    rf"(?:(?P<e9>{_PER_LITRE_E9})|(?P<ul>{_PER_MICROLITRE}))?(?![a-z0-9])"
)
_PLATELET_RE = re.compile(PLATELET_QUANTITY, re.IGNORECASE)
_PLATELET_LABEL = re.compile(
    r"^\s*(?:platelets?(?:\s+count)?|plts?(?:\s+count)?|血小板(?:计数)?)\s*(?:[:=]|is|are|of)?\s*", re.IGNORECASE
)


def platelets_from_match(match: re.Match) -> float:
    """×10⁹/L from a PLATELET_QUANTITY match (range not checked)."""
    count = number_value(match["num"]) * _multiplier(match["mult"])
    if match["sign"]:
        count = -count
    if match["e9"]:
        value = count
    elif match["ul"] or match["mult"]:
        value = count / 1000  # a count per µL; "41k" and "3.2万" are per µL too
    else:
        value = bare_platelets(count)
    return value


def bare_platelets(count: float) -> float:
    """A count without a unit: ≥ 1000 can only be per µL (32000 -> 32×10⁹/L)."""
    return count / 1000 if abs(count) >= 1000 else count


def check_platelets(value: float, given: object) -> float:
    if not 0 < value <= PLATELET_MAX:
        raise InvalidValue(
            "platelet_count", "out_of_range", given,
            f"Platelet count {value:g}×10⁹/L is not possible: give a value above 0 and up to "
            f"{PLATELET_MAX}×10⁹/L ({PLATELET_EXAMPLES}).",
        )
    return value


def _platelets_unreadable(value: object) -> InvalidValue:
    return InvalidValue(
        "platelet_count", "unreadable", value,
        f"Platelet count {value!r} is not readable: give a value above 0 and up to "
        f"{PLATELET_MAX}×10⁹/L ({PLATELET_EXAMPLES}).",
    )


def parse_platelets(value: str | int | float) -> float:
    """A platelet count in ×10⁹/L from a number or a string with its unit.

    A number (as in JSON) and a bare number in text are read alike: in ×10⁹/L, except that
    1000 and above can only be a count per µL (32000 -> 32), so a registry export that gives
    counts per µL is not refused.
    """
    number = _as_number(value)
    if number is None:
        text = _PLATELET_LABEL.sub("", normalise(str(value))).strip().rstrip(".")
        match = None if isinstance(value, bool) else _PLATELET_RE.fullmatch(text)
        if match is None:
            raise _platelets_unreadable(value)
        return check_platelets(platelets_from_match(match), value)
    if math.isnan(number):
        raise _platelets_unreadable(value)
    return check_platelets(bare_platelets(number), value)


# ---- age and ECOG ------------------------------------------------------------------------

AGE_QUANTITY = (
    rf"(?P<sign>-\s*)?(?P<num>{NUMBER})\s*"
    r"(?:-?\s*(?:years?(?:[\s-]*old)?|yrs?(?:\s*old)?|y/o|y\.o\.?|yo|y)(?![a-z])|周?岁)?"
)
_AGE_RE = re.compile(AGE_QUANTITY, re.IGNORECASE)
_AGE_LABEL = re.compile(r"^\s*(?:age[ds]?|年龄)\s*(?:[:=]|is)?\s*", re.IGNORECASE)
_AGE_RANGE = f"give whole years between 0 and {AGE_MAX} (the trial takes 18–75)"


def check_age(number: float, given: object) -> int:
    if not math.isfinite(number) or number != int(number):
        raise InvalidValue("age", "unreadable", given, f"Age {given} is not whole years: {_AGE_RANGE}.")
    if not 0 <= number <= AGE_MAX:
        raise InvalidValue("age", "out_of_range", given, f"Age {number:g} is not possible: {_AGE_RANGE}.")
    return int(number)


def age_from_match(match: re.Match) -> float:
    number = number_value(match["num"])
    return -number if match["sign"] else number


def parse_age(value: str | int | float) -> int:
    """Whole years, 0–120: 62, '62', '62y', '62 yo', '62岁', '六十二岁', 'age 62'."""
    number = _as_number(value)
    if number is None:
        match = _AGE_RE.fullmatch(_AGE_LABEL.sub("", normalise(str(value))).strip().rstrip("."))
        if isinstance(value, bool) or match is None:
            raise InvalidValue("age", "unreadable", value, f"Age {value!r} is not readable: {_AGE_RANGE}.")
        number = age_from_match(match)
    return check_age(number, value)


ECOG_QUANTITY = rf"(?P<sign>-\s*)?(?P<num>{NUMBER})\s*分?(?!\d|\.\d)"
_ECOG_RE = re.compile(ECOG_QUANTITY, re.IGNORECASE)
_ECOG_LABEL = re.compile(
    r"^\s*(?:ecog(?:\s*(?:ps|performance\s+status|评分))?|ps|performance\s+status|体能状态(?:评分)?)\s*[:=]?\s*",
    re.IGNORECASE,
)
_ECOG_RANGE = f"give a performance status from 0 to {ECOG_MAX} (e.g. ECOG 1)"


def check_ecog(number: float, given: object) -> int:
    if not math.isfinite(number) or number != int(number):
        raise InvalidValue("ecog", "unreadable", given, f"ECOG {given} is not a whole score: {_ECOG_RANGE}.")
    if not 0 <= number <= ECOG_MAX:
        raise InvalidValue("ecog", "out_of_range", given, f"ECOG {number:g} is not possible: {_ECOG_RANGE}.")
    return int(number)


def ecog_from_match(match: re.Match) -> float:
    number = number_value(match["num"])
    return -number if match["sign"] else number


def parse_ecog(value: str | int) -> int:
    """ECOG performance status 0–4: 1, '1', 'ECOG 1', 'PS 2', 'performance status 0'."""
    number = _as_number(value)
    if number is None:
        match = _ECOG_RE.fullmatch(_ECOG_LABEL.sub("", normalise(str(value))).strip().rstrip("."))
        if isinstance(value, bool) or match is None:
            raise InvalidValue("ecog", "unreadable", value, f"ECOG {value!r} is not readable: {_ECOG_RANGE}.")
        number = ecog_from_match(match)
    return check_ecog(number, value)


# ---- yes / no ----------------------------------------------------------------------------

# One table of answer words, also used by the dialogue (prescreen.extract) for bare answers.
YES_WORDS = (
    "yes", "y", "yeah", "yea", "yep", "yup", "ya", "true", "t", "1", "positive", "pos", "correct",
    "right", "affirmative", "sure", "of course", "definitely", "i think so",
    "是", "是的", "有", "有的", "对", "对的", "嗯", "阳性", "确定", "肯定",
    "会", "可能", "愿意", "同意", "可以", "好", "好的", "行",
)
NO_WORDS = (
    "no", "n", "nope", "nah", "neg", "negative", "false", "f", "0", "none", "nil", "never", "not",
    "nothing", "i don't think so", "definitely not", "absolutely not",
    "否", "不是", "没有", "无", "没", "不", "阴性", "从来没有", "从未", "都没有",
    "不会", "不可能", "不可能了", "不会了", "不能", "不要", "不愿意", "不同意",
)
UNSURE_WORDS = (
    "unknown", "not known", "not sure", "unsure", "uncertain", "don't know", "dont know",
    "do not know", "no idea", "idk", "dunno", "never tested", "not tested", "never checked",
    "not checked", "not done", "n/a", "na", "?",
    "不清楚", "不知道", "没查过", "没查", "未查", "没测过", "不确定", "未知", "不详", "待查",
)
_BOOL_TABLE: dict[str, bool | None] = (
    {w: True for w in YES_WORDS} | {w: False for w in NO_WORDS} | {w: None for w in UNSURE_WORDS} | {"": None}
)


def parse_bool(value: str | bool | None) -> bool | None:
    """True/False from yes/no words (English and Chinese); None when it is not known."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = re.sub(r"\s+", " ", normalise(str(value))).strip().strip(".!。").strip().lower()
    if key in _BOOL_TABLE:
        return _BOOL_TABLE[key]
    raise InvalidValue("boolean", "unreadable", value, f"{value!r} is not yes, no or unknown.")


# ---- durations ---------------------------------------------------------------------------

_DAYS_PER_UNIT: dict[str, float] = {
    "day": 1, "d": 1, "天": 1, "日": 1,
    "week": 7, "wk": 7, "w": 7, "周": 7, "星期": 7, "礼拜": 7,
    "month": 30, "mo": 30, "mth": 30, "月": 30,
    "year": 365, "yr": 365, "y": 365, "年": 365,
}
_FEW = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3, "半": 0.5}
_DURATION_RE = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<num>{NUMBER}|a\s+couple\s+of|couple\s+of|a\s+few|few|several|an?|半)\s*个?\s*(?P<half>半)?\s*"
    r"(?P<unit>days?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?|y|天|日|周|星期|礼拜|月|年)(?![a-z])",
    re.IGNORECASE,
)
_RELATIVE_DAYS: dict[str, float] = {
    "today": 0, "this week": 0, "yesterday": 1, "day before yesterday": 2, "last week": 7,
    "last month": 30, "last year": 365,
    "今天": 0, "本周": 0, "这周": 0, "昨天": 1, "前天": 2, "上周": 7, "上个星期": 7, "上星期": 7,
    "上个月": 30, "上月": 30, "去年": 365,
}
_RELATIVE_RE = re.compile(
    r"\b(?:day before yesterday|yesterday|today|this week|last (?:week|month|year))\b|"
    + "|".join(sorted((k for k in _RELATIVE_DAYS if not k.isascii()), key=len, reverse=True)),
    re.IGNORECASE,
)


def _unit_days(unit: str) -> float:
    unit = unit.lower()
    return _DAYS_PER_UNIT.get(unit) or _DAYS_PER_UNIT[unit.rstrip("s")]


def find_duration(text: str) -> tuple[float, int, int] | None:
    """(days, start, end) of the first duration in normalised `text`."""
    found: list[tuple[int, int, float]] = []
    match = _DURATION_RE.search(text)
    if match:
        word = re.sub(r"\s+", " ", match["num"].lower())
        count = _FEW[word] if word in _FEW else number_value(word)
        if match["half"]:
            count += 0.5
        found.append((match.start(), match.end(), count * _unit_days(match["unit"])))
    relative = _RELATIVE_RE.search(text)
    if relative:
        found.append((relative.start(), relative.end(), _RELATIVE_DAYS[relative.group().lower()]))
    if not found:
        return None
    start, end, days = min(found)
    return days, start, end


def parse_duration_days(text: str) -> float | None:
    """Days in the first duration: 'three weeks ago' 21, '2 months ago' 60, '三周前' 21."""
    found = find_duration(normalise(str(text)))
    return found[0] if found else None

