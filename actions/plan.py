"""What the screening form still needs to ask. Plain Python (no Rasa) so it is unit-tested
directly; the form's `required_slots` is a thin call into `still_to_ask`.

A fact is worth asking only while a criterion that reads it is still open: no contraception
question for a patient without childbearing potential, no childbearing question once the
contraception criterion is settled, and nothing more at all once a criterion has definitely
failed: then only the confirmation summary remains.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from prescreen.eligibility.checker import check
from prescreen.eligibility.criteria import BY_ID, UNKNOWN
from prescreen.eligibility.facts import FACT_KEYS

from prescreen.reading import CHECKLIST, CONFIRM  # the form's two questions that are not facts

FORM = "prescreen_form"  # the screening form (domain.yml forms)

# E-number order, so that "3 and 8" in the checklist means E3 and E8.
EXCLUSION_FACTS = tuple(BY_ID[f"E{n}"].facts[0] for n in range(1, 14))

QUESTION_ORDER = (
    "age", "diagnosis", "diagnosis_confirmed", "platelet_count", "thrombocytopenia_due_to_treatment",
    "ecog", "childbearing_potential", "contraception_agreed", *EXCLUSION_FACTS, "willing_to_consent",
)


def _open_facts(facts: Mapping[str, Any]) -> set[str]:
    outcome = check(facts)
    open_ = {key for r in outcome.criteria if r.status == UNKNOWN for key in BY_ID[r.id].facts}
    if "I5" not in outcome.unknown:
        # Childbearing potential is asked for the contraception criterion (I5). Once I5 is
        # settled (contraception agreed, or the words said post-menopausal, sterilised,
        # hysterectomy), the question would only surprise; E1 asks about pregnancy directly.
        open_.discard("childbearing_potential")
    return open_


def still_to_ask(facts: Mapping[str, Any], unknown: Iterable[str] = (), checklist: str | None = None) -> list[str]:
    """The slots still to request, in order; the form asks the first one.

    `facts` are slot values (None = not given), `unknown` the facts answered "not known",
    `checklist` the exclusion_checklist slot (None until the list has been shown).
    """
    if check(facts).failed:
        return [CONFIRM]
    unknown = set(unknown)
    open_facts = _open_facts(facts)
    ask = [k for k in QUESTION_ORDER if facts.get(k) is None and k not in unknown and k in open_facts]
    pending_exclusions = [k for k in ask if k in EXCLUSION_FACTS]
    if pending_exclusions and checklist is None:
        # One list first; whatever it leaves open is then asked item by item.
        at = ask.index(pending_exclusions[0])
        ask.insert(at, CHECKLIST)
    return ask + [CONFIRM]


def checklist_items(facts: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(E number, fact key) of the exclusions the checklist offers now."""
    unknown = set(unknown)
    open_facts = _open_facts(facts)
    return [
        (n, key) for n, key in enumerate(EXCLUSION_FACTS, start=1)
        if facts.get(key) is None and key not in unknown and key in open_facts
    ]


def facts_of(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The fact keys out of a tracker's slots."""
    return {k: slots.get(k) for k in FACT_KEYS}
