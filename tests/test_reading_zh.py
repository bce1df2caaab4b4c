"""Chinese physicians' notes and families' WeChat messages, read as a careful reader would (issue 15).

Each case stands for a family of phrasings, not one sentence of the corpus: the reading layer
(prescreen.reading) must get the family right in general. `UNKNOWN` means the fact is spoken of
but not settled: it must be left not known (asked, or needs_review), never given a value.
"""
from __future__ import annotations

import pytest

from prescreen.reading.extract import extract_facts

UNKNOWN = "unknown"


def read(text: str, expecting: str | None = None) -> dict:
    ex = extract_facts(text, expecting=expecting)
    out = {k: v for k, v in ex.facts.items() if v is not None}
    out.update({k: UNKNOWN for k in ex.unsure if k not in out})
    return out


def reads(text: str, expected: dict, expecting: str | None = None) -> None:
    got = read(text, expecting)
    assert {k: got.get(k) for k in expected} == expected, got


# Text typed with Chinese punctuation but no Chinese character is still cut into words.
@pytest.mark.parametrize("text, expected", [
    ("HIV(-)、HBV(-)、HCV(-)", {"hiv": False, "chronic_hepatitis": False}),
    ("HBsAg(-)，HIV(-)", {"hiv": False, "chronic_hepatitis": False}),
])
def test_chinese_punctuation_without_chinese_characters(text, expected):
    reads(text, expected)


# A hyphen or plus inside a name is no test result; the FAB subtypes name an AML.
@pytest.mark.parametrize("text, expected", [
    ("男，66岁，AML-M4，IA 3+7后d18，PLT 11", {"diagnosis": "AML", "platelet_count": 11}),
    ("女，31岁，AML-M2，化疗后PLT 12", {"diagnosis": "AML"}),
    ("急性白血病M5型，化疗后血小板2.6万", {"diagnosis": "AML", "platelet_count": 26}),
    ("急性单核细胞白血病，骨穿确诊", {"diagnosis": "AML", "diagnosis_confirmed": True}),
    ("AML伴MDS相关改变", {"diagnosis": "AML", "other_hematologic_disorder": None}),
])
def test_leukemia_names_and_subtypes(text, expected):
    reads(text, expected)


def test_a_subtype_named_by_itself_answers_the_diagnosis_question():
    reads("医生说是M2型的", {"diagnosis": "AML"}, expecting="diagnosis")


# Another blood disorder beside the leukemia is E3's, not the diagnosis; a suspected one is not known.
@pytest.mark.parametrize("text, expected", [
    ("合并多发性骨髓瘤，正在硼替佐米治疗", {"other_hematologic_disorder": True, "diagnosis": None}),
    ("既往ITP病史3年", {"other_hematologic_disorder": True, "diagnosis": None}),
    ("他还有骨髓纤维化", {"other_hematologic_disorder": True, "diagnosis": None}),
    ("不除外合并MDS", {"other_hematologic_disorder": UNKNOWN}),
    ("男，60岁，AML，合并MDS", {"diagnosis": "AML", "other_hematologic_disorder": True}),
])
def test_other_blood_disorders_beside_the_leukemia(text, expected):
    reads(text, expected)


# A leukemia in doubt or not yet typed is not known; a confirming test pending or planned means
# not confirmed; a doubt never makes the diagnosis up.
@pytest.mark.parametrize("text, expected", [
    ("外院骨穿提示AML可能", {"diagnosis": UNKNOWN, "diagnosis_confirmed": None}),
    ("急性白血病待分型", {"diagnosis": UNKNOWN}),
    ("急性白血病（类型待定），骨髓穿刺结果未回", {"diagnosis": UNKNOWN, "diagnosis_confirmed": False}),
    ("外周血原始细胞40%，拟行骨穿明确诊断，考虑急性白血病", {"diagnosis_confirmed": False}),
    ("急淋，还没做骨穿", {"diagnosis": "ALL", "diagnosis_confirmed": False}),
    ("急性髓系白血病，医生说还要做骨穿才能确诊", {"diagnosis": "AML", "diagnosis_confirmed": False}),
    ("骨髓穿刺和流式都做了，报告写的急性髓系白血病", {"diagnosis": "AML", "diagnosis_confirmed": None}),
])
def test_a_diagnosis_in_doubt_is_not_known(text, expected):
    reads(text, expected)


@pytest.mark.parametrize("text", ["骨髓结果还没出来", "骨穿下周做", "还没做骨穿"])
def test_a_pending_marrow_answers_not_confirmed(text):
    reads(text, {"diagnosis_confirmed": False}, expecting="diagnosis_confirmed")


