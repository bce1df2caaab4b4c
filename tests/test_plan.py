"""What the form asks next (actions/plan.py): only what can still change the decision."""
from __future__ import annotations

import pytest

from actions.plan import CHECKLIST, CONFIRM, EXCLUSION_FACTS, checklist_items, still_to_ask

INCLUSIONS_MET = {
    "age": 62, "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 32,
    "thrombocytopenia_due_to_treatment": True, "ecog": 1,
}


def test_a_new_screening_starts_with_age_and_ends_with_the_summary():
    ask = still_to_ask({})
    assert ask[0] == "age" and ask[-1] == CONFIRM
    assert ask.index(CHECKLIST) < ask.index("pregnant_or_breastfeeding")
    assert "sex" not in ask and "unknown_facts" not in ask


def test_no_contraception_question_without_childbearing_potential():
    ask = still_to_ask({**INCLUSIONS_MET, "childbearing_potential": False})
    assert "contraception_agreed" not in ask
    assert "pregnant_or_breastfeeding" not in ask
    assert "contraception_agreed" in still_to_ask({**INCLUSIONS_MET, "childbearing_potential": True})


def test_men_are_not_asked_about_pregnancy():
    items = [k for _, k in checklist_items({**INCLUSIONS_MET, "sex": "M"})]
    assert "pregnant_or_breastfeeding" not in items and "hiv" in items


def test_checklist_numbers_are_the_criteria_e_numbers():
    items = dict(checklist_items({**INCLUSIONS_MET, "sex": "F"}))
    assert items[3] == "other_hematologic_disorder" and items[8] == "hiv" and items[13] == "refuses_romiplostim"
    assert len(EXCLUSION_FACTS) == 13


def test_a_failed_criterion_ends_the_questions():
    assert still_to_ask({"platelet_count": 52}) == [CONFIRM]
    assert still_to_ask({"age": 17}) == [CONFIRM]
    assert still_to_ask({"diagnosis": "lymphoma"}) == [CONFIRM]


def test_answers_of_not_known_are_not_asked_again():
    ask = still_to_ask({}, unknown=["age", "ecog"])
    assert ask[0] == "diagnosis" and "ecog" not in ask


def test_after_the_checklist_only_what_it_left_open_is_asked_item_by_item():
    facts = {**INCLUSIONS_MET, "childbearing_potential": False, **{k: False for k in EXCLUSION_FACTS}, "hiv": None}
    assert still_to_ask(facts, checklist="answered") == ["hiv", "willing_to_consent", CONFIRM]
    assert still_to_ask(facts)[0] == CHECKLIST


def test_a_complete_eligible_patient_only_needs_confirming():
    facts = {**INCLUSIONS_MET, "childbearing_potential": False, "willing_to_consent": True,
             **{k: False for k in EXCLUSION_FACTS}}
    assert still_to_ask(facts, checklist="answered") == [CONFIRM]


@pytest.mark.parametrize("settled", [
    {"sex": "F", "childbearing_potential": False},  # post-menopausal, sterilised, hysterectomy
    {"sex": "F", "contraception_agreed": True},  # the contraception criterion is met whatever the answer
    {"sex": "M", "contraception_agreed": True},
])
def test_childbearing_potential_is_not_asked_when_the_facts_settle_it(settled):
    assert "childbearing_potential" not in still_to_ask({**INCLUSIONS_MET, **settled})


def test_childbearing_potential_is_asked_of_a_man_when_nothing_settles_it():
    assert still_to_ask({**INCLUSIONS_MET, "sex": "M"})[0] == "childbearing_potential"
