"""Every sentence exists in English and Simplified Chinese, and the right one is chosen.

Domain responses: each has a Chinese variant, and for any (language, audience) at most one
conditional variant matches (Rasa picks at random among matching variants, so an overlap
would make the language flip). The forms' questions (actions/questions.yml): every one in
both languages, and every slot a form can ask has one. Composed texts (actions/texts.py):
Chinese in, Chinese out.
"""
from __future__ import annotations

import re

import pytest
import yaml

from actions import texts
from actions.questions import asked_slots, question_buttons, question_text
from actions.screening_form import ValidatePrescreenForm
from prescreen.eligibility.checker import check
from prescreen.eligibility.criteria import CRITERIA, SHORT_ZH
from prescreen.reading.parsing import InvalidValue
from tests.support.servers import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSES = DOMAIN["responses"]
CJK = re.compile(r"[\u4e00-\u9fff]")
SETTINGS = [(lang, aud) for lang in ("en", "zh") for aud in ("physician", "patient")]


def matching(variants, slots):
    return [v for v in variants if v.get("condition") and all(slots.get(c["name"]) == c["value"] for c in v["condition"])]


def response_text(domain, name, slots):
    """The variant Rasa's NLG chooses: the matching conditional one, else the default."""
    variants = domain["responses"][name]
    return (matching(variants, slots) or [v for v in variants if not v.get("condition")])[0]["text"]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_chinese_and_no_two_variants_compete(name):
    variants = RESPONSES[name]
    assert sum(1 for v in variants if not v.get("condition")) == 1, "exactly one default (English) variant"
    for lang, aud in SETTINGS:
        slots = {"language": lang, "audience": aud}
        assert len(matching(variants, slots)) <= 1, (lang, aud)
        chosen = response_text(DOMAIN, name, slots)
        if lang == "zh":
            assert CJK.search(chosen), f"{name} has no Chinese for {aud}"
        else:
            assert not CJK.search(chosen.replace("“", "").replace("”", "")) or name == "utter_faq_sponsor", name


@pytest.mark.parametrize("slot", asked_slots())
def test_every_question_is_in_both_languages_with_buttons_to_match(slot):
    for lang, aud in SETTINGS:
        slots = {"language": lang, "audience": aud}
        text = question_text(slot, slots)
        titles = " ".join(b["title"] for b in question_buttons(slot, slots))
        assert bool(CJK.search(text)) == (lang == "zh"), (lang, aud, text)
        assert not titles or bool(CJK.search(titles)) == (lang == "zh"), (lang, aud, titles)


def test_every_slot_a_form_can_ask_has_a_question():
    never_asked = {"sex", "unknown_facts", "not_understood"}  # listed only so that setting them counts
    composed = set(ValidatePrescreenForm.composed)
    for form in DOMAIN["forms"].values():
        for slot in set(form["required_slots"]) - never_asked:
            assert slot in composed or slot in asked_slots(), slot


def test_patient_mode_questions_use_everyday_words():
    patient_zh = {"language": "zh", "audience": "patient"}
    patient_en = {"language": "en", "audience": "patient"}
    ecog_zh = question_text("ecog", patient_zh)
    assert "ECOG" not in ecog_zh and "躺" in ecog_zh and "0" in ecog_zh and "4" in ecog_zh
    assert "ECOG" not in question_text("ecog", patient_en)
    assert "化疗" in question_text("thrombocytopenia_due_to_treatment", patient_zh)
    assert "antitumor" not in question_text("thrombocytopenia_due_to_treatment", patient_en)
    greeting = response_text(DOMAIN, "utter_greet", patient_zh)
    assert "不是诊断" in greeting and "不是入组" in greeting.replace("也不是入组", "不是入组")
    assert "not a diagnosis" in response_text(DOMAIN, "utter_greet", patient_en)
    # the physician still gets the score
    assert "ECOG" in question_text("ecog", {"language": "zh", "audience": "physician"})


def test_every_criterion_has_a_chinese_label():
    assert set(SHORT_ZH) == {c.id for c in CRITERIA}


FACTS = {"age": 80, "sex": "M", "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 52,
         "thrombocytopenia_due_to_treatment": True, "ecog": 3, "hiv": True}


def test_reasons_and_decisions_in_chinese_name_the_criterion_and_the_value():
    outcome = check(FACTS)
    text = texts.decision_text(outcome, "PS-000042", "zh")
    assert "不符合" in text and "I1 年龄18–75岁" in text and "年龄80岁" in text and "血小板52×10⁹/L" in text
    assert "PS-000042" in text and "Logged" not in text
    patient = texts.decision_text(outcome, "PS-000042", "zh", "patient")
    assert "不是诊断" in patient
    unknown = check({"age": 60, "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 30,
                     "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False})
    review = texts.decision_text(unknown, "PS-000043", "zh", "patient")
    assert "还不清楚" in review and "E8 HIV感染：尚不清楚" in review


def test_summary_in_both_languages():
    assert "• Patient: 80 y, male" in texts.summary(FACTS)
    zh = texts.summary(FACTS, lang="zh")
    assert "• 患者：80岁，男" in zh and "• 血小板：52×10⁹/L" in zh and "E8 HIV感染" in zh


@pytest.mark.parametrize("field, value, says", [
    ("age", 250, "0到120"), ("platelet_count", 5000000, "2000"), ("ecog", 7, "0到4"),
])
def test_refused_values_are_explained_in_chinese(field, value, says):
    message = texts.problem(InvalidValue(field, "out_of_range", value, "English message"), "zh")
    assert says in message and CJK.search(message)
    assert texts.problem(InvalidValue(field, "out_of_range", value, "English message"), "en") == "English message"


def test_every_composed_text_has_chinese():
    for text in (texts.not_understood("age", 2, "zh"), texts.too_long(10_000, 2000, "zh"),
                 texts.nothing_read("zh"), texts.checklist_unmatched("zh"), texts.database_down("zh"), texts.explain("ecog", "zh"),
                 texts.explain("exclusion_checklist", "zh"), texts.referrer_thanks("王医生", "PS-1", "zh"),
                 texts.contact_saved("PS-1", "zh"), texts.contact_declined("PS-1", "zh"),
                 texts.phone_unreadable("zh"), texts.consent_unclear("zh"), texts.checklist_question([], "zh"),
                 texts.noted({"age": 62, "platelet_count": 32.0}, False, "zh")):
        assert CJK.search(text), text
    assert texts.noted({"ecog": 2}, True, "zh") == "已更新：ECOG 2。"


def test_values_refused_while_reading_a_chinese_message_are_explained_in_chinese():
    from prescreen.reading.extract import extract_facts

    for message, says in (("250岁", "0到120"), ("血小板500万", "2000"), ("ECOG 7分", "0到4")):
        found = extract_facts(message)
        assert found.problems, message
        assert says in texts.problem(found.problems[0], "zh"), message


def test_a_patient_summary_speaks_of_daily_activity_not_ecog():
    for lang in ("zh", "en"):
        text = texts.summary(FACTS, lang=lang, audience="patient")
        assert "ECOG" not in text and ("日常活动" in text or "Daily activity" in text)
