"""NCT06898983's eligibility criteria as one table of data.

Each row: the contract's id, the trial's own wording, the facts it reads, and its rule. A rule
takes the normalised facts (prescreen.eligibility.facts.normalize) and returns (status, reason), where
status is one of MET / NOT_MET / UNKNOWN / INVESTIGATOR.

For an exclusion criterion "met" means the patient is clear of it: every row reads as a
requirement the patient must satisfy, so `failed` can list inclusion and exclusion ids alike.
CRITERIA_VERSION hashes the code of this package and of the language layer (the table, the rules,
the normalisers, every parser and word list), so a logged decision always names the exact rules
that made it; comments, docstrings and formatting are not part of it.
"""
from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from prescreen.reading import diagnosis as dx

PROTOCOL_ID = "NCT06898983"

MET, NOT_MET, UNKNOWN, INVESTIGATOR = "met", "not_met", "unknown", "investigator"

Facts = Mapping[str, Any]
Rule = Callable[[Facts], "tuple[str, str]"]


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str  # the trial's wording, verbatim
    short: str  # a few words, for lists and summaries
    facts: tuple[str, ...]
    rule: Rule
    how: str  # what the assistant checks and how, for `prescreen criteria`


def _num(x: float) -> str:
    return f"{x:g}"


# ---- inclusion rules -------------------------------------------------------------------

def _age(f: Facts) -> tuple[str, str]:
    age = f["age"]
    if age is None:
        return UNKNOWN, "age not known"
    if age < 18:
        return NOT_MET, f"age {age}: below 18"
    if age > 75:
        return NOT_MET, f"age {age}: above 75"
    return MET, f"age {age}: within 18–75"


def _leukemia(f: Facts) -> tuple[str, str]:
    stated = f["diagnosis"]
    if stated is None:
        return UNKNOWN, "diagnosis not known"
    found = dx.classify(stated)
    if found is None:
        return UNKNOWN, f"diagnosis {stated!r} not recognised: the investigator must check it is a leukemia"
    if found.kind != "leukemia":
        return NOT_MET, f"{found.canonical} is not a leukemia"
    if f["diagnosis_confirmed"] is False:
        return NOT_MET, f"{found.canonical} not histologically or pathologically confirmed"
    if f["diagnosis_confirmed"] is None:
        return UNKNOWN, f"{found.canonical}: histological or pathological confirmation not known"
    return MET, f"{found.canonical}, histologically or pathologically confirmed"


def _ctit(f: Facts) -> tuple[str, str]:
    plt, due = f["platelet_count"], f["thrombocytopenia_due_to_treatment"]
    if plt is not None and plt >= 50:
        return NOT_MET, f"platelets {_num(plt)}×10⁹/L: not below 50"
    if due is False:
        return NOT_MET, "thrombocytopenia not caused by antitumor therapy"
    if plt is None:
        return UNKNOWN, "platelet count not known"
    if due is None:
        return UNKNOWN, f"platelets {_num(plt)}×10⁹/L; whether caused by antitumor therapy not known"
    return MET, f"platelets {_num(plt)}×10⁹/L (below 50), caused by antitumor therapy"


def _ecog(f: Facts) -> tuple[str, str]:
    ecog = f["ecog"]
    if ecog is None:
        return UNKNOWN, "ECOG not known"
    if ecog > 2:
        return NOT_MET, f"ECOG {ecog}: above 2"
    return MET, f"ECOG {ecog}: 2 or less"


def _contraception(f: Facts) -> tuple[str, str]:
    potential, agreed = f["childbearing_potential"], f["contraception_agreed"]
    if potential is False:
        return MET, "not of childbearing potential"
    if agreed is True:
        return MET, "agrees to reliable contraception"
    if agreed is False and potential is True:
        return NOT_MET, "of childbearing potential and does not agree to contraception"
    if potential is None:
        return UNKNOWN, "childbearing potential not known"
    return UNKNOWN, "of childbearing potential; agreement to contraception not known"


