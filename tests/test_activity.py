"""Daily activity in words: the range everyday words leave, the one follow-up question that
tells those grades apart, and how its answer is read (actions/activity.py). The echo and the
summary a patient sees speak of activity, never of "ECOG" (actions/texts.py)."""
from __future__ import annotations

import pytest

from actions import activity, texts
from prescreen.eligibility.checker import check
from prescreen.reading.extract import extract_facts


@pytest.mark.parametrize("words, grades", [
    ("walks independently", (0, 2)),
    ("能自己走动", (0, 3)),  # walking by oneself fits limited self-care too (ECOG 3)
    ("can't do heavy work", (1, 4)),
    ("he can't work any more", (2, 4)),
    ("干不了活", (2, 4)),
    ("potters about the house", (0, 2)),
])
def test_words_that_leave_several_grades_give_the_range_and_no_grade(words, grades):
    found = extract_facts(words)
    assert "ecog" not in found.facts and "ecog" in found.unsure
    assert found.ecog_range == grades


@pytest.mark.parametrize("words", ["能自己走动，做点家务", "ECOG 1, walks independently", "ECOG 2", "light housework"])
def test_words_or_scores_that_decide_leave_no_range(words):
    assert extract_facts(words).ecog_range is None


def test_words_that_contradict_each_other_are_not_a_range():
    found = extract_facts("bedbound but walks independently")
    assert "ecog" in found.unsure and found.ecog_range is None


@pytest.mark.parametrize("lo, hi, lang, sex, says", [
    (1, 2, "en", "M", "Can he still do light work, such as housework or office work?"),
    (0, 1, "en", "F", "Is she as active as before the illness"),
    (2, 3, "en", None, "Is the patient up and about"),
    (1, 2, "zh", "F", "她现在还能做轻松的活吗"),
    (3, 4, "zh", None, "患者生活还能部分自理吗"),
])
def test_two_neighbouring_grades_get_one_yes_no_question_in_everyday_words(lo, hi, lang, sex, says):
    question = activity.followup_question(lo, hi, lang, sex)
    assert says in question and "ECOG" not in question and "score" not in question.lower()


def test_a_wider_range_lists_just_those_grades_in_words():
    question = activity.followup_question(0, 2, "en", "M")
    assert "0 as active as before the illness" in question and "2 up and about" in question
    assert "3 " not in question and "ECOG" not in question
    zh = activity.followup_question(2, 4, "zh")
    assert "2 能走动" in zh and "4 整天卧床" in zh and "1 " not in zh


def _decide(lo: int, hi: int, answer: str) -> int | None:
    found = extract_facts(answer, expecting="ecog")
    words = found.ecog_range if "ecog" in found.unsure else None
    return activity.decide(lo, hi, answer, found.facts.get("ecog"), words, "ecog" in found.unsure and words is None)


@pytest.mark.parametrize("lo, hi, answer, grade", [
    (1, 2, "yes", 1),
    (1, 2, "no", 2),
    (1, 2, "能", 1),
    (1, 2, "不能，干不了活", 2),
    (1, 2, "light housework", 1),
    (1, 2, "做点家务", 1),
    (1, 2, "unable to work", 2),  # (2, 4) within 1-2 leaves 2
    (0, 2, "1", 1),
    (0, 2, "2", 2),
    (2, 4, "mostly in bed", 3),
])
def test_the_follow_up_answer_decides(lo, hi, answer, grade):
    assert _decide(lo, hi, answer) == grade


@pytest.mark.parametrize("lo, hi, answer", [
    (1, 2, "not sure"), (1, 2, "不清楚"), (1, 2, "maybe"), (1, 2, "可能"), (1, 2, "好的"),
    (0, 2, "yes"),  # a yes to a list of three decides nothing
    (0, 2, "walks independently"),  # the same words again
    (1, 2, "asdf qwer"),
])
def test_an_answer_that_does_not_decide_leaves_the_grade_not_known(lo, hi, answer):
    assert _decide(lo, hi, answer) is None


def test_the_pending_range_slot_is_read_defensively():
    assert activity.pending_range([1, 2]) == (1, 2)
    assert activity.pending_range(None) is None
    assert activity.pending_range([2, 2]) is None and activity.pending_range([3, 9]) is None


FACTS = {"age": 60, "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 30,
         "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_patient_hears_the_activity_in_words_in_the_echo_summary_and_decision(lang):
    echo = texts.noted({"age": 60, "ecog": 1}, False, lang, audience="patient")
    summary = texts.summary(FACTS, lang=lang, audience="patient")
    decision = texts.decision_text(check({**FACTS, "ecog": 3}), "PS-000001", lang, "patient")
    for text in (echo, summary, decision):
        assert "ECOG" not in text, text
    assert activity.grade_words(1, lang) in echo and activity.grade_words(1, lang) in summary
    assert activity.grade_words(3, lang) in decision
    # The physician keeps the grade.
    assert "ECOG 1" in texts.noted({"age": 60, "ecog": 1}, False, lang)


def test_a_patient_who_types_an_impossible_activity_number_is_not_told_about_ecog():
    found = extract_facts("7", expecting="ecog")
    for lang in ("en", "zh"):
        message = texts.problem(found.problems[0], lang, "patient")
        assert "ECOG" not in message and "0" in message and "4" in message
        assert "ECOG" not in texts.not_understood("ecog", 1, lang, "patient")


@pytest.mark.parametrize("lang, audience, says", [
    ("en", "physician", "none of E1–E7, E9–E13"),
    ("zh", "physician", "E1–E7、E9–E13均无"),
    ("en", "patient", "none of items 1–7, 9–13 on the list"),
    ("zh", "patient", "第1–7、9–13项都没有"),
])
def test_the_echo_groups_the_exclusions_answered_no(lang, audience, says):
    changed = {key: False for key in texts.EXCLUSION_FACTS if key != "hiv"}
    changed["hiv"] = True
    echo = texts.noted(changed, False, lang, {"hiv": "HIV positive"}, audience)
    assert says in echo, echo
    assert echo.count(": no") == 0 and echo.count("：否") == 0
    assert "HIV positive" in echo  # the excluding fact, quoted


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("audience", ["physician", "patient"])
def test_the_summary_quotes_the_words_behind_what_excludes_or_is_not_known(lang, audience):
    facts = {**FACTS, "hiv": True, "platelet_count": 52}
    evidence = {"hiv": "HIV+ 2019", "platelet_count": "PLT 52k", "chronic_hepatitis": "HBV DNA pending",
                "age": "60"}
    text = texts.summary(facts, ["chronic_hepatitis"], lang, audience, evidence)
    assert "HIV+ 2019" in text and "PLT 52k" in text and "HBV DNA pending" in text
    assert "“60”" not in text and "‘60’" not in text  # a fact that is fine is not quoted


def test_the_summary_shows_grades_still_to_be_asked():
    facts = {**FACTS, "ecog": None}
    assert "1 or 2 (still to be asked)" in texts.summary(facts, [], "en", ecog_range=[1, 2])
    patient = texts.summary(facts, [], "zh", "patient", ecog_range=[1, 2])
    assert "能自己走动，做点轻活" in patient and "待确认" in patient and "ECOG" not in patient


def test_maybe_is_an_answer_that_decides_nothing():
    assert activity.undecided("maybe") and activity.undecided("可能") and not activity.undecided("yes")


def test_a_patient_asked_what_to_change_is_not_given_an_ecog_example():
    for lang in ("en", "zh"):
        assert "ECOG" not in texts.what_to_change(lang, "patient") and "ECOG" in texts.what_to_change(lang)
