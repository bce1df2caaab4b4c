"""The conversation-level benchmark (bench/conversation_report.py, issue 15) on its own cases.

The fast tests hold the case file to the rules: each case's expected decision is the checker's
on the patient's full facts, so a label cannot drift from the criteria. The e2e test drives a
few complete referrals over REST and WeChat against the real servers with the bench's own
code, so the bench cannot rot; the full set is the bench's report, not a test.
"""
from __future__ import annotations

import pytest

from bench.conversation_report import answer, drive, expected_outcome, load_cases, running
from prescreen.eligibility.facts import FACT_KEYS

CASES = load_cases()
BY_ID = {c["id"]: c for c in CASES}
SLOTS = set(FACT_KEYS) | {"exclusion_checklist", "facts_confirmed"}


def test_ids_are_unique_and_every_case_is_complete():
    assert len(BY_ID) == len(CASES) >= 40
    for case in CASES:
        assert case["channel"] in ("rest", "wechat") and case["lang"] in ("en", "zh"), case["id"]
        assert case["audience"] in ("physician", "patient"), case["id"]
        assert case["channel"] != "wechat" or (case["lang"], case["audience"]) == ("zh", "patient"), case["id"]
        assert set(case["facts"]) == set(FACT_KEYS), (case["id"], set(FACT_KEYS) ^ set(case["facts"]))
        assert set(case.get("stated") or []) <= set(FACT_KEYS), case["id"]
        assert set(case["answers"]) <= SLOTS, (case["id"], set(case["answers"]) - SLOTS)
        assert case["opening"].strip(), case["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_expected_decision_is_the_checkers_on_the_full_facts(case):
    assert expected_outcome(case).decision == case["expect"]


def test_every_channel_has_every_kind_of_outcome():
    for channel in ("rest", "wechat"):
        kinds = {c["expect"] for c in CASES if c["channel"] == channel}
        assert kinds == {"potentially_eligible", "ineligible", "needs_review"}, channel
    # Families answer in words, and "不清楚" is an answer.
    wechat = [c for c in CASES if c["channel"] == "wechat"]
    assert any(not c["answers"].get("ecog", "0").strip().isdigit() for c in wechat)
    assert any("不清楚" in str(v) for c in wechat for v in c["answers"].values())


def test_a_question_without_words_in_the_case_is_answered_from_its_facts():
    case = BY_ID["zh-note-tpo-unknown"]
    assert answer(case, "hiv") == ("没有", False)
    assert answer(case, "tpo_agent_1mo") == ("不清楚", True)
    assert answer(BY_ID["en-oneliner-hiv-pending"], "severe_comorbidity") == ("no", False)


# Cases the reader handles today, both channels, every kind of outcome; the bench reports the rest.
# (wx-father-activity-words, a family answering the activity question in words, has its own test.)
E2E_CASES = [
    "en-oneliner-aml-eligible",
    "en-oneliner-hiv-pending",       # "HIV result pending": needs_review, not a guess
    "zh-note-rhtpo-recent",          # an excluding drug named in the note: out without the checklist
    "wx-sister-platelets-unknown",   # "不清楚" for the platelet count
    "wx-mother-mds",
]


@pytest.fixture(scope="module")
def channels():
    with running({"rest", "wechat"}) as c:
        yield c


@pytest.mark.e2e
@pytest.mark.parametrize("case_id", E2E_CASES)
def test_complete_referral_gets_the_right_decision_without_asking_a_stated_fact(channels, case_id):
    case = BY_ID[case_id]
    result = drive(channels, case)
    expected = expected_outcome(case)
    assert result.logged is not None, (result.stuck, result.asked)
    assert result.correct, (result.logged, expected.decision, expected.failed, expected.unknown)
    assert result.asked_again == [], result.asked
    assert not result.stuck, result.stuck


@pytest.mark.e2e
def test_wechat_family_activity_words_become_the_ecog_grade(channels):
    case = BY_ID["wx-father-activity-words"]
    assert case["answers"]["ecog"] == "能自己走动，做点家务"
    result = drive(channels, case)
    assert "ecog" in result.asked and result.logged is not None, (result.stuck, result.asked)
    assert result.reasked == [], result.reasked  # the words were taken the first time
    assert result.logged["facts"]["ecog"] == 1
    assert result.correct and result.logged["decision"] == "potentially_eligible"
    assert result.asked_again == [], result.asked