def _consent(f: Facts) -> tuple[str, str]:
    willing = f["willing_to_consent"]
    if willing is None:
        return UNKNOWN, "willingness to give informed consent not known"
    if willing:
        return MET, "willing to give informed consent"
    return NOT_MET, "not willing to give informed consent"


def _investigator(f: Facts) -> tuple[str, str]:
    return INVESTIGATOR, "decided by the investigator at the screening visit"


# ---- exclusion rules -------------------------------------------------------------------

def _clear_of(key: str, what: str) -> Rule:
    """The usual exclusion: a yes/no fact that excludes when true."""

    def rule(f: Facts) -> tuple[str, str]:
        value = f[key]
        if value is None:
            return UNKNOWN, f"{what}: not known"
        if value:
            return NOT_MET, f"{what}: yes"
        return MET, f"{what}: no"

    rule.__qualname__ = f"clear_of[{key}]"
    return rule


def _pregnancy(f: Facts) -> tuple[str, str]:
    value = f["pregnant_or_breastfeeding"]
    if value is True:
        return NOT_MET, "pregnant or breastfeeding"
    if value is False:
        return MET, "not pregnant or breastfeeding"
    if f["sex"] == "M":
        return MET, "male"
    if f["childbearing_potential"] is False:
        return MET, "not of childbearing potential"
    return UNKNOWN, "pregnancy / breastfeeding not known"


_reported_other_hematologic = _clear_of("other_hematologic_disorder", "other haematologic disorder")


