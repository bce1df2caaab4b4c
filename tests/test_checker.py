"""The eligibility checker: every criterion at its boundaries, every decision path,
units and bad input, and invariants checked by hypothesis."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE, check
from prescreen.eligibility.criteria import CRITERIA, CRITERIA_VERSION
from prescreen.eligibility.facts import BOOLEAN_FACTS, FACT_KEYS
from prescreen.reading.parsing import InvalidValue

EXCLUSION_FACTS = (
    "pregnant_or_breastfeeding", "romiplostim_hypersensitivity", "other_hematologic_disorder",
    "other_thrombocytopenia_cause_6mo", "thrombosis_history", "severe_bleeding_2wk", "tpo_agent_1mo",
    "hiv", "chronic_hepatitis", "severe_comorbidity", "other_trial_28d", "cognitive_psychiatric",
    "refuses_romiplostim",
)

# A synthetic patient who satisfies everything the assistant can check.
ELIGIBLE = {
    "age": 62, "sex": "F", "diagnosis": "AML", "diagnosis_confirmed": True,
    "platelet_count": 32, "thrombocytopenia_due_to_treatment": True, "ecog": 1,
    "childbearing_potential": True, "contraception_agreed": True, "willing_to_consent": True,
    **{k: False for k in EXCLUSION_FACTS},
}


def status(facts: dict, cid: str) -> str:
    return next(r.status for r in check(facts).criteria if r.id == cid)


def with_(**changes) -> dict:
    return {**ELIGIBLE, **changes}


def test_every_contract_id_is_in_the_table_once():
    ids = [c.id for c in CRITERIA]
    assert ids == [f"I{i}" for i in range(1, 8)] + [f"E{i}" for i in range(1, 15)]


def test_a_fully_eligible_patient_is_potentially_eligible_with_investigator_items_left_open():
    o = check(ELIGIBLE)
    assert o.decision == POTENTIALLY_ELIGIBLE
    assert o.failed == [] and o.unknown == []
    assert {r.id for r in o.criteria if r.status == "investigator"} == {"I6", "E14"}
    assert o.criteria_version == CRITERIA_VERSION and CRITERIA_VERSION.startswith("NCT06898983@")


@pytest.mark.parametrize("changes, cid, expected", [
    # I1: 18 and 75 in, 17 and 76 out
    ({"age": 18}, "I1", "met"), ({"age": 75}, "I1", "met"),
    ({"age": 17}, "I1", "not_met"), ({"age": 76}, "I1", "not_met"), ({"age": None}, "I1", "unknown"),
    # I2: must be a confirmed leukemia
    ({"diagnosis": "acute myeloid leukaemia"}, "I2", "met"), ({"diagnosis": "CLL"}, "I2", "met"),
    ({"diagnosis": "急性髓系白血病"}, "I2", "met"), ({"diagnosis": "B-ALL"}, "I2", "met"),
    ({"diagnosis": "diffuse large B-cell lymphoma"}, "I2", "not_met"), ({"diagnosis": "MDS"}, "I2", "not_met"),
    ({"diagnosis_confirmed": False}, "I2", "not_met"), ({"diagnosis_confirmed": None}, "I2", "unknown"),
    ({"diagnosis": None}, "I2", "unknown"),
    # I3: strictly below 50, and caused by antitumor therapy
    ({"platelet_count": 49.9}, "I3", "met"), ({"platelet_count": 50}, "I3", "not_met"),
    ({"platelet_count": 52}, "I3", "not_met"), ({"platelet_count": "49,000/uL"}, "I3", "met"),
    ({"platelet_count": "50000/µL"}, "I3", "not_met"), ({"platelet_count": "3.2万"}, "I3", "met"),
    ({"thrombocytopenia_due_to_treatment": False}, "I3", "not_met"),
    ({"thrombocytopenia_due_to_treatment": None}, "I3", "unknown"),
    ({"platelet_count": 60, "thrombocytopenia_due_to_treatment": None}, "I3", "not_met"),
    ({"platelet_count": None}, "I3", "unknown"),
    # I4: ECOG 2 in, 3 out
    ({"ecog": 0}, "I4", "met"), ({"ecog": 2}, "I4", "met"), ({"ecog": 3}, "I4", "not_met"),
    ({"ecog": 4}, "I4", "not_met"), ({"ecog": None}, "I4", "unknown"),
    # I5: contraception only matters with childbearing potential
    ({"childbearing_potential": False, "contraception_agreed": None}, "I5", "met"),
    ({"contraception_agreed": False}, "I5", "not_met"), ({"contraception_agreed": None}, "I5", "unknown"),
    ({"childbearing_potential": None, "contraception_agreed": None}, "I5", "unknown"),
    # I7
    ({"willing_to_consent": False}, "I7", "not_met"), ({"willing_to_consent": None}, "I7", "unknown"),
    # E1: clear for men and women without childbearing potential
    ({"pregnant_or_breastfeeding": True}, "E1", "not_met"),
    ({"pregnant_or_breastfeeding": None}, "E1", "unknown"),
    ({"pregnant_or_breastfeeding": None, "sex": "M"}, "E1", "met"),
    ({"pregnant_or_breastfeeding": None, "childbearing_potential": False}, "E1", "met"),
    # E3 is also failed by the diagnosis itself
    ({"diagnosis": "multiple myeloma"}, "E3", "not_met"), ({"diagnosis": "MDS"}, "E3", "not_met"),
    ({"diagnosis": "ITP"}, "E3", "not_met"),
])
def test_criterion_boundaries(changes, cid, expected):
    assert status(with_(**changes), cid) == expected


@pytest.mark.parametrize("key, cid", list(zip(EXCLUSION_FACTS, [f"E{i}" for i in range(1, 14)])))
def test_each_exclusion_fails_when_present_and_is_unknown_when_not_known(key, cid):
    present = check(with_(**{key: True}))
    assert present.decision == INELIGIBLE and present.failed == [cid]
    missing = check(with_(**{key: None}))
    assert missing.decision == NEEDS_REVIEW and missing.unknown == [cid]


def test_reasons_read_as_a_physician_would_write_them():
    o = check(with_(platelet_count=52))
    (reason,) = [r.reason for r in o.criteria if r.id == "I3"]
    assert reason == "platelets 52×10⁹/L: not below 50"
    assert [r.reason for r in o.criteria if r.id == "I1"] == ["age 62: within 18–75"]


def test_a_definite_failure_outranks_unknowns_and_every_failure_is_listed():
    o = check({"age": 80, "ecog": 3, "hiv": True})
    assert o.decision == INELIGIBLE
    assert o.failed == ["I1", "I4", "E8"]
    assert "I2" in o.unknown  # still reported, but not the decision


def test_empty_facts_need_review():
    o = check({})
    assert o.decision == NEEDS_REVIEW and o.failed == []
    assert set(o.unknown) >= {"I1", "I2", "I3", "I4", "I5", "I7"}


def test_outcome_never_says_eligible_outright():
    for facts in (ELIGIBLE, {}, with_(age=90)):
        assert check(facts).decision in {INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE}


@pytest.mark.parametrize("facts, field", [
    ({"age": 250}, "age"), ({"age": -1}, "age"),
    ({"platelet_count": -5}, "platelet_count"), ({"platelet_count": 0}, "platelet_count"),
    ({"platelet_count": "5000000"}, "platelet_count"), ({"platelet_count": 5000000}, "platelet_count"),
    ({"platelet_count": "lots"}, "platelet_count"),
    ({"ecog": 7}, "ecog"), ({"ecog": -1}, "ecog"),
    ({"hiv": "maybe?!"}, "hiv"), ({"sex": "x"}, "sex"),
    ({"platlet_count": 30}, "platlet_count"),  # a misspelt key must not pass silently as "unknown"
    ({"age": True}, "age"),
])
def test_impossible_values_are_refused_naming_the_field(facts, field):
    with pytest.raises(InvalidValue) as e:
        check(facts)
    assert e.value.field == field
    assert str(e.value)


def test_a_json_number_and_a_csv_string_read_alike():
    assert check({"platelet_count": 32000}).facts["platelet_count"] == 32
    assert check({"platelet_count": "32000"}).facts["platelet_count"] == 32
    assert check({"platelet_count": 32}).facts["platelet_count"] == 32


def test_string_values_from_a_csv_are_read_like_the_dialogue_reads_them():
    o = check({"age": "62", "platelet_count": "41k", "ecog": "1", "hiv": "no", "chronic_hepatitis": "yes"})
    assert o.facts["platelet_count"] == 41.0 and o.facts["hiv"] is False
    assert o.failed == ["E9"]


# ---- invariants --------------------------------------------------------------------------

def fact_values():
    return st.fixed_dictionaries({}, optional={
        "age": st.integers(0, 120),
        "sex": st.sampled_from(["M", "F"]),
        "diagnosis": st.sampled_from(["AML", "ALL", "CML", "lymphoma", "MDS", "leukemia", "xyz"]),
        # below 1000: a bare number from 1000 up is read per µL (see parsing.bare_platelets)
        "platelet_count": st.floats(0.1, 999, allow_nan=False),
        "ecog": st.integers(0, 4),
        **{k: st.booleans() for k in BOOLEAN_FACTS},
    })


@settings(max_examples=300, deadline=None)
@given(fact_values(), st.floats(0.1, 999), st.floats(0, 999))
def test_failing_i3_at_a_count_fails_at_every_higher_count(facts, count, more):
    if status({**facts, "platelet_count": count}, "I3") == "not_met":
        assert status({**facts, "platelet_count": min(count + more, 999)}, "I3") == "not_met"
        # the same count with its unit spelled out per µL
        assert status({**facts, "platelet_count": f"{min(count + more, 999) * 1000:.0f}/uL"}, "I3") == "not_met"


@settings(max_examples=300, deadline=None)
@given(fact_values(), st.data())
def test_filling_in_an_unknown_fact_never_rescues_an_ineligible_patient(facts, data):
    before = check(facts)
    missing = [k for k in FACT_KEYS if k not in facts]
    if before.decision != INELIGIBLE or not missing:
        return
    key = data.draw(st.sampled_from(missing))
    value = data.draw(fact_values().filter(lambda f: key in f))[key]
    after = check({**facts, key: value})
    assert after.decision == INELIGIBLE
    assert set(before.failed) <= set(after.failed)


@settings(max_examples=200, deadline=None)
@given(fact_values())
def test_decision_follows_failed_and_unknown(facts):
    o = check(facts)
    assert (o.decision == INELIGIBLE) == bool(o.failed)
    assert (o.decision == NEEDS_REVIEW) == (not o.failed and bool(o.unknown))
    assert len(o.criteria) == 21
