"""Texts built from facts and outcomes: the confirmation summary and the decision reply.
Plain Python, no Rasa."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from prescreen.checker import INELIGIBLE, NEEDS_REVIEW, Outcome
from prescreen.criteria import BY_ID

from actions.plan import EXCLUSION_FACTS


def _yn(value: Any, unknown: bool = False) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "not known" if unknown else "not asked"


def summary(facts: Mapping[str, Any], unknown: Iterable[str] = ()) -> str:
    unknown = set(unknown)

    def val(key: str, shown: Any) -> str:
        return str(shown) if facts.get(key) is not None else ("not known" if key in unknown else "not asked")

    sex = {"M": ", male", "F": ", female"}.get(facts.get("sex") or "", "")
    age = f"{facts['age']} y{sex}" if facts.get("age") is not None else val("age", None)
    dx = val("diagnosis", facts.get("diagnosis"))
    if facts.get("diagnosis") is not None:
        dx += {True: ", confirmed", False: ", NOT confirmed"}.get(facts.get("diagnosis_confirmed"), ", confirmation " + _yn(None, "diagnosis_confirmed" in unknown))
    plt = facts.get("platelet_count")
    platelets = f"{plt:g}×10⁹/L" if plt is not None else val("platelet_count", None)
    platelets += f"; caused by therapy: {_yn(facts.get('thrombocytopenia_due_to_treatment'), 'thrombocytopenia_due_to_treatment' in unknown)}"
    cbp = _yn(facts.get("childbearing_potential"), "childbearing_potential" in unknown)
    if facts.get("childbearing_potential") is not False:
        cbp += f"; contraception: {_yn(facts.get('contraception_agreed'), 'contraception_agreed' in unknown)}"

    present = [f"E{n} {BY_ID[f'E{n}'].short}" for n, k in enumerate(EXCLUSION_FACTS, 1) if facts.get(k) is True]
    open_ = [f"E{n} {BY_ID[f'E{n}'].short}" for n, k in enumerate(EXCLUSION_FACTS, 1) if k in unknown]
    exclusions = "; ".join(present) if present else "none reported"
    if open_:
        exclusions += " (not known: " + "; ".join(open_) + ")"

    return "\n".join([
        f"• Patient: {age}",
        f"• Diagnosis: {dx}",
        f"• Platelets: {platelets}",
        f"• ECOG: {val('ecog', facts.get('ecog'))}",
        f"• Childbearing potential: {cbp}",
        f"• Exclusions: {exclusions}",
        f"• Willing to consent: {_yn(facts.get('willing_to_consent'), 'willing_to_consent' in unknown)}",
    ])


def reasons(outcome: Outcome, ids: Iterable[str]) -> str:
    return "\n".join(f"• {r.id} {BY_ID[r.id].short}: {r.reason}" for r in outcome.reasons(list(ids)))


def decision_text(outcome: Outcome, reference: str) -> str:
    if outcome.decision == INELIGIBLE:
        head = "Not eligible for NCT06898983 on pre-screening:"
        body = reasons(outcome, outcome.failed)
        tail = f"Logged as {reference}. No follow-up is planned."
    elif outcome.decision == NEEDS_REVIEW:
        head = "Needs review: nothing rules the patient out, but these are not known yet:"
        body = reasons(outcome, outcome.unknown)
        tail = f"Logged as {reference}. The study coordinator will review it and may contact you."
    else:
        head = "Potentially eligible: every criterion I can check is met."
        body = "• I6 and E14 (expected benefit, suitability) are for the investigator at the screening visit."
        tail = f"Logged as {reference}. The study coordinator will contact you to arrange screening."
    return f"{head}\n{body}\n{tail}\nSay \"new patient\" to screen another."


_LABELS = {
    "diagnosis_confirmed": "diagnosis confirmed",
    "thrombocytopenia_due_to_treatment": "caused by therapy",
    "childbearing_potential": "childbearing potential",
    "contraception_agreed": "contraception",
    "willing_to_consent": "willing to consent",
    **{key: BY_ID[f"E{n}"].short for n, key in enumerate(EXCLUSION_FACTS, 1)},
}


def fact_phrase(key: str, value: Any) -> str:
    """One fact as a physician would jot it: "age 58", "PLT 32×10⁹/L", "HIV infection: no"."""
    if key == "age":
        return f"age {value}"
    if key == "sex":
        return {"M": "male", "F": "female"}.get(value, str(value))
    if key == "diagnosis":
        return str(value)
    if key == "platelet_count":
        return f"PLT {value:g}×10⁹/L"
    if key == "ecog":
        return f"ECOG {value}"
    return f"{_LABELS.get(key, key)}: {_yn(value)}"
