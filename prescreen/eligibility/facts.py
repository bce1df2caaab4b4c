"""The fact keys of a screening (CONTRACT.md) and their normalisation.

Every key may be missing or None (not known). `normalize` turns what a person or a file
gives (numbers, strings with units, "yes"/"no") into the one form the criteria read, and
refuses impossible values with a message that names the field.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from prescreen.reading.parsing import InvalidValue, parse_age, parse_bool, parse_ecog, parse_platelets

BOOLEAN_FACTS = (
    "diagnosis_confirmed",
    "thrombocytopenia_due_to_treatment",
    "childbearing_potential",
    "contraception_agreed",
    "willing_to_consent",
    "pregnant_or_breastfeeding",
    "romiplostim_hypersensitivity",
    "other_hematologic_disorder",
    "other_thrombocytopenia_cause_6mo",
    "thrombosis_history",
    "severe_bleeding_2wk",
    "tpo_agent_1mo",
    "hiv",
    "chronic_hepatitis",
    "severe_comorbidity",
    "other_trial_28d",
    "cognitive_psychiatric",
    "refuses_romiplostim",
)

# `sex` extends the contract: it lets E1 be settled for men without asking.
FACT_KEYS = ("age", "sex", "diagnosis", "platelet_count", "ecog") + BOOLEAN_FACTS


def _parse_sex(value: Any) -> str:
    text = str(value).strip().lower()
    if text in {"m", "male", "man", "男", "男性"}:
        return "M"
    if text in {"f", "female", "woman", "女", "女性"}:
        return "F"
    raise InvalidValue("sex", "unreadable", value, f"sex {value!r} not understood: give M or F.")


def _parse_diagnosis(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise InvalidValue("diagnosis", "unreadable", value, "diagnosis is empty: give a diagnosis such as AML.")
    return text


def _parse_boolean(key: str) -> Callable[[Any], bool | None]:
    def parse(value: Any) -> bool | None:
        try:
            return parse_bool(value)
        except InvalidValue as e:
            raise InvalidValue(key, e.code, value, f"{key}: {value!r} is not yes, no or unknown.") from None

    return parse


PARSERS: dict[str, Callable[[Any], Any]] = {
    "age": parse_age,
    "sex": _parse_sex,
    "diagnosis": _parse_diagnosis,
    "platelet_count": parse_platelets,
    "ecog": parse_ecog,
    **{key: _parse_boolean(key) for key in BOOLEAN_FACTS},
}


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in {"", "null", "none", "unknown"})


def normalize(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Return every fact key with a normalised value or None.

    Raises InvalidValue (with `.field`) for an unknown key or an impossible value: a typo in
    a key must not silently turn into "not known".
    """
    unknown_keys = sorted(set(facts) - set(FACT_KEYS))
    if unknown_keys:
        key = unknown_keys[0]
        raise InvalidValue(key, "unknown_key", facts[key], f"unknown fact key {key!r}; known keys: {', '.join(FACT_KEYS)}")
    out: dict[str, Any] = {}
    for key in FACT_KEYS:
        value = facts.get(key)
        if isinstance(value, bool) and key not in BOOLEAN_FACTS:
            raise InvalidValue(key, "unreadable", value, f"{key}: {value!r} is not a valid value.")
        out[key] = None if _is_blank(value) else PARSERS[key](value)
    return out