def _other_hematologic(f: Facts) -> tuple[str, str]:
    # A stated diagnosis such as MDS or myeloma is itself this exclusion.
    found = dx.classify(f["diagnosis"]) if f["diagnosis"] else None
    if found is not None and found.kind == "other_hematologic":
        return NOT_MET, f"{found.canonical} is a haematologic disorder other than CTIT"
    return _reported_other_hematologic(f)


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "I1", "Age between 18 and 75 years, inclusive, regardless of sex;",
        "age 18–75", ("age",), _age,
        "age in whole years; 18 and 75 are in, 17 and 76 out",
    ),
    Criterion(
        "I2", "Histologically or pathologically confirmed diagnosis of leukemia;",
        "confirmed leukemia", ("diagnosis", "diagnosis_confirmed"), _leukemia,
        "the diagnosis is classified (AML, APL, ALL, CML, CLL, English/Chinese names); "
        "it must be a leukemia and histologically/pathologically confirmed",
    ),
    Criterion(
        "I3", "Patients with cancer treatment-induced thrombocytopenia (CTIT) in patients with leukemia "
        "due to antitumor therapy, with platelet count < 50×10⁹/L;",
        "CTIT, platelets < 50×10⁹/L", ("platelet_count", "thrombocytopenia_due_to_treatment"), _ctit,
        "platelets strictly below 50×10⁹/L (units converted), and caused by antitumor therapy",
    ),
    Criterion(
        "I4", "Eastern Cooperative Oncology Group (ECOG) performance status ≤ 2;",
        "ECOG ≤ 2", ("ecog",), _ecog,
        "ECOG 0–2 in, 3–4 out",
    ),
    Criterion(
        "I5", "Subjects of childbearing potential agree to use reliable methods of contraception throughout "
        "the study period (including male or female condoms, contraceptive foam, gel, film, cream, "
        "suppository, abstinence, or intrauterine device);",
        "contraception if of childbearing potential", ("childbearing_potential", "contraception_agreed"),
        _contraception,
        "met when not of childbearing potential, or when contraception is agreed",
    ),
    Criterion(
        "I6", "Patients considered by the investigator to potentially benefit from the study treatment;",
        "investigator expects benefit", (), _investigator,
        "not assessed by the assistant: left to the investigator",
    ),
    Criterion(
        "I7", "Voluntarily agrees to participate in the clinical trial, is fully informed of the study "
        "procedures, and has signed the written informed consent form.",
        "willing to consent", ("willing_to_consent",), _consent,
        "the patient is willing to give informed consent (signing happens at the screening visit)",
    ),
    Criterion(
        "E1", "Pregnant or breastfeeding women;",
        "pregnant or breastfeeding", ("pregnant_or_breastfeeding", "sex", "childbearing_potential"), _pregnancy,
        "excludes when pregnant or breastfeeding; clear for men and when not of childbearing potential",
    ),
    Criterion(
        "E2", "Known hypersensitivity to Romiplostim N01;",
        "romiplostim hypersensitivity", ("romiplostim_hypersensitivity",),
        _clear_of("romiplostim_hypersensitivity", "hypersensitivity to romiplostim"),
        "excludes when a hypersensitivity is known",
    ),
    Criterion(
        "E3", "Presence of hematologic disorders other than cancer treatment-induced thrombocytopenia (CTIT) "
        "caused by leukemia treatment, including but not limited to primary immune thrombocytopenia, "
        "myeloproliferative disorders, multiple myeloma, or myelodysplastic syndromes;",
        "other haematologic disorder (ITP, MPN, myeloma, MDS)", ("other_hematologic_disorder", "diagnosis"),
        _other_hematologic,
        "excludes when reported, or when the stated diagnosis is itself MDS, myeloma, MPN, ITP or similar",
    ),
    Criterion(
        "E4", "History of thrombocytopenia due to causes other than CTIT within 6 months prior to screening, "
        "including but not limited to chronic liver disease, hypersplenism, infections, or bleeding disorders;",
        "non-CTIT thrombocytopenia in last 6 months", ("other_thrombocytopenia_cause_6mo",),
        _clear_of("other_thrombocytopenia_cause_6mo", "thrombocytopenia from another cause within 6 months"),
        "excludes when another cause (liver disease, hypersplenism, infection, bleeding disorder) within 6 months",
    ),
    Criterion(
        "E5", "History of severe thrombotic events or known risk factors for thrombosis, or active "
        "thromboembolism requiring anticoagulation therapy;",
        "thrombosis history, risk factors or anticoagulation", ("thrombosis_history",),
        _clear_of("thrombosis_history", "severe thrombosis, thrombosis risk factors or anticoagulation"),
        "excludes on severe thrombotic history, known risk factors, or anticoagulation",
    ),
    Criterion(
        "E6", "Severe bleeding within 2 weeks prior to screening (requiring more than 2 units of red blood cell "
        "transfusion or a sudden ≥10% drop in hematocrit);",
        "severe bleeding in last 2 weeks", ("severe_bleeding_2wk",),
        _clear_of("severe_bleeding_2wk", "severe bleeding within 2 weeks"),
        "excludes on severe bleeding (> 2 units RBC or ≥10% haematocrit drop) within 14 days",
    ),
    Criterion(
        "E7", "Use of thrombopoietin receptor agonists (e.g., eltrombopag), recombinant human thrombopoietin "
        "(rhTPO), or interleukin-11 (IL-11) within 1 month prior to screening;",
        "TPO-RA, rhTPO or IL-11 in last month", ("tpo_agent_1mo",),
        _clear_of("tpo_agent_1mo", "TPO-RA, rhTPO or IL-11 within 1 month"),
        "excludes on any TPO receptor agonist, rhTPO or IL-11 within 30 days",
    ),
    Criterion(
        "E8", "HIV infection;", "HIV infection", ("hiv",), _clear_of("hiv", "HIV infection"),
        "excludes on HIV infection",
    ),
    Criterion(
        "E9", "Chronic active hepatitis B or hepatitis C infection;",
        "chronic active hepatitis B or C", ("chronic_hepatitis",),
        _clear_of("chronic_hepatitis", "chronic active hepatitis B or C"),
        "excludes on chronic active hepatitis B or C",
    ),
    Criterion(
        "E10", "Presence of severe infection or serious comorbidities involving the heart, liver, lungs, "
        "kidneys, nervous system, or metabolic diseases;",
        "severe infection or serious organ comorbidity", ("severe_comorbidity",),
        _clear_of("severe_comorbidity", "severe infection or serious organ comorbidity"),
        "excludes on severe infection or serious heart, liver, lung, kidney, nervous-system or metabolic disease",
    ),
    Criterion(
        "E11", "Participation in any investigational drug or device clinical trial within 28 days prior to "
        "baseline visit;",
        "other trial in last 28 days", ("other_trial_28d",),
        _clear_of("other_trial_28d", "another investigational trial within 28 days"),
        "excludes on another investigational drug or device trial within 28 days",
    ),
    Criterion(
        "E12", "Subjects with cognitive impairment or uncontrolled psychiatric disorders;",
        "cognitive impairment or uncontrolled psychiatric disorder", ("cognitive_psychiatric",),
        _clear_of("cognitive_psychiatric", "cognitive impairment or uncontrolled psychiatric disorder"),
        "excludes on cognitive impairment or an uncontrolled psychiatric disorder",
    ),
    Criterion(
        "E13", "Refusal of the subject and/or legal representative to receive Romiplostim N01 treatment;",
        "refuses romiplostim", ("refuses_romiplostim",),
        _clear_of("refuses_romiplostim", "refuses romiplostim"),
        "excludes when the patient or legal representative refuses romiplostim",
    ),
    Criterion(
        "E14", "Deemed unsuitable for enrollment by the investigator (e.g., comorbid conditions that may "
        "compromise subject safety or anticipated treatment non-adherence due to financial or other "
        "constraints).",
        "investigator deems unsuitable", (), _investigator,
        "not assessed by the assistant: left to the investigator",
    ),
)

