"""Value parsers shared by the eligibility checker (JSON/CSV input) and the dialogue.

Numbers and units (digits, English number words, Chinese numerals, k and 万, ×10⁹/L, G/L, /µL...)
are found by spaCy Matcher patterns over normalised text (prescreen.reading.nlp.normalise), one grammar
for English and Chinese: see prescreen.reading.quantities. This module turns those readings into checked
values. Impossible values are refused with InvalidValue, never clamped: a platelet count of
5000×10⁹/L is a typo, not "very high". A plain number ('32', '-5', '62.5') is read like a JSON
number, without loading spaCy, so the checker stays fast.
"""
from __future__ import annotations

import math
import re

from prescreen.reading import lexicon as lx
from prescreen.reading import quantities
from prescreen.reading.nlp import normalise
from prescreen.reading.quantities import DIGITS, EN_NUMBER, ZH_NUMBER, Quantity, number_value  # noqa: F401 (re-exported)


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

_PLAIN = re.compile(r"\s*(-?[0-9]+(?:\.[0-9]+)?)\s*\.*\s*")


def parse_number(text: str) -> float | None:
    """The first number in `text`: '32,000', 'thirty-two', '六十二', '3.2万' (32000), '41k'."""
    found = quantities.first_number(normalise(str(text)))
    return None if found is None else found.value


def _as_number(value: object) -> float | None:
    """An int or float given directly (not bool, which is an int in Python), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _plain_number(text: str) -> float | None:
    """A string that is only a number ('32', '-5', '62.5', ' 45. '), read like a JSON number."""
    match = _PLAIN.fullmatch(text)
    return float(match[1]) if match else None


def _read_text(value: object, kind: str) -> float | Quantity | None:
    """A string value: a plain number, the quantity that is the whole text, or None."""
    if isinstance(value, bool):
        return None
    text = normalise(str(value))
    plain = _plain_number(text)
    return plain if plain is not None else quantities.whole(text, kind)


# ---- platelets ---------------------------------------------------------------------------

PLATELET_EXAMPLES = "e.g. 32, 32k, 32,000/µL, 3.2万"


_SCALE = {"e10": 10, "e12": 1000}  # ×10⁴/µL and ×10¹²/L, in ×10⁹/L


def platelets_from_match(found: Quantity) -> float:
    """×10⁹/L from a platelets reading of prescreen.reading.quantities (range not checked)."""
    if found.unit == "e9":
        return found.value
    if found.unit in _SCALE:
        return found.value * _SCALE[found.unit]
    if found.unit == "ul" or found.multiplied:
        return found.value / 1000  # a count per µL; "41k" and "3.2万" are per µL too
    return bare_platelets(found.value)


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
        found = _read_text(value, "platelets")
        if found is None:
            raise _platelets_unreadable(value)
        if isinstance(found, Quantity):
            return check_platelets(platelets_from_match(found), value)
        number = found
    if math.isnan(number):
        raise _platelets_unreadable(value)
    return check_platelets(bare_platelets(number), value)


# ---- age and ECOG ------------------------------------------------------------------------

_AGE_RANGE = f"give whole years between 0 and {AGE_MAX} (the trial takes 18–75)"


def check_age(number: float, given: object) -> int:
    if not math.isfinite(number) or number != int(number):
        raise InvalidValue("age", "unreadable", given, f"Age {given} is not whole years: {_AGE_RANGE}.")
    if not 0 <= number <= AGE_MAX:
        raise InvalidValue("age", "out_of_range", given, f"Age {number:g} is not possible: {_AGE_RANGE}.")
    return int(number)


def age_from_match(found: Quantity) -> float:
    """Years from an age (or age_sex) reading of prescreen.reading.quantities (range not checked)."""
    return found.value


def parse_age(value: str | int | float) -> int:
    """Whole years, 0–120: 62, '62', '62y', '62 yo', '62岁', '六十二岁', 'age 62'."""
    number = _as_number(value)
    if number is None:
        found = _read_text(value, "age")
        if found is None:
            raise InvalidValue("age", "unreadable", value, f"Age {value!r} is not readable: {_AGE_RANGE}.")
        number = age_from_match(found) if isinstance(found, Quantity) else found
    return check_age(number, value)


_ECOG_RANGE = f"give a performance status from 0 to {ECOG_MAX} (e.g. ECOG 1)"


def check_ecog(number: float, given: object) -> int:
    if not math.isfinite(number) or number != int(number):
        raise InvalidValue("ecog", "unreadable", given, f"ECOG {given} is not a whole score: {_ECOG_RANGE}.")
    if not 0 <= number <= ECOG_MAX:
        raise InvalidValue("ecog", "out_of_range", given, f"ECOG {number:g} is not possible: {_ECOG_RANGE}.")
    return int(number)


def ecog_from_match(found: Quantity) -> float:
    """The score from an ECOG reading of prescreen.reading.quantities (range not checked)."""
    return found.value


def parse_ecog(value: str | int) -> int:
    """ECOG performance status 0–4: 1, '1', 'ECOG 1', 'PS 2', 'performance status 0', '体能评分1分'."""
    number = _as_number(value)
    if number is None:
        found = _read_text(value, "ecog")
        if found is None:
            raise InvalidValue("ecog", "unreadable", value, f"ECOG {value!r} is not readable: {_ECOG_RANGE}.")
        number = ecog_from_match(found) if isinstance(found, Quantity) else found
    return check_ecog(number, value)


# ---- yes / no ----------------------------------------------------------------------------

# The answer words (prescreen.reading.lexicon), also read by the dialogue (prescreen.reading.extract).
YES_WORDS, NO_WORDS, UNSURE_WORDS = lx.YES_WORDS, lx.NO_WORDS, lx.UNSURE_WORDS
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

def find_duration(text: str) -> tuple[float, int, int] | None:
    """(days, start, end) of the first duration in normalised `text`."""
    found = quantities.first_duration(text)
    return None if found is None else (found.value, found.start, found.end)


def parse_duration_days(text: str) -> float | None:
    """Days in the first duration: 'three weeks ago' 21, '2 months ago' 60, '三周前' 21."""
    found = find_duration(normalise(str(text)))
    return found[0] if found else None
