"""What a stated diagnosis is: a leukemia (I2), another haematologic disorder (E3), or other.

One lexicon, English and Chinese. Abbreviations (AML, ALL, MM, ITP, ...) count only when
written in capitals, because "all", "mm" and "et" are ordinary words in prose; long names
match in any case, and the key words of the English names are matched by spelling patterns
so that common misspellings ("leukimia", "acute myloid", "myelogenus") are still read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from prescreen.reading import nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

LEUKEMIA, OTHER_HEMATOLOGIC, OTHER = "leukemia", "other_hematologic", "other"


@dataclass(frozen=True)
class Diagnosis:
    canonical: str  # short display name
    kind: str  # LEUKEMIA | OTHER_HEMATOLOGIC | OTHER


@dataclass(frozen=True)
class _Entry:
    diagnosis: Diagnosis
    phrases: tuple[str, ...] = ()  # any case; English and Chinese
    abbreviations: tuple[str, ...] = ()  # exactly as written
    patterns: tuple[tuple[str, ...], ...] = ()  # sequences of the spelling patterns below


# Spelling patterns for the words of the English names (lower-cased token text).
_WORDS = {
    "acute": r"^a[ck]ute?$",
    "chronic": r"^ch?ron[ie][ck]k?$",
    "myeloid": r"^m[iy]e?l[oa]?(id|ide|gen[oe]?us|blastic|cytic)$",
    "granulocytic": r"^granulocytic$",
    "lymphoid": r"^l[iy]mph?o(blastic|cytic|id)$",
    "promyelocytic": r"^pro-?m[iy]e?lo?cytic$",
    "myelomonocytic": r"^m[iy]e?lo-?monocytic$",
    "hairy": r"^hairy$",
    "cell": r"^cells?$",
    "leukemia": r"^l[eu]{1,2}[ck]{1,2}[aei]{0,2}m[iae]{1,3}s?$",  # leukemia, leukaemia, leukimia, lukemia, leukemai
}


def _dx(canonical: str, kind: str) -> Diagnosis:
    return Diagnosis(canonical, kind)


_ENTRIES: tuple[_Entry, ...] = (
    # ---- leukemias (I2)
    _Entry(_dx("AML", LEUKEMIA), abbreviations=("AML",),
           phrases=("急性髓系白血病", "急性髓细胞白血病", "急性髓细胞性白血病", "急性髓性白血病", "急性髓样白血病",
                    "急性粒细胞白血病", "急性非淋巴细胞白血病", "急髓", "急粒", "急非淋"),
           patterns=(("acute", "myeloid", "leukemia?"), ("acute", "granulocytic", "leukemia?"))),
    _Entry(_dx("APL", LEUKEMIA), abbreviations=("APL", "M3", "AML-M3", "AML M3", "PML-RARA"),
           phrases=("急性早幼粒细胞白血病", "急性早幼粒细胞性白血病", "急性早幼粒", "急早幼"),
           patterns=(("acute", "promyelocytic", "leukemia?"),)),
    _Entry(_dx("ALL", LEUKEMIA), abbreviations=("ALL", "B-ALL", "T-ALL", "Ph+ ALL"),
           phrases=("b-all", "t-all", "急性淋巴细胞白血病", "急性淋巴细胞性白血病", "急性淋巴母细胞白血病", "急淋"),
           patterns=(("acute", "lymphoid", "leukemia?"),)),
    _Entry(_dx("CML", LEUKEMIA), abbreviations=("CML",),
           phrases=("慢性髓系白血病", "慢性髓细胞白血病", "慢性髓细胞性白血病", "慢性髓性白血病", "慢性粒细胞白血病", "慢粒"),
           patterns=(("chronic", "myeloid", "leukemia?"), ("chronic", "granulocytic", "leukemia?"))),
    _Entry(_dx("CLL", LEUKEMIA), abbreviations=("CLL",),
           phrases=("慢性淋巴细胞白血病", "慢性淋巴细胞性白血病", "慢淋"),
           patterns=(("chronic", "lymphoid", "leukemia?"),)),
    _Entry(_dx("hairy cell leukemia", LEUKEMIA), abbreviations=("HCL",), phrases=("毛细胞白血病",),
           patterns=(("hairy", "cell", "leukemia"),)),
    _Entry(_dx("leukemia (type not stated)", LEUKEMIA), phrases=("白血病",), patterns=(("leukemia",),)),
    # ---- other haematologic disorders (E3)
    _Entry(_dx("MDS", OTHER_HEMATOLOGIC), abbreviations=("MDS",),
           phrases=("myelodysplastic syndrome", "myelodysplastic syndromes", "myelodysplasia", "myelodysplastic",
                    "骨髓增生异常综合征", "骨髓增生异常")),
    # CMML is an MDS/MPN overlap neoplasm: despite "leukemia" in its name the trial's E3
    # (MDS, myeloproliferative disorders) covers it, so it is not an I2 leukemia here.
    _Entry(_dx("CMML", OTHER_HEMATOLOGIC), abbreviations=("CMML",),
           phrases=("慢性粒单核细胞白血病", "慢性粒-单核细胞白血病"),
           patterns=(("chronic", "myelomonocytic", "leukemia?"),)),
    _Entry(_dx("multiple myeloma", OTHER_HEMATOLOGIC), abbreviations=("MM",),
           phrases=("multiple myeloma", "myeloma", "plasma cell myeloma", "多发性骨髓瘤", "骨髓瘤")),
    _Entry(_dx("MPN", OTHER_HEMATOLOGIC), abbreviations=("MPN", "PV", "ET", "PMF"),
           phrases=("myeloproliferative neoplasm", "myeloproliferative neoplasms", "myeloproliferative disorder",
                    "myeloproliferative disease", "myeloproliferative", "polycythemia vera", "polycythaemia vera",
                    "essential thrombocythemia", "essential thrombocythaemia", "primary myelofibrosis",
                    "myelofibrosis", "骨髓增殖性肿瘤", "骨髓增殖性疾病", "真性红细胞增多症", "原发性血小板增多症",
                    "原发性骨髓纤维化", "骨髓纤维化")),
    _Entry(_dx("ITP", OTHER_HEMATOLOGIC), abbreviations=("ITP",),
           phrases=("immune thrombocytopenia", "immune thrombocytopenic purpura", "idiopathic thrombocytopenic purpura",
                    "primary immune thrombocytopenia", "免疫性血小板减少症", "原发免疫性血小板减少症",
                    "特发性血小板减少性紫癜", "免疫性血小板减少")),
    _Entry(_dx("aplastic anaemia", OTHER_HEMATOLOGIC),
           phrases=("aplastic anemia", "aplastic anaemia", "再生障碍性贫血", "再障")),
    _Entry(_dx("PNH", OTHER_HEMATOLOGIC), abbreviations=("PNH",),
           phrases=("paroxysmal nocturnal hemoglobinuria", "paroxysmal nocturnal haemoglobinuria", "阵发性睡眠性血红蛋白尿")),
    # ---- other
    _Entry(_dx("lymphoma", OTHER), abbreviations=("NHL", "DLBCL", "HL"),
           phrases=("lymphoma", "hodgkin lymphoma", "hodgkin's lymphoma", "hodgkin's", "hodgkin",
                    "non-hodgkin lymphoma", "non-hodgkin's lymphoma", "diffuse large b-cell lymphoma",
                    "淋巴瘤", "霍奇金淋巴瘤", "非霍奇金淋巴瘤", "弥漫大B细胞淋巴瘤")),
    _Entry(_dx("solid tumour", OTHER),
           phrases=("solid tumour", "solid tumor", "breast cancer", "lung cancer", "colorectal cancer", "colon cancer",
                    "rectal cancer", "gastric cancer", "stomach cancer", "liver cancer", "pancreatic cancer",
                    "ovarian cancer", "prostate cancer", "cervical cancer", "carcinoma", "sarcoma",
                    "实体瘤", "乳腺癌", "肺癌", "结直肠癌", "结肠癌", "直肠癌", "胃癌", "肝癌", "胰腺癌", "卵巢癌", "宫颈癌")),
)

BY_CANONICAL: dict[str, Diagnosis] = {e.diagnosis.canonical: e.diagnosis for e in _ENTRIES}


def _token_pattern(words: tuple[str, ...]) -> list[dict]:
    pattern: list[dict] = []
    for word in words:
        optional = word.endswith("?")
        spec: dict = {"LOWER": {"REGEX": _WORDS[word.rstrip("?")]}}
        if optional:
            spec["OP"] = "?"
        pattern.append(spec)
    return pattern


_LEXICON = nlp.Lexicon(
    phrases={e.diagnosis.canonical: e.phrases for e in _ENTRIES if e.phrases},
    cased={e.diagnosis.canonical: e.abbreviations for e in _ENTRIES if e.abbreviations},
    patterns={e.diagnosis.canonical: [_token_pattern(p) for p in e.patterns] for e in _ENTRIES if e.patterns},
)


def mentions(doc: "Doc") -> list[tuple[Diagnosis, "Span"]]:
    """Every diagnosis mention in a Doc of normalised text, longest first where they overlap."""
    return [(BY_CANONICAL[span.label_], span) for span in nlp.longest(_LEXICON.matches(doc))]


def find(text: str) -> tuple[Diagnosis, int, int] | None:
    """The first diagnosis mentioned in free text, with its character span in `text`.

    Negation is not considered here ("no MDS" finds MDS); prescreen.reading.extract reads the scope.
    """
    clean, where = nlp.normalise_mapped(text)
    found = mentions(nlp.make_doc(clean))
    if not found:
        return None
    diagnosis, span = found[0]
    return diagnosis, where[span.start_char], where[span.end_char - 1] + 1


_ABBREVIATIONS = {a.upper(): e.diagnosis for e in _ENTRIES for a in e.abbreviations}


def classify(text: str) -> Diagnosis | None:
    """What a stated diagnosis is, or None when nothing is recognised.

    A whole value that is just an abbreviation counts in any case ("aml" in a form field),
    unlike an abbreviation inside prose. Every canonical name classifies as itself.
    """
    text = str(text).strip()
    if not text:
        return None
    whole = nlp.normalise(text).strip(" .").upper()
    if whole in _ABBREVIATIONS:
        return _ABBREVIATIONS[whole]
    found = find(text)
    return found[0] if found else None