# The same short labels in Simplified Chinese, for Chinese conversations and summaries. The
# logged reasons stay in English; the trial's wording above is the authority.
SHORT_ZH = {
    "I1": "年龄18–75岁",
    "I2": "确诊白血病",
    "I3": "抗肿瘤治疗所致血小板减少，血小板<50×10⁹/L",
    "I4": "ECOG≤2",
    "I5": "有生育可能者同意避孕",
    "I6": "研究者认为可能获益",
    "I7": "愿意签署知情同意",
    "E1": "妊娠或哺乳",
    "E2": "对罗米司亭过敏",
    "E3": "其他血液系统疾病（ITP、骨髓增殖性肿瘤、骨髓瘤、MDS）",
    "E4": "近6个月其他原因所致血小板减少",
    "E5": "血栓史、血栓危险因素或抗凝治疗",
    "E6": "近2周严重出血",
    "E7": "近1个月用过TPO受体激动剂、rhTPO或IL-11",
    "E8": "HIV感染",
    "E9": "慢性活动性乙肝或丙肝",
    "E10": "严重感染或严重器官合并症",
    "E11": "近28天参加过其他临床试验",
    "E12": "认知障碍或未控制的精神疾病",
    "E13": "拒绝使用罗米司亭",
    "E14": "研究者认为不适合入组",
}

BY_ID = {c.id: c for c in CRITERIA}


def code_digest(source: str) -> str:
    """The code of a module without what cannot change an outcome: comments and formatting
    (the syntax tree has neither) and docstrings."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


# What decides an outcome: this package (the table, its rules, facts.py's normalisers, the
# checker) and the language layer that turns words into facts.
DECIDING_CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "reading")


def version_of(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: (p.parent.name, p.name)):
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(code_digest(path.read_text(encoding="utf-8")).encode())
    return f"{PROTOCOL_ID}@{digest.hexdigest()[:12]}"


CRITERIA_VERSION = version_of(p for d in DECIDING_CODE for p in d.glob("*.py"))
