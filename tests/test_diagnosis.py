"""Which stated diagnoses are leukemias (I2), other haematologic disorders (E3), or other."""
from __future__ import annotations

import pytest

from prescreen.reading.diagnosis import BY_CANONICAL, LEUKEMIA, OTHER, OTHER_HEMATOLOGIC, Diagnosis, classify, find

NOS = "leukemia (type not stated)"


@pytest.mark.parametrize("text, canonical", [
    ("AML", "AML"), ("acute myeloid leukemia", "AML"), ("Acute Myeloid Leukaemia", "AML"),
    ("acute myelogenous leukemia", "AML"), ("acute myeloblastic leukemia", "AML"), ("acute myeloid", "AML"),
    ("acute myloid leukemia", "AML"), ("acute myelogenus leukemia", "AML"), ("acute myeloid leukimia", "AML"),
    ("APL", "APL"), ("M3", "APL"), ("AML-M3", "APL"), ("AML M3", "APL"), ("acute promyelocytic leukemia", "APL"),
    ("ALL", "ALL"), ("B-ALL", "ALL"), ("T-ALL", "ALL"), ("Ph+ ALL", "ALL"), ("acute lymphoblastic leukemia", "ALL"),
    ("acute lymphocytic leukaemia", "ALL"), ("acute lymphoblastic", "ALL"),
    ("CML", "CML"), ("chronic myeloid leukemia", "CML"), ("chronic myelogenous leukaemia", "CML"), ("chronic myelogenous", "CML"),
    ("CLL", "CLL"), ("chronic lymphocytic leukemia", "CLL"), ("chronic lymphocytic", "CLL"),
    ("hairy cell leukemia", "hairy cell leukemia"),
    ("leukemia", NOS), ("leukaemia", NOS), ("Leukemia", NOS), ("leukimia", NOS), ("leukemai", NOS), ("lukemia", NOS),
    ("leucemia", NOS), ("acute leukemia", NOS),
    ("白血病", NOS), ("急性髓系白血病", "AML"), ("急性髓细胞白血病", "AML"), ("急性早幼粒细胞白血病", "APL"),
    ("急性淋巴细胞白血病", "ALL"), ("慢性髓系白血病", "CML"), ("慢性粒细胞白血病", "CML"), ("慢性淋巴细胞白血病", "CLL"),
    ("急髓", "AML"), ("急粒", "AML"), ("急淋", "ALL"), ("慢粒", "CML"), ("慢淋", "CLL"), ("急早幼", "APL"),
    ("患者确诊急性髓系白血病两年", "AML"),
])
def test_leukemias(text, canonical):
    assert classify(text) == Diagnosis(canonical, LEUKEMIA)


@pytest.mark.parametrize("text, canonical", [
    ("MDS", "MDS"), ("myelodysplastic syndrome", "MDS"), ("Myelodysplastic syndromes", "MDS"), ("骨髓增生异常综合征", "MDS"),
    ("multiple myeloma", "multiple myeloma"), ("MM", "multiple myeloma"), ("myeloma", "multiple myeloma"),
    ("多发性骨髓瘤", "multiple myeloma"),
    ("MPN", "MPN"), ("myeloproliferative neoplasm", "MPN"), ("PV", "MPN"), ("ET", "MPN"), ("primary myelofibrosis", "MPN"),
    ("polycythaemia vera", "MPN"), ("polycythemia vera", "MPN"), ("essential thrombocythaemia", "MPN"), ("骨髓增殖性肿瘤", "MPN"),
    ("ITP", "ITP"), ("immune thrombocytopenia", "ITP"), ("免疫性血小板减少症", "ITP"),
    ("CMML", "CMML"), ("chronic myelomonocytic leukemia", "CMML"),  # MDS/MPN overlap, not an I2 leukemia
    ("aplastic anaemia", "aplastic anaemia"), ("aplastic anemia", "aplastic anaemia"), ("再生障碍性贫血", "aplastic anaemia"),
])
def test_other_hematologic(text, canonical):
    assert classify(text) == Diagnosis(canonical, OTHER_HEMATOLOGIC)


@pytest.mark.parametrize("text, canonical", [
    ("lymphoma", "lymphoma"), ("Hodgkin lymphoma", "lymphoma"), ("non-Hodgkin lymphoma", "lymphoma"), ("NHL", "lymphoma"),
    ("DLBCL", "lymphoma"), ("淋巴瘤", "lymphoma"),
    ("breast cancer", "solid tumour"), ("lung cancer", "solid tumour"), ("colorectal cancer", "solid tumour"),
    ("solid tumor", "solid tumour"), ("肺癌", "solid tumour"),
])
def test_other(text, canonical):
    assert classify(text) == Diagnosis(canonical, OTHER)


@pytest.mark.parametrize("text", ["", "   ", "diabetes", "all of these", "none of them at all", "mm", "we all agree",
                                  "the et al. paper", "hello", "😀", "42"])
def test_nothing_recognised(text):
    # Lower-case "all", "mm", "et" in prose are words, not ALL, myeloma, ET.
    assert find(text) is None
    if text.strip().upper() not in {"MM", "ALL", "ET"}:
        assert classify(text) is None


@pytest.mark.parametrize("value, canonical", [("aml", "AML"), ("all", "ALL"), ("Cml", "CML"), ("mds", "MDS"), ("itp.", "ITP")])
def test_a_whole_value_that_is_an_abbreviation_counts_in_any_case(value, canonical):
    assert classify(value).canonical == canonical


@pytest.mark.parametrize("canonical", sorted(BY_CANONICAL))
def test_every_canonical_name_classifies_as_itself(canonical):
    # Slots and logs hold canonical names; the checker classifies them again.
    assert classify(canonical) == BY_CANONICAL[canonical]


@pytest.mark.parametrize("text, canonical, span", [
    ("58F, AML post-induction", "AML", "AML"),
    ("diagnosed with acute myeloid leukaemia last year", "AML", "acute myeloid leukaemia"),
    ("患者确诊急性髓系白血病", "AML", "急性髓系白血病"),
    ("PLT 35×10⁹/L, then Acute Lymphoblastic Leukemia", "ALL", "Acute Lymphoblastic Leukemia"),
    ("ｐｌｔ ２０, MDS", "MDS", "MDS"),
    ("no MDS, but AML", "MDS", "MDS"),  # negation is read by prescreen.reading.extract, not here
])
def test_find_gives_the_first_mention_and_its_span_in_the_original_text(text, canonical, span):
    diagnosis, start, end = find(text)
    assert diagnosis.canonical == canonical
    assert text[start:end] == span


def test_a_longer_name_wins_over_its_parts():
    assert find("acute promyelocytic leukemia")[0].canonical == "APL"
    assert find("chronic myelomonocytic leukemia")[0].canonical == "CMML"