# Two doubting or negating words in a row: the second does not cut the first off.
@pytest.mark.parametrize("text, expected, expecting", [
    ("不清楚有没有打过特比澳", {"tpo_agent_1mo": UNKNOWN}, "tpo_agent_1mo"),
    ("可能有过下肢静脉血栓", {"thrombosis_history": UNKNOWN}, None),
    ("怀疑合并ITP", {"other_hematologic_disorder": UNKNOWN}, None),
    ("还没查HIV", {"hiv": UNKNOWN}, None),
])
def test_chained_modifiers(text, expected, expecting):
    reads(text, expected, expecting)


# "、" enumerates: a negation before the list reaches every item, whatever follows the last one.
@pytest.mark.parametrize("text, expected", [
    ("无慢性肝病、脾功能亢进等导致血小板减少的其他原因", {"other_thrombocytopenia_cause_6mo": False}),
    ("无肝硬化、脾亢病史", {"other_thrombocytopenia_cause_6mo": False}),
    ("没有乙肝、愿意参加", {"chronic_hepatitis": False, "willing_to_consent": True}),
])
def test_enumeration_comma(text, expected):
    reads(text, expected)


def test_a_query_mark_after_a_quoted_finding_doubts_it():
    reads("既往“肺栓塞”？资料未见", {"thrombosis_history": UNKNOWN})


# Spoken numbers: 万 followed by one digit is thousands.
@pytest.mark.parametrize("text, count", [
    ("化疗以后血小板2万8", 28), ("今天查血小板是两万五", 25), ("血小板1万2", 12), ("血小板3万", 30),
])
def test_wan_and_a_digit(text, count):
    reads(text, {"platelet_count": count})


# A value taken back, corrected to a value in doubt, or said twice to disagree is not known.
@pytest.mark.parametrize("text, expected", [
    ("血小板18，哦不是，我看错了，可能是81", {"platelet_count": UNKNOWN}),
    ("血常规两次结果不一致：PLT 35与PLT 12，待复查", {"platelet_count": UNKNOWN}),
    ("我妈没用过特比澳……哦不对，我弟说上礼拜好像打过", {"tpo_agent_1mo": UNKNOWN, "sex": "F"}),
])
def test_values_taken_back_are_not_known(text, expected):
    reads(text, expected)


def test_the_relative_who_reports_is_not_the_patient():
    reads("我爸没打过升板针，我姐说的", {"sex": "M"})


# He or she speaks of the patient; a relative's name then a bare number is the age.
@pytest.mark.parametrize("text, expected", [
    ("她没怀孕，也没在喂奶", {"sex": "F", "pregnant_or_breastfeeding": False}),
    ("还没问过他", {"sex": "M"}),
    ("他妈妈以前有血栓", {"sex": "M", "thrombosis_history": None}),
    ("其他原因引起的血小板减少", {"sex": None}),
    ("他们都同意", {"sex": None}),
    ("我妈说他最近没用过特比澳", {"sex": "M"}),  # the mother reports; he is the patient
    ("我妈，58岁，她说不想再化疗了", {"sex": "F"}),
    ("我姐姐48，急性白血病", {"age": 48, "sex": "F"}),
    ("我爸六十八了，急髓", {"age": 68, "sex": "M"}),
    ("我公公今年64", {"age": 64, "sex": "M"}),
    ("我妈3天前复查", {"age": None}),
])
def test_pronouns_and_kin(text, expected):
    reads(text, expected)


# Low platelets after treatment, as notes and families say it; a cause named first is not treatment.
@pytest.mark.parametrize("text, expected", [
    ("男，66岁，AML，IA 3+7后d18，PLT 11", {"thrombocytopenia_due_to_treatment": True}),
    ("CAG方案后 PLT 28", {"thrombocytopenia_due_to_treatment": True}),
    ("化疗完血小板两万", {"thrombocytopenia_due_to_treatment": True, "platelet_count": 20}),
    ("第二个疗程后血小板30", {"thrombocytopenia_due_to_treatment": True}),
    ("吃药以后血小板掉得厉害", {"thrombocytopenia_due_to_treatment": True}),
    ("PLT由化疗前156降至21", {"thrombocytopenia_due_to_treatment": True}),
    ("化疗后第3天起使用rhTPO", {"thrombocytopenia_due_to_treatment": True}),  # "化疗后" says it already
    ("治疗后复查骨髓", {"thrombocytopenia_due_to_treatment": None}),  # nothing of the platelets
    ("脾亢引起的血小板低", {"thrombocytopenia_due_to_treatment": False}),
    ("DIC所致血小板减少", {"thrombocytopenia_due_to_treatment": False}),
    ("血小板低跟化疗关系不大", {"thrombocytopenia_due_to_treatment": False}),
])
def test_after_treatment(text, expected):
    reads(text, expected)
