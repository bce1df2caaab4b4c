"""What the chat page and the conversation keep as the referring physician's details (issue 18:
"skip" was stored as a name and "what's the reference again?" as a department)."""
from __future__ import annotations

import pytest

from prescreen.followup.referrer_details import DECLINED, cleaned, from_page, problem


@pytest.mark.parametrize("field, value", [
    ("referrer_name", "Dr Chen"), ("referrer_name", "Dr O'Brien"), ("referrer_name", "陈医生"),
    ("referrer_department", "Haematology"), ("referrer_department", "Leukemia unit"), ("referrer_department", "血液科"),
    ("referrer_contact", "ext 3310"), ("referrer_contact", "x3310"), ("referrer_contact", "分机 3310"),
    ("referrer_contact", "3310"), ("referrer_contact", "ext 1"), ("referrer_contact", "+86 138 0013 8000"),
    ("referrer_contact", "(021) 6431-2000"), ("referrer_contact", "chen@hospital.cn"),
])
def test_a_real_detail_is_kept_as_typed(field, value):
    assert problem(field, value) is None and cleaned(field, f"  {value} ") == value


@pytest.mark.parametrize("field, value", [
    ("referrer_name", "what's the reference again?"), ("referrer_name", "new patient"), ("referrer_name", "start over"),
    ("referrer_name", "为什么要问这个？"), ("referrer_name", "12345"), ("referrer_department", "why do you need that"),
    ("referrer_department", "新患者"), ("referrer_contact", "LM 1"), ("referrer_contact", "call me"),
    ("referrer_contact", "12"), ("referrer_contact", "chen@"), ("referrer_name", "x" * 121), ("referrer_name", ""),
])
def test_a_command_a_question_or_no_number_is_never_kept(field, value):
    assert problem(field, value) and cleaned(field, value) is None
    assert problem(field, value, "zh") != problem(field, value, "en")  # said in the conversation's language


@pytest.mark.parametrize("value", ["skip", "Skip.", "rather not", "I'd rather not say", "no thanks", "跳过", "不方便"])
def test_declining_is_a_clear_answer_kept_as_not_given(value):
    assert problem("referrer_name", value) is None and cleaned("referrer_name", value) == DECLINED
    assert cleaned("referrer_contact", value) == DECLINED


def test_only_the_details_a_page_sent_that_pass_are_taken():
    sent = {"referrer_name": "Dr Chen", "referrer_department": "what?", "referrer_contact": "ext 3310", "other": "x"}
    assert from_page(sent) == {"referrer_name": "Dr Chen", "referrer_contact": "ext 3310"}
    assert from_page("Dr Chen") == {} and from_page(None) == {}
    assert from_page({f: DECLINED for f in ("referrer_name", "referrer_department", "referrer_contact")}) == {
        "referrer_name": DECLINED, "referrer_department": DECLINED, "referrer_contact": DECLINED}
