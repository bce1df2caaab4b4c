"""Understanding one user message of the screening conversation.

`extract_facts` reads every fact a message states, in English or Chinese:

* labelled values ("PLT 32k", "ECOG 1", "62M", "58岁女性") with the value grammar of
  prescreen.reading.parsing; impossible values become Problems instead of facts;
* diagnoses (prescreen.reading.diagnosis);
* statements about each criterion, from the terms of prescreen.reading.lexicon matched by spaCy,
  with negation and uncertainty (prescreen.reading.assertion) and time read around each mention;
* bare answers ("62", "yes", "不清楚", "3 and 8") read by what the assistant just asked.

The message is one Doc (prescreen.reading.nlp.read), annotated by the language pipeline's
components: its quantities (prescreen.reading.quantities), the terms, cues and diagnoses
matched here ("prescreen_terms"), and ConText's state of each mention ("prescreen_mentions").
`extract_facts` is the step that turns those annotations into facts with their evidence; what
it still reads from the text itself are regular expressions over the message, a sentence or a
clause (times such as "yrs ago" and years, last doses, bleed severity, form answers), kept as
they are because a token pattern would read some texts differently.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Sequence

from prescreen.eligibility import criteria as _criteria
from prescreen.reading import CHECKLIST, CONFIRM, READ_LIMIT  # defined once, in the package
from prescreen.reading import diagnosis as dx
from prescreen.reading import lexicon as lx
from prescreen.reading import assertion, dates
from prescreen.reading import nlp
from prescreen.reading import quantities
from prescreen.reading.parsing import (
    NO_WORDS, UNSURE_WORDS, YES_WORDS, InvalidValue, age_from_match, check_age, check_ecog, check_platelets,
    ecog_from_match, platelets_from_match,
)
from prescreen.reading.quantities import Ago, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


# E1..E13 of CONTRACT.md, from the criteria table: the checklist numbers its items by these.
EXCLUSION_NUMBERS: dict[int, str] = {
    int(c.id[1:]): c.facts[0] for c in _criteria.CRITERIA if c.id.startswith("E") and c.facts
}


@dataclass
class Extraction:
    facts: dict = field(default_factory=dict)
    unsure: list = field(default_factory=list)
    # Values refused as impossible (age 250): parsing.InvalidValue, the one "problem with a
    # value" type, whose `value` the refusal says back in either language.
    problems: list[InvalidValue] = field(default_factory=list)
    checklist_answered: bool = False
    language: str = "en"
    # The words each fact (and each not-known fact) was read from, as the user wrote them.
    evidence: dict = field(default_factory=dict)
    # Facts the message states both ways ("no DVT ... h/o DVT 2018"): key -> (one, other) words.
    # They are left not known, and the assistant asks which is right.
    conflicts: dict = field(default_factory=dict)
    # Everyday activity words that bound the ECOG grade without deciding it ("walks
    # independently" -> (0, 2)): the assistant asks one question that tells those grades apart.
    ecog_range: tuple[int, int] | None = None
    # Values given roughly ("1万多", "around 50"): not known, but a question the person can answer.
    rough: list = field(default_factory=list)


# ---- how each criterion's terms are read --------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    key: str
    # weak words (lexicon's Terms.weak_*) need: 'diagnosis' in the sentence, 'time' in the clause,
    # None: only as the answer to this very question, or with a modifier that says how
    context: str | None = None
    window_days: float | None = None  # with a stated time, true only within this many days
    recent_only: bool = False  # without a stated time, only current/recent use counts
    current_only: bool = False  # the criterion is about now: "resolved" after it leaves it not known


# One per fact key of lx.TERMS, in its order; the words are the lexicon's.
_READING = {
    "diagnosis_confirmed": Criterion("diagnosis_confirmed", context="diagnosis"),
    "other_thrombocytopenia_cause_6mo": Criterion("other_thrombocytopenia_cause_6mo", window_days=183),
    "severe_bleeding_2wk": Criterion("severe_bleeding_2wk", context="time", window_days=14),
    # E10 is a severe infection or organ disease now: "septic shock on admission, now resolved"
    "severe_comorbidity": Criterion("severe_comorbidity", current_only=True),
    "tpo_agent_1mo": Criterion("tpo_agent_1mo", window_days=30, recent_only=True),
    "other_trial_28d": Criterion("other_trial_28d", context="time", window_days=28),
}
CRITERIA: tuple[Criterion, ...] = tuple(_READING.get(key, Criterion(key)) for key in lx.TERMS)
BY_KEY = {c.key: c for c in CRITERIA}

# E9 is chronic *active* hepatitis: a serology marker on its own says whether the virus was met,
# not whether it is active, so markers (lx.SEROLOGY) are read together (_hepatitis_from_serology).
SEROLOGY = lx.SEROLOGY


def _hepatitis_from_serology(markers: dict[str, str]) -> bool | str | None:
    """chronic_hepatitis from the markers' states ('pos', 'neg', 'unsure'): viral DNA/RNA
    detected is active infection; HBsAg+ with DNA undetectable is an inactive carrier, HBsAg-
    (whatever anti-HBc says) no current B, HCV Ab+ with RNA- a cleared C; a positive antigen or
    antibody alone, or any marker not known, leaves it not known."""
    treated = markers.pop("HBV_treated", None)
    if treated is not None and markers.keys() & {"HBsAg", "antiHBc", "HBV_named"}:
        markers.setdefault("HBsAg", "pos")  # "乙肝多年，吃恩替卡韦": infected; active is the viral load's to say
    immune = markers.pop("HBsAb", None)
    if immune is not None and not markers.keys() & {"HBsAg", "HBV_DNA", "antiHBc", "DNA"}:
        # "乙肝表面抗体阳性", "anti-HBs positive (vaccinated)": immune, not infected
        markers["HBsAg"] = "neg" if immune == "pos" else "unsure"
    panel = markers.pop("HBV_panel", None)
    if panel is not None and not markers.keys() & {"HBsAg", "HBV_DNA", "antiHBc"}:
        # "乙肝五项正常", "乙肝五项未回报"; a panel "positive" says nothing until its markers are named
        markers["HBsAg"] = "unsure" if panel == "pos" else panel
    if "DNA" in markers and "HBV_DNA" not in markers and markers.keys() & {"HBsAg", "antiHBc", "HBV_named"}:
        markers["HBV_DNA"] = markers["DNA"]
    markers.pop("HBV_named", None)
    if markers.get("HCV_SVR") == "pos" and "HCV_RNA" not in markers:
        markers["HCV_RNA"] = "neg"  # "Hepatitis C treated, SVR12 achieved"
    markers.pop("HCV_SVR", None)
    markers.pop("HIV_VL", None)
    if "RNA" in markers and "HCV_RNA" not in markers and "HCV_Ab" in markers:
        markers["HCV_RNA"] = markers["RNA"]
    if "pos" in (markers.get("HBV_DNA"), markers.get("HCV_RNA")):
        return True
    verdicts = []
    if markers.keys() & {"HBsAg", "HBV_DNA", "antiHBc"}:
        s, dna = markers.get("HBsAg"), markers.get("HBV_DNA")
        verdicts.append(False if s == "neg" or dna == "neg" else "unsure")
    if markers.keys() & {"HCV_Ab", "HCV_RNA"}:
        ab, rna = markers.get("HCV_Ab"), markers.get("HCV_RNA")
        verdicts.append(False if ab == "neg" or rna == "neg" else "unsure")
    if "unsure" in verdicts:
        return "unsure"
    return False if verdicts else None


# Cues read around a mention (the ConText modifiers are prescreen.reading.assertion's): a bare
# answer right after a mention that ends its clause ("HIV no, HBV yes": NEG, NEG_AFTER,
# POS_AFTER, UNSURE), current use (RECENT), a cause (CAUSE), a turn of the sentence (CONTRAST),
# "only" (ONLY).
CUES: dict[str, tuple[str, ...]] = {
    "NEG": NO_WORDS + lx.NEGATION_BEFORE_PLAIN,
    "NEG_AFTER": lx.NEGATION_EITHER_SIDE + lx.NEGATION_AFTER,
    "POS_AFTER": lx.AFFIRMATION_AFTER,
    "UNSURE": UNSURE_WORDS + lx.UNSURE_ABOUT,
    "RECENT": lx.RECENT,
    "CAUSE": lx.CAUSE,
    "CONTRAST": lx.CONTRAST,
    "ONLY": lx.ONLY,
    "HISTORY": lx.BESIDE_THE_DIAGNOSIS,
    "PAST": lx.PAST,
    "REFUSE": lx.REFUSE_WORDS,
    "ACCEPT": lx.ACCEPT_WORDS,
    "RELATIVE": lx.KIN_NOUNS,
}
LABELS, CASED_LABELS, ACTIVITY, SEX_WORDS = lx.VALUE_LABELS, lx.VALUE_LABELS_CASED, lx.ACTIVITY, lx.SEX_WORDS

# Label strings: "T|key|polarity|weak" for criterion terms, "C|cue", "L|slot", "S|M".
_LEXICON = nlp.Lexicon(
    phrases={
        **{f"T|{key}|1|0": t.yes for key, t in lx.TERMS.items() if t.yes},
        **{f"T|{key}|0|0": t.no for key, t in lx.TERMS.items() if t.no},
        **{f"T|{key}|1|1": t.weak_yes for key, t in lx.TERMS.items() if t.weak_yes},
        **{f"T|{key}|0|1": t.weak_no for key, t in lx.TERMS.items() if t.weak_no},
        **{f"T|{key}|1|0|open": t.open for key, t in lx.TERMS.items() if t.open},
        **{f"T|{key}|1|0|maybe": t.maybe for key, t in lx.TERMS.items() if t.maybe},
        **{f"T|chronic_hepatitis@{marker}|1|0": words for marker, words in SEROLOGY.items()},
        "T|diagnosis_confirmed@test|1|0": lx.DIAGNOSTIC_TESTS,
        "T|hiv@panel|1|0": lx.INFECTION_PANELS,
        **{f"C|{name}": words for name, words in CUES.items()},
        **{f"L|{slot}": words for slot, words in LABELS.items()},
        **{f"S|{sex}": words for sex, words in SEX_WORDS.items()},
        **{f"A|{lo}-{hi}": words for (lo, hi), words in ACTIVITY.items()},
    },
    cased={
        **{f"T|{key}|1|0": t.cased for key, t in lx.TERMS.items() if t.cased},
        **{f"L|{slot}": words for slot, words in CASED_LABELS.items()},
    },
    patterns={"C|UNSURE": lx.PENDING_CHECK_PATTERNS, "C|ACCEPT": lx.ACCEPT_PATTERNS, "C|REFUSE": lx.REFUSE_PATTERNS},
)

_PRONOUNS = nlp.Lexicon(phrases=lx.SEX_PRONOUNS)  # matched apart: "she" inside "she is 62" counts too

_ANSWERS = nlp.Lexicon(phrases={
    "yes": YES_WORDS,
    "no": NO_WORDS + lx.NONE_OF_THESE + lx.DECLINED_AS_ANSWER,
    "unsure": UNSURE_WORDS,
    "yes_confirm": lx.CONFIRM_YES,  # only as the answer to "is this summary right?"
    "no_confirm": lx.CONFIRM_NO,
}, patterns={"unsure": lx.PENDING_CHECK_PATTERNS})

# ---- clauses -----------------------------------------------------------------------------

_CLAUSE_BREAKS = {*lx.LIST_COMMAS, "/"}  # a list goes on across these ("no HIV, HBV")
_SENTENCE_BREAKS = set(lx.SENTENCE_ENDS)
# Tokens passed over between a mention and a word after it that qualifies it.
_QUALIFIER_GAP = frozenset(lx.LIST_JOINERS + lx.LIST_GAP)


@dataclass
class _Item:
    start: int  # token indices
    end: int
    kind: str  # 'T' criterion term, 'D' diagnosis, 'C' cue, 'L' label, 'S' sex word, 'A' activity words
    name: str  # fact key, cue name, slot, sex, or diagnosis canonical name
    polarity: bool = True
    weak: bool = False
    state: str | None = None  # 'neg' | 'pos' | 'unsure' | 'other' (a relative's, or hypothetical) once read
    said: tuple[int, int] = (0, 0)  # characters of the words to quote for it
    modified: bool = False  # a ConText modifier reached it ("declines condoms", "not willing")
    open: bool = False  # speaks of the fact and leaves it open ("wants to think about it")
    maybe: bool = False  # may mean the fact and may not ("cardiac stent")
    answered: bool = False  # its state is a form's answer right after it ("Hysterectomy - no")


TERMS = "prescreen_terms"  # the component's name and its Doc.spans key


def _match_terms(doc: "Doc") -> "Doc":
    """The language pipelines' component: every lexicon match and diagnosis, overlapping ones
    too, as labelled spans in doc.spans["prescreen_terms"]."""
    from spacy.tokens import Span

    doc.spans[TERMS] = _LEXICON.matches(doc) + [
        Span(doc, s.start, s.end, label=f"D|{d.canonical}") for d, s in dx.mentions(doc)]
    return doc


nlp.add_component(TERMS, _match_terms)


def _items(doc: "Doc") -> list[_Item]:
    if TERMS not in doc.spans:  # a Doc made without the pipeline's components
        _match_terms(doc)
    spans = list(doc.spans[TERMS])
    items = []
    for span in nlp.longest(spans):
        kind, name, *rest = span.label_.split("|")
        polarity, weak = (rest[0] == "1", rest[1] == "1") if rest else (True, False)
        items.append(_Item(span.start, span.end, kind, name, polarity, weak, open=rest[2:] == ["open"],
                           maybe=rest[2:] == ["maybe"]))
    return items


def _is_query_mark(doc: "Doc", token) -> bool:
    """'?' before a word ("?DVT", ", ? PE") doubts that word; only '?' glued to the end of a
    word ("HIV?") ends a sentence."""
    return token.text == "?" and not (token.i > 0 and not doc[token.i - 1].whitespace_
                                       and doc[token.i - 1].text not in _OPENING_PUNCTUATION)


# after these, a '?' glued on still opens the next word ("左下肢肿胀，?DVT", "(?PE)")
_OPENING_PUNCTUATION = frozenset((",", ";", ":", "(", "/", "，", "；", "：", "（", "、"))


class _Clauses:
    """Clause and sentence numbers for every token, and the items of each clause."""

    def __init__(self, doc: "Doc", items: list[_Item]) -> None:
        contrast_at = {i.start for i in items if i.kind == "C" and i.name == "CONTRAST"}
        self.clause: list[int] = []
        self.sentence: list[int] = []
        self.after_sentence_break: set[int] = set()  # clause numbers that start a sentence
        clause = sentence = 0
        for token in doc:
            text = token.text if not token.is_space else ("\n" if "\n" in token.text else " ")
            if token.i in contrast_at:
                clause, sentence = clause + 1, sentence + 1
                self.after_sentence_break.add(clause)
            self.clause.append(clause)
            self.sentence.append(sentence)
            if text in _CLAUSE_BREAKS:
                clause += 1
            elif text in _SENTENCE_BREAKS and not _is_query_mark(doc, token):
                clause, sentence = clause + 1, sentence + 1
                self.after_sentence_break.add(clause)
        self._spans: dict[int, tuple[int, int]] = {}
        for token in doc:
            start, _ = self._spans.get(self.clause[token.i], (token.idx, 0))
            self._spans[self.clause[token.i]] = (start, token.idx + len(token.text))
        self.items: dict[int, list[_Item]] = {}
        for item in items:
            self.items.setdefault(self.clause[item.start], []).append(item)

    def span(self, clause: int) -> tuple[int, int]:
        """Character range of a clause."""
        return self._spans[clause]

    def before(self, item: _Item) -> list[_Item]:
        """The items of the item's clause that end before it, in text order."""
        return [i for i in self.items[self.clause[item.start]] if i.end <= item.start]


# ---- reading the mentions ----------------------------------------------------------------

# A form's line, "Pregnant/BF: no", "TPO/IL-11 (1 mo): no", "HIV: neg   HBV/HCV: neg": the answer
# after the colon is said of every finding in the label before it.
_FORM_ANSWER = re.compile(
    # the answer may be qualified by the time it covers: "TPO-RA: none in the last 4 weeks"
    # ... or a full stop and the next line of the form: "E5 (thrombosis/anticoag): NO. E7 (...): NO"
    # (a label is one sentence's: "#7: rhTPO finished 5 days ago. #5: no" answers only #5)
    r"(?P<label>(?:(?!\.\s)[^:\n]){{1,60}}?)\s*[:：]\s*(?P<answer>{})\.?(?=[ \t]{{2,}}|[ \t]*(?:\n|$)|[ \t]*[,;]|(?<=\.)[ \t]|[ \t]+[-–][ \t]"
    r"|[ \t]+(?:in|within|during|over|for)[ \t]+(?:the[ \t]+)?(?:last|past|previous)\b)".format(
        "|".join(sorted((re.escape(w) for w in lx.FORM_ANSWERS), key=len, reverse=True))), re.IGNORECASE)


def _read_form_answers(doc: "Doc", text: str, items: list[_Item]) -> None:
    for match in _FORM_ANSWER.finditer(text):
        answer = match["answer"].lower()
        state = next(s for s, words in lx.FORM_ANSWER_STATES.items() if answer in words)
        start, end = match.span("label")
        for item in items:
            if item.kind in "TD" and start <= doc[item.start].idx and doc[item.end - 1].idx < end:
                item.state, item.modified = state, True
                item.said = (start, match.end())


def _read_states(doc: "Doc", items: list[_Item], clauses: _Clauses) -> None:
    """Each mention's state from ConText (prescreen.reading.assertion); a bare answer word right after a
    mention that ends its clause ("HIV no, HBV yes") where no modifier reached it."""
    # A weak word that is itself a modifier ("possible", "疑似", "confirmed") is read by its own
    # criterion's context rule, and goes on modifying the findings around it.
    mentions = [i for i in items if i.kind in "TD" and not (i.weak and assertion.is_modifier(doc[i.start:i.end].text))]
    # A kin word is read for whom it names: a relative's family history ("mother died of AML",
    # "我外公是中风走的") names someone who is not the patient, so it gives no sex.
    kin = []
    for i in (i for i in items if i.kind == "S"):
        if doc.text[doc[i.start].idx:].lower().startswith(_FAMILY_PHRASES) or (
                i.start > 0 and doc[i.start - 1].lower_ in _SOMEONE_ELSES):
            # the name begins a relative's phrase ("mum had DVT, pt nil"), or is someone else's
            # relative ("his mum and his brother both had DVTs")
            i.state = "other"
        else:
            kin.append(i)
    findings = [(i.start, i.end, i.name if i.kind == "T" else "diagnosis") for i in mentions]
    findings += [(i.start, i.end, "sex") for i in kin]
    starts = [t.i for t in doc if t.i and clauses.sentence[t.i] != clauses.sentence[t.i - 1]]
    starting_at = {i.start: i for i in items}
    read = assertion.categories(doc, findings, starts)
    for item, (cats, _) in zip(kin, read[len(mentions):]):
        if assertion.state(cats) == "other":
            item.state = "other"
    for item, (cats, (start, end)) in zip(mentions, read):
        item.state = assertion.state(cats)
        if item.state is None:
            item.state = _answer_after(doc, item, starting_at)
            item.answered = item.state is not None
        item.said = _segment(doc, clauses, start, end)
        item.modified = bool(cats)


MENTIONS = "prescreen_mentions"  # the ConText component's name and its doc.user_data key


def _read_context(doc: "Doc") -> "Doc":
    """The language pipelines' last component: each mention's state (ConText's modifiers and
    their scopes, over the clauses the cues and punctuation make) and the words to quote for
    it, kept with the clauses in doc.user_data["prescreen_mentions"] for extract_facts."""
    items = _items(doc)
    clauses = _Clauses(doc, items)
    _read_states(doc, items, clauses)
    doc.user_data[MENTIONS] = (items, clauses)
    return doc


nlp.add_component(MENTIONS, _read_context)


def _mentions(doc: "Doc") -> tuple[list[_Item], _Clauses]:
    if MENTIONS not in doc.user_data:  # a Doc made without the pipeline's components
        _read_context(doc)
    return doc.user_data[MENTIONS]


_SEGMENT_ENDS = {",", ";", ".", "、", "!", "\n", "...", "......"}
# After a relative's name: the relative is speaking, not the patient ("我妹说…").
_SAYS = {"说", "讲", "称", "告诉", "问", "说过", "讲过", "觉得", "says", "said", "thinks"}
# Before a relative's name: the relative is asked, not spoken of ("我得问问我妈").
_ASKS = {"问问", "问", "问一下", "问下", "得问", "要问", "得问问", "要问问", "ask", "asking",
         # ... or where the papers are, whom to talk it over with or wait for ("单子在我姐那", "跟我哥商量", "等我哥回来")
         "在", "跟", "等", "找"}


def _segment(doc: "Doc", clauses: _Clauses, start: int, end: int) -> tuple[int, int]:
    """The words to quote for a mention (tokens start..end with its modifiers): its piece of
    the text between commas, full stops and line breaks."""
    sentence = clauses.sentence[start]
    while start > 0 and clauses.sentence[start - 1] == sentence and doc[start - 1].text not in _SEGMENT_ENDS \
            and "\n" not in doc[start - 1].text:
        start -= 1
    while end < len(doc) and clauses.sentence[end] == sentence and doc[end].text not in _SEGMENT_ENDS \
            and "\n" not in doc[end].text:
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _answer_after(doc: "Doc", item: _Item, starting_at: dict[int, _Item]) -> str | None:
    j = item.end
    # past list joiners and the list's other findings: "DVT/PE - no" answers for both
    while j < len(doc) and (doc[j].is_space or doc[j].text.lower() in _QUALIFIER_GAP or (
            j in starting_at and starting_at[j].kind == "T" and starting_at[j].name == item.name)):
        j = starting_at[j].end if j in starting_at and starting_at[j].kind == "T" else j + 1
    cue = starting_at.get(j)
    if cue is None or cue.kind != "C" or not _ends_clause(doc, cue.end):
        return None
    if doc[cue.start:cue.end].text in assertion._NOT_APPLICABLE and any(
            doc[k].text in _SLOT_BREAKS for k in range(item.end, j)):
        return None  # "已绝经，不涉及": the question does not apply, because of what was said before
    if item.start > 0 and doc[item.start - 1].text in _PAST_ZH and any(
            doc[k].text in _SLOT_BREAKS for k in range(item.end, j)):
        return None  # "既往ET / 无 / 无": the history is said; the no after the slash is the next slot's
    if not item.polarity and doc[cue.start:cue.end].text in _NOT_APPLICABLE_ZH:
        return None  # "已绝经，不涉及": the question does not apply because of what was said, no "no" to it
    return {"NEG": "neg", "NEG_AFTER": "neg", "POS_AFTER": "pos", "UNSURE": "unsure"}.get(cue.name)


_PAST_ZH = frozenset(w for w in lx.PAST if nlp.CJK.search(w))
_NOT_APPLICABLE_ZH = frozenset(("不涉及", "不适用", "不存在", "都不存在", "不用考虑", "不用问", "不可能的", "都不可能"))
_SLOT_BREAKS = {*lx.LIST_COMMAS, "/", "|"}


def _ends_clause(doc: "Doc", j: int) -> bool:
    """True when token j is the end of the text or a clause break ("HIV no, HBV yes")."""
    while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
        j += 1
    return j >= len(doc) or doc[j].text in _CLAUSE_BREAKS | _SENTENCE_BREAKS or "\n" in doc[j].text


# Words that say the later of two values is the one meant.
_CORRECTION = re.compile(
    r"\b(?:sorry|correction|i mean|i meant|actually|rather|typo|update[ds]?|now|today|latest|current(?:ly)?|repeat|"
    r"dropped to|fell to|down to|recheck(?:ed)?|instead|(?:no\s+)?wait|call it|make (?:that|it)|or rather)\b|[?？]\s*no\b|不对|不是|哦|更正|改为|应该是|说错|写错|现在|今天|目前|最新|(?<![待需要])复查|掉到|降到"
    r"|抱歉|不好意思|对不起|打错|看错|录错|记错|应为"
    r"|降至|下降至|跌至|回升|升至|升到|现为|现已|现回|现降|核对为|核实为|实际是|实际为|其实是",
    re.IGNORECASE)
# Facts that are one answer, not a sum of findings: said both ways, they are asked back.
# (HIV is one infection however its test is named, and a drug allergy one answer: "HIV neg ...
# HIV-1/2 Ab reactive", "NKDA ... anaphylaxis to Nplate" are asked back.)
_ONE_ANSWER_KEYS = {"willing_to_consent", "refuses_romiplostim", "contraception_agreed", "diagnosis_confirmed",
                    "other_trial_28d",  # "finished his trial 6 weeks ago ... attributed to the trial drug"
                    "thrombocytopenia_due_to_treatment", "hiv", "romiplostim_hypersensitivity"}
_SAME_FINDING = {name: finding for finding, names in lx.SAME_FINDING.items() for name in names}
# Words that say two values disagree, so neither is the correction of the other.
_DISAGREE = re.compile(r"不一致|不符|矛盾|对不上|inconsistent|discrepan|conflicting", re.IGNORECASE)
# Words that take back what was just said ("血小板18，哦不是，我看错了"): a value with one of
# these after it is not known.
_RETRACT = re.compile(r"看错|说错|写错|记错|搞错|弄错|打错|录错|填错|输错|写反|搞反|弄反|哦不是|哦不对|不对不对|不是\s*[,;]?\s*是|不对\s*[,;]?\s*是|typo(?!\s+(?:above|earlier|before|in (?:my|the) (?:last|previous)))|i was wrong"
                     r"|that's wrong|scratch that",
                      re.IGNORECASE)


def _retracted(text: str, said: str | None, within: bool = False) -> bool:
    if said and _CORRECTION_LEAD.match(said):
        return False  # "不对 是63岁 我记错了": the value put right, the mistake was the one before
    at = text.find(said) if said else -1
    if at > 0 and _PUT_RIGHT_BEFORE.search(text, max(0, at - 16), at):
        return False  # "23 - sorry, 32, typo": the typo was the value before the correction
    # (a yes or no's Chinese words may run on into the taking back: "HIV阳性——抱歉打错了，是阴性")
    return said is not None and at >= 0 and _RETRACT.search(
        text, at + (1 if within and nlp.CJK.search(said) else len(said))) is not None


_PUT_RIGHT_BEFORE = re.compile(r"\b(?:sorry|i mean|i meant|actually|correction|no wait|call it|make (?:that|it)|should be)"
                               r"\b[\s,:;-]*(?:it's|it is|is)?\s*$", re.IGNORECASE)


@dataclass
class _Votes:
    """Every reading of each fact in a message, with the words it came from; one value per
    fact at the end."""

    values: dict[str, list[Any]] = field(default_factory=dict)
    said: dict[str, list[tuple[str | None, str | None]]] = field(default_factory=dict)  # (words, concept)

    def add(self, key: str, value: Any, said: str | None = None, concept: str | None = None) -> None:
        self.values.setdefault(key, []).append(value)
        self.said.setdefault(key, []).append((said, concept))

    def resolve(self, ex: Extraction, text: str) -> None:
        whole = " ".join(text.split())
        whole = whole if len(whole) <= 120 else whole[:117] + "..."
        for key, values in self.values.items():
            said = self.said[key]
            words = [w or whole for w, _ in said]
            definite = [(v, w, c) for v, (w, c), in zip(values, said) if v != "unsure"]
            if not definite:
                ex.unsure.append(key)
                ex.evidence[key] = words[-1]
                continue
            if all(isinstance(v, bool) for v, _, _ in definite):
                # One mention said both ways ("no DVT ... h/o DVT 2018") is asked back; other
                # mentions add up: one positive is what matters ("no DVT, on apixaban").
                by_concept: dict[str, dict[bool, str]] = {}
                for v, w, c in definite:
                    if c:
                        by_concept.setdefault(c, {}).setdefault(v, w or whole)
                clash = next((ws for ws in by_concept.values() if len(ws) == 2), None)
                if clash is not None:
                    ex.unsure.append(key)
                    ex.conflicts[key] = (clash[True], clash[False])
                    ex.evidence[key] = f"{clash[True]} / {clash[False]}"
                    continue
                if key in _ONE_ANSWER_KEYS and len({v for v, _, _ in definite}) == 2:
                    # "愿意参加，但他又说不想再折腾了": one answer said both ways is asked back
                    yes = next(w or whole for v, w, _ in definite if v)
                    no = next(w or whole for v, w, _ in definite if not v)
                    ex.unsure.append(key)
                    ex.conflicts[key] = (yes, no)
                    ex.evidence[key] = f"{yes} / {no}"
                    continue
                value = any(v for v, _, _ in definite)
                if not value and "unsure" in values:
                    # "hep B neg, hep C not checked", "no DVT, ?PE": a no to one thing is no
                    # answer for the one in doubt (a yes would be: "?DVT, on apixaban")
                    ex.unsure.append(key)
                    ex.evidence[key] = next(w for v, w in zip(values, words) if v == "unsure")
                    continue
                evidence = next(w or whole for v, w, _ in definite if v == value)
                if _retracted(text, evidence, within=True):  # "没用过特比澳……哦不对，我妹说上礼拜好像打过"
                    ex.unsure.append(key)
                    ex.evidence[key] = evidence
                    continue
                ex.facts[key] = value
                ex.evidence[key] = evidence
            elif key == "sex" and len({v for v, _, _ in definite}) > 1:
                continue  # "male or female condoms" says nothing about the patient
            elif len({v for v, _, _ in definite}) > 1 and (not _CORRECTION.search(text) or _DISAGREE.search(text)):
                # "PLT 35与PLT 12", "ECOG 1 ... mostly in bed": two readings and no word that
                # says which one stands
                ex.unsure.append(key)
                ex.conflicts[key] = (definite[0][1] or whole, definite[-1][1] or whole)
                ex.evidence[key] = f"{definite[0][1]} / {definite[-1][1]}"
            elif key in NUMERIC_SLOTS and (values[-1] == "unsure" and _CORRECTION.search(text)
                                           or _retracted(text, definite[-1][1])):
                # "血小板18，哦不是，我看错了，可能是81": taken back, or corrected to a value not known
                ex.unsure.append(key)
                ex.evidence[key] = words[-1]
            else:
                ex.facts[key] = definite[-1][0]  # "platelets 32, sorry, 45": the correction
                ex.evidence[key] = definite[-1][1] or whole


_ANTICOAGULANT = re.compile("|".join(lx.ANTICOAGULANT_STEMS), re.IGNORECASE)
_DECLINED_TEST = re.compile(r"\b(?:declin|refus)\w*\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
_INDICATION_UNKNOWN = re.compile(lx.INDICATION_UNKNOWN, re.IGNORECASE)
_WHEN_UNKNOWN = re.compile(lx.WHEN_UNKNOWN, re.IGNORECASE)
# ... said of the message's drug anywhere in it: "...; pt cannot say when last taken"
_WHEN_UNKNOWN_SAID = re.compile(r"(?:cannot|can't|can not|unable to) (?:say|remember|recall) when|"
                                r"(?:doesn't|does not|don't|do not) (?:know|remember) when|" + lx.LOOK_IT_UP_ZH,
                                re.IGNORECASE)
_LOOK_IT_UP = re.compile(lx.LOOK_IT_UP_ZH)
_SCARE_QUOTED = re.compile(r"(?<![A-Za-z])['‘\"“][^'’\"”\n]{2,40}['’\"”](?![A-Za-z])")
_SCAN_CLEAR = re.compile(lx.SCAN_CLEAR, re.IGNORECASE)
_ASKS_IF_IT_COUNTS = re.compile(lx.ASKS_IF_IT_COUNTS, re.IGNORECASE)
_TIA = re.compile(r"\btia\b|mini[- ]stroke|funny turn|transient isch", re.IGNORECASE)
_PROPHYLAXIS = re.compile(lx.PROPHYLAXIS, re.IGNORECASE)
_ANTICOAGULANT_STOPPED = re.compile(lx.ANTICOAGULANT_STOPPED, re.IGNORECASE)
_LINE_LOCK = re.compile(lx.LINE_LOCK)
_ANTICOAGULANT_HELD = re.compile(lx.ANTICOAGULANT_HELD, re.IGNORECASE)
_CLOT_PREVENTED = re.compile(lx.CLOT_PREVENTED, re.IGNORECASE)
_NOT_IMAGED = re.compile(lx.NOT_IMAGED, re.IGNORECASE)
# a form's field and its answer no, right after a thrombosis word ("VTE: none ever", "Thrombosis Hx - Nil")
_FORM_NO_AFTER = re.compile(r"\s*(?:hx|history|h/o|risk factors?|events?)?\s*[:\-–]\s*(?:nil|none|no|neg|negative|denied|absent)"
                            r"(?:\s+(?:ever|identified|known|reported))?\s*(?:[.;,]|$)", re.IGNORECASE)
# a question asked of a finding and answered no right after it ("Clots? no.", "血栓？没有。")
_ASKED_THEN_NO = re.compile(r"\s*[?？]\s*[-–]?\s*(?:(?:no|nope|none|never|nil)(?!\s*(?:idea|clue|one knows|records?|notes?))\b"
                            r"|(?:也|都|从来)?(?:没有|没|无)(?![查做测检问说记])(?:过)?(?:的)?\s*(?:[.。!！,，;；]|$))", re.IGNORECASE)
_BUT_NEXT = re.compile(r"\s*[,，]?\s*(?:but|但是?|不过)", re.IGNORECASE)
_SERVICE_AFTER = re.compile(r"\s*(?:clinic|service|team|nurse|specialist|pharmacist|consult\w*|门诊|专科|小组)\b", re.IGNORECASE)
_SUPERFICIAL = re.compile(r"\bsuperficial\b[^,;.]{0,16}$|浅静脉[^,;.，；。]{0,4}$", re.IGNORECASE)
_THIS_STAY_ONLY = re.compile(lx.THIS_STAY_ONLY, re.IGNORECASE)
_CLOTS_IN_A_BLEED = re.compile(lx.CLOTS_IN_A_BLEED, re.IGNORECASE)
_PATIENT_SET_APART = re.compile(lx.PATIENT_SET_APART, re.IGNORECASE)
_KIN_NAMED = re.compile(lx.KIN_NAMED, re.IGNORECASE)
_CLOT_LOOKED_FOR = re.compile(lx.CLOT_LOOKED_FOR + "$", re.IGNORECASE)
_CLOT_SEARCH_CLEAR = re.compile(lx.CLOT_SEARCH_CLEAR, re.IGNORECASE)
_NO_CLOT_FOUND_SAID = re.compile(r"\b(?:showed|confirmed|found|seen|positive)\b", re.IGNORECASE)
_HEARSAY_NO_RECORDS = re.compile(lx.HEARSAY_NO_RECORDS, re.IGNORECASE)
_NO_RECORDS = re.compile(lx.NO_RECORDS, re.IGNORECASE)


_GENERAL_CLOT_WORDS = frozenset(lx.CLOT_KINDS) | {"血栓", "血栓病史", "血栓史", "静脉血栓", "血栓事件"}


def _covers(denied: str | None, stated: str | None) -> bool:
    """A clot denied covers one stated: the same word, or a general word for it ("no VTE" / "DVT 2018")."""
    return denied is None or stated is None or denied == stated or denied in _GENERAL_CLOT_WORDS \
        or nlp.CJK.search(denied) is not None


def _for_this_stay(text: str, at: int, length: int) -> bool:
    """A denial said for this stay: in its own clause ("no VTE during admission"), or at the head of
    its sentence ("住院期间无严重出血，未发生血栓事件")."""
    if at < 0:
        return False
    end = min([i for i in (text.find(c, at + length) for c in ",;.，；。") if i != -1] or [len(text)])
    sentence = _full_sentence(text, at)
    return bool(_THIS_STAY_ONLY.search(text, _clause_start(text, at), end)
                or _THIS_STAY_ONLY.match(sentence.lstrip()))


def _clause_start(text: str, at: int) -> int:
    """Where the clause around character `at` begins (after the last comma or full stop before it)."""
    return max(text.rfind(c, 0, at) for c in ",;.，；。") + 1
_PROPHYLAXIS_STOPPED = re.compile(lx.PROPHYLAXIS_STOPPED, re.IGNORECASE)
_NOT_TESTED_SELF = re.compile(lx.NOT_TESTED_SELF, re.IGNORECASE)
_ANTICOAGULANT_REASON = re.compile(lx.ANTICOAGULANT_REASON, re.IGNORECASE)
_MECHANICAL_PROPHYLAXIS = re.compile(lx.MECHANICAL_PROPHYLAXIS, re.IGNORECASE)
_ANTICOAGULATED_AT_TEST = re.compile(lx.ANTICOAGULATED_AT_TEST, re.IGNORECASE)
_ANTICOAGULATED_BEFORE_ZH = re.compile(lx.ANTICOAGULATED_BEFORE_ZH)
_STILL_ANTICOAGULATED_ZH = re.compile(r"(?:现在|目前|至今|一直|还在|仍在|仍然|在)(?:还|仍)?(?:在)?(?:吃|用|打|服)(?!不)")
_HEPARIN = re.compile(r"heparin|\bufh\b|肝素", re.IGNORECASE)
_HEPARIN_AS_HIT_CAUSE = re.compile(lx.HEPARIN_AS_HIT_CAUSE, re.IGNORECASE)
_NOT_GIVEN = re.compile(r"\b(?:not|never|wasn't|was not|weren't) (?:yet )?(?:given|started|commenced|prescribed)\b"
                        r"|\bno (?:\w+ )?given\b", re.IGNORECASE)
_BLEED_SEVERITY_OPEN = re.compile(lx.BLEED_SEVERITY_OPEN_ZH)
# a form's line answered open: "major bleed within 2/52: ?", "Bleed in last 2 weeks: unknown, Hb drop being investigated"
_FORM_LEFT_OPEN = re.compile(r"[:：]\s*(?:{})\s*(?:[,;.，；。]|$)".format(
    "|".join(sorted((re.escape(w) for w in lx.FORM_ANSWER_STATES["unsure"]), key=len, reverse=True))), re.IGNORECASE)
_RECORDS_DISAGREE = re.compile(lx.RECORDS_DISAGREE)
def _zh_accounts_left_open(text: str, votes: _Votes) -> None:
    """Chinese accounts that leave a fact said definitely open after all."""
    def doubt(key: str, why: "re.Match[str]") -> None:
        votes.values[key], votes.said[key] = ["unsure"], [(why.group(), None)]

    if False in votes.values.get("chronic_hepatitis", []) and _VACCINE_ZH.search(text) and (
            m := _NEVER_TESTED_ZH.search(text)):
        doubt("chronic_hepatitis", m)  # "乙肝疫苗小时候打过，不过好像从来没查过": vaccinated, never tested
    if True in votes.values.get("willing_to_consent", []) and True in votes.values.get("refuses_romiplostim", []) and (
            m := _REFUSES_ZH.search(text)):
        doubt("willing_to_consent", m)  # "患者愿意参加本研究，但…拒绝使用罗米司亭": willing to what, then?
    _zh_childbearing(text, votes)
    if "childbearing_potential" not in votes.values and (recent_period := _RECENT_PERIOD_ZH.search(text)) is not None:
        # a period in the last weeks: a woman who can conceive ("LMP上周", "末次月经10月28日", "末次月经2周前")
        votes.add("childbearing_potential", True, recent_period.group())
    if votes.values.get("chronic_hepatitis") and all(v == "unsure" for v in votes.values["chronic_hepatitis"]):
        # the virus met, and how active said in a family's or a note's words: "病毒量老高了，好几百万拷贝",
        # "医生说病毒在复制" (active); "病毒没复制", "医生说是不活动的", "病毒DNA查不出来" (an inactive carrier)
        active, inactive = (m if m is not None and not _HIV_BEFORE.search(text, max(0, m.start() - 10), m.start())
                            else None for m in (_HBV_ACTIVE_ZH.search(text), _HBV_INACTIVE_ZH.search(text)))
        if (active is None) != (inactive is None):
            found = active or inactive
            assert found is not None
            votes.values["chronic_hepatitis"] = [active is not None]
            votes.said["chronic_hepatitis"] = [(found.group(), None)]
    if votes.values.get("chronic_hepatitis") and all(v == "unsure" for v in votes.values["chronic_hepatitis"]) and (
            panel := _PANEL_POSITIVE_ZH.search(text)) is not None and not _HCV_OPEN_ZH.search(text):
        # "乙肝两对半：2、4、5阳", "两对半只有第2项阳性": the positions positive, and not the first (HBsAg):
        # no surface antigen, so no chronic hepatitis B (a first among them leaves it to the viral load)
        positions = {_PANEL_DIGITS.get(c, c) for c in re.findall(r"[1-5一二三四五]", panel["pos"])}
        if "1" not in positions:
            votes.values["chronic_hepatitis"], votes.said["chronic_hepatitis"] = [False], [(panel.group(), None)]
    if (m := _CHANGED_ACCOUNT_ZH.search(text)) is not None:
        # "以前说是有血栓后来复查又说没有": an account taken back; what it said is not known
        for key, said in list(votes.said.items()):
            if any(w and w in m.group() or w and m.group() in w for w, _ in said) and any(
                    v in (True, False) for v in votes.values[key]):
                doubt(key, m)


def _zh_childbearing(text: str, votes: _Votes) -> None:
    """E1 from how a Chinese note or family says it: the womb removed, periods over, too old (no);
    periods still coming (yes); a man, a pregnancy spoken of (no)."""
    key = "childbearing_potential"
    sex = set(votes.values.get("sex", []))
    if key in votes.values:
        return
    if sex == {"M"}:
        if _PREGNANCY_SPOKEN_OF_ZH.search(text) and not _SPOUSE_ZH.search(text):
            votes.add(key, False, "M")  # "E1不适用，是男的", "我爸七十了，怀孕这些不存在的"
        return
    if (no := _CHILDBEARING_NO_ZH.search(text)) is not None:
        votes.add(key, False, no.group())
    elif (yes := _CHILDBEARING_YES_ZH.search(text)) is not None:
        votes.add(key, True, yes.group())


_CHILDBEARING_NO_ZH = re.compile(lx.CHILDBEARING_NO_ZH, re.IGNORECASE)
_CHILDBEARING_YES_ZH = re.compile(lx.CHILDBEARING_YES_ZH, re.IGNORECASE)
_SPOUSE_ZH = re.compile(lx.SPOUSE_ZH)
_PREGNANCY_SPOKEN_OF_ZH = re.compile(lx.PREGNANCY_SPOKEN_OF_ZH, re.IGNORECASE)
_PANEL_POSITIVE_ZH = re.compile(r"(?:两对半|五项|乙肝[五5]项)[:：\s]*(?:检查|结果)?[:：\s]*(?:只有|仅|就|仅有)?\s*(?:第)?"
                                r"(?P<pos>[1-5一二三四五](?:\s*[、,，和及]\s*(?:第)?[1-5一二三四五])*)\s*(?:项|个)?\s*(?:是|为)?"
                                r"(?:阳性|阳|\(\+\)|\+)")
_PANEL_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}
# hepatitis C said positive or open: the panel of hepatitis B does not settle E9
_HCV_OPEN_ZH = re.compile(r"(?:丙肝|hcv|丙型)[^,;.。，；]{0,8}?(?:阳|\+|待|未查|没查|不清楚|不知道|\?|？)", re.IGNORECASE)
_VACCINE_ZH = re.compile(r"疫苗")
_RECENT_PERIOD_ZH = re.compile(r"(?:末次月经|LMP)\s*[:：]?\s*(?:(?:20\d\d[-./年])?(?:1[0-2]|[1-9])[-./月](?:[12]\d|3[01]|[1-9])(?![\d.])"
                               r"|上周|上个?星期|上个?礼拜|上个月|本月|这个月|(?:\d{1,2}|[一二三两四五六七八九十几]+)(?:天|周|个星期)前)")
_HIV_BEFORE = re.compile(r"艾滋|hiv", re.IGNORECASE)  # "艾滋病毒载量测不到" is HIV's load, not hepatitis B's
_HBV_ACTIVE_ZH = re.compile(
    r"(?<!没)(?<!不)(?:在|正在|还在)?复制(?:得|的)?(?:很|挺|比较|非常|特别)?(?:活跃|厉害|快|多)|病毒在复制|病毒还在复制"
    r"|病毒(?:量|拷贝|DNA)?(?:老|很|挺|特别|非常)高|病毒(?:量|拷贝|DNA)?[^,;。.，；]{0,6}?"
    r"(?:好?几百万|好?几千万|一千多万|好几万|几十万|上万|上百万|几万|几千)(?:拷贝)?")
_HBV_INACTIVE_ZH = re.compile(
    r"不活动|非活动|没(?:有)?(?:在)?复制|不复制|(?:病毒|DNA)[^,;。.，；]{0,8}?(?:测不到|查不到|查不出来?|测不出来?|检测不到"
    r"|验不出来?|阴性|转阴)")
_NEVER_TESTED_ZH = re.compile(r"(?:从来|从)?没(?:有)?(?:查|检查|化验|测|验)过|从未(?:查|检查|化验|检测)|没(?:有)?查")
_REFUSES_ZH = re.compile(r"拒绝|不接受|不想用|不愿意用|不肯用|不打")
_CHANGED_ACCOUNT_ZH = re.compile(r"(?:以前|之前|原来|开始|起初|当时)[^;。.]{0,10}?(?:说|讲|诊断|考虑)[^;。.]{0,16}?"
                                 r"(?:后来|之后|再后来)[^,;。.]{0,6}?(?:又|再)?(?:说|讲|改口|排除)[^,;。.]{0,6}")
_RECHECK_TAKEN_ZH = re.compile(r"以复查|复查(?:结果)?(?:为|是|:)?\s*\d")  # "后复查为24（首次标本凝集）": the recheck read
_SAMPLE_INVALID_ZH = re.compile(r"标本[^,;.，；。]{0,3}(?:凝块|凝集|凝固|溶血|不合格)|(?:血小板|PLT)聚集|EDTA依赖|假性血小板减少"
                                r"|(?:已|需|要)?重(?:新)?抽(?:血)?[^,;.，；。]{0,4}(?:待|未|还没)")
# a count checked again, later in the sentence: "，本院今日复查18", "，今晨复查为9"
_RECHECKED_ZH = re.compile(r"\s*[(（]?[^,;.，；。\d]{0,6}[)）]?\s*[,，;；]\s*(?:本院|我院|今日|今天|今晨|今早|昨日|昨天|现|再次|次日)*"
                           r"\s*(?:复查|复测|重查|再查|重抽|复检)(?:血常规)?(?:PLT|plt|血小板)?\s*(?:为|是|:|：)?\s*")
_NAME_NOT_KNOWN = re.compile(r"(?:药名|名字|名称|叫什么|什么药|哪种药|哪个药)[^,;.，；。]{0,6}?"
                             r"(?:说不清|不清楚|不知道|忘了|忘记了|记不清|不记得|想不起来|待核实|不详)")
# a bleed asked, or doubted, in Chinese: "本周曾有颅内出血？", "可疑消化道出血"
_BLEED_QUERIED_ZH = re.compile(r"(?:{z})[^,;.，；。]{{0,3}}\?|(?:可疑|疑似|疑有|怀疑|不除外)[^,;.，；。]{{0,6}}(?:{z})".format(
    z="|".join(lx.BLEEDS_ZH + ("颅内出血", "脑出血", "消化道出血"))))
_TRANSFUSED_FOR_ANAEMIA = re.compile(lx.TRANSFUSED_FOR_ANAEMIA_ZH)
_NOT_GIVEN_ZH = re.compile(lx.NOT_GIVEN_ZH)
# anticoagulated at a time past, said right before the drug in its clause: "当时为房颤抗凝", "那时候吃过华法林"
_ANTICOAGULATED_THEN = re.compile(r"(?:当时|那时|那时候|那会儿|當時|那時)[^,;.，；。]{0,6}$")
_STOPPED_BEFORE = re.compile(r"(?:停用|停药|停了|停掉|停止使用|停止|stopped|discontinued|off"
                             # a course over, said before the drug: "treated 45 days fondaparinux", "completed 6/12 apixaban"
                             r"|completed(?: \d+\s*(?:days?|weeks?|wks?|months?|/12|/52))?|finished"
                             r"|treated (?:for )?\d+\s*(?:days?|weeks?|wks?|months?|/12|/52)(?: (?:of|with))?)\s*(?:了)?"
                             r"(?:\s+(?:his|her|their|the|my|our))?\s*$",
                             re.IGNORECASE)
_TESTED_FOR = frozenset(lx.TESTED_FOR)
_PREGNANCY_TESTS = frozenset(lx.PREGNANCY_TEST_NAMES)
_PREGNANT_WORD = re.compile(r"pregnan|怀孕|妊娠|孕", re.IGNORECASE)
_PREGNANCY_OVER = re.compile(r"\b(?:{})\b|{}".format(
    "|".join(re.escape(w) for w in lx.PREGNANCY_OVER if not nlp.CJK.search(w)),
    "|".join(w for w in lx.PREGNANCY_OVER if nlp.CJK.search(w))), re.IGNORECASE)
_NEGATIVE_RESULT = re.compile(r"negative|-ve|neg|阴性", re.IGNORECASE)
_RESULT_BEFORE = re.compile(r"(?:positive|negative|\+ve|-ve|\bpos|\bneg|阳性|阴性)\s*$", re.IGNORECASE)  # "positive pregnancy test"
_NAMED_RESULT_POSITIVE = re.compile(lx.NAMED_RESULT_POSITIVE, re.IGNORECASE)
_ACTIVE_SAID = re.compile(r"(?<![a-z-])active\b|活动期|活动性|是活动|复制", re.IGNORECASE)  # anywhere in the message
_SAID_ACTIVE = re.compile(r"\s*[(（,，]?\s*(?:active\b|viraemic\b|viremic\b|replicating\b|活动|复制活跃)", re.IGNORECASE)  # "HBV+ (active, on TDF)": the physician's word
_TEST_AFTER = frozenset(lx.TEST_AFTER)
_TESTED_AFTER_ZH = re.compile(lx.TESTED_AFTER_ZH)
# a result word with a question mark after it: "HIV 阴？还是阳？", "HIV neg?", "乙肝阳性吧？"
_RESULT_ASKED = re.compile(r"\s*[:：]?\s*(?:阴性|阳性|阴|阳|\(?[+-]\)?|neg(?:ative)?|pos(?:itive)?)\s*(?:的)?\s*(?:吧|吗|嗎)?\s*[?？]",
                           re.IGNORECASE)
_PLATELETS_NORMAL_BEFORE = re.compile(lx.PLATELETS_NORMAL_BEFORE, re.IGNORECASE)
# "Chronic hepatitis B" names the infection, not whether it is active (E9 asks for chronic
# *active* hepatitis): as a positive screening test, the viral load's to settle.
_BARE_HEPATITIS = frozenset(w for w in lx.TERMS["chronic_hepatitis"].yes
                            if not any(x in w for x in ("chronic", "active", "慢性", "活动")))
_NAMED_NOT_SAID_ACTIVE = _BARE_HEPATITIS | frozenset(lx.CHRONIC_HEPATITIS_NAMED)
_IMMUNE_AFTER = re.compile(r"\s*[(:,-]?\s*(?:immune|vaccinated|immunised|immunized|已接种疫苗|打过疫苗)", re.IGNORECASE)
_ACTIVE_BEFORE = re.compile(r"(?:\bactive|活动性|活动期)\s*$", re.IGNORECASE)
_CURED_OR_IMMUNE = re.compile(lx.HEPATITIS_CURED + "|" + lx.HEPATITIS_IMMUNE, re.IGNORECASE)
# a test's result said no (not a bare "no"): "(non-reactive)", "阴性", "无反应性"
_RESULT_WORDS_NO = frozenset(nlp.normalise(w).lower() for w in lx.NEGATION_AFTER if w not in ("-", "<"))
_NO_WORDS = frozenset(w.lower() for w in lx.NO_WORDS + lx.NEGATION_AFTER)
_NEGATION_WORDS = frozenset(lx.NO_AND_NEGATION_BEFORE + lx.NEGATION_BEFORE_PLAIN + lx.NEGATION_BEFORE)
_SAYS_NO = _NEGATION_WORDS | _NO_WORDS  # any word or phrase that says no


# Findings whose words say their own sense ("化疗后", "marrow-confirmed"): a no after them is another's.
_STATED_BY_ITS_WORDS = {"thrombocytopenia_due_to_treatment", "diagnosis_confirmed"}


# a no that begins a phrase which is no denial ("with no residual deficit", "no change")
_PSEUDO_AT = re.compile("|".join(re.escape(p) for p in sorted(lx.PSEUDO, key=len, reverse=True)) + r"(?!\w)", re.IGNORECASE)


def _unread_no_after(doc: "Doc", item: _Item, clause: list[_Item]) -> bool:
    """A no after the finding in its clause (or a result word later in its sentence: "艾滋那个查了，
    没事儿，阴的"), and no other finding after it, that the reading could not tie to the finding
    ("HIV I & II - NON REACTIVE", "VTE: none ever"). (A dash is no such no: "Allergy: romiplostim -
    urticaria".)"""
    later = [i for i in clause if i.start >= item.end]
    return not any(i.kind in "TDL" for i in later) and any(
        i.kind == "C" and (i.name in ("NEG", "NEG_AFTER") or i.name == "UNSURE" and nlp.CJK.search(doc.text))
        and doc[i.start:i.end].text not in ("-", "–") and not _PSEUDO_AT.match(doc.text, doc[i.start].idx)
        and not _inside(_PSEUDO_EN, doc.text, doc[i.start].idx)  # "(no response)": the drug's effect, not a no
        for i in later)  # (or, in Chinese, a result given as a guess: "艾滋病那个好像是阴的吧")


_PSEUDO_EN = re.compile(r"\b(?:{})\b".format("|".join(re.escape(w) for w in sorted(
    (w for w in lx.PSEUDO if w.isascii()), key=len, reverse=True))), re.IGNORECASE)


def _negated_right_before(doc: "Doc", i: int) -> bool:
    """A negation word (or phrase) ends right before token i."""
    j = i
    while j > 0 and doc[j - 1].is_space:
        j -= 1
    return any(doc[k:j].text.lower() in _NEGATION_WORDS for k in range(max(0, j - 4), j))


_LONG_AGO = re.compile("|".join(re.escape(w) for w in lx.LONG_AGO), re.IGNORECASE)
_HEDGED = re.compile(r"好像|可能|应该|似乎|记不清|不太清楚|不清楚|不确定|不记得|\bmaybe\b|\bprobably\b|\bpossibly\b"
                     r"|\bi think\b|\bnot sure\b", re.IGNORECASE)
_AGO = re.compile(r"前|以前|之前|\bago\b|\bback\b|" + "|".join(re.escape(w) for w in lx.RELATIVE_DAYS), re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.-])(19[5-9]\d|20\d\d)(?![\d/.-])")


_POSITIVE_BY_NAME = frozenset(lx.SEROLOGY_POSITIVE_BY_NAME)
_NEGATIVE_BY_NAME = frozenset(lx.SEROLOGY_NEGATIVE_BY_NAME)
_HEPATITIS_B_NAMES = frozenset(lx.HEPATITIS_B_NAMES)
_VALUE_FOLLOWS = re.compile(r"\s*[:=]?\s*\d")


def _marker_said_alone(doc: "Doc", text: str, item: _Item) -> str:
    """A serology marker no modifier reached: positive when its name says so ("大三阳") or a
    viral load follows ("HBV DNA 2x10^5"); a test named without its result is not known."""
    if doc[item.start:item.end].text.lower() in _POSITIVE_BY_NAME:
        return "pos"
    if doc[item.start:item.end].text.lower() in _NEGATIVE_BY_NAME:
        return "neg"
    before = doc[item.start - 1].text.lower() if item.start else ""
    for state, words in lx.RESULT_BEFORE_TEST.items():
        if before in words:
            return state
    return "pos" if _VALUE_FOLLOWS.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)) else "unsure"


_BLOOD_BORNE_VIRUSES = re.compile(r"\b(?:{})\b(?:\s+(?:screen|serology|tests?|results?))?\s*[:=]?\s*(?P<result>{})(?![\w+])".format(
    "|".join(lx.BLOOD_BORNE_VIRUSES), "|".join(re.escape(w) for w in lx.BBV_NEGATIVE + lx.BBV_OPEN)), re.IGNORECASE)
_CONFIRMATION_PENDING = re.compile("|".join(lx.CONFIRMATION_PENDING), re.IGNORECASE)
# (a Chinese word has no word boundary inside Chinese text: "脓毒症已治愈")
_RESOLVED = re.compile(r"\b(?:{})\b|{}".format("|".join(w for w in lx.RESOLVED if not nlp.CJK.search(w)),
                                              "|".join(w for w in lx.RESOLVED if nlp.CJK.search(w))), re.IGNORECASE)


def _duration_in(doc: "Doc", start: int, end: int) -> Ago | None:
    """(days, start, end) of the first duration in characters start..end of the message (offsets
    in that part), from the Doc's quantities."""
    found = quantities.first_duration_in(doc, start, end)
    while found is not None and _HOW_LONG_BEFORE.search(text := doc.text, max(0, start + found.start - 6), start + found.start) \
            and not _AGO_AFTER.match(text, start + found.end):
        # "巨和粒打了三天": how long it was used, not how long ago; the time after it may say when
        at = start + found.end
        later = quantities.first_duration_in(doc, at, end)
        if later is None:
            return None
        found = replace(later, start=later.start + at - start, end=later.end + at - start)
    if found is None:
        return None
    fraction = _FRACTION_OR_DATE.fullmatch(found.text)
    if fraction and not _AGO_AFTER.match(doc.text, start + found.end) and (
            fraction["a"].startswith("0") or dates.NUMERIC_CUE.search(doc.text[max(0, start + found.start - 12):start + found.start])):
        # "last dose 1/12": a month ago in clinical shorthand, or the 1st of December: either;
        # "01/12" is only a date (no one counts "01" months)
        as_dates = _days_since(int(fraction["a"]), int(fraction["b"]))
        if as_dates:
            days = sorted(as_dates + ([] if fraction["a"].startswith("0") else [found.value]))
            return Ago(days[0], found.start, found.end, days[-1] - days[0])
    low = _RANGE_BEFORE.search(doc.text, max(0, start + found.start - 8), start + found.start)
    count = re.match(r"\d+", found.text)
    if low is not None and count is not None and 0 < int(low["n"]) < int(count.group()) and not found.spread:
        # "2-3 weeks ago", "2 to 3 weeks": any day from the nearer to the further end
        nearer = found.value * int(low["n"]) / int(count.group())
        return Ago(nearer, low.start() - start, found.end, found.value - nearer)
    return Ago(found.value, found.start, found.end, found.spread)


_RANGE_BEFORE = re.compile(r"(?<![\d./])(?P<n>\d{1,2})\s*(?:-|–|to|or)\s*$", re.IGNORECASE)


def _days_since(a: int, b: int) -> list[float]:
    """Days since a yearless day and month, read either way round (the latest such day by today)."""
    import datetime

    now, found = dates.today(), []
    for day, month in {(a, b), (b, a)}:
        try:
            year = now.year if (month, day) <= (now.month, now.day) else now.year - 1
            found.append(float((now - datetime.date(year, month, day)).days))
        except ValueError:
            continue
    return found


_FRACTION_OR_DATE = re.compile(r"(?P<a>0?[1-9]|[12]\d|3[01])\s*/\s*(?P<b>1[0-2]|[1-9])")


# The family's words for the TPO drugs, not a drug's name (lexicon's tpo_agent_1mo terms).
# ... and a not-yet before it ("骨髓尚未复查确诊", "还没做骨穿确诊", "尚待确诊"): the confirmation to come
_CONFIRMATION_DOUBTED = re.compile(r"是不是|是否|不清楚|不知道|不确定|有没有|好像|可能|来大医院|去大医院|才能|要去|再去"
                                   r"|(?:尚未|还未|仍未|暂未|还没有?|尚待|有待)[^，,。；;、\s]{0,6}$")
_AGE_CUE_BEFORE = re.compile(r"(?:今年|已经|年龄|年纪|岁数|都)\s*[:：]?\s*$")
_AGE_UNIT = re.compile(r"岁|歲|周岁|多了|了|来岁|y\b|yo\b|yrs?\b|years?\b", re.IGNORECASE)
_SOMEONE_ELSE_BEFORE = re.compile(r"(?<![我俺])(?:妻子|丈夫|配偶|爱人|老伴|其妻|其夫|儿子|女儿|父亲|母亲|其父|其母)\s*[:：,]?\s*$")
_GENERIC_TPO = frozenset(("升血小板的针", "升血小板的针剂", "升血小板的针和药", "升板的针", "升板的药", "长血小板的针",
                          "长血小板的药", "提升血小板的针", "提升血小板的药", "提血小板的针", "提血小板的药", "升血小板的",
                          "升血小板药", "升血小板的药", "升血小板药物", "升血小板针", "升板药", "升板针", "tpo类药",
                          "tpo类药物", "促血小板生成药", "促血小板生成药物"))
# "出血时间为11月10日": the bleed's own time, said apart
_BLEED_TIME = re.compile(r"出血(?:的)?时间(?:为|是|在)?\s*[:：]?")
_HOW_LONG_BEFORE = re.compile(r"(?:打了|吃了|用了|服了|连用|连续|共用|共打|共|持续|用药|输了)\s*$")
_AGO_AFTER = re.compile(r"\s*(?:前|以前|之前|\bago\b)")


_DATE_RANGE_JOIN = re.compile(r"\s*(?:—|–|-|~|～|至|到)\s*$")


def _course_end(text: str, start: int, end: int) -> Ago | None:
    """The last day of a course given as two dates joined by a dash, in characters start..end."""
    found = dates.find(text[start:end], True)
    for first, last in zip(found, found[1:]):
        if _DATE_RANGE_JOIN.fullmatch(text, start + first.end, start + last.start):
            return Ago(last.days, start + last.start, start + last.end, last.spread)
    for one in found:
        said = text[start + one.start:start + one.end]
        if re.search(r"\d\s*(?:—|–|-|~|～|至|到)\s*\d", said):
            return Ago(one.days, start + one.start, start + one.end, one.spread)  # the range read as one date
        if _COURSE_GOES_ON.match(text, start + one.end):
            # "11/22—11/29": a course from this day to a later one, its end no further back than this
            return Ago(0.0, start + one.start, start + one.end, one.days) if one.days > 0 else None
    return None


_SENTENCE_END_NOT_A_DATE = re.compile(r"[;\n]|\.(?!\d)")  # (a date's dots end no sentence: "2026.9.1")
_COURSE_GOES_ON = re.compile(r"\s*(?:—|–|-|~|～|至|到)\s*\d")


def _clause_duration(doc: "Doc", text: str, clauses: _Clauses, clause: int) -> Ago | None:
    """How long ago the clause's finding was: a duration in the clause; "yrs ago" or a past year
    ("oprelvekin 2019") as longer than any window; else the time of the last dose said after it,
    before another finding ("rhTPO with each cycle, most recently 5 days ago")."""
    start, end = clauses.span(clause)
    found = _duration_in(doc, start, end)
    if found is not None and not quantities.lasted(text, start + found.start, start + found.end):
        # (not "Doptelet 5 day course ..., 2 months ago": how long it lasted, not when) ... unless
        # its last dose is said after it: "Nplate weekly since October, last dose Monday"
        for later in sorted(c for c in set(clauses.clause) if c > clause):
            if any(i.kind in "TDL" for i in clauses.items.get(later, [])):
                break
            s, e = clauses.span(later)
            if _LAST_DOSE.match(text, s, e) and (last := _duration_in(doc, s, e)) is not None:
                return last
        return found
    piece = text[start:end]
    years = [int(y) for y in _YEAR.findall(piece)]
    if _LONG_AGO.search(piece) or (years and max(years) < dates.today().year):
        return Ago(365.0, start, end)
    # ... or a time in a clause after it, in its sentence, before any other finding or value:
    # "Romiplostim (Nplate) given on day 14, 3 weeks ago", "hetrombopag C1, ~2/12 ago"
    sentence = clauses.sentence[clauses.items[clause][0].start] if clauses.items.get(clause) else None
    for later in sorted(c for c in set(clauses.clause) if c > clause):
        if any(i.kind in "TDL" for i in clauses.items.get(later, [])):
            break
        s, e = clauses.span(later)
        said_with_it = _LAST_DOSE.search(text, s, e) or _POINTS_BACK.match(text, s, e)
        limits_it = _BUT_ONLY.match(text, s, e) is not None and text[:s].rstrip().endswith((",", "，"))
        if not said_with_it and (sentence is None or clauses.sentence[_token_at(doc, s)] != sentence and not limits_it
                                 or _ANOTHER_EVENT.search(text, s, e)):
            continue  # (not "last reviewed 2 years ago": when it was seen, not when it was)
        if _HEDGED.search(text, s, e):
            return None  # "好像是去年的事": a time guessed dates nothing
        found = _duration_in(doc, s, e)
        if found is not None:
            return found
    return None


# A condition had for a time up to now ("肝硬化有好几年了", "脾大5年了"), not a time ago
_ONGOING_FOR = re.compile(r"(?:有|已|已经)?\s*(?:\d+|[一二两三四五六七八九十几好多半]+)\s*(?:多)?(?:个)?(?:年|月)(?:多)?了")
_NOT_ONGOING = re.compile(r"前|以前|之前|停|结束|好了|治愈|痊愈|已愈|恢复|消失|没了|不再")
# "eltrombopag, but only for about a week back in June": a time the drug's own "but only" clause gives
_BUT_ONLY = re.compile(r"\s*(?:but|though|although)\s+(?:only|just)\b", re.IGNORECASE)
_ANOTHER_EVENT = re.compile(r"\b(?:review\w*|seen|checked|followed|f/u|scan\w*|test\w*)\b|复查|随访|检查", re.IGNORECASE)


# The questions a time alone answers: a drug's or a trial's last use (not a bleed: how bad is asked too).
_WHEN_IS_THE_ANSWER = {"tpo_agent_1mo", "other_trial_28d"}


def _durations(doc: "Doc", text: str) -> list[Ago]:
    """Every time said in the message, left to right."""
    found, at = [], 0
    while (ago := _duration_in(doc, at, len(text))) is not None:
        found.append(Ago(ago.days, ago.start + at, ago.end + at, ago.spread))
        at += ago.end
    return found


def _token_at(doc: "Doc", char: int) -> int:
    """The index of the token at character `char`."""
    return next((t.i for t in doc if t.idx <= char < t.idx + max(1, len(t.text))), len(doc) - 1)


_KIN_DENIAL = re.compile(lx.KIN_DENIAL, re.IGNORECASE)
_FAMILY_PHRASES = tuple(p + " " for p in lx.FAMILY if " " in p)
_SOMEONE_ELSES = frozenset(("his", "her", "their", "patient's", "pt's", "的"))
_KIN_ALSO = re.compile(lx.KIN_ALSO, re.IGNORECASE)
# The low platelets' cause said ("是脾大引起的", "因为脾大", "不光是化疗的原因 还有脾大")
_SAID_AS_THE_CAUSE_ZH = re.compile(r"引起|导致|所致|造成|因为|原因|由于")
# An illness as an occasion past: "重症肺炎那次", "上次败血症的时候"
_AGO_ZH = re.compile(r"\s*(?:以前|之前|前)")
_THAT_TIME = re.compile(r"那次|那回|那一次|那阵子?|那会儿?|的那次")
# One method of contraception by name (an IUD, a condom, the pill, an implant, sterilisation)
_ONE_METHOD_ZH = re.compile(r"环|套|节育器|避孕药|皮埋|埋植|结扎|针")
# After a kin word, in its clause: they died (of it)
_KIN_DIED = re.compile(r"[^,;，；。.!?！？]{0,12}?(?:走的|走了|去世|过世|病逝|死于|死的|死了|没了|不在了|過世|病故|离世|離世)")
_KIN_DID = re.compile(r"\s+(?:did|does|had|has)\b", re.IGNORECASE)
_BUT = re.compile(r"\bbut\b|但", re.IGNORECASE)


# One person's kin words: "我妈" = "我妈妈" = "我母亲" = "我老妈" (the family's names for the patient)
_SAME_KIN = {"妈妈": "妈", "母亲": "妈", "老妈": "妈", "娘": "妈", "阿妈": "妈", "爸爸": "爸", "父亲": "爸",
             "老爸": "爸", "爹": "爸", "阿爸": "爸", "老豆": "爸", "哥哥": "哥", "姐姐": "姐", "妹妹": "妹",
             "弟弟": "弟", "丈夫": "老公", "爱人": "老公", "妻子": "老婆", "媳妇": "老婆"}


def _another_relative(doc: "Doc", items: list[_Item]) -> None:
    """A family names the patient first ("我妈没有别的血液病。"); another of the family's kin words
    in a later sentence ("我姨妈以前得过骨髓瘤") is someone else: what is said of them up to the next kin word, in
    their sentence, is not the patient's."""
    kin = [i for i in items if i.kind == "S" and i.state != "other" and doc[i.start:i.end].text.startswith("我")
           and len(doc[i.start:i.end].text) > 1]
    if len(kin) < 2:
        return
    def who(i: _Item) -> str:
        word = doc[i.start:i.end].text[1:]
        return _SAME_KIN.get(word, word)
    patient = who(kin[0])
    for at, k in enumerate(kin[1:], start=1):
        if who(k) == patient or doc[k.start].sent == doc[kin[0].start].sent:
            continue  # in one sentence, "我哥有乙肝，我爸没有": the one denied is the patient (_read_relatives)
        k.state = "other"
        nxt = kin[at + 1].start if at + 1 < len(kin) else len(doc)
        for item in items:
            if item.kind in "TD" and k.end <= item.start < nxt and doc[item.start].sent == doc[k.start].sent:
                item.state = "other"


def _read_relatives(doc: "Doc", text: str, items: list[_Item], clauses: _Clauses, votes: _Votes) -> None:
    """Findings said of a relative named by a kin word, not of the patient: "我舅舅也是白血病", "我外婆也
    有血栓" (a relative who has it too: every finding after the name, to the next name or the
    sentence's end); "我外公有脑梗，我妈没有血栓", "Grandad had a heart attack, but dad's never had
    any clots" (one has it, the other, the patient, has not: the no is the patient's)."""
    def end_of(i: _Item) -> int:
        return doc[i.end - 1].idx + len(doc[i.end - 1].text)

    kin = [i for i in items if i.kind == "S" and doc[i.start:i.end].text.lower() not in _SEX_CODES]
    relatives = sorted(kin + [i for i in items if i.kind == "C" and i.name == "RELATIVE"], key=lambda i: i.start)
    for k in relatives:
        # "No. His brother did though, DVT in his 40s": someone else's relative said to have had it;
        # what follows in the sentence is theirs (the patient's own kin word is not: "my dad had a DVT")
        if k.start > 0 and doc[k.start - 1].lower_ in ("his", "her", "their") and _KIN_DID.match(text, end_of(k)):
            nxt = next((j.start for j in relatives if j.start > k.start), len(doc))
            # ("did though, DVT": a "though" ends nothing here; a "but" does: "but she herself has none")
            ends = [m.start() for m in (_FULL_STOPS.search(text, end_of(k)), _BUT.search(text, end_of(k))) if m]
            stop = min(ends, default=len(text))
            for item in items:
                if item.kind in "TD" and k.end <= item.start < nxt and doc[item.start].idx < stop:
                    item.state = "other"
    # a relative who had it too reaches to the sentence's end; one who died of it ("我舅舅就是白血病走的，
    # 现在我妈也查出来了") only over its own clause: neither is the patient
    for pattern, scope in ((_KIN_ALSO, clauses.sentence), (_KIN_DIED, clauses.clause)):
        for k in relatives:
            if k.state == "other" or not pattern.match(text, end_of(k)):
                continue
            k.state = "other"
            nxt = next((j.start for j in relatives if j.start > k.start), len(doc))
            for item in items:
                if item.kind in "TD" and k.end <= item.start < nxt and scope[item.start] == scope[k.start]:
                    item.state = "other"
    _another_relative(doc, items)
    for item in items:
        if item.kind != "T" or not item.polarity or item.state not in (None, "pos", "other"):
            continue
        sentence = clauses.sentence[item.start]
        before = [k for k in relatives if k.end <= item.start and clauses.sentence[k.start] == sentence]
        if item.state != "other" and not before:
            continue
        said_of = doc[before[-1].start:before[-1].end].text.lower() if before else None
        after = next((k for k in kin if k.start >= item.end and doc[k.start:k.end].text.lower() != said_of
                      and not any(i.kind in "TD" for i in items if item.end <= i.start < k.start)), None)
        if after is None:
            continue
        denial = _KIN_DENIAL.match(text, end_of(after))
        if denial is None:
            continue
        if item.state != "other":
            item.state = "other"
            if before and before[-1].kind == "S":
                before[-1].state = "other"
        rest = text[denial.end():].split("\n")[0]
        if not any(i.kind == "T" and i.name == item.name and doc[i.start].idx >= denial.end()
                   and doc[i.start].idx - denial.end() <= 30 for i in items) or not rest.strip():
            votes.add(item.name, False, text[doc[after.start].idx:denial.end()].strip())


def _read_items(doc: "Doc", text: str, items: list[_Item], clauses: _Clauses, expecting: str | None,
                votes: _Votes) -> None:
    _read_relatives(doc, text, items, clauses, votes)
    diagnosis_sentences = {clauses.sentence[i.start] for i in items if i.kind == "D"}
    durations: dict[int, Ago | None] = {}  # by clause
    markers: dict[str, str] = {}
    markers_said: list[str] = []
    left_open: dict[str, str] = {}
    prophylactic: dict[str, str] = {}
    prophylaxis_now: list[str] = []
    events: list[tuple[int, bool, bool, int]] = []  # thrombosis: sentence, value, not an event, its vote's index
    negated_ends: dict[str, int] = {}  # key -> where the last negated finding of it ends
    tests_showed: list[str] = []
    # Disorders spoken of as beside the diagnosis anywhere in the message ("以前就有血小板减少性紫癜，就是ITP")
    comorbid = {i.name for i in items if i.kind == "D" and (
        any(c.kind == "C" and c.name in ("HISTORY", "PAST") for c in clauses.before(i)) or _history_after(doc, i, items))}
    for item in items:
        if item.kind not in "TD":
            continue
        clause = clauses.clause[item.start]
        cues_before = {i.name for i in clauses.before(item) if i.kind == "C"}
        if item.kind == "D":
            if item.state in (None, "pos") and dx.BY_CANONICAL[item.name].kind == dx.OTHER_HEMATOLOGIC and \
                    _inside(_ASKS_IF_IT_COUNTS, text, doc[item.start].idx):
                item.state = "unsure"  # "does ITP count? she had it as a teenager": asked back, not answered
            _read_diagnosis(item, cues_before, votes, text[item.said[0]:item.said[1]].strip(), item.name in comorbid)
            continue
        if item.name == "hiv@panel":
            if item.state in ("neg", "unsure"):  # "术前四项均阴性", "传染病四项待回报"
                for key in ("hiv", "chronic_hepatitis"):
                    votes.add(key, False if item.state == "neg" else "unsure", text[item.said[0]:item.said[1]].strip())
            continue
        if item.name == "diagnosis_confirmed@test":
            said = text[item.said[0]:item.said[1]].strip()
            # "骨髓结果还没出来", "拟行骨穿", "还没做骨穿": the test that would confirm the leukemia is
            # pending, planned or not done yet, so whether it confirms it is not known (a pending
            # confirmation is never a "no": the lead's rule for issue 15)
            about_leukemia = expecting == "diagnosis_confirmed" or any(
                i.kind == "D" and dx.BY_CANONICAL[i.name].kind == dx.LEUKEMIA for i in items)
            if about_leukemia and (item.state in ("unsure", "other") or (item.state == "neg" and _NOT_DONE.search(said))):
                votes.add("diagnosis_confirmed", "unsure", said)
            elif item.state in (None, "pos") and _TEST_SHOWED.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
                tests_showed.append(said)  # confirmed, if a leukemia is said as so (below)
            continue
        if "@" in item.name:
            if item.state != "other":
                markers[item.name.split("@")[1]] = item.state or _marker_said_alone(doc, text, item)
                markers_said.append(text[item.said[0]:item.said[1]].strip())
            continue
        if item.name == "chronic_hepatitis" and item.state != "other" and \
                doc[item.start:item.end].text.lower() in _HEPATITIS_B_NAMES:
            markers.setdefault("HBV_named", "named")
        result = _NAMED_RESULT_POSITIVE.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)) \
            if item.name == "chronic_hepatitis" else None
        # "有乙肝", "chronic hepatitis B", "Hx: hep C": the infection named, not said active (E9 is
        # chronic *active* hepatitis): a positive screening test, whose activity the viral load
        # or the physician's word settles; unless it is said over, or immunity
        end_at = doc[item.end - 1].idx + len(doc[item.end - 1].text)
        named_chronic = item.name == "chronic_hepatitis" and item.state in (None, "pos") and result is None and \
            doc[item.start:item.end].text.lower() in _NAMED_NOT_SAID_ACTIVE and \
            not _SAID_ACTIVE.match(text, end_at) and not _ACTIVE_BEFORE.search(text, max(0, doc[item.start].idx - 16),
                                                                             doc[item.start].idx) and \
            not _CURED_OR_IMMUNE.search(text[doc[item.start].idx:doc[item.start].idx + 60])
        if item.name == "chronic_hepatitis" and item.state in (None, "pos") and _IMMUNE_AFTER.match(text, end_at):
            votes.add("chronic_hepatitis", False, text[item.said[0]:item.said[1]].strip())
            continue  # "Hep B immune (vaccinated)": immunity, no infection
        if named_chronic or result is not None and item.state in (None, "pos") and \
                doc[item.start:item.end].text.lower() in _BARE_HEPATITIS and not _SAID_ACTIVE.match(text, result.end()):
            # "乙肝阳性", "HCV(+)": the screening test's positive, not an active infection said
            name = doc[item.start:item.end].text.lower()
            markers["HCV_Ab" if name in lx.HEPATITIS_C_NAMES else "HBsAg"] = "pos"
            markers_said.append(text[item.said[0]:item.said[1]].strip())
            continue
        criterion = BY_KEY[item.name]
        if doc[item.start:item.end].text.lower() in lx.ROMIPLOSTIM_NAMES and _THE_TRIAL_AFTER.match(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
            continue  # "Referral for the romiplostim study": this trial's name, not a drug taken (asked instead)
        if doc[item.start:item.end].text.lower() in lx.ROMIPLOSTIM_NAMES and _read_volition(
                doc, item, items, clauses, votes, text):
            continue  # "不想用罗米司亭": whether they will take it, not whether they had it
        if clause not in durations:
            durations[clause] = _clause_duration(doc, text, clauses, clause)
        duration = durations[clause]
        if duration is None and criterion.key == "severe_bleeding_2wk" and (bled := _BLEED_TIME.search(text)):
            duration = _duration_in(doc, bled.end(), min(len(text), bled.end() + 16))
        first = clauses.clause.index(clause)
        previous = clauses.clause[first - 1] if first > 0 else None
        if duration is None and not item.weak and criterion.window_days is not None and previous is not None and \
                clauses.sentence[first - 1] == clauses.sentence[item.start] and not any(
                    i.kind in "TD" and i.name != item.name for i in clauses.items.get(previous, [])):
            # "半个月前拉黑便，输了好几袋血": the time said in the clause just before, of the same event
            # (a clause that names no other finding of ours)
            duration = _duration_in(doc, *clauses.span(previous))
        if item.weak and criterion.key == "severe_bleeding_2wk" and duration is None:
            continue  # "刷牙有点牙龈出血": ordinary bleeding says nothing of a severe one without a time
        if item.weak and item.polarity and criterion.key == "romiplostim_hypersensitivity" and \
                doc[item.start:item.end].text.lower() in _REACTIONS and _INJECTION_SITE.search(
                    _sentence_text(doc, text, clauses, item.start)):
            continue  # "injection-site rash only": a local reaction, no allergy
        if item.weak and item.polarity and criterion.key == "romiplostim_hypersensitivity" and not any(
                i.kind == "T" and doc[i.start:i.end].text.lower() in lx.ROMIPLOSTIM_NAMES
                and clauses.sentence[i.start] == clauses.sentence[item.start] for i in items):
            continue  # "对青霉素过敏": an allergy, to something else, even as the answer
        if item.weak and criterion.key == "diagnosis_confirmed" and nlp.CJK.search(doc[item.start:item.end].text) and \
                _CONFIRMATION_DOUBTED.search(text, max(0, doc[item.start].idx - 10), doc[item.start].idx):
            votes.add(criterion.key, "unsure", text[item.said[0]:item.said[1]].strip())
            continue  # "说不清楚是不是确诊了", also as the answer
        if item.weak and expecting != criterion.key:
            if criterion.key == "romiplostim_hypersensitivity" and any(
                    i.kind == "T" and doc[i.start:i.end].text.lower() in lx.ROMIPLOSTIM_NAMES
                    and clauses.sentence[i.start] == clauses.sentence[item.start] for i in items):
                pass  # "使用Nplate后出现过敏性休克", "罗米司亭以前用过，没过敏"
            elif criterion.context is None and not item.modified:
                continue
            tested = criterion.key == "diagnosis_confirmed" and any(
                i.name == "diagnosis_confirmed@test" and clauses.sentence[i.start] == clauses.sentence[item.start]
                and i.state not in ("unsure", "neg", "other") for i in items)  # not "骨穿还没做"
            if tested and _CONFIRMATION_DOUBTED.search(text, max(0, doc[item.start].idx - 10), doc[item.start].idx):
                votes.add(criterion.key, "unsure", text[item.said[0]:item.said[1]].strip())
                continue  # "说不清楚是不是确诊了"
            if criterion.key == "diagnosis_confirmed" and nlp.CJK.search(doc[item.start:item.end].text) and not tested:
                continue  # "主诉：确诊急性淋巴细胞白血病3月": diagnosed, by what is not said
            if criterion.context == "diagnosis" and clauses.sentence[item.start] not in diagnosis_sentences \
                    and not tested:  # "做了骨穿，确诊了"
                continue
            if criterion.context == "time" and duration is None and not (
                    nlp.CJK.search(text) and _cue_in_sentence(items, clauses, item, "RECENT")) and not (
                    expecting == CHECKLIST and item.state == "neg"):
                continue  # "目前正在参加另一项临床试验" is now (a checklist's "no trials" is a no whenever)
        if criterion.key == "willing_to_consent" and item.state in (None, "pos") and _family_wish(text, doc[item.start].idx):
            continue  # "家属同意参加，患者本人还在考虑": the family's wish, not the patient's
        if criterion.key == "willing_to_consent" and _SELF_AS_THE_PATIENT.search(text) and any(
                i.kind == "S" and doc[i.start:i.end].text.startswith("我") and clauses.clause[i.start] == clause
                and i.end <= item.start for i in items):
            continue  # "我自己愿意参加，就是我老公不太同意": the writer is the patient, the husband's wish is his
        if item.state == "other":
            own = _OWN_DENIAL.search(text, doc[item.end - 1].idx + len(doc[item.end - 1].text))
            if own is not None and own.start() > doc[item.end - 1].idx + len(doc[item.end - 1].text) + 40:
                own = None  # the patient's no belongs to the next clause, not to one far on
            if own is not None and not any(i.kind == "T" and doc[i.start].idx >= own.start() for i in items):
                votes.add(criterion.key, False, own.group().strip(" ,;"))  # "他妈妈以前有血栓，他自己没有"
            continue  # "mother had a DVT", "if platelets fall we would start eltrombopag"
        said, concept = text[item.said[0]:item.said[1]].strip(), doc[item.start:item.end].text.lower()
        if item.open:
            left_open[criterion.key] = said  # "keen, but wants to discuss the trial with his wife"
            continue
        if criterion.key == "contraception_agreed" and item.state == "neg" and _ONE_METHOD_ZH.search(concept) \
                and "避孕" not in concept:
            votes.add(criterion.key, "unsure", said)  # "没上环": one method not in use, no refusal (README)
            continue
        if not item.polarity and concept.startswith(("无", "無")) and text[max(0, doc[item.start].idx - 1):
                                                                       doc[item.start].idx] == "有":
            votes.add(criterion.key, "unsure", said)  # "有无活动性出血待明确": whether there is one, asked
            continue
        if criterion.key == "severe_bleeding_2wk" and "输" in concept and _TRANSFUSED_FOR_ANAEMIA.search(
                _full_sentence(text, doc[item.start].idx)):
            continue  # "输血输了两次，是化疗后贫血输的": blood for the anaemia, no bleed
        if item.maybe and not (criterion.key == "other_thrombocytopenia_cause_6mo" and _SAID_AS_THE_CAUSE_ZH.search(
                _full_sentence(text, doc[item.start].idx))):  # "血小板低是脾大引起的", "还有一部分是因为脾大"
            if item.state not in ("neg", "other"):
                votes.add(criterion.key, "unsure", said)  # "前年做过心脏支架": for an MI? not said
            continue
        if criterion.key == "pregnant_or_breastfeeding" and item.state is None and concept.lower() in _PREGNANCY_TESTS:
            # "pregnancy test done this morning": its result not said; "negative pregnancy test": said before it
            result = _RESULT_BEFORE.search(text, max(0, doc[item.start].idx - 16), doc[item.start].idx)
            votes.add(criterion.key, "unsure" if result is None else not _NEGATIVE_RESULT.match(result.group()), said,
                      _SAME_FINDING.get(concept, concept))
            continue
        if criterion.key == "pregnant_or_breastfeeding" and item.state in (None, "pos") and _PREGNANT_WORD.search(concept) \
                and _PREGNANCY_OVER.search(text, doc[item.end - 1].idx + len(doc[item.end - 1].text),
                                           _until_next_finding(doc, text, items, clauses, item)):
            votes.add(criterion.key, "unsure", said)  # "pregnant at diagnosis, delivered at 30/40": over, when?
            continue
        if criterion.key == "thrombosis_history" and item.state in (None, "pos") and _ANTICOAGULANT.search(concept) \
                and _INDICATION_UNKNOWN.search(_full_sentence(text, doc[item.start].idx)):
            votes.add(criterion.key, "unsure", said)  # "GP list says warfarin 3mg, indication unclear"
            continue
        if criterion.key == "thrombosis_history" and item.state in (None, "pos") and _ANTICOAGULANT.search(concept) \
                and _ANTICOAGULATED_THEN.search(text, max(0, doc[item.start].idx - 8), doc[item.start].idx):
            votes.add(criterion.key, "unsure", said)  # "当时为房颤抗凝": anticoagulated then, for what and till when?
            continue
        if criterion.key == "thrombosis_history" and item.state in (None, "pos", "unsure") and _ANTICOAGULANT.search(
                concept) and _HEPARIN.search(concept) and _HEPARIN_AS_HIT_CAUSE.search(_full_sentence(text, doc[item.start].idx)):
            continue  # "HIT screen sent given heparin exposure": heparin as what lowered the platelets (E4)
        if criterion.key == "thrombosis_history" and item.state in (None, "pos") and _ANTICOAGULANT.search(concept) and (
                _ANTICOAGULATED_AT_TEST.search(text[doc[item.end - 1].idx + len(doc[item.end - 1].text):][:40])
                or _ANTICOAGULATED_AT_TEST.search(text, max(0, doc[item.start].idx - 30), doc[item.start].idx)
                or nlp.CJK.search(concept) and _ANTICOAGULATED_BEFORE_ZH.search(
                    text, max(0, doc[item.start].idx - 12), doc[item.start].idx)
                and not _STILL_ANTICOAGULATED_ZH.search(_full_sentence(text, doc[item.start].idx))):
            # "LA weakly positive (on heparin at the time, ?spurious)", "之前吃过一种抗凝药", "我爸以前吃过华法林":
            # anticoagulated then, for what and till when is not said (a clot beside it is its own yes)
            votes.add(criterion.key, "unsure", said)
            continue
        if criterion.key == "thrombosis_history" and _SERVICE_AFTER.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
            continue  # "Thrombosis clinic: ...", "抗凝门诊": a service's name, no finding
        if criterion.key == "thrombosis_history" and item.state in (None, "pos") and _SUPERFICIAL.search(
                text, max(0, doc[item.start].idx - 24), doc[item.start].idx):
            votes.add(criterion.key, "unsure", said)  # "Superficial vein thrombosis of GSV": severe? not said
            continue
        if criterion.key == "thrombosis_history" and concept in ("clot", "clots", "blood clot", "blood clots") and \
                _CLOTS_IN_A_BLEED.search(_full_sentence(text, doc[item.start].idx)):
            continue  # "Macroscopic haematuria with clots": clots in blood shed, no thrombosis
        if criterion.key == "thrombosis_history" and item.state in (None, "pos") and not _ANTICOAGULANT.search(concept) \
                and _CLOT_LOOKED_FOR.search(text, max(0, doc[item.start].idx - 60), doc[item.start].idx):
            # "they scanned her chest for a clot, results not back yet": a clot looked for, found only if
            # the result says so; clear is a no
            rest = text[doc[item.end - 1].idx + len(doc[item.end - 1].text):_sentence_bounds(doc, clauses, item.start)[1]]
            if not _NO_CLOT_FOUND_SAID.search(rest):
                votes.add(criterion.key, False if _CLOT_SEARCH_CLEAR.search(rest) else "unsure", said)
                continue
        if criterion.key == "thrombosis_history" and item.state in (None, "pos", "unsure") and not _ANTICOAGULANT.search(
                concept) and _CLOT_PREVENTED.search(text, max(0, doc[item.start].idx - 24), doc[item.start].idx):
            continue  # "预防PICC相关血栓", "to prevent clots": the prophylaxis' aim, no clot had (the drug is read)
        if criterion.key == "thrombosis_history" and item.state in (None, "pos", "unsure") and (
                _ANTICOAGULANT.search(concept) and _PROPHYLAXIS.search(_full_sentence(text, doc[item.start].idx))
                or _inside(_PROPHYLAXIS, text, doc[item.start].idx)):
            # Prophylaxis is not a clot (the corpus README's rule): "Clexane 40 mg prophylaxis", "heparin
            # to stop clots while she's in bed", "利伐沙班10mg qd预防血栓，仍在服". Given now, it is not
            # known whatever else is said ("prophylactic clexane only, never had a clot"), unless a clot or
            # a risk is named (their own votes say yes). Stopped, held, not given, or heparin to lock a
            # line: not known unless the message settles the history ("No VTE hx" no, a clot yes).
            sentence = _full_sentence(text, doc[item.start].idx)
            if _LINE_LOCK.search(sentence) or _ANTICOAGULANT_STOPPED.search(sentence) or _PROPHYLAXIS_STOPPED.search(sentence) \
                    or _ANTICOAGULANT_HELD.search(sentence) or _NOT_GIVEN.search(sentence) \
                    or nlp.CJK.search(sentence) and _NOT_GIVEN_ZH.search(sentence):
                prophylactic.setdefault(criterion.key, said)
            else:
                prophylaxis_now.append(said)  # (after a scan that cleared a query, below: "PE excluded on CTPA.
            continue                          # Started on prophylactic enoxaparin" is still not known)
        if criterion.key == "thrombosis_history" and item.state in (None, "pos") and _ANTICOAGULANT.search(concept) and \
                _ANTICOAGULANT_HELD.search(text, max(0, doc[item.start].idx - 12),
                                           min(doc[item.end - 1].idx + len(doc[item.end - 1].text) + 50,
                                               _sentence_bounds(doc, clauses, item.start)[1])) and \
                not _ANTICOAGULANT_REASON.search(text):
            # held for the low count, its reason not said ("enoxaparin 40mg (held while plts < 50)", "Lixiana
            # held from today"): not known; a clot, a thrombophilia (their own votes), AF or a valve said
            # keep it anticoagulation ("Apixaban for AF - suspended while PLT <50")
            votes.add(criterion.key, "unsure", said)
            continue
        if criterion.key == "thrombosis_history" and item.state == "unsure" and _ASKED_THEN_NO.match(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
            votes.add(criterion.key, False, said)  # "Stroke? no. Clots? no.", "血栓？没有。出血？也没有。"
            continue
        if criterion.key == "romiplostim_hypersensitivity" and item.state == "neg" and item.end < len(doc) and \
                doc[item.end].text in ("-", "–") and not _negated_right_before(doc, item.start):
            item.state = None  # "Allergy: romiplostim - urticaria": an allergy is no test, its dash no result
        if item.state in (None, "pos") and criterion.key != "diagnosis" and _inside(_ASKS_IF_IT_COUNTS, text, doc[item.start].idx):
            votes.add(criterion.key, "unsure", said)  # "does ITP count? she had it as a teenager": asked back
            continue
        if item.state == "unsure" or item.state in (None, "pos") and not nlp.CJK.search(text) and _SCARE_QUOTED.search(
                text, max(0, doc[item.start].idx - 24), doc[item.end - 1].idx + len(doc[item.end - 1].text) + 24) and \
                _inside(_SCARE_QUOTED, text, doc[item.start].idx):
            # (a finding in quotes is someone's word for it, not yet the writer's: "had a 'blood clot'",
            # "says she has 'had a clot before'")
            votes.add(criterion.key, "unsure", said)
            continue
        if item.state == "neg" and criterion.key in lx.CONFIRMED_BY_A_SECOND_TEST and _DECLINED_TEST.search(
                text, max(0, doc[item.start].idx - 24), doc[item.start].idx):
            votes.add(criterion.key, "unsure", said)  # "declined HIV testing": the test refused, its result not known
            continue
        if item.state in ("neg", "pos") and criterion.key in lx.CONFIRMED_BY_A_SECOND_TEST and _RESULT_ASKED.match(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
            votes.add(criterion.key, "unsure", said)  # "HIV 阴？还是阳？", "HIV neg?": the result asked, not said
            continue
        if item.state is None and criterion.key in lx.CONFIRMED_BY_A_SECOND_TEST and (any(
                doc[k:item.start].text.lower().strip() in _TESTED_FOR for k in range(max(0, item.start - 3), item.start))
                or (item.end < len(doc) and doc[item.end].lower_ in _TEST_AFTER)
                or _TESTED_AFTER_ZH.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)) is not None):
            votes.add(criterion.key, "unsure", said)  # "查过艾滋，没问题": the test done, its result not said
            continue
        if criterion.key == "thrombosis_history" and item.state == "neg" and _ANTICOAGULANT.search(concept):
            continue  # "not on any blood thinners": no anticoagulation now says nothing of a past clot
        if not item.polarity and item.state == "neg" and not item.answered and not _negated_right_before(doc, item.start):
            # "no VTE, NKDA": a list's "no" does not turn a negative term round; one right
            # before it does ("没绝经", "not unwilling")
            item.state = None
        value: bool | str = item.polarity != (item.state == "neg")  # or "unsure"
        if criterion.key == "chronic_hepatitis" and value is True and item.state is None and nlp.CJK.search(text) and \
                _CURED.search(text, doc[item.end - 1].idx + len(doc[item.end - 1].text),
                              _sentence_bounds(doc, clauses, item.start)[1]):
            votes.add(criterion.key, False, said)  # "丙肝治好了": the "好了" is the cure's, not a no left untied
            continue
        if value is True and item.state is None and criterion.key == "thrombosis_history" and _FORM_NO_AFTER.match(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
            votes.add(criterion.key, False, said)  # "VTE: none ever", "Thrombosis Hx - Nil", "risk factors: none identified"
            continue
        if value is True and item.state is None and criterion.key not in _STATED_BY_ITS_WORDS and not (
                criterion.recent_only and _DATED_STOP_ZH.search(_full_sentence(text, doc[item.start].idx))) and (
                _unread_no_after(doc, item, clauses.items[clause]) or criterion.key in lx.CONFIRMED_BY_A_SECOND_TEST
                and _unread_no_after(doc, item, [
                    i for i in items if clauses.sentence[i.start] == clauses.sentence[item.start]
                    and (i.kind != "C" or i.name == "NEG_AFTER"
                         or i.name == "NEG" and doc[i.start:i.end].text.lower() in _RESULT_WORDS_NO)])):
            # "HIV I & II - NON REACTIVE", "HIV Ag/Ab | 0.12 | <1.0 (neg)": a no after the finding
            # that the reading could not tie to it; the finding is not known, never taken as present
            votes.add(criterion.key, "unsure", said)
            continue
        # The same finding said to be so and not so ("no DVT ... h/o DVT 2018") is asked back;
        # different findings add up ("no DVT but had PE").
        stated: str | None = _SAME_FINDING.get(concept, concept)
        if value and item.polarity and criterion.window_days is not None and criterion.recent_only:
            # a drug's use counts from its last dose: "avatrombopag for 3 months, stopped last week"
            # (the 3 months are how long), "started eltrombopag 3 months ago, still on it"
            s_start, s_end = _sentence_bounds(doc, clauses, item.start)
            sentence = text[s_start:s_end]
            stop, started = _LAST_DOSE.search(sentence), _STARTED.search(sentence)
            since_stop = _duration_in(doc, s_start + stop.end(), s_end) if stop is not None else None
            if stop is not None and since_stop is None and doc.lang_ == "zh":
                # "海曲泊帕9月份就停了", "10月初已停", "11月25号停的": the date said right before the stop word
                for day in dates.find(sentence[:stop.start()], True)[-1:]:
                    if _STOP_GLUE.fullmatch(sentence, day.end, stop.start()):
                        since_stop = Ago(day.days, s_start + day.start, s_start + day.end, day.spread)
            course = _course_end(text, s_start, stop_at.start() if (stop_at := _SENTENCE_END_NOT_A_DATE.search(
                text, s_start)) else len(text)) if doc.lang_ == "zh" else None
            if course is not None:
                duration = course  # "艾曲泊帕25mg qd（2026.9.1—2026.11.15）", "11/22—11/29 rhTPO": the course's last day
            elif since_stop is not None:
                duration = since_stop
            elif _STILL_IN_USE.search(sentence):
                duration = Ago(0.0, 0, 0)
            elif duration is None and not _PAST_BEFORE_DRUG.search(text, max(0, doc[item.start].idx - 14), doc[item.start].idx) \
                    and _DOSE_SCHEDULE.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)):
                duration = Ago(0.0, 0, 0)  # "Meds: ..., Revolade 75 mg od, ...": its dose and schedule, taken now
            elif started is not None and (since_start := _duration_in(doc, s_start + started.end(), s_end)) is not None:
                if since_start[0] > criterion.window_days:
                    votes.add(criterion.key, "unsure", said)  # started long ago: still taken? not said
                    continue
                duration = since_start
        if value is True and criterion.key == "other_thrombocytopenia_cause_6mo" and _CHRONIC_CAUSE.search(concept) \
                and duration is not None and not _RESOLVED.search(_full_sentence(text, doc[item.start].idx)) \
                and not _ONGOING_FOR.search(text, *clauses.span(clause)) \
                and not _SINCE_A_TIME.search(_full_sentence(text, doc[item.start].idx)):
            # "cirrhosis from HCV (SVR 2021)", "肝硬化5年前": a lasting cause, and the year may be of
            # something else or of when it began; there now? not said (a time within the window is)
            if criterion.window_days is not None and duration.within(criterion.window_days) is not True:
                votes.add(criterion.key, "unsure", said)
                continue
        if value and item.polarity and criterion.window_days is not None:
            if criterion.recent_only and (_WHEN_UNKNOWN.search(_full_sentence(text, doc[item.start].idx))
                                          or _WHEN_UNKNOWN_SAID.search(text)):
                votes.add(criterion.key, "unsure", said)  # "Yes, eltrombopag, but I don't know when it was stopped"
                continue
            if duration is not None and not criterion.recent_only and criterion.key != "other_trial_28d" and \
                    _ONGOING_FOR.search(text, *clauses.span(clause)) and not _NOT_ONGOING.search(text, *clauses.span(clause)):
                duration = Ago(0.0, 0, 0)  # "肝硬化有好几年了": a condition had for years, and still had: now
            if duration is not None and _vague_for(duration, text, criterion.window_days):
                votes.add(criterion.key, "unsure", said)  # "last month" and a 28-day window
                continue
            if duration is not None:
                within = duration.within(criterion.window_days)
                value, stated = ("unsure" if within is None else within), None
                if value and item.weak and criterion.key == "severe_bleeding_2wk":
                    value = "unsure"  # "一周前流鼻血": a bleed within the two weeks, severe or not is not said
            elif criterion.recent_only and nlp.CJK.search(text) and (
                    last_dose := _last_dose(doc, text, item, clauses)) is not None:
                # "阿伐曲泊帕20mg qd，已停用3个月", "曾用罗米司亭，末次用药4个月前": the last dose said apart
                within = last_dose.within(criterion.window_days)
                value, stated = ("unsure" if within is None else within), None
            elif criterion.recent_only and "PAST" not in cues_before and ("RECENT" in cues_before or (
                    nlp.CJK.search(text) and _cue_in_sentence(items, clauses, item, "RECENT"))):
                pass  # "目前仍在服用", "海曲泊帕口服中"
            elif (criterion.recent_only or criterion.key == "other_trial_28d" and nlp.CJK.search(text)) and (
                    "PAST" in cues_before or (expecting != criterion.key and criterion.recent_only)
                    or _cue_in_sentence(items, clauses, item, "PAST")):  # "had it in the past", "之前参加过一个试验"
                votes.add(criterion.key, "unsure", said)  # "had eltrombopag", "以前用过": within the month? not known
                continue
        if criterion.key == "cognitive_psychiatric" and value and concept in _PSYCHIATRIC:
            # a psychiatric disorder counts when uncontrolled: "精神分裂症，病情稳定" is no, "控制得不好" yes,
            # nothing said is not known
            sentence = _sentence_text(doc, text, clauses, item.start)
            value = True if _UNCONTROLLED.search(sentence) else False if _CONTROLLED.search(sentence) else "unsure"
            if concept.startswith(("uncontrolled", "severe")):
                value = True
        if criterion.key == "thrombosis_history" and value is True and _ANTICOAGULANT.search(concept) and (
                _ANTICOAGULANT_STOPPED.search(text, doc[item.end - 1].idx + len(doc[item.end - 1].text), max(
                    _sentence_bounds(doc, clauses, item.start)[1],  # (past a "but": "the anti-clot injection but stopped it")
                    min(len(text), doc[item.end - 1].idx + len(doc[item.end - 1].text) + 16)
                    if _BUT_NEXT.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text)) else 0))
                or _STOPPED_BEFORE.search(text, max(0, doc[item.start].idx - 30), doc[item.start].idx)):  # "已停用肝素"
            value = "unsure"  # "吃华法林 住院以后医生给停了": not anticoagulated now, and for what? not said
        if criterion.key == "thrombosis_history" and value is True and _RISK_FACTOR_TEST.search(concept) and \
                _RESULT_OPEN.search(_full_sentence(text, doc[item.start].idx)):
            value = "unsure"  # "Thrombophilia screen sent, awaiting results (FVL, PT gene)", "LA weakly positive once, repeat due"
        if criterion.current_only and value is True and (over := _RESOLVED.search(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text),
                _until_next_finding(doc, text, items, clauses, item))) is not None and not _STILL_GETTING_OVER.search(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text), over.start()):
            # "sepsis - resolved": severe then, and now? not known. The "over" may come in the next
            # clause or sentence ("septic shock requiring ICU. Off vasopressors since 20/11", "sepsis
            # in October but it's completely resolved now"), up to the next finding of the same key
            value = "unsure"
        if criterion.current_only and value is True and nlp.CJK.search(text) and (
                duration is not None and duration.days > 30 and (duration.spread > 0 or _AGO_ZH.match(
                    text, duration.end)) or _THAT_TIME.search(text, doc[item.end - 1].idx, doc[item.end - 1].idx + 12)) \
                and not _cue_in_sentence(items, clauses, item, "RECENT"):
            value = "unsure"  # "9月份重症肺炎那次": severe then, now not said (README: severe_comorbidity is now)
        if criterion.key == "chronic_hepatitis" and value is True and _CURED.search(
                text, doc[item.end - 1].idx + len(doc[item.end - 1].text), _sentence_bounds(doc, clauses, item.start)[1]):
            value = False  # "丙肝治愈": cured is not active
        if criterion.key == "thrombocytopenia_due_to_treatment" and value is True and expecting not in (
                criterion.key, "other_thrombocytopenia_cause_6mo", "platelet_count") and \
                nlp.CJK.search(text) and not _PLATELETS_SPOKEN_OF.search(text) and \
                text.strip(" ,.;!?") != doc[item.start:item.end].text:  # "化疗后" alone answers for the platelets
            continue  # "化疗后月经停了三个月", "化疗后予rhIL-11": after the chemo, but no low platelets are spoken of
        if criterion.key == "severe_bleeding_2wk" and value is True and _TRANSFUSED.search(concept) \
                and _NOT_FOR_A_BLEED.search(text):
            continue  # "输血输了两次，是化疗后贫血输的，不是出血": blood given for the anaemia, not for a bleed
        if criterion.key == "hiv" and stated:
            stated = "hiv"  # one infection, however its test is named: "HIV(-)……HIV抗体阳性" is two records that disagree
        votes.add(criterion.key, value, said, stated)
        if criterion.key == "childbearing_potential" and value is False and "怀" in concept:
            votes.add("pregnant_or_breastfeeding", False, said)  # "她这个年纪不可能怀孕了": nor pregnant now
        if criterion.key == "thrombosis_history" and value in (True, False):
            # sentences by their full stops only ("no DVT but had PE" is one)
            events.append((len(_FULL_STOPS.findall(text, 0, doc[item.start].idx)), value,
                           bool(_NOT_AN_EVENT.search(concept)), len(votes.values[criterion.key]) - 1))
        if value is False and item.state == "neg":
            negated_ends[criterion.key] = doc[item.end - 1].idx + len(doc[item.end - 1].text)
        if criterion.key == "other_thrombocytopenia_cause_6mo" and value and (
                "CAUSE" in cues_before or _CAUSE_AFTER.match(text, doc[item.end - 1].idx + len(doc[item.end - 1].text))):
            votes.add("thrombocytopenia_due_to_treatment", False, said)
    if "unsure" in (th := set(votes.values.get("thrombosis_history", []))) and th <= {"unsure", False} and \
            not _TIA.search(text) and (
            clear := _SCAN_CLEAR.search(text)):  # (a TIA leaves a clear scan: it settles nothing)
        # "PE suspected in ED but CTPA clear": the doubt a scan settled is a no, and agrees with a
        # denial beside it ("?PE on admission - CTPA negative. No previous VTE.")
        votes.values["thrombosis_history"] = [False]
        votes.said["thrombosis_history"] = [(clear.group(), None)]
    for said in prophylaxis_now:
        votes.add("thrombosis_history", "unsure", said)
    if True in votes.values.get("thrombosis_history", []) and (apart := _PATIENT_SET_APART.search(text)) is not None and all(
            v is not True or (w and (at := text.find(w)) != -1 and at < apart.start() and _KIN_NAMED.search(
                text, max(0, _clause_start(text, at)), at + len(w)))
            for v, (w, _) in zip(votes.values["thrombosis_history"], votes.said["thrombosis_history"])):
        # "My mother had a clot on her lung, but my dad (he's the patient) has never had one": the
        # yes is the relative's, the patient's own is the no
        votes.values["thrombosis_history"], votes.said["thrombosis_history"] = [False], [(apart.group(), None)]
        events.clear()
    if (th_said := votes.said.get("thrombosis_history")) and set(votes.values["thrombosis_history"]) == {False} and all(
            w and _for_this_stay(text, text.find(w), len(w)) for w, _ in th_said):
        # "住院期间无严重出血，未发生血栓事件": none during this stay, the history not said
        del votes.values["thrombosis_history"], votes.said["thrombosis_history"]
        events.clear()
    if set(votes.values.get("thrombosis_history", [])) & {False} and True not in votes.values["thrombosis_history"] and (
            unseen := _NOT_IMAGED.search(text)) is not None:
        # "D-dimer elevated; no clinical VTE, no imaging": a clot never looked for is not ruled out
        votes.values["thrombosis_history"], votes.said["thrombosis_history"] = ["unsure"], [(unseen.group(), None)]
        events.clear()
    if True in votes.values.get("thrombosis_history", []) and _HEARSAY_NO_RECORDS.search(text) and (
            none := _NO_RECORDS.search(text)) is not None:
        # "we were told he had a clot in the vein of his liver years ago but we have no papers"
        votes.values["thrombosis_history"], votes.said["thrombosis_history"] = ["unsure"], [(none.group(), None)]
        events.clear()
    if any(v in (True, False) for v in votes.values.get("thrombosis_history", [])) and _RISK_FACTOR_TEST.search(text) and (
            untested := _NOT_TESTED_SELF.search(text)) is not None:
        # "Brother is factor V Leiden heterozygous; patient himself has not been tested": the risk
        # factor is a relative's, the patient's own not known
        votes.values["thrombosis_history"], votes.said["thrombosis_history"] = ["unsure"], [(untested.group(), None)]
        events.clear()
    if "thrombosis_history" not in prophylactic and (mechanical := _MECHANICAL_PROPHYLAXIS.search(text)) is not None:
        prophylactic["thrombosis_history"] = mechanical.group()  # "DVT prophylaxis with TEDs only": as a stopped anticoagulant
    for key, said in prophylactic.items():
        if key not in votes.values:
            votes.add(key, "unsure", said)
    if "thrombocytopenia_due_to_treatment" not in votes.values:
        _read_after_treatment(doc, text, clauses, expecting, votes)
    if expecting == "refuses_romiplostim" and "refuses_romiplostim" not in votes.values:
        moods = {i.name for i in items if i.kind == "C" and i.name in ("REFUSE", "ACCEPT")}
        if len(moods) == 1:  # "可以用，不排斥", "不想用"
            votes.add("refuses_romiplostim", moods == {"REFUSE"})
    # A thrombosis denied in one sentence and an event of it stated in another ("入院记录否认血栓史；
    # 既往史栏写2020年肺栓塞"): two records disagree, so it is asked ("no DVT but had PE" in one
    # sentence adds up, and so does a treatment: "no DVT. On apixaban.").
    # "她没有血栓，但是我记得她前年…说是静脉血栓": the clot denied in general, one of its kind said, is two
    # accounts that disagree (a DVT denied and a PE said add up: neither holds the other's name)
    pairs = list(zip(votes.values.get("thrombosis_history", []), votes.said.get("thrombosis_history", [])))
    denied_names = {c for v, (_, c) in pairs if v is False and c}
    if any(v is True and c and any(d != c and (d in c or c in lx.CLOT_KINDS.get(d, ())) for d in denied_names)
           for v, (_, c) in pairs):
        votes.values["thrombosis_history"] = ["unsure"]
        votes.said["thrombosis_history"] = [(" / ".join(w for _, (w, _) in pairs if w), None)]
        events.clear()  # settled here (their vote indices are gone)
    if (clash := _RECORDS_DISAGREE.search(text)) is not None:
        # "病历首页写无血栓史，但护理记录提示…DVT住院，两处矛盾": the writer says the accounts disagree
        for key, values in list(votes.values.items()):
            if True in values and False in values:
                votes.values[key], votes.said[key] = ["unsure"], [(clash.group(), None)]
                if key == "thrombosis_history":
                    events.clear()
    if "tpo_agent_1mo" not in votes.values and True in votes.values.get("romiplostim_hypersensitivity", []) \
            and False not in votes.values.get("romiplostim_hypersensitivity", []) \
            and not nlp.CJK.search(text):  # (the Chinese corpus leaves this unsaid: its labels to be settled)
        # "He had anaphylaxis to Nplate in 2019", "allergic to romiplostim (urticaria ..., 2024)": the drug
        # was given when it reacted; that time is the last use said
        for item in items:
            if item.kind == "T" and item.name == "romiplostim_hypersensitivity" and item.state in (None, "pos"):
                start, end = _sentence_bounds(doc, clauses, item.start)
                when = _duration_in(doc, start, end)
                if when is not None and when.within(30) is False:
                    votes.add("tpo_agent_1mo", False, text[start:end].strip())
                    break
    tpo = list(zip(votes.values.get("tpo_agent_1mo", []), votes.said.get("tpo_agent_1mo", [])))
    if any(c in _GENERIC_TPO for _, (_, c) in tpo) and any(c not in _GENERIC_TPO and v != "unsure" for v, (_, c) in tpo):
        # "她打过一种升血小板的针，特比澳，上上个月打的": the drug named says more than the family's word for it
        kept = [(v, s) for v, s in tpo if s[1] not in _GENERIC_TPO]
        votes.values["tpo_agent_1mo"], votes.said["tpo_agent_1mo"] = [v for v, _ in kept], [s for _, s in kept]
    elif tpo and all(doc[i.start:i.end].text.lower() in _GENERIC_TPO for i in items
                     if i.kind == "T" and i.name == "tpo_agent_1mo") and True in votes.values["tpo_agent_1mo"] and (
            unnamed := _NAME_NOT_KNOWN.search(text)) is not None:
        # "打过升血小板的针，药名家属说不清": a shot "to raise the platelets" whose name no one knows may be
        # a TPO agonist or not
        votes.values["tpo_agent_1mo"], votes.said["tpo_agent_1mo"] = ["unsure"], [(unnamed.group(), None)]
    _when_not_known(text, votes)
    later = _DECIDE_LATER.search(text)
    if later is not None:
        # "我们没用避孕的，以后再说": an answer still to be decided is not known, whatever is done now
        for key in ("contraception_agreed", "willing_to_consent", "refuses_romiplostim"):
            if any(v in (True, False) for v in votes.values.get(key, [])):
                votes.values[key], votes.said[key] = ["unsure"], [(later.group(), None)]
    allergy = list(zip(votes.values.get("romiplostim_hypersensitivity", []),
                       votes.said.get("romiplostim_hypersensitivity", [])))
    if any(v is True for v, _ in allergy) and all(c in _REACTIONS for v, (_, c) in allergy if v is True) and (any(
            v is not True for v, _ in allergy) or _ALLERGY_DENIED.search(text) or _REACTION_CAUSE_DOUBT.search(text)):
        # "否认药物过敏史；既往使用罗米司亭后出现荨麻疹", "起了疹子，不知道是不是过敏": a rash after it, and a
        # denial or a doubt of an allergy: not known
        votes.values["romiplostim_hypersensitivity"] = ["unsure"]
        votes.said["romiplostim_hypersensitivity"] = [(" / ".join(w for _, (w, _) in allergy if w), None)]
    if "romiplostim_hypersensitivity" not in votes.values and not _ROMIPLOSTIM_NAMED.search(text) and (
            only := _ONLY_ANOTHER_ALLERGY.search(text)):
        # "就青霉素过敏，别的没有", "对青霉素过敏 别的没有": one allergy, to something else, and no other
        votes.add("romiplostim_hypersensitivity", False, only.group())
    # (a denied risk factor says nothing of a clot: "DVT in 2019 ... Thrombophilia screen was negative";
    # nor does one kind of clot denied of another stated: "DVT 2017, completed rivaroxaban. No PE.")
    th_said = votes.said.get("thrombosis_history", [])
    denials = [(s, th_said[at][1] if at < len(th_said) else None) for s, v, not_event, at in events
               if v is False and not not_event]
    denied = {s for s, _ in denials}
    events_stated = [(s, at) for s, v, not_event, at in events if v is True and not not_event and any(
        d != s and _covers(c, th_said[at][1] if at < len(th_said) else None) for d, c in denials)]
    if denied and any(s not in denied for s, _ in events_stated):
        # one concept for both, so that the two are asked back and quoted (_Votes.resolve)
        quoted = votes.said["thrombosis_history"]
        for at in [at for s, v, not_event, at in events if v is False and not not_event] + [
                at for s, at in events_stated if s not in denied]:
            quoted[at] = (quoted[at][0], "a thrombosis")
    for key, end in negated_ends.items():
        if set(votes.values.get(key, [])) == {False} and _REPORTED_YES.search(text, end):
            votes.values[key] = ["unsure"]  # "本人诉未用过特比澳，家属称上周打过"
            votes.said[key] = [(text[end:].strip(" ,;"), None)]
    leukemia = [v for v in votes.values.get("diagnosis", []) if v != "unsure" and dx.BY_CANONICAL[v].kind == dx.LEUKEMIA]
    if tests_showed and leukemia and "diagnosis_confirmed" not in votes.values:
        votes.add("diagnosis_confirmed", True, tests_showed[0])  # "骨髓病理：急性髓系白血病"
    if leukemia and "diagnosis_confirmed" not in votes.values and not _NOT_YET.search(text) and (
            shown := _SHOWN_BY_A_TEST.search(text)) is not None:
        # "Dx B-ALL on BM aspirate + flow", "diagnosed by bone marrow biopsy", "PML-RARA +ve on BM",
        # "marrow 12/10 confirms 45% blasts", "morphology and flow diagnostic": a diagnostic test said
        # to have shown it (a pending or planned one is read as not known above)
        votes.add("diagnosis_confirmed", True, shown.group().strip())
    if leukemia and "diagnosis_confirmed" not in votes.values and nlp.CJK.search(text) and (
            fusion := _FUSION_FOUND.search(text)):
        # "急性早幼粒细胞白血病，PML-RARA阳性", "CML急变期，BCR-ABL(+)": the leukemia's own fusion gene
        # found is a laboratory confirmation
        votes.add("diagnosis_confirmed", True, fusion.group())
    if votes.values.get("diagnosis") == [dx.UNTYPED_LEUKEMIA] and _TYPE_PENDING.search(text):
        votes.values["diagnosis"] = ["unsure"]  # "急性白血病…还要做骨穿才能确诊是哪一型"
    typed = [i for i in items if i.kind == "D" and i.state in (None, "pos") and dx.BY_CANONICAL[i.name].kind == dx.LEUKEMIA
             and i.name != dx.UNTYPED_LEUKEMIA]
    if any(a.name != b.name and _ONE_OR_THE_OTHER.fullmatch(doc[a.end:b.start].text)
           for a, b in zip(typed, typed[1:])) and "diagnosis" in votes.values:
        # "AML还是ALL待流式分型", "AML or ALL, flow pending": two leukemias weighed, which one is not known
        votes.values["diagnosis"] = ["unsure"]
        votes.said["diagnosis"] = [(votes.said["diagnosis"][0][0], None)]
    diagnoses = votes.values.get("diagnosis", [])
    if "unsure" in diagnoses and {v for v in diagnoses if v != "unsure"} == {dx.UNTYPED_LEUKEMIA}:
        # "急性白血病（AML？ALL？）", "acute leukaemia, ?AML ?ALL": the type is what is asked, and it is in doubt
        votes.values["diagnosis"] = ["unsure"]
        votes.said["diagnosis"] = [next((w, c) for v, (w, c) in zip(diagnoses, votes.said["diagnosis"]) if v == "unsure")]
    _when_one_queried(text, votes)
    if expecting != CHECKLIST:  # an item of the checklist answered yes is the criterion answered: "E3 yes - ex-MDS"
        _when_grown_from_another(text, votes)
    _read_infection_cause(doc, text, votes)
    if "thrombocytopenia_due_to_treatment" not in votes.values:
        _read_treatment_phase(text, expecting, votes)
    _when_cause_weighed(text, votes)
    _read_bleed_severity(doc, text, expecting, votes)
    bbv = _BLOOD_BORNE_VIRUSES.search(text)
    if bbv is not None:  # "BBV screen negative", "virology -ve": HIV and hepatitis B and C, both
        value = False if bbv["result"].lower() in lx.FORM_ANSWER_STATES["neg"] + lx.BBV_NEGATIVE else "unsure"
        for key in ("hiv", "chronic_hepatitis"):
            if key not in votes.values:
                votes.add(key, value, bbv.group())
    unconfirmed = _CONFIRMATION_PENDING.search(text)
    if unconfirmed is not None:  # "HIV reactive on the screening assay; the confirmatory test is pending"
        for key in lx.CONFIRMED_BY_A_SECOND_TEST:
            if True in votes.values.get(key, []):
                left_open.setdefault(key, unconfirmed.group())
    for key, said in left_open.items():
        votes.values[key], votes.said[key] = ["unsure"], [(said, None)]
    normal_before = _PLATELETS_NORMAL_BEFORE.search(text)
    if normal_before is not None and True in votes.values.get("other_thrombocytopenia_cause_6mo", []):
        votes.values["other_thrombocytopenia_cause_6mo"] = ["unsure"]
        votes.said["other_thrombocytopenia_cause_6mo"] = [(normal_before.group(), None)]
    hepatitis = _hepatitis_from_serology(markers)
    if hepatitis is None and True in votes.values.get("chronic_hepatitis", []) and not _ACTIVE_SAID.search(text):
        # "有乙肝", "乙肝肝硬化": the infection named, nothing said of whether it is active (E9 is
        # chronic *active* hepatitis), as "HBsAg+ with nothing more" is not known
        # (the Chinese names: the English corpus and tests still read "hep B" as said of an active
        # infection, a convention for the lead to settle)
        votes.values["chronic_hepatitis"] = ["unsure" if v is True and s[1] in _BARE_HEPATITIS and nlp.CJK.search(s[1])
                                             else v
                                             for v, s in zip(votes.values["chronic_hepatitis"],
                                                             votes.said["chronic_hepatitis"])]
    if hepatitis is not None:
        if hepatitis != "unsure":
            # Decisive serology ("chronic hep B on entecavir, HBV DNA undetectable") is what E9's
            # "active" turns on; it outweighs the name of the infection.
            votes.values.pop("chronic_hepatitis", None)
            votes.said.pop("chronic_hepatitis", None)
        elif "pos" in markers.values():
            # "门诊乙肝阴性，住院查HBsAg阳性": a positive marker outweighs an earlier "negative"
            # and the infection named by its name only ("乙肝是大三阳") is what the markers say:
            # HBsAg+ with nothing more is not known to be active
            kept = [(v, s) for v, s in zip(votes.values.get("chronic_hepatitis", []), votes.said.get("chronic_hepatitis", []))
                    if v is not False and not (v is True and s[1] in _BARE_HEPATITIS)]
            votes.values["chronic_hepatitis"] = [v for v, _ in kept]
            votes.said["chronic_hepatitis"] = [s for _, s in kept]
        votes.add("chronic_hepatitis", hepatitis, ", ".join(dict.fromkeys(markers_said)))


# "last month", "上个月": a month back, give or take; too vague for a window of about a month.
_PSYCHIATRIC = frozenset(nlp.normalise(t).lower() for t in lx.PSYCHIATRIC_TERMS)
_CONTROLLED = re.compile(lx.PSYCHIATRIC_CONTROLLED, re.IGNORECASE)
_UNCONTROLLED = re.compile(lx.PSYCHIATRIC_UNCONTROLLED, re.IGNORECASE)
_LAST_DOSE = re.compile(lx.LAST_DOSE, re.IGNORECASE)
# A drug stopped on a date said before the stop word ("海曲泊帕9月份就停了", "10月初已停"): the stop
# word is the last dose's time, read with the date, not a no left untied.
_DATED_STOP_ZH = re.compile(r"(?:月(?:份|初|中|中旬|底|末|下旬|上旬)?|\d{1,2}\s*[日号])\s*(?:就|已|已经|都|便|才)?\s*(?:停了|已停|停用|停药)")
_STOP_GLUE = re.compile(r"\s*(?:就|已|已经|都|便|就已经|才)?\s*")
_POINTS_BACK = re.compile(lx.POINTS_BACK, re.IGNORECASE)
_STILL_IN_USE = re.compile(lx.STILL_IN_USE, re.IGNORECASE)
_STARTED = re.compile(lx.STARTED, re.IGNORECASE)
_TYPE_PENDING = re.compile(lx.TYPE_PENDING, re.IGNORECASE)
# Between two leukemias, a word that makes them a choice
_ONE_OR_THE_OTHER = re.compile(r"\s*(?:还是|或者是?|或是|或|抑或|亦或|还是说|or|vs\.?|versus|/|？|\?)\s*", re.IGNORECASE)
_GREW_INTO_LEUKEMIA = re.compile(lx.GREW_INTO_LEUKEMIA, re.IGNORECASE)
# The marrow disorders a leukemia grows out of
_PRECURSORS = ("MDS", "CMML", "MPN")


def _sentence_bounds(doc: "Doc", clauses: _Clauses, i: int) -> tuple[int, int]:
    tokens = [t for t in doc if clauses.sentence[t.i] == clauses.sentence[i]]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _until_next_finding(doc: "Doc", text: str, items: list[_Item], clauses: _Clauses, item: _Item) -> int:
    """The character where a term of the item's key begins in a later sentence, or the text's end:
    how far words about this finding's course ("now resolved", "off vasopressors since") may reach.
    Terms of the same sentence tell the same story ("septic shock requiring ICU and vasopressors"),
    and a term inside the words of its end ("off vasopressors") is that end."""
    end = doc[item.end - 1].idx + len(doc[item.end - 1].text)
    after = [doc[i.start].idx for i in items if i.kind == "T" and i.name == item.name and i.start >= item.end
             and _STORY_ENDS.search(text, end, doc[i.start].idx)
             and not _inside(_RESOLVED, text, doc[i.start].idx)]
    return min(after) if after else len(text)


_STILL_GETTING_OVER = re.compile(r"\b(?:{})\b|{}".format(
    "|".join(w for w in lx.STILL_GETTING_OVER if not nlp.CJK.search(w)),
    "|".join(w for w in lx.STILL_GETTING_OVER if nlp.CJK.search(w))), re.IGNORECASE)
# A sentence's end between two findings; "E. coli", "S. aureus" end none
_STORY_ENDS = re.compile(r"[;!\n。；！]|(?<!\b[A-Za-z])\.(?!\d)")


def _full_sentence(text: str, at: int) -> str:
    """The text between the full stops around character `at` ("clexane but prophylactic dose only")."""
    stops = _full_stops(text)  # found once per message: this is asked once per count of a long letter
    i = bisect.bisect_right([e for _, e in stops], at)
    start = stops[i - 1][1] if i else 0
    # the first stop that starts at or after `at` (a stop may straddle it)
    j = bisect.bisect_left([b for b, _ in stops], at)
    return text[start:stops[j][0] if j < len(stops) else len(text)]


@functools.lru_cache(maxsize=8)
def _full_stops(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _FULL_STOPS.finditer(text)]


def _inside(pattern: re.Pattern, text: str, at: int) -> bool:
    """Character `at` lies inside a match of `pattern` ("to stop clots": no clot said)."""
    return any(m.start() <= at < m.end() for m in pattern.finditer(text, max(0, at - 24), at + 24))


def _sentence_text(doc: "Doc", text: str, clauses: _Clauses, i: int) -> str:
    start, end = _sentence_bounds(doc, clauses, i)
    return text[start:end]


def _cue_in_sentence(items: list[_Item], clauses: _Clauses, item: _Item, name: str) -> bool:
    return any(i.kind == "C" and i.name == name and clauses.sentence[i.start] == clauses.sentence[item.start]
               for i in items)


def _last_dose(doc: "Doc", text: str, item: _Item, clauses: _Clauses) -> Ago | None:
    """The time since the last dose, said in another clause of the drug's sentence."""
    start, end = _sentence_bounds(doc, clauses, item.start)
    return _duration_in(doc, start, end) if _LAST_DOSE.search(text[start:end]) else None


def _read_volition(doc: "Doc", item: _Item, items: list[_Item], clauses: _Clauses, votes: _Votes, text: str) -> bool:
    """Romiplostim named with words of taking it or not: E13's answer. True when read."""
    moods = {i.name for i in items if i.kind == "C" and i.name in ("REFUSE", "ACCEPT")
             and clauses.sentence[i.start] == clauses.sentence[item.start]}
    if not moods:
        return False
    if "refuses_romiplostim" not in votes.values:
        votes.add("refuses_romiplostim", True if moods == {"REFUSE"} else False if moods == {"ACCEPT"} else "unsure",
                  _sentence_text(doc, text, clauses, item.start))
    return True


_CAUSE_AFTER = re.compile(r"\s*(?:等)?(?:{})".format("|".join(lx.CAUSE_AFTER)))
_AFTER_TREATMENT = re.compile(
    r"(?:{t}|[A-Z]{{2,}}[A-Za-z0-9+\- ]*?)\s*(?:第?[一二三四五六七八九十\d]+个?(?:疗程|周期|次))?\s*(?:{a})".format(
        t="|".join(lx.TREATMENT_WORDS), a="|".join(lx.AFTER_WORDS)))
_FALLEN_SINCE_TREATMENT = re.compile(r"(?:化疗|治疗|用药)前.{{0,12}}?(?:{})".format("|".join(lx.FALLEN_WORDS)))
_PLATELETS = re.compile("|".join(lx.PLATELET_WORDS), re.IGNORECASE)


_TX = "(?:{})".format("|".join(lx.TREATMENT_REGIMENS_EN + lx.TREATMENT_PHASES_EN))
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|last|latest|recent|most recent|\d+(?:st|nd|rd|th)?|one|two|three|four|five|six)"
_TREATMENT_PHASE = re.compile(
    # "post 7+3", "after her second consolidation", "following cycle 2", "post-ind", "after six cycles of FCR"
    r"\b(?:{a})[\s-]*(?:(?:the|her|his|their)\s+)?(?:(?:cytotoxic|intensive|recent|last|latest)\s+)?(?:{o}\s+)?"
    r"(?:(?:cycles?|rounds?|courses?)\s+(?:of\s+)?)?{tx}(?![\w+])"
    # "Gilteritinib-related", "aza-induced", "Chemo (VDCLP) induced" (not "therapy-related AML", a
    # kind of leukemia)
    r"|(?<![\w+]){tx}\s*(?:\([^()]{{1,20}}\)\s*)?[\s-](?:related|induced|associated)\b(?!\s+(?:aml|mds|myeloid|acute|leuk))"
    # "PLT 21 (chemo)", "PLT 47 on bosutinib", "plts down to 38 on oral azacitidine maintenance"
    r"|\b(?:plts?|platelets?)\b[^.;\n]{{0,18}}?\d[^.;\n]{{0,6}}?(?:\(\s*{tx}\s*\)|\bon\s+{tx}(?![\w+]))"
    # "day 18 post 7+3", "d14 hyperCVAD", "day 25 of induction"
    r"|\b(?:d|day\s*)\+?\d{{1,2}}\s*(?:(?:of|post|after|following|into)\s+)?(?:(?:the|her|his)\s+)?(?:{o}\s+)?{tx}(?![\w+])"
    # "7+3, now day 21", "C3D20"
    r"|(?<![\w+]){tx}[^.;\n]{{0,12}}?\b(?:now\s+)?(?:d|day\s*)\+?\d{{1,2}}\b|\bC\d+\s*D\d+\b"
    # a treatment's nadir, said as expected: "the usual post-cycle-3 nadir", "plts 28 (nadir, expected)"
    r"|\bpost[- ]?(?:cycle|course|c)[- ]?\d+\s+nadir\b|\b(?:expected|usual)\s+(?:post[- ]?\w+(?:[- ]\d+)?\s+)?nadir\b"
    r"|\bnadir(?:,\s*|\s+as\s+)expected\b".format(
        a="|".join(lx.AFTER_TREATMENT_EN), o=_ORDINAL, tx=_TX),
    re.IGNORECASE)
_CAUSE_WEIGHED = re.compile(r"\b(?:whether|wonder\w*|vs\.?|versus|unclear|not sure|uncertain|can'?t exclude|cannot exclude"
                            r"|or (?:from|due to|because of|the))\b", re.IGNORECASE)
_PLATELETS_EN = re.compile(r"\b(?:plts?|platelets?|thrombocytop\w*)\b", re.IGNORECASE)


# English words between word boundaries; Chinese ones anywhere (no spaces between words)
_BLEED = re.compile(r"\b(?:{})\b|{}".format("|".join(lx.BLEEDS_EN), "|".join(lx.BLEEDS_ZH)), re.IGNORECASE)
_BLEED_SEVERE = re.compile(r"\b(?:{})\b|{}".format("|".join(lx.BLEED_SEVERE), "|".join(lx.BLEED_SEVERE_ZH)),
                           re.IGNORECASE)
_BLEED_MINOR = re.compile(r"\b(?:{})\b|{}".format("|".join(lx.BLEED_MINOR), "|".join(lx.BLEED_MINOR_ZH)),
                          re.IGNORECASE)
# "2 units", "2u RBC x2" (twice: 4), "输了4个单位"
_UNITS_GIVEN = re.compile(r"(?<![\d.A-Za-z])(\d{1,2})\s*(?:u|units?|pools?|(?:bags?|pints?)\s+of\s+(?:blood|red cells|rbc))\b"
                          r"(?:(?:\s+[A-Za-z]+){0,2}\s*[x×]\s*(\d)\b)?"
                          r"|(\d{1,2})\s*(?:个单位|单位|袋)", re.IGNORECASE)
_BLEED_LARGE = re.compile(r"\b(?:{})\b".format("|".join(lx.BLEED_LARGE)), re.IGNORECASE)
_IN_THE_HEAD = re.compile(r"\b(?:{})\b".format("|".join(lx.BLEEDS_IN_THE_HEAD)), re.IGNORECASE)
_DROP = re.compile(r"\b(?P<what>hct|haematocrit|hematocrit|hb|haemoglobin|hemoglobin|血红蛋白|血色素)(?![A-Za-z])\D{0,20}?"
                   r"(?P<a>\d{1,3})\s*%?\s*(?:->|→|to|降到|降至|下降到|下降至|掉到)\s*(?P<b>\d{1,3})", re.IGNORECASE)
_BLEED_DENIED = re.compile(r"\b(?:no|nil|denies|denied|without|not)\b(?:\s+\w+){{0,2}}\s+(?:{b})\b"
                           r"|\b(?:{b})\b[^:\n]{{0,20}}:\s*(?:nil|none|no|neg)\b"
                           r"|(?:无|没有|没|否认|未见|未发生)[^,;.]{{0,6}}?(?:{z})"
                           # said after it: "血栓没有，出血没有"
                           r"|(?:{z})(?:也|都)?(?:没有|没|无)(?=[,;.]|$)".format(
                               b="|".join(lx.BLEEDS_EN), z="|".join(lx.BLEEDS_ZH)), re.IGNORECASE)
# (a Chinese sentence turned by 但/不过 is two: "否认皮肤黏膜出血，但3天前呕血一次，输红细胞3U")
_SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+|\n|(?<=[,\s])(?=但是|但|不过|可是|然而)")


# "血小板减少考虑化疗所致，但不除外脾亢": something not ruled out in the sentence of the treatment's cause
_NOT_RULED_OUT = re.compile(r"不除外|不能除外|不排除|未排除|不能排除|也不排除|待排")


def _sentence_around(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".;!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".;!?\n") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


_OTHER_CAUSE_DOUBTED = re.compile(r"(?:不除外|不能除外|不排除|未排除|不能排除|也可能|也不排除|或许|待排)[^,;.]{0,12}?"
                                  r"(?:所致|引起|导致|造成|相关|有关)")
# Low platelets put down to an infection ("血小板减少考虑为感染所致", "这次血小板低主要是感染引起的",
# "2个月前因登革热血小板明显减少"): another cause (E4), within the six months if a time is said.
_INFECTION = r"感染|登革热|脓毒症|败血症|病毒|细菌|真菌|肺炎|出血热|疟疾"
_INFECTION_CAUSE = re.compile(
    rf"血小板[^,;.]{{0,12}}?(?:是|为|系)?[^,;.]{{0,6}}?(?:{_INFECTION})[^,;.]{{0,6}}?(?:所致|引起|导致|造成|相关|有关)"
    rf"|(?:因|由于|因为)(?:{_INFECTION})[^,;.]{{0,8}}?血小板[^,;.]{{0,6}}?(?:减少|低|下降|降)")
_NOT_THE_CAUSE = re.compile(r"(?:非|不是|并非|排除|与|跟|和)[^,;.]{0,3}$")


def _when_not_known(text: str, votes: _Votes) -> None:
    """"用过特比澳，时间记不清了", "具体时间家属说不清", "末次用药时间待患者翻找记录后确认": when is not known."""
    unknown_when = _TIME_NOT_KNOWN.search(text)
    if unknown_when is not None:
        for key in ("tpo_agent_1mo", "other_trial_28d"):
            if True in votes.values.get(key, []):
                votes.values[key], votes.said[key] = ["unsure"], [(unknown_when.group(), None)]


def _read_infection_cause(doc: "Doc", text: str, votes: _Votes) -> None:
    if "other_thrombocytopenia_cause_6mo" in votes.values:
        return
    for found in _INFECTION_CAUSE.finditer(text):
        cause = re.search(_INFECTION, found.group())
        if cause is None or _NOT_THE_CAUSE.search(text, max(0, found.start() + cause.start() - 4),
                                                  found.start() + cause.start()):
            continue  # "非感染所致", "与感染无关"
        if _OTHER_CAUSE_DOUBTED.search(text) or re.search(r"可能|不除外|待排|疑", found.group()):
            votes.add("other_thrombocytopenia_cause_6mo", "unsure", found.group())
            return
        duration = _duration_in(doc, max(0, found.start() - 10), found.end())
        votes.add("other_thrombocytopenia_cause_6mo", True if duration is None else duration[0] <= 183, found.group())
        return


_SPOTS_ONLY = re.compile(r"有点出血|一点出血|出点血|出了点血|有点血|一点血|牙龈|刷牙|小红点|出血点|瘀点|皮肤散在")
_NOTHING_ELSE = re.compile(r"(?:别的|其他|其它|其余)(?:地方)?(?:都)?(?:没有|没|无)|无(?:活动性|明显)?出血|没有出血|否认")


_TRANSFUSED = re.compile(r"输血|输了?血|transfus|units?\b|bags? of blood", re.IGNORECASE)
_NOT_FOR_A_BLEED = re.compile(r"贫血输|因为贫血|为了?贫血|化疗后贫血|不是出血|不是因为出血|没有出血|没出血"
                              r"|\bfor (?:the |his |her )?(?:an(?:a)?emia|low (?:hb|haemoglobin|hemoglobin))\b"
                              r"|\bnot (?:for |from |due to )?(?:a |any )?bleed", re.IGNORECASE)
_ROUGHLY = re.compile(r"\b(?:around|about|approx\w*|roughly|or so|ish)\b|~|大概|大约|左右|差不多|前后", re.IGNORECASE)


def _read_bleed_severity(doc: "Doc", text: str, expecting: str | None, votes: _Votes) -> None:
    """E6 from an English bleed said with how much it took: > 2 units, a haematocrit down 10
    points (haemoglobin 20 g/L), "major"/"grade 3" are severe; "minor", "no transfusion", 2
    units or fewer are not, nor is a bleed denied; severe and within two weeks is yes, longer ago
    no. It overrides what the bleed's name alone gave, except a severe bleed without a time."""
    verdicts: list[tuple[bool | str, str]] = []  # (yes / no / "unsure", the sentence)
    for start, end in _split(_SENTENCE_SPLIT, text):
        sentence = text[start:end]
        if not _BLEED.search(sentence):
            continue
        if _BLEED_SEVERITY_OPEN.search(sentence) or _BLEED_QUERIED_ZH.search(sentence) or _FORM_LEFT_OPEN.search(sentence):
            verdicts.append(("unsure", sentence))  # "眼底出血了，眼科还在看严不严重"
            continue
        if _BLEED_DENIED.search(sentence):
            verdicts.append((False, sentence))  # "No significant bleeding in the last two weeks", "Bleeding: nil"
            continue
        # units given in one sentence add up: "2 units on Monday and 2 more today" needed 4
        units = [sum(int(a or c) * int(times or 1) for a, times, c in _UNITS_GIVEN.findall(sentence))]
        units = [n for n in units if n]
        drops = [(m["what"].lower(), int(m["a"]) - int(m["b"])) for m in _DROP.finditer(sentence)]
        severe = bool(_BLEED_SEVERE.search(sentence)) or any(n > 2 for n in units) or any(
            d >= (10 if w.startswith(("hct", "haematocrit", "hematocrit")) else 20) for w, d in drops)
        minor = not _IN_THE_HEAD.search(sentence) and (
            bool(_BLEED_MINOR.search(sentence)) or (bool(units) and all(n <= 1 for n in units) and not drops))
        if not severe and not minor and units == [2] and not drops:
            # two units: at the edge of "more than 2 units", and the haematocrit's fall not said
            # (unless the bleed was before the two weeks: "melaena 4/52 ago, 2u")
            ago = _duration_in(doc, start, end)
            verdicts.append((False if ago is not None and ago.within(14) is False else "unsure", sentence))
            continue
        if not severe and not minor:
            ago = _duration_in(doc, start, end)
            if ago is not None and ago.days > 20 and not _HEDGED.search(sentence) and not _ROUGHLY.search(sentence):
                # "big nosebleed in August, nothing since": a bleed well before the two weeks (not one
                # near their edge, nor a time given roughly: "around 2-3 weeks ago", "大概半个月前")
                verdicts.append((False, sentence))
            continue
        if minor and (severe or _BLEED_LARGE.search(sentence)):
            verdicts.append(("unsure", sentence))
            continue
        if minor and not severe and expecting != "severe_bleeding_2wk" and _SPOTS_ONLY.search(sentence) and not (
                _BLEED_MINOR.search(_SPOTS_ONLY.sub("", sentence)) or _NOTHING_ELSE.search(text)):
            continue  # "全身散在瘀点": spots on the skin say nothing of a severe bleed, unless "nothing else" is said
        if minor:
            verdicts.append((False, sentence))
            continue
        duration = _duration_in(doc, start, end)
        if duration is None:
            continue  # severe, but when? what the words alone say stands ("major bleed")
        within = duration.within(14)
        verdicts.append(("unsure" if within is None else within, sentence))
    if not verdicts:
        return
    votes.values.pop("severe_bleeding_2wk", None)
    votes.said.pop("severe_bleeding_2wk", None)
    for value, sentence in verdicts:
        votes.add("severe_bleeding_2wk", value, sentence.strip())


def _split(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The character ranges `pattern.split(text)` gives the pieces of."""
    spans, at = [], 0
    for match in pattern.finditer(text):
        spans.append((at, match.start()))
        at = match.end()
    return spans + [(at, len(text))]


def _read_treatment_phase(text: str, expecting: str | None, votes: _Votes) -> None:
    """English referrals' treatment phase, in a message that speaks of the platelets."""
    if not (_PLATELETS_EN.search(text) or expecting == "thrombocytopenia_due_to_treatment"):
        return
    found = _TREATMENT_PHASE.search(text)
    if found:
        votes.add("thrombocytopenia_due_to_treatment", True, found.group().strip())


def _when_one_queried(text: str, votes: _Votes) -> None:
    """"?AML - awaiting BM", "Presumed AML on blood film", "疑诊AML，骨穿结果待回报": one leukemia,
    queried, and nothing else named is the working diagnosis; that it is not yet confirmed is
    what the query says (tests/reading/README.md). Two queried ("?AML ?ALL") stay not known."""
    said = votes.said.get("diagnosis", [])
    queried = {c[1:] for v, (_, c) in zip(votes.values.get("diagnosis", []), said) if v == "unsure" and c}
    if not said or any(v != "unsure" for v in votes.values["diagnosis"]) or len(queried) != 1 or \
            queried == {dx.UNTYPED_LEUKEMIA} or any(not c for _, c in said) or "other_hematologic_disorder" in votes.values:
        return
    words = next(w for w, c in said if c)
    if _WEIGHED.search(_full_sentence(text, max(0, text.find(words or "")))):
        return  # "?AML ?ALL", "MDS vs AML?", "suspected CMML/AML", "AML or high-risk MDS", "二者鉴别中"
    votes.values["diagnosis"], votes.said["diagnosis"] = [queried.pop()], [(words, None)]
    if "diagnosis_confirmed" not in votes.values or True not in votes.values["diagnosis_confirmed"]:
        votes.values["diagnosis_confirmed"] = ["unsure"]
        votes.said["diagnosis_confirmed"] = [(words, None)]


_WEIGHED = re.compile(r"\?[^?]{0,12}\?|\b(?:vs\.?|versus|or|equivocal|differential|ddx)\b|(?<![A-Za-z])[A-Z]{2,5}\s*/\s*[A-Z]{2,5}(?![A-Za-z])"
                      r"|鉴别|还是|或|？[^？]{0,12}？")


def _when_grown_from_another(text: str, votes: _Votes) -> None:
    """"CMML which has transformed to AML", "ET病史多年，现在转成AML了": the leukemia grew out of the
    other disorder, and whether that one still counts (E3) is the investigator's call; another
    disorder besides ("MDS转化AML；既往ITP") or the criterion answered yes outright stays yes."""
    key = "other_hematologic_disorder"
    stated = [c for v, (_, c) in zip(votes.values.get(key, []), votes.said.get(key, [])) if v is True]
    leukemia = [v for v in votes.values.get("diagnosis", []) if v != "unsure" and dx.BY_CANONICAL[v].kind == dx.LEUKEMIA]
    if stated and all(c in _PRECURSORS for c in stated) and (grew := _GREW_INTO_LEUKEMIA.search(text)) and (
            leukemia or _LEUKEMIA_WORD.search(text)):
        votes.values[key] = ["unsure"]
        votes.said[key] = [(_full_sentence(text, grew.start()).strip(), None)]


_LEUKEMIA_WORD = re.compile(r"\b(?:AML|ALL|leuk\w*|leuc\w*)\b|白血病", re.IGNORECASE)


def _when_cause_weighed(text: str, votes: _Votes) -> None:
    """The treatment read as the cause, by any of the readings above, is not settled when another
    cause is weighed against it: "血小板减少考虑与化疗相关，不除外感染所致", "Wonder whether
    thrombocytopenia is ibrutinib-related or from the CLL", "?therapy-related vs ITP", "likely
    aza-related but can't exclude relapse". One check, after every reading of the cause."""
    key = "thrombocytopenia_due_to_treatment"
    if True not in votes.values.get(key, []):
        return
    doubted = _OTHER_CAUSE_DOUBTED.search(text) or next((m for m in _NOT_RULED_OUT.finditer(text) if any(
        w and w in _sentence_around(text, m.start()) for w, _ in votes.said[key])), None)
    if doubted is not None:
        votes.values[key], votes.said[key] = ["unsure"], [(doubted.group(), None)]
        return
    for at in (text.find(w) for v, (w, _) in zip(votes.values[key], votes.said[key]) if v is True and w):
        if at >= 0 and ("?" in text[max(0, at - 2):at] or _CAUSE_WEIGHED.search(_full_sentence(text, at))
                        or _CAUSE_WEIGHED_ZH.search(_full_sentence(text, at))
                        or _CAUSE_NOT_SETTLED_EN.search(_sentence_around(text, at))
                        or _HEDGE_BEFORE_EN.search(text, max(0, at - 16), at)):
            votes.values[key] = ["unsure" if v is True else v for v in votes.values[key]]
            return


# Chinese: the cause asked between two ("到底是化疗打的还是他本来就低"), or said not to be known for sure
_CAUSE_WEIGHED_ZH = re.compile(r"(?:到底|究竟)是?[^。；;]{0,16}?还是|说不准|说不清|拿不准|不好说|分不清|搞不清|弄不清"
                               r"|化疗[^。；;，,]{0,6}还是|还是[^。；;，,]{0,6}(?:本来|原来|本身|自己)")
_CAUSE_NOT_SETTLED_EN = re.compile(r"\b(?:can'?t|cannot|can not|unable to|not)\s+(?:be\s+|been\s+|yet\s+been\s+|yet\s+)?"
                                   r"(?:exclude|rule out|ruled out|excluded)"
                                   r"|\b(?:differential|ddx)\b|\bversus\b|\bvs\.?\s"
                                   # two causes said together: "probably mostly aza but still disease in the marrow, so both"
                                   r"|\b(?:so|probably|likely|maybe|possibly|or|prob)\s+both\b|\bbit of both\b"
                                   r"|\b(?:mix|mixture|combination) of (?:both|the two)\b|\bboth really\b", re.IGNORECASE)
_HEDGE_BEFORE_EN = re.compile(r"\b(?:likely|probably|possibly|possible|maybe|perhaps|query|suspect(?:ed)?|presumed)\s*$",
                              re.IGNORECASE)


def _read_after_treatment(doc: "Doc", text: str, clauses: _Clauses, expecting: str | None, votes: _Votes) -> None:
    """Chinese notes' and families' "after treatment": each sentence that speaks of the platelets."""
    sentences: dict[int, tuple[int, int]] = {}
    for token in doc:
        start, _ = sentences.get(clauses.sentence[token.i], (token.idx, 0))
        sentences[clauses.sentence[token.i]] = (start, token.idx + len(token.text))
    for start, end in sentences.values():
        piece = text[start:end]
        if not nlp.CJK.search(piece) or not (_PLATELETS.search(piece) or expecting in ("thrombocytopenia_due_to_treatment",
                                                                                       "platelet_count")):
            continue
        found = _AFTER_TREATMENT.search(piece) or _FALLEN_SINCE_TREATMENT.search(piece)
        if found:
            votes.add("thrombocytopenia_due_to_treatment", True, found.group().strip())
            return


_DIAGNOSTIC_TEST = (r"(?:bone\s+marrow(?:\s+(?:aspirate|aspiration|biopsy|trephine|test|exam\w*))?|marrow|bm(?:at|a|\s*bx)?"
                    r"|aspirate|trephine|biopsy|flow(?:\s+cytometry)?|immunophenotyping|fish|cytogenetics|morphology"
                    r"|pathology|histology)")
_SHOWN_BY_A_TEST = re.compile(
    rf"(?:\b(?:dx|diagnosed|diagnosis|confirmed|positive)|\+ve)\s+(?:[\w/-]+\s+){{0,2}}?(?:on|by|via|with)\s+"
    rf"(?:the\s+|a\s+|peripheral\s+blood\s+)?"
    rf"{_DIAGNOSTIC_TEST}\b"
    rf"|\b{_DIAGNOSTIC_TEST}\s+(?:[\w/]+\s+){{0,2}}?(?:confirms|confirmed|showed|shows|diagnostic|consistent with)\b"
    rf"|\((?:flow|fish|bm|marrow)\s+(?:on\s+\w+\s*)?[^)]{{0,12}}\)", re.IGNORECASE)
_THE_TRIAL_AFTER = re.compile(r"\s*(?:(?-i:[A-Z][A-Z0-9-]{1,8})\s+){0,2}(?:study|trial|研究|试验|临床试验|项目)", re.IGNORECASE)
_NOT_YET = re.compile(r"\byet\b|还没|尚未|暂未|未出|没出", re.IGNORECASE)
# The tests, or their results, named in an answer about the confirmation
_A_TEST_NAMED = re.compile("(?<![a-z])(?:" + "|".join(re.escape(t) for t in (
    *lx.DIAGNOSTIC_TESTS, "病理", "活检", "涂片", "血涂片", "病理报告", "pathology", "biopsy", "blood film", "smear",
    "穿刺", "骨穿报告")) + ")(?![a-z])", re.IGNORECASE)
_NOT_DONE = re.compile(r"[没未]做|未行|未查|没查|not (?:yet )?(?:been )?done", re.IGNORECASE)


def _history_after(doc: "Doc", item: _Item, items: list[_Item]) -> bool:
    """A history word just after a mention ("ITP病史5年", "真性红细胞增多症（PV）病史")."""
    cue = next((i for i in items if i.kind == "C" and i.name == "HISTORY" and 0 <= i.start - item.end <= 3), None)
    return cue is not None and all(not t.is_alpha or t.is_upper for t in doc[item.end:cue.start])


_VAGUE_MONTH = re.compile(r"last month|上个?月|上个月", re.IGNORECASE)


# A time said roughly ("半个月前", "两周左右", "about 4 weeks ago"): at the edge of a window it cannot
# say which side it falls.
_ROUGHLY = re.compile(r"半个?月|左右|上下|大概|大约|约|差不多|将近|快|多|about|around|approx|roughly|~|ish", re.IGNORECASE)


def _vague_for(duration: Ago, text: str, window_days: float) -> bool:
    if window_days <= 31 and duration.days == 30 and duration.spread == 0 and bool(_VAGUE_MONTH.search(text)):
        return True
    return window_days <= 31 and abs(duration.days - window_days) <= 3 and bool(
        _ROUGHLY.search(text, max(0, duration.start - 4), duration.end + 3))


def _read_diagnosis(item: _Item, cues_before: set[str], votes: _Votes, said: str, comorbid: bool = False) -> None:
    diagnosis = dx.BY_CANONICAL[item.name]
    if item.state == "other":
        return
    if item.state == "unsure":
        if diagnosis.kind == dx.OTHER_HEMATOLOGIC:
            votes.add("other_hematologic_disorder", "unsure", said)
        elif diagnosis.kind == dx.LEUKEMIA:
            # "suspected AML", "?APL", "AML可能": the one leukemia queried is named, its confirmation not
            # known (_when_one_queried); "?AML ?ALL", "急性白血病待分型": which one is not known
            votes.add("diagnosis", "unsure", said, f"?{diagnosis.canonical}")
        return
    stated = item.state != "neg"
    if diagnosis.kind == dx.OTHER_HEMATOLOGIC:
        votes.add("other_hematologic_disorder", stated, said, item.name)
    if not stated:
        return
    current = [v for v in votes.values.get("diagnosis", []) if v != "unsure"]
    if "CAUSE" in cues_before:
        # "thrombocytopenia due to ITP": a cause, not the patient's diagnosis
        votes.add("thrombocytopenia_due_to_treatment", False, said)
    elif diagnosis.kind == dx.OTHER_HEMATOLOGIC and comorbid:
        return  # "合并MDS", "known ITP", "ITP病史5年": a disorder beside the diagnosis (E3 only)
    elif not current:
        votes.add("diagnosis", diagnosis.canonical, said)
    elif diagnosis.kind == dx.LEUKEMIA and (dx.BY_CANONICAL[current[0]].kind != dx.LEUKEMIA
                                             or current[0] == dx.UNTYPED_LEUKEMIA):
        # "known ET for ten years, now presenting with B-ALL": the leukemia is the diagnosis,
        # the other disorder stays E3's; "急性白血病M5型": the type named is the diagnosis
        votes.values["diagnosis"], votes.said["diagnosis"] = [diagnosis.canonical], [(said, None)]


# ---- labelled values ---------------------------------------------------------------------

# Between a label and its value ("platelets are about 45"); the value itself is found by the
# Matcher of prescreen.reading.quantities.
_FILLER = (r"\s*(?:(?:[:=~]|is|are|was|were|of|at|now|currently|today|around|about|approximately|approx\.?"
                     r"|only|just|nadir|recovering\s+at|recovered\s+to|climbing\s+at|dropped\s+to|fell\s+to|down\s+to|knocked\s+(?:it|them|his|her)?\s*(?:platelets\s+)?down\s+to|stuck\s+at|remains?(?:\s+at)?|ha(?:ve|s)\s+dropped\s+to"
                     r"|ha(?:ve|s)\s+fallen\s+to|this\s+morning|{}|为|是|只有|约|大约|才|只|仅|还|就|掉到|降到|降至|跌到"
                     r"|下降到|下降至|写的是|查的是|由|从|最低|最低时|最低的时候|{}|{}"
                     # the value as someone said or scored it: "ECOG说是2", "ECOG医生评估为1"
                     r"|说是|医生说是|医生说|大夫说|评估为|评估是|评为|评的是)\s*)*")
# A count's own verbs ("His platelets have now fallen to 39", "stable at 95", "Plt yday 11"); not
# an age's: "she's had 2 rounds" is no age
_COUNT_WORDS = (r"has|have|had|been|still|fallen\s+to|sitting\s+at|stable\s+at|steady\s+at|hovering\s+(?:at|around)"
                r"|dipped\s+to|risen\s+to|gone\s+(?:up|down)\s+to|went\s+(?:up|down)\s+to|yday|yesterday|this\s+am")
_FILLER_FOR = {slot: re.compile(_FILLER.format(words, lx.THEN_NOT_NOW_ZH, lx.NOW_WORDS_ZH), re.IGNORECASE)
               for slot, words in (("age", "today"), ("ecog", "today"), ("platelet_count", _COUNT_WORDS))}
# A number followed by one of these is a time or another quantity, not the value asked for.
_NOT_A_VALUE = r"(?!\s*(?:days?|weeks?|wks?|months?|mos?|years?\s+ago|yrs?\s+ago|天|周|个月|月|年前|%|x\s*10))"
_SEX_AFTER_LABEL = re.compile(r"\s*[:=]?\s*(?P<sex>male|female|man|woman|m|f|男|女)(?![a-z])", re.IGNORECASE)
_KIND = {"age": "age", "platelet_count": "platelets", "ecog": "ecog"}  # slot -> kind of quantity
_SEX_CODES = lx.SEX_CODES
_CHECK = {"age": (age_from_match, check_age), "platelet_count": (platelets_from_match, check_platelets),
          "ecog": (ecog_from_match, check_ecog)}


# "三万多", "十几", "七十多了", "两三万", "20-ish": a value given roughly is not a value.
# ... or after it: "30ish", "3万多", "20出头", and a value queried or its sample faulty ("PLT 0.22 x10^12/L? -
# clumped sample", "PLT 12 (clumped)")
_APPROX_AFTER = re.compile(r"\s*(?:多|几|余|来|左右|上下|出头|开外|不到|以下|以上|-?ish\b|\+(?!\w)|\?"
                           r"|[-(,]?\s*(?:clumped|clumping|clotted sample|sample clotted|spurious)\b)", re.IGNORECASE)
_ZH_RANGE = re.compile(r"[一二两三四五六七八九][一二两三四五六七八九]|几")


# "around 50", "early 60s", "~30": English says a rough value before it, or with "s" after it.
_APPROX_BEFORE = re.compile(r"(?:{})\s*$".format("|".join(lx.APPROXIMATELY)), re.IGNORECASE)
_DECADE_AFTER = re.compile(r"'?s\b|\s*(?:something|odd|or so|give or take)\b", re.IGNORECASE)  # "40 something"


def _approximate(found: Quantity, text: str | None) -> bool:
    # Only the words just before the value can say "around" (the pattern ends at the value):
    # searching from the start made a long message quadratic (12,000 characters of values: 10 s).
    if text is not None and (_APPROX_BEFORE.search(text, max(0, found.start - 64), found.start)
                             or _DECADE_AFTER.match(text, found.end)):
        return True
    return bool(_ZH_RANGE.search(found.text)) or (text is not None and bool(_APPROX_AFTER.match(text, found.end)))


_BIRTHDAY_AHEAD = re.compile(r"\s*(?:years?(?: old)?\s*)?(?:next (?:month|week)|in (?:a|two|three|\d+) (?:weeks?|days?)"
                             r"|this coming (?:month|week)|soon)\b|\s*岁?(?:下个月|下周|下礼拜)", re.IGNORECASE)
# A value with one of these after it was the value then, not now.
_HISTORICAL_AFTER = re.compile(r"\s*(?:(?:{})\b|[(](?:{}))".format("|".join(lx.THEN_NOT_NOW), lx.THEN_NOT_NOW_ZH),
                               re.IGNORECASE)
# "化疗前血小板150": the value then, said before its label (in the same clause)
_HISTORICAL_FILLER = re.compile(lx.THEN_NOT_NOW_ZH)  # "血小板昨天是十二今天是九": between the label and its value
_HISTORICAL_BEFORE = re.compile(r"(?:{})[^,;.\d]{{0,4}}$".format(lx.THEN_NOT_NOW_ZH))
# "50 -> 28", "32→21": the value it went to follows.
_GIVEN_AFTER = re.compile(r"\s*(?:pools?|units?|u\b|bags?|given)", re.IGNORECASE)
# "50 -> 28", "45 on Mon -> 31 Wed -> 17 today" (a day's word or two may stand before an arrow),
# "化疗前156，现在降至21"
_CHANGED_TO = re.compile(r"\s*(?:->|→|=>|>|[,]?\s*(?:(?:{})\s*)*(?:{}))\s*|(?:\s*(?:on\s+)?[A-Za-z]{{2,9}}\.?){{1,2}}\s*(?:->|→|=>)\s*"
    # "41 Monday, then 27 Thursday", "45 and then down to 20"
    r"|(?:\s*(?:on\s+)?[A-Za-z]{{2,9}}\.?){{0,2}}\s*,?\s*(?:and\s+)?then\s+(?:(?:down|up|dropped|fell)\s+to\s+)?".format(
    lx.NOW_WORDS_ZH, lx.CHANGED_TO_ZH))
_VALUE_CORRECTED = re.compile(r"\b(?:{})\b[\s:,-]*".format("|".join(lx.CORRECTED_TO)), re.IGNORECASE)
_NOW_AFTER = re.compile(r"\s*(?:on\s+[\w/.]+\s*)?\(?\s*(?:today|this morning|this am|now|currently|at present)\b",
                        re.IGNORECASE)
_YESTERDAY_AFTER = re.compile(r"\s*(?:yesterday|yday|last night|昨天|昨日)", re.IGNORECASE)
_COUNT_SUBJECT = re.compile(r"\b(?:they|it|count|counts|platelets?|plts?|level)\s*$", re.IGNORECASE)
_NADIR_BEFORE = re.compile(r"\bnadir\b[^\d,;.]{0,8}$|最低[^\d,;.，；。]{0,4}$", re.IGNORECASE)
_NOW = re.compile(r"\b(?:{})\b|(?:{})(?:{})?|{}".format("|".join(lx.NOW_WORDS), lx.NOW_WORDS_ZH, lx.CHANGED_TO_ZH,
                                                      lx.CHANGED_TO_ZH),
                  re.IGNORECASE)


def _value_now_marked(slot: str, doc: "Doc", text: str, at: int) -> Quantity | None:
    """A later value in the sentence said with "today"/"now" right after it ("35 on Monday, 12 today"),
    within a couple of hundred characters (a long list of counts is not searched to its end for each)."""
    end = _FULL_STOPS.search(text, at, at + 200)
    stop = end.start() if end is not None else at + 200
    for q in quantities.after(quantities.find(doc, _KIND[slot]), at):
        if q.start >= stop:
            break
        if not q.then_not_a_value and not q.glued and _NOW_AFTER.match(text, q.end):
            return q
    return None


def _value_now(slot: str, doc: "Doc", text: str, at: int) -> Quantity | None:
    """The value said to be the current one after character `at` ("... and is currently 2",
    "... they are 16", "35 on Monday, 12 today", "nadir 6, now recovering at 38"), in its sentence."""
    marked = _value_now_marked(slot, doc, text, at)
    if marked is not None:
        return marked
    for match in _NOW.finditer(text, at):
        if match.group().lower() in ("is", "are") and not _COUNT_SUBJECT.search(text, max(0, match.start() - 16),
                                                                                  match.start()):
            continue  # "her platelets were 14 yesterday, she is 74": someone's age, not the count
        found = _value_after(slot, doc, text, match.end())
        if found is not None:
            return found
    return None


def _take_value(slot: str, found: Quantity, given: str, votes: _Votes, ex: Extraction, said: str | None = None,
                text: str | None = None) -> None:
    if text is not None and _MISTAKEN_BEFORE.search(text, max(0, found.start - 8), found.start):
        return  # "转诊单误写为85岁": the wrong value, said to be wrong
    if slot == "age" and text is not None and _AGE_OF_AN_EVENT.match(text, found.end):
        return  # "14岁初潮", "50岁绝经", "aged 60 at diagnosis": the age then, not now
    if slot == "age" and text is not None and _BIRTHDAY_AHEAD.match(text, found.end):
        found = replace(found, value=found.value - 1)  # "he's 77 next month": 76 now
    if _approximate(found, text):
        votes.add(slot, "unsure", (said or found.text) + (text[found.end:found.end + 2] if text else ""))
        if slot not in ex.rough:
            ex.rough.append(slot)
        return
    read, check = _CHECK[slot]
    try:
        votes.add(slot, check(read(found), given), said or found.text)
    except InvalidValue as problem:
        if not any(p.field == slot for p in ex.problems):
            ex.problems.append(problem)


_TRANSFUSION_SIDE = re.compile(lx.TRANSFUSION_SIDE, re.IGNORECASE)
_DOSE_SCHEDULE = re.compile(lx.DOSE_SCHEDULE, re.IGNORECASE)
_PAST_BEFORE_DRUG = re.compile(r"\b(?:had|was on|were on|previously|prior|received|got|took|given)\b[^,;.]*$", re.IGNORECASE)
# what may stand between a count and its side of a transfusion: "12 pre-transfusion", "pre-transfusion value 8",
# "30 was post-transfusion", "22 yday post 1 pool"
_SIDE_GAP = re.compile(r"[\s(),:=~-]*(?:(?:value|count|was|were|is|of|plts?|platelets|k|yday|yesterday|today"
                       r"|this morning)[\s(),:=~-]*){0,2}", re.IGNORECASE)
_A_COUNT = re.compile(r"(?<![\d./:A-Za-z])\d{1,3}(?:\.\d)?(?![\d/:])(?!\s*(?:pools?|units?|u\b|bags?|x\b|days?|hours?|h\b|cycles?))",
                      re.IGNORECASE)


def _around_a_transfusion(text: str, found: Quantity) -> bool:
    """The count's sentence gives it and another with a side of a transfusion ("pre-transfusion", "after 1
    pool", "输注后"): two counts, before and after."""
    return _counts_either_side(_full_sentence(text, found.start))


@functools.lru_cache(maxsize=64)
def _counts_either_side(sentence: str) -> bool:
    # one answer per sentence, however many counts it holds: a long letter without full stops is
    # one "sentence", searched once, not once per count ("PLT 32k, " x 2,000 took 11 s)
    sides = [m.span() for m in _TRANSFUSION_SIDE.finditer(sentence)]
    if not sides:
        return False
    tied = {count.group() for count in _A_COUNT.finditer(sentence)
            if not any(a <= count.start() < b for a, b in sides)
            and any(0 <= a - count.end() and _SIDE_GAP.fullmatch(sentence[count.end():a])
                    or 0 <= count.start() - b and _SIDE_GAP.fullmatch(sentence[b:count.start()]) for a, b in sides)}
    return len(tied) >= 2  # each count with its own side: "Plt 12 pre-transfusion, 31 after 1 pool"


def _value_after(slot: str, doc: "Doc", text: str, at: int) -> Quantity | None:
    """The value right after a label ending at character `at`, past filler words; the longest
    reading that is not followed by a time or another unit ("she is 3 weeks post chemo")."""
    filler = _FILLER_FOR[slot].match(text, at)
    filler_end = filler.end() if filler is not None else at
    for found in quantities.after(quantities.find(doc, _KIND[slot]), at):
        if found.start > filler_end:
            break
        if not found.then_not_a_value and _FILLER_FOR[slot].fullmatch(text, at, found.start):
            return found
    return None


class _Later:
    """The matches of `pattern` in `text` that start at or after a position, found in one scan:
    scanning the rest of the text again for every value made a long message quadratic (a
    20,000-character letter of lab values: seconds of the action server's time)."""

    def __init__(self, pattern: "re.Pattern[str]", text: str):
        self.pattern, self.text = pattern, text
        self.found: list[re.Match[str]] | None = None  # scanned at the first `after`
        self.starts: list[int] = []

    def after(self, at: int) -> list:
        if self.found is None:
            self.found = list(self.pattern.finditer(self.text))
            self.starts = [m.start() for m in self.found]
        return self.found[bisect.bisect_left(self.starts, at):]


_QUERIED_BEFORE = re.compile(r"(?:^|(?<=[\s(,;:/]))[?？]$")  # "?ECOG 1" (not "AML? ECOG 1")


def _read_labelled(doc: "Doc", text: str, items: list[_Item], votes: _Votes, ex: Extraction) -> list[tuple[int, int]]:
    """Values after labels and age/sex shorthands ("62M", "58岁女性"); returns the character ranges they used."""
    used: list[tuple[int, int]] = []
    corrections = _Later(_VALUE_CORRECTED, text)
    for shorthand in quantities.leftmost(q for q in quantities.find(doc, "age_sex") if not q.glued):
        _take_value("age", shorthand, shorthand.text, votes, ex, text=text)
        if shorthand.sex:
            votes.add("sex", shorthand.sex, shorthand.text)
        used.append((shorthand.start, shorthand.end))
    self_the_patient = _SELF_AS_THE_PATIENT.search(text) is not None
    for item in items:
        if item.kind == "S" and not _reporter(doc, item) and not (
                self_the_patient and doc[item.start:item.end].text.lower().startswith(("我", "my "))):
            votes.add("sex", item.name, doc[item.start:item.end].text)
        if item.kind != "L":
            continue
        at = doc[item.end - 1].idx + len(doc[item.end - 1].text)
        if item.name == "sex":
            match = _SEX_AFTER_LABEL.match(text, at)
            if match is not None:
                used.append((doc[item.start].idx, match.end()))
                votes.add("sex", _SEX_CODES[match["sex"].lower()])
            continue
        found = _value_after(item.name, doc, text, at)
        if found is not None and item.name == "ecog" and (
                _QUERIED_BEFORE.search(text[:doc[item.start].idx]) or "?" in text[at:found.start]):
            # "?ECOG 1", "ECOG ?1": a grade queried, not given
            used.append((doc[item.start].idx, found.end))
            votes.add(item.name, "unsure", text[doc[item.start].idx:found.end])
            continue
        if found is not None and item.name == "platelet_count" and _NADIR_BEFORE.search(
                text, max(0, found.start - 12), found.start):
            # "plt nadir 5, today 19": the value now; a nadir alone was the lowest, not now's
            used.append((doc[item.start].idx, found.end))
            now = _value_now(item.name, doc, text, found.end)
            if now is None:
                votes.add(item.name, "unsure", text[doc[item.start].idx:found.end])
                continue
            found = now
        if found is not None and (_HISTORICAL_AFTER.match(text, found.end) or item.name == "platelet_count" and (
                _HISTORICAL_BEFORE.search(text, max(0, doc[item.start].idx - 12), doc[item.start].idx)
                or _HISTORICAL_FILLER.search(text, at, found.start))):
            # "platelets were 110 at diagnosis; after induction they are 16": not the value now;
            # the one said to be now is, if any
            used.append((doc[item.start].idx, found.end))
            then = found
            found = _value_now(item.name, doc, text, found.end)
            if found is None and _YESTERDAY_AFTER.match(text, then.end):
                found = then  # "her platelets were 14 yesterday" and none since: the latest count
            if found is None:
                continue
        if found is not None:
            for fix in corrections.after(found.end):  # "Plt 16, correction: 61", "... sorry, I mean 21"
                later = _value_after(item.name, doc, text, fix.end())
                if later is not None and not _GIVEN_AFTER.match(text, later.end):
                    used.append((found.start, found.end))
                    found = later
        if found is not None and item.name == "platelet_count" and not _NOW_AFTER.match(text, found.end) and (
                later_now := _value_now_marked(item.name, doc, text, found.end)) is not None:
            used.append((found.start, found.end))  # "Plt 26 on 3/12, 19 on 4/12 (today)": the one said now
            found = later_now
        if found is not None and item.name == "platelet_count" and (
                again := _RECHECKED_ZH.match(text, found.end)) is not None and (
                rechecked := _value_after(item.name, doc, text, again.end())) is not None:
            used.append((found.start, found.end))  # "外院报告PLT 42，本院今日复查18": the count checked again is now's
            found = rechecked
        while found is not None and (arrow := _CHANGED_TO.match(text, found.end)) is not None:
            later = _value_after(item.name, doc, text, arrow.end())
            if later is None or _GIVEN_AFTER.match(text, later.end):  # "plts 50 -> 28" (not "6 -> 1 pool")
                break
            used.append((found.start, found.end))
            found = later
        if found is not None and item.name == "platelet_count" and _around_a_transfusion(text, found):
            # "Plt 12 pre-transfusion, 31 after 1 pool", "plt 8 → 31 post 1 pool": a count before and one
            # after a transfusion; which the trial means is not said (asked back)
            used.append((doc[item.start].idx, found.end))
            votes.add(item.name, "unsure", _full_sentence(text, found.start).strip())
            continue
        if found is not None:
            range_end = _range_end(text, found.end)
            if range_end is not None:  # "ECOG 1-2", "PLT 20-30": never resolved by picking one
                used.append((doc[item.start].idx, range_end))
                votes.add(item.name, "unsure", text[doc[item.start].idx:range_end])
                continue
            used.append((doc[item.start].idx, found.end))
            _take_value(item.name, found, text[at:found.end].strip(" :=~"), votes, ex, text[doc[item.start].idx:found.end],
                        text)
    _read_pronouns(doc, items, votes)
    if "age" not in votes.values:
        _read_kin_age(doc, text, items, votes, ex, used)
    if "age" not in votes.values:
        for found in _ages_with_unit(doc, text, used):
            _take_value("age", found, found.text, votes, ex, text=text)
            used.append((found.start, found.end))
            break
    _read_corrected_value(text, items, doc, votes, ex)  # after every first reading, which it puts right
    _read_birth(text, votes)
    sex_age = _SEX_THEN_AGE.search(text)
    if sex_age is not None and "sex" not in votes.values and "age" not in votes.values and \
            not _overlaps(*sex_age.span(), used) and 18 <= int(sex_age["age"]) <= 100:
        # a ward group's "M61 AML-M4", "F 55 AML": sex, then age
        votes.add("sex", sex_age["sex"].upper(), sex_age.group())
        votes.add("age", int(sex_age["age"]), sex_age.group())
        used.append(sex_age.span())
    bed = _BED_SEX_AGE.search(text)
    if bed is not None:  # ward-round shorthand: "5床女 41 AML" (the segmenter may join 床女)
        if "sex" not in votes.values:
            votes.add("sex", _SEX_CODES[bed["sex"]], bed.group())
        if "age" not in votes.values and bed["age"] and not _overlaps(*bed.span("age"), used) and \
                18 <= int(bed["age"]) <= 100:  # an adult's age, not another count
            votes.add("age", int(bed["age"]), bed.group())
            used.append(bed.span("age"))
    if "age" not in votes.values or "sex" not in votes.values:
        _read_title_age_sex(text, used, votes, ex)
    if "age" not in votes.values and (own := _OWN_AGE.search(text)) is not None and \
            not _overlaps(own.start("n"), own.end("n"), used):
        # "I'm 45, had my tubes tied", "Lady of 38, sterilised": the writer's or the person's age
        _take_value("age", quantities.whole(own["n"], "age") or Quantity(
            "age", own.start("n"), own.end("n"), own["n"], float(own["n"])), own["n"], votes, ex, own.group())
        if own["who"] and "sex" not in votes.values:
            votes.add("sex", _OWN_AGE_SEX[own["who"].lower().split()[0]], own.group())
    if "ecog" not in votes.values and not any(p.field == "ecog" for p in ex.problems):
        _read_glued_ecog(text, used, votes, ex)
    if "ecog" not in votes.values:
        karnofsky = _KARNOFSKY.search(text)
        if karnofsky is not None:  # "Karnofsky 100%", "KPS 100分"
            score = int(karnofsky["n"])
            votes.add("ecog", 0 if score == 100 else 4 if score <= 20 else "unsure", karnofsky.group())
    _read_activity(doc, text, items, votes, ex)
    _read_he_she(doc, votes)
    if "sex" not in votes.values and nlp.CJK.search(text):
        titled = {lx.TITLE_SEX_ZH[m["title"] or m["t2"]] for m in _TITLE_ZH.finditer(text)}
        if len(titled) == 1:  # "张女士，46岁", "@王先生", all agreeing
            votes.add("sex", titled.pop(), _TITLE_ZH.search(text).group())  # type: ignore[union-attr]
    if "willing_to_consent" not in votes.values and nlp.CJK.search(text):
        unwilling, willing = _UNWILLING_ZH.search(text), _WILLING_ZH.search(text)
        if unwilling is not None:
            votes.add("willing_to_consent", False, unwilling.group())
        elif willing is not None:
            votes.add("willing_to_consent", True, willing.group())
    if "childbearing_potential" not in votes.values and (lmp := _LMP.search(text)) is not None and \
            (ago := _duration_in(doc, lmp.end(), min(len(text), lmp.end() + 24))) is not None and ago.start < 4:
        # "LMP 1 week ago", "LMP 2015"; not "LMP at 51" (her age then)
        if ago.days + ago.spread <= 60:
            votes.add("childbearing_potential", True, text[lmp.start():lmp.end() + ago.end])
        elif ago.days >= 365:
            votes.add("childbearing_potential", False, text[lmp.start():lmp.end() + ago.end])
    if "sex" in votes.values and set(votes.values["sex"]) == {"M"} and (
            "childbearing_potential" in votes.values or ex.language == "en" and _CBP_ASKED.search(text)):
        # "male, so CBP N/A", "he's male": a man has no childbearing potential
        votes.values["childbearing_potential"], votes.said["childbearing_potential"] = [False], [(None, None)]
    if "sex" in votes.values and set(votes.values["sex"]) == {"M"} and True in votes.values.get(
            "pregnant_or_breastfeeding", []):
        # "Wife is 8 weeks pregnant; he ...", "Male - pregnancy questions N/A": not the patient's
        votes.values["pregnant_or_breastfeeding"] = [False]
        votes.said["pregnant_or_breastfeeding"] = [(None, None)]
    if "willing_to_consent" not in votes.values:
        willing = _WILLING_ALONE.search(text)
        if willing is not None and not _negated_before(text, willing.start()) and not _family_wish(text, willing.start()):
            # "she seemed keen but hasn't decided": a hedge or an open word leaves it not known
            hedged = _WILLING_HEDGE.search(text, max(0, willing.start() - 24), willing.start()) or any(
                i.kind == "C" and i.name == "UNSURE" for i in items)
            votes.add("willing_to_consent", "unsure" if hedged else True, willing.group())
    return used


# "1-2", "1 or 2", "1~2分", "1到2": a range or an either/or after a value.
# "ECOG 1-2", "1 or 2", "performance status 1, maybe 2", "1 (possibly 2)": either of two, never picked
_RANGE_AFTER = re.compile(r"\s*(?:-|to|or|/|~|到|至|或|[?]?\s*还是|,?\s*\(?\s*(?:maybe|possibly|perhaps|probably|or even|可能))"
                          r"\s*\d+(?:\.\d+)?(?:\s*分)?", re.IGNORECASE)


def _range_end(text: str, at: int) -> int | None:
    match = _RANGE_AFTER.match(text, at)
    return match.end() if match else None


# "62 years", "62 yrs": an age without a label, unless it is a duration ("for 20 years").
_DURATION_BEFORE = re.compile(r"(?:for|over|past|last|within|since|after|in|about|around|every|per|x)\s*$", re.IGNORECASE)


_OWN_DENIAL = re.compile(lx.OWN_DENIAL, re.IGNORECASE)
_CURED = re.compile(lx.HEPATITIS_CURED, re.IGNORECASE)
_TEST_SHOWED = re.compile(lx.TEST_SHOWED)

_WILLING_ZH = re.compile(lx.WILLING_ZH)
_UNWILLING_ZH = re.compile(lx.UNWILLING_ZH)
_NOT_AN_EVENT = re.compile(lx.THROMBOSIS_NOT_AN_EVENT, re.IGNORECASE)
_CHRONIC_CAUSE = re.compile(lx.CHRONIC_CAUSES, re.IGNORECASE)
_SINCE_A_TIME = re.compile(r"\bsince\s+(?:\w+\s+)?(?:19|20)\d\d\b|(?:19|20)\d\d年(?:起|以来|至今)", re.IGNORECASE)
_RISK_FACTOR_TEST = re.compile(lx.THROMBOPHILIA_TESTS, re.IGNORECASE)
_RESULT_OPEN = re.compile(lx.RESULT_OPEN, re.IGNORECASE)
_FULL_STOPS = re.compile(r"[;!\n]|\.(?!\d)")
_REPORTED_YES = re.compile(lx.REPORTED_YES)


# "PLT 12，更正为21（录入错误）": a labelled value corrected to a bare number.
_CORRECTED_TO = re.compile(r"(?:更正为|更正:|改为|应为|纠正为|corrected to|should read"
                           # a family's own correction, the right value after it ("我爸62岁 不对 是63岁",
                           # "血小板23 哦不对 看错了 是32"); a record checked ("身份证核对为76岁")
                           r"|(?:(?:哦|啊|噢)?不对|(?<!也)不是|看错了|记错了|说错了|写错了|搞错了|打错了)(?:[,\s]*(?:不对|看错了|记错了|说错了))?"
                           r"[,\s]*(?:应该)?(?:是|为)|应该是|实际(?:上)?是|实际为|其实是|核对为|核实为|核对是|核实是"
                           # a slip owned, then the right value a few words on: "不对，看错了一行，是28", "哦不对 我看错行了，
                           # 是25", "抱歉打错，应为15", "刚才血小板打错了，是8不是80"
                           r"|(?:不对|抱歉|不好意思|对不起|更正一下|(?:看|记|说|写|搞|打|录)错)[^\d,;.，；。]{0,8}"
                           r"(?:[,，\s]+[^\d,;.，；。]{0,8}){0,2}[,，\s]*(?<!可能)(?<!好像)(?<!大概)(?<!估计)(?<!也许)"
                           # (not the wrong value said with "不是": "年龄写错了，不是71，是61岁")
                           r"(?:应该是|应为|应是|(?<!不)是|(?<!不)为)"
                           r"|(?<![待需要])复查(?:结果)?(?:为|是)|复测(?:为|是)"
                           # a writer's own correction in English: a value asked and taken back ("eighty? no -
                           # 74"), or put right ("no wait ... call it 2", "make that 45", "or rather 3")
                           r"|(?<=[?？])\s*no\b\s*[-–—,:]?|\bno\s+wait\b[\s,:-]*(?:it's|it is|its)?"
                           r"|\b(?:call it|make (?:that|it)|or rather|i mean|i meant|should be|should read)\b[\s,:-]*)"
                           r"\s*(?P<n>\d+(?:\.\d+)?)", re.IGNORECASE)
_DECIDE_LATER = re.compile(r"以后再说|到时候再说|回头再说|过段时间再说|再说吧|再看看|再考虑|考虑考虑|还没想好|没想好|还没决定"
                           r"|再商量|商量一下|在商量|商量中|再看|先不参加|先问问|问清楚了?再|了解一下再|再决定"
                           r"|decide later|think about it|not decided")
_TIME_NOT_KNOWN = re.compile(r"(?:时间|啥时候|什么时候|哪天|几时|多久)[^,;.]{0,6}?(?:记不清|记不住|不记得|忘了|说不清|不清楚|不详|不知道"
                             r"|待[^,;.]{0,10}确认|待核实|待查)"
                             r"|(?:记不清|记不住|不记得|忘了|说不清|不清楚|不知道)(?:是)?(?:啥|什么)时候"
                             r"|(?:啥|什么)时候[^,;.]{0,4}?(?:得翻|要查|要翻|得查)")
_AGE_OF_AN_EVENT = re.compile(r"\s*(?:就|已经|便)?\s*(?:时|的时候|那年|初潮|月经初潮|来月经|来的月经|绝经|停经|结婚|生育|生孩子|起|开始"
                              r"|不来月经|没月经|断经)")
# A value said to be the wrong one ("转诊单误写为85岁"): no value.
_MISTAKEN_BEFORE = re.compile(r"(?:误写为|误写成|误为|错写为|错写成|写错成|误记为|误填为|错填为|误作|写成了)\s*$")
# The value a correction put right: a "我记错了" after it is said of the value before it.
_CORRECTION_LEAD = re.compile(r"(?:(?:哦|啊|噢)?不对|不是|看错了|记错了|说错了|写错了|搞错了|打错了|应该是|实际|其实是|核对|核实)")


def _read_corrected_value(text: str, items: list[_Item], doc: "Doc", votes: _Votes, ex: Extraction) -> None:
    for match in _CORRECTED_TO.finditer(text):
        labels = [i for i in items if i.kind == "L" and i.name in _CHECK and doc[i.start].idx < match.start()]
        # the value corrected is the last one read before the correction ("我爸62岁 不对 是63岁")
        said_at = [(text.rfind(w.strip(), 0, match.start()), key) for key in ("age", "platelet_count", "ecog")
                   for w, _ in votes.said.get(key, []) if w]
        said_at = [(at, key) for at, key in said_at if at >= 0]
        if labels and (labels[-1].name in votes.values or not said_at):
            slot = labels[-1].name  # (or the label's own, its wrong value not read: "刚才血小板打错了，是8不是80")
        elif said_at:
            slot = max(said_at)[1]
        else:
            continue
        found = next((q for q in quantities.find(doc, _KIND[slot]) if q.start == match.start("n")), None)
        if found is not None:
            _take_value(slot, found, found.text, votes, ex, match.group(), text)


# A date of birth gives the age: "DOB 03/02/1969", "born 3 Feb 1969", "1968年出生的，8月份的生日". Day
# and month may be read either way round ("03/02"): both must give the same age; a year alone, or a
# birthday that may or may not have come this year, leaves the age not known.
_BORN_EN = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+(?:on|in))?|birth date|birthdate)\s*[:=-]?\s*"
                      r"(?:(?P<a>[0-3]?\d)[/.-](?P<b>[01]?\d)[/.-]|(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+)?"
                      r"(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_BORN_ZH = re.compile(r"(?:出生于|生于|出生日期[:：]?\s*)?(?P<y>(?:19|20)\d\d)\s*年\s*(?:(?P<m>[01]?\d)\s*月(?:份)?\s*(?:(?P<d>[0-3]?\d)\s*[日号])?)?"
                      r"\s*(?:出生|生(?:的|人)?)(?![病孩子育二三])(?:的)?(?:[,，\s]*(?P<m2>[01]?\d)\s*月份?的?生日)?")


def _age_on(year: int, month: int | None, day: int | None) -> int | str:
    today = dates.today()
    if month is None or not 1 <= month <= 12:
        return "unsure"
    if month == today.month and day is None:
        return "unsure"
    had_birthday = (month, day or 1) <= (today.month, today.day)
    return today.year - year - (0 if had_birthday else 1)


def _read_birth(text: str, votes: _Votes) -> None:
    if "age" in votes.values:
        return
    for m in _BORN_EN.finditer(text):
        year = int(m["y"])
        if m["a"]:
            a, b = int(m["a"]), int(m["b"])
            ages = {_age_on(year, month, day) for day, month in ((a, b), (b, a)) if 1 <= month <= 12}
        elif m["mon"] and m["mon"].lower() in lx.MONTH_NAMES:
            ages = {_age_on(year, lx.MONTH_NAMES[m["mon"].lower()], int(m["d"]))}
        else:
            ages = {"unsure"}
        age = ages.pop() if len(ages) == 1 else "unsure"
        votes.add("age", age if isinstance(age, str) or 0 < age < 120 else "unsure", m.group())
        return
    for m in _BORN_ZH.finditer(text):
        month = m["m"] or m["m2"]
        age = _age_on(int(m["y"]), int(month) if month else None, int(m["d"]) if m["d"] else None)
        votes.add("age", age if isinstance(age, str) or 0 < age < 120 else "unsure", m.group())
        return


def _reporter(doc: "Doc", item: _Item) -> bool:
    """A relative's name followed by "said": the relative is reporting, not the patient ("我妹说…");
    or one whose own history it is (a family modifier reached the name: "mother died of AML")."""
    after = item.end + 1 if item.end + 1 < len(doc) and doc[item.end].text in _SAYS_ADVERBS else item.end
    return item.state == "other" or (after < len(doc) and doc[after].text in _SAYS) or (
        item.start > 0 and doc[item.start - 1].text in _ASKS)


# ... an adverb between the name and "said": "我妈又说", "我姐也说", "我爸还说"
_SAYS_ADVERBS = {"又", "也", "还", "却", "倒", "倒是", "则", "就", "一直", "总", "总是", "老", "老是", "都", "再"}


# 他 inside a drug's name is no "he": statins (阿托伐他汀), velpatasvir (维帕他韦), tacrolimus, tamoxifen
_DRUG_WITH_TA = re.compile(r"他(?:汀|韦|克莫司|莫昔芬|达拉非|喷他|唑)")


def _read_pronouns(doc: "Doc", items: list[_Item], votes: _Votes) -> None:
    """他/她 for the patient ("她没怀孕", "他妈妈以前有血栓"), once, when no other sex word is said;
    both in one message say nothing (the votes disagree)."""
    if any(i.kind == "S" and not _reporter(doc, i) for i in items):
        return
    found = {lx.PRONOUN_SEX[t.text[0]]: t.text for t in doc
             if t.text[:1] in lx.PRONOUN_SEX and not t.text.startswith(lx.NOT_THE_PATIENT_PRONOUNS)
             and not _DRUG_WITH_TA.match(doc.text, t.idx)}
    for sex, word in found.items():
        votes.add("sex", sex, word)


_ROMIPLOSTIM_NAMED = re.compile("|".join(re.escape(n) for n in lx.ROMIPLOSTIM_NAMES) + r"|nplate|罗米", re.IGNORECASE)
_ONLY_ANOTHER_ALLERGY = re.compile(
    r"(?:只|就|仅)(?:对)?[^,;.\s]{1,8}?过敏(?![^,;.]{0,4}?(?:吗|\?))"
    r"|过敏[,;\s]*(?:别的|其他|其它|其余)(?:药|药物)?(?:的)?(?:都)?(?:没有|没|无|不过敏|没过敏)"
    r"|only allergic to|allergic to \w+ only|\b\w{1,30} allergy only", re.IGNORECASE)
_SEX_THEN_AGE = re.compile(r"(?:(?<=^)|(?<=[\s,，;；:：(（]))(?P<sex>[MF])\s?(?P<age>\d{2})(?![\d.%/]|\s*(?:岁|kg|cm|天|d\b))")
_BED_SEX_AGE = re.compile(r"\d+\s*床\s*(?P<sex>[男女])(?:\s*[,，]?\s*(?P<age>\d{1,3})(?![\d.]|\s*(?:床|天|周|月|年|%)))?")
_FUSION_FOUND = re.compile(r"(?:PML-?RAR[Aα]?|BCR-?ABL1?|融合基因)[^,;.]{0,8}?(?:阳性|\(\s*\+\s*\)|\+|检出|positive|detected)",
                           re.IGNORECASE)
_PLATELETS_SPOKEN_OF = re.compile(r"血小板|plt|platelet|thrombocytop|ctit|三系|全血细胞|血象|血常规|骨髓抑制"
                                  r"|{}".format("|".join(w for w in lx.PLATELET_WORDS if w not in ("plt", "血小板", "升板"))), re.IGNORECASE)
_REACTIONS = frozenset(nlp.normalise(w).lower() for w in lx.REACTION_WORDS)
# Any word in the message that says no allergy ("他说没过敏，但我记得他打罗米司亭起过疹子")
_ALLERGY_DENIED = re.compile("|".join(re.escape(nlp.normalise(w)) for w in (
    *lx.TERMS["romiplostim_hypersensitivity"].no, *lx.TERMS["romiplostim_hypersensitivity"].weak_no)), re.IGNORECASE)
_REACTION_CAUSE_DOUBT = re.compile(lx.REACTION_CAUSE_DOUBT, re.IGNORECASE)
_INJECTION_SITE = re.compile(r"injection[- ]site|injection site|注射部位|打针的地方|针眼|局部", re.IGNORECASE)
_SELF_AS_THE_PATIENT = re.compile(lx.SELF_AS_THE_PATIENT, re.IGNORECASE)
# "我爸今年62", "我姐姐48", "我爸六十八了", "My mum is 58 and", "my dad, 68,": a word for the patient,
# then a bare age.
_KIN_AGE_EN = re.compile(r"(?:'s|\s+is|\s+was|,|\s*\(|(?:\s+(?:has|had))?\s+(?:just\s+)?turned)\s*(?:now\s+|just\s+|only\s+|actually\s+|really\s+)?(?P<n>\d{2,3})"
                         r"(?=\s*(?:\)|,|;|\.(?!\d)|$|\s+(?:and|but|with|has|had|was|is|he|she|yo|years?|yrs?|so|now"
                         r"|last|this|in|on|today|yesterday)\b))",
                         re.IGNORECASE)
_KIN_AGE = re.compile(r"\s*(?:,\s*)?儿?(?:今年|已经|都|才|也|这都)*\s*(?P<n>\d{2,3}|[二三四五六七八九]?十[一二三四五六七八九]?)"
                      r"(?=\s*(?:了|岁|,|;|\.|$|\s|的))")


def _read_kin_age(doc: "Doc", text: str, items: list[_Item], votes: _Votes, ex: Extraction,
                  used: list[tuple[int, int]]) -> None:
    """The patient's age right after the word that names them: "俺娘63，", "我爸今年六十二",
    "My mum is 58 and", "Dad's 67,", "my dad, 68,", "my mum (67)", "lad is 24"."""
    for item in items:
        if item.kind != "S" or _reporter(doc, item):
            continue
        at = doc[item.end - 1].idx + len(doc[item.end - 1].text)
        match = (_KIN_AGE if nlp.CJK.search(doc[item.start:item.end].text) else _KIN_AGE_EN).match(text, at)
        if match is None or _overlaps(match.start("n"), match.end("n"), used):
            continue
        years = quantities.number_value(match["n"])  # digits or a Chinese numeral, nothing else
        if 16 <= years <= 110:
            votes.add("age", int(years), text[doc[item.start].idx:match.end()])
            used.append((match.start("n"), match.end("n")))
            return
    for token in doc:
        # "她34，还没绝经", "他今年七十一了": he or she opening a clause, their age right after
        if token.text not in ("他", "她") or token.i > 0 and doc[token.i - 1].text not in _CLAUSE_OPENERS:
            continue
        match = _KIN_AGE.match(text, token.idx + 1)
        if match is None or _overlaps(match.start("n"), match.end("n"), used):
            continue
        years = quantities.number_value(match["n"])
        if 16 <= years <= 110:
            votes.add("age", int(years), text[token.idx:match.end()])
            used.append((match.start("n"), match.end("n")))
            return


_CLAUSE_OPENERS = frozenset((",", ";", ".", ":", "!", "?", "，", "；", "。", "：", "\n", " "))


def _ages_with_unit(doc: "Doc", text: str, used: list[tuple[int, int]]) -> list[Quantity]:
    found = []
    for q in quantities.leftmost(quantities.find(doc, "age")):
        if q.glued or q.then_not_a_value or _overlaps(q.start, q.end, used) or not re.search(r"[^\d\s.]", q.text):
            continue
        if _DURATION_BEFORE.search(text[max(0, q.start - 12):q.start]) or not 16 <= q.value <= 110:
            continue
        if nlp.CJK.search(q.text) and not _AGE_UNIT.search(text, q.start, min(len(text), q.end + 2)) and \
                not _AGE_CUE_BEFORE.search(text, max(0, q.start - 4), q.start):
            continue  # "好几百万拷贝", "十一月二十号": a Chinese numeral with no 岁 is no age
        if _SOMEONE_ELSE_BEFORE.search(text, max(0, q.start - 6), q.start):
            continue  # "患者男，妻子47岁": the wife's age, in a note (a family's "我妻子47岁" is the patient's)
        found.append(q)
    return found


# "Mrs P., 61,", "Ms L. is 38", "F/58", "M, 70": a referral's shorthand for age and sex.
# "Mrs Lee 64", "Mr Peter Okafor, 58, with AML", "Mrs Huang (58)", "Madam Wong, 74": a title, a name
# of up to three words, and the age (not "Mr K, 3 units")
_TITLE_AGE = re.compile(r"\b(?P<title>Mrs|Mr|Ms|Miss|Madam|Mdm)\.?\s+(?:[A-Z][\w'-]*\.?\s*){1,3}?,?\s*\(?"
                        r"(?:is\s+|aged\s+)?(?P<age>\d{2})\)?(?![\d%/]|\.\d|\s*(?:u|units?|kg|mg|days?|weeks?|months?)\b)")
_SEX_AGE = re.compile(r"(?<![\w/])(?P<sex>[MF])\s*[/,]\s*(?P<age>\d{2})(?![\d.%/])"
                      r"|(?<![\w/.])(?P<age2>\d{2})\s*[/,]\s*(?P<sex2>[MF])(?![\w/])")
_TITLE_SEX = {"Mr": "M", "Mrs": "F", "Ms": "F", "Miss": "F", "Madam": "F", "Mdm": "F"}


def _read_title_age_sex(text: str, used: list[tuple[int, int]], votes: _Votes, ex: Extraction) -> None:
    for match in (*_TITLE_AGE.finditer(text), *_SEX_AGE.finditer(text)):
        age = match["age"] or match["age2"]
        sex = _TITLE_SEX[match["title"]] if match.re is _TITLE_AGE else (match["sex"] or match["sex2"])
        start, end = match.span("age") if match["age"] else match.span("age2")
        if _overlaps(start, end, used):
            continue
        if "age" not in votes.values:
            try:
                votes.add("age", check_age(float(age), age), match.group())
            except InvalidValue:
                continue
            used.append((start, end))
        if "sex" not in votes.values:
            votes.add("sex", sex, match.group())
        return


_OWN_AGE = re.compile(r"\b(?:i am|i'm|im|(?P<who>lady|gentleman|man|woman|bloke|chap) of)\s+(?P<n>\d{2})\b"
                      r"(?!\s*(?:kg|%|cm|mm|/|\.\d|minutes|mins|hours|weeks|days|months|years? ago))", re.IGNORECASE)
_OWN_AGE_SEX = {"lady": "F", "woman": "F", "gentleman": "M", "man": "M", "bloke": "M", "chap": "M"}


# "ECOG0", "PS1", "WHO 2", "WHO PS 2": a score glued to its label, or after WHO.
_GLUED_ECOG = re.compile(r"(?<![A-Za-z])(?:(?i:ecog)|PS|WHO(?:\s*PS)?)\s*:?\s*(?P<n>[0-4])(?![\d.%/])"
                         r"(?!\s*(?:-|to|or|/|~)\s*\d)")


_KARNOFSKY = re.compile(lx.KARNOFSKY, re.IGNORECASE)


def _read_glued_ecog(text: str, used: list[tuple[int, int]], votes: _Votes, ex: Extraction) -> None:
    for match in _GLUED_ECOG.finditer(text):
        if not _overlaps(*match.span("n"), used):
            votes.add("ecog", int(match["n"]), match.group())
            used.append(match.span("n"))
            return


_FAMILY_SUBJECT = re.compile(lx.FAMILY_SUBJECT, re.IGNORECASE)
_PATIENT_TOO = re.compile(lx.PATIENT_TOO, re.IGNORECASE)


def _family_wish(text: str, at: int) -> bool:
    """The words of willingness at `at` are the family's: "family keen", "家属同意参加" (not "pt +
    family keen")."""
    before = text[max(0, at - 24):at]
    return bool(_FAMILY_SUBJECT.search(before)) and not _PATIENT_TOO.search(before)
_WILLING_HEDGE = re.compile(lx.WILLING_HEDGE, re.IGNORECASE)
_WILLING_ALONE = re.compile(r"\b(?:{})\b(?=\s*(?:[,.;!]|$|\n|but\b|\(|for\s+(?:the\s+)?(?:trial|study)))".format(
    "|".join(lx.WILLING_ALONE)), re.IGNORECASE)
# (a man said so, where pregnancy or the checklist's first item is spoken of: "Male so #1 n/a")
_CBP_ASKED = re.compile(r"\b(?:cbp|childbearing|child-bearing|pregnancy)\b|#1\b", re.IGNORECASE)
# The last period and when: within two months she can become pregnant, years ago she is past it.
_LMP = re.compile(r"\b(?:lmp|last (?:menstrual )?period)\b\s*[:=]?\s*", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"\b(?:not|no longer|isn't|is not|wasn't|never)\s+(?:very\s+|too\s+|so\s+)?$", re.IGNORECASE)


def _negated_before(text: str, at: int) -> bool:
    return bool(_NEGATED_BEFORE.search(text, 0, at))


_RELATIVE_NOUNS = frozenset(w for w in lx.RELATIVES if w.isascii())


def _after_a_relative(doc: "Doc", i: int) -> bool:
    """A pronoun after a relative in its clause is the relative's ("His mother had a DVT in her
    forties", "her husband says he is keen")."""
    j, commas = i - 1, 0
    while j >= 0 and (doc[j].text not in _SEGMENT_ENDS or doc[j].text == "," and commas == 0) and "\n" not in doc[j].text:
        if doc[j].text == ",":
            commas += 1  # ... or at the end of the clause before: "I'd have to ask my brother, it's his wife"
        elif doc[j].lower_ in _RELATIVE_NOUNS and (commas == 0 or j + 1 < len(doc) and doc[j + 1].text == ","):
            return True
        j -= 1
    return False


def _read_he_she(doc: "Doc", votes: _Votes) -> None:
    """The patient's sex from "he"/"she", "his"/"her", "Mr"/"Mrs", when they all agree and no
    other word has said it ("45M, his wife says she ..." is the "M")."""
    said = {span.label_: span.text for span in _PRONOUNS.matches(doc) if not _after_a_relative(doc, span.start)}
    if len(said) == 1 and "sex" not in votes.values:
        (sex, word), = said.items()
        votes.add("sex", sex, word)


_TITLE_ZH = re.compile(r"(?:(?<![我你他她其的和跟与及家])[\u4e00-\u9fff](?<![我你他她其的和跟与及家位这那个老小大二三四五六七八九]))"
                       r"(?P<title>{})|(?:那位|这位)(?P<t2>{})".format(*["|".join(lx.TITLE_SEX_ZH)] * 2))
_ACTIVITY_PATTERNS = [(bounds, re.compile(p)) for bounds, ps in lx.ACTIVITY_PATTERNS.items() for p in ps]


def _activity_spans(doc: "Doc", text: str, items: list[_Item]) -> list[tuple[tuple[int, ...], int, int]]:
    """Activity words (grade bounds, character span): Chinese patterns, then the ACTIVITY phrases
    that no pattern covers."""
    found: list[tuple[tuple[int, ...], int, int]] = [
        (bounds, m.start(), m.end()) for bounds, p in _ACTIVITY_PATTERNS for m in p.finditer(text)] \
        if nlp.CJK.search(text) else []
    # a partial amount after the work wins over the work said inside it ("家务能做一些" is not "家务能做")
    partial = [(s, e) for r, s, e in found if r == (1, 2)]
    found = [(r, s, e) for r, s, e in found if r == (1, 2) or not any(ps <= s and e <= pe for ps, pe in partial)]
    for item in items:
        if item.kind != "A":
            continue
        start, end = doc[item.start].idx, doc[item.end - 1].idx + len(doc[item.end - 1].text)
        if not any(s <= start and end <= e for _, s, e in found):
            found.append((tuple(int(n) for n in item.name.split("-")), start, end))
    return sorted(found, key=lambda f: f[1])


_ACTIVITY_THEN = re.compile(r"(?:没住院|没生病|没得病|没病|生病|得病|住院|化疗|发病|确诊|治疗)(?:的时候|之前|以前|前)"
                            r"[^,;.，；。]{0,8}$|(?:以前|之前|原来|过去|从前|病前)[^,;.，；。]{0,6}$")
_SOMETIMES = re.compile(r"有时(?:候)?[^,;.]{0,8}?有时(?:候)?|时好时坏|好的时候[^,;.]{0,8}?不好的时候|有時[^,;.]{0,8}?有時")
_JOB = re.compile(r"上班|工作|\bwork\b|\bjob\b", re.IGNORECASE)


def _read_activity(doc: "Doc", text: str, items: list[_Item], votes: _Votes, ex: Extraction | None = None) -> None:
    """ECOG from everyday words (ACTIVITY), when no score was given; words that leave a range
    of grades put it in `ex.ecog_range`."""
    # what was done before the illness or the admission is not what is done now ("没住院的时候天天跳广场舞")
    spans = [(r, s, e) for r, s, e in _activity_spans(doc, text, items)
             if not (nlp.CJK.search(text) and _ACTIVITY_THEN.search(text, max(0, s - 12), s))]
    if not spans:
        return
    if "unsure" in votes.values.get("ecog", []):
        return  # "ECOG 0-1，入院时可正常工作": the grade said as a range stands, asked
    if (sometimes := _SOMETIMES.search(text)) is not None:
        votes.add("ecog", "unsure", sometimes.group())  # "有时候能做点饭有时候不行"
        return
    if any(r == (1, 1) for r, _, _ in spans):
        # "能做家务，不能上班": housework done and the job not is grade 1 (light work only); the
        # job's words bound it only where no lighter work is said
        spans = [(r, s, e) for r, s, e in spans if not (r[0] == 2 and _JOB.search(text, s, e))]
    lo, hi = 0, 4
    for (a, b), _, _ in spans:
        lo, hi = max(lo, a), min(hi, b)
    said = "; ".join(text[start:end] for _, start, end in spans)
    scores = [v for v in votes.values.get("ecog", []) if v != "unsure"]
    if scores and all(lo <= v <= hi for v in scores):
        return  # "ECOG 1, does light housework": the words agree with the score
    if lo > hi:  # words that contradict each other
        votes.add("ecog", "unsure", said)
    elif scores:
        votes.add("ecog", lo if lo == hi else "unsure", said)
        if lo != hi:
            votes.values["ecog"] = ["unsure"]  # "ECOG 1 (nursing notes: mostly in bed, needs help)"
    else:
        votes.add("ecog", lo if lo == hi else "unsure", said)
        if lo < hi and ex is not None:
            ex.ecog_range = (lo, hi)


# ---- bare answers ------------------------------------------------------------------------

def _answers(doc: "Doc") -> list["Span"]:
    return nlp.longest(_ANSWERS.matches(doc))


_ANSWER_LEAD_INS_ZH = frozenset((
    "查", "查了", "查过", "查过了", "做了", "做过", "做过了", "测了", "测过", "验了", "验过", "检查了", "检查过", "化验了", "化验过",
    "结果", "结果是", "结果为", "报告", "报告上", "报告单", "写的", "写着", "写的是", "单子", "单子上", "化验单", "化验单上", "上面",
    "上面写的", "医生说", "说是", "都", "也", "是", "了", "过", "写", "的",
    # the test named without the infection: "抗原抗体联合检测阴性", "初筛阴性"
    "抗原", "抗体", "联合", "检测", "联合检测", "抗原抗体", "初筛", "复查", "确证", "快速", "试纸"))


def _leading_answer(doc: "Doc", items: list[_Item], clauses: _Clauses, any_clause: bool) -> str | None:
    """'yes'/'no'/'unsure' when the message opens with one ("no", "yes, and ...", "不清楚").

    Unless `any_clause`, not when the word governs a mention in its clause: "no HIV" answers
    about HIV, not the question asked.
    """
    first = next((t.i for t in doc if not t.is_space and not t.is_punct), None)
    if first is not None and (filler := _FILLER_FIRST.match(doc.text, doc[first].idx)):
        # "as above - negative", "Both negative.", "same as before: no": the answer after the filler
        first = next((t.i for t in doc if t.idx >= filler.end() and not t.is_space and not t.is_punct), first)
    answer = next((a for a in _answers(doc) if a.start == first), None)
    if answer is None and (doc.lang_ == "zh" or first is None):
        # "(-)" (punctuation only), "查了，阴性", "报告写的“无反应性”": the answer after words that only say
        # it was tested or where it is written
        answer = next((a for a in _answers(doc) if all(
            t.is_space or t.is_punct or t.text in _ANSWER_LEAD_INS_ZH for t in doc[:a.start])), None)
    if answer is None:
        return None
    clause = clauses.clause[answer.start]
    standalone = answer.end < len(doc) and doc[answer.end].text in ("-", "–", "—", ",", ":", ".") and \
        answer.label_ == "no" and answer.text.lower() in _BARE_ANSWERS
    if not any_clause and not standalone and any(i.kind in "TDL" and clauses.clause[i.start] == clause for i in items):
        return None  # ("No - it's the leukaemia, he's relapsed": a bare no before a dash is the answer)
    return answer.label_


_FILLER_FIRST = re.compile(r"(?:as (?:above|before|said|mentioned)|see above|same as (?:above|before)|both|all|each|"
                           r"tested|checked|如上|同上|都|均|两个都|两项都|查了|查过了|查过|做过了|做过|测过)\b\s*[-–—:,，]?\s*",
                           re.IGNORECASE)


_BARE_ANSWERS = frozenset(("no", "yes", "nope", "yep", "yeah", "nah", "不", "没有", "是", "有", "对"))
# an answer concluded at the end: "Doppler last week negative, so no", "Has he ever had a blood clot? - no, never"
_CONCLUDED = re.compile(r"(?:\bso|[?？]\s*[-–—]?)\s*(?P<answer>no|yes|nope|yep|never)\b(?:\s*,?\s*never)?\s*[.!]?\s*$",
                        re.IGNORECASE)


def _denied_without_a_name(doc: "Doc", items: list[_Item], clauses: _Clauses) -> bool:
    """The first clause negates a verb and names nothing: no finding, no doubt, in Chinese."""
    first = clauses.clause[next((t.i for t in doc if not t.is_space), 0)]
    tokens = [t for t in doc if clauses.clause[t.i] == first]
    if not nlp.CJK.search(doc.text) or any(i.kind in "TD" or (i.kind == "C" and i.name == "UNSURE") for i in items):
        return False
    return any(t.text in _NEGATION_WORDS for t in tokens)


def _overlaps(start: int, end: int, used: list[tuple[int, int]]) -> bool:
    return any(start < u_end and u_start < end for u_start, u_end in used)


def _read_bare_value(slot: str, doc: "Doc", text: str, used: list[tuple[int, int]], votes: _Votes,
                     ex: Extraction) -> None:
    """'62' for age, '45k' for platelets, '1' for ECOG: the one number the message holds."""
    readings = (q for q in quantities.find(doc, _KIND[slot]) if not _UNIT_AFTER.match(text, q.end)
                if not q.glued and not q.then_not_a_value
                and not _NUMERAL_IN_A_WORD.match(text, q.end) or (nlp.CJK.search(q.text) is None and not q.glued
                                                                   and not q.then_not_a_value))
    found = [q for q in quantities.leftmost(readings) if not _overlaps(q.start, q.end, used)]
    between = text[found[0].end:found[1].start] if len(found) == 2 else ""
    if len(found) == 2 and _range_end(text, found[0].end) == found[1].end:
        votes.add(slot, "unsure", text[found[0].start:found[1].end])  # "1-2": asked back, not picked
    elif len(found) == 2 and (real := next((q for q in found if _REAL_AGE_BEFORE.search(text, 0, q.start)
                                              and text.rfind("虚", 0, q.start) < text.rfind("周岁", 0, q.start)), None)):
        _take_value(slot, real, real.text, votes, ex, text=text)  # "虚岁七十，周岁69": the age in full years
    elif len(found) == 2 and _FIRST_NOT_SECOND.fullmatch(between):
        _take_value(slot, found[0], found[0].text, votes, ex, text=text)  # "19 not 91 - typo above"
    elif len(found) == 2 and _SECOND_PUTS_RIGHT.fullmatch(between):
        _take_value(slot, found[1], found[1].text, votes, ex, text=text)  # "62? no, 64", "61 - sorry, 67"
    elif len(found) == 1 and _A_BOUND_BEFORE.search(text, max(0, found[0].start - 16), found[0].start):
        votes.add(slot, "unsure", text[max(0, found[0].start - 16):found[0].end].strip())  # "below 20, don't know exactly"
    elif len(found) == 1:
        _take_value(slot, found[0], found[0].text, votes, ex, text=text)


# A bound, not a value: "below 20", "under 20", "<20", "less than 20", "not more than 30", "低于20", "不到20"
_A_BOUND_BEFORE = re.compile(lx.A_BOUND_BEFORE + r"\s*$", re.IGNORECASE)
_REAL_AGE_BEFORE = re.compile(r"(?:周岁|实岁|实际)\s*(?:是|为)?\s*$")
# Two bare values, the words between them saying which one stands: "19 not 91", "74, not 47",
# "62? no, 64", "61 - sorry, 67", "3 no wait 2", "58 不对 是59"
_FIRST_NOT_SECOND = re.compile(r"\s*[,;]?\s*(?:not|rather than|instead of|and not|不是)\s*", re.IGNORECASE)
_SECOND_PUTS_RIGHT = re.compile(
    r"[\s,;:.!-]*(?:[?？]\s*no|no\s+wait|wait|sorry(?:[\s,]+no)?|i mean|i meant|actually|correction|or rather|make (?:that|it)|call it"
    r"|should be|typo|no sorry|oops|(?:哦|啊)?不对|说错了|记错了|写错了|打错了|应该是)(?:[\s,;:.!?—–-]+(?:it's|its|it is|is|是|应该是)?)*\s*",
    re.IGNORECASE)
# A number with a unit after it is a quantity, not the bare value asked for ("每天跑3公里")
_UNIT_AFTER = re.compile(r"\s*(?:公里|千米|里|米|步|次|遍|天|周|个月|月|年|小时|分钟|斤|公斤|kg|km|层|楼|块|元|袋|支|片|粒)")
# A Chinese numeral that is part of a word ("一半时间", "一天到晚", "一直", "一点"): no value.
_NUMERAL_IN_A_WORD = re.compile(r"半|天|点|直|起|些|样|般|下|会|共|切|再|定|辈|家|生|向|旦|致|同|边|方面|时|阵|遍|趟|口|身")


# ---- the exclusion checklist -------------------------------------------------------------

# A number followed by a measure word or a unit is a quantity ("输了4个单位红细胞", "2 units",
# "3次"), never an item number of the checklist.
_QUANTITY_AFTER = r"(?!\s*(?:{}))".format("|".join(lx.MEASURE_WORDS))
_E_RANGE = re.compile(r"(?<![\w./])[Ee#]?(?P<a>\d{1,2})\s*(?:-|–|~|～|to|至|到)\s*[Ee#]?(?P<b>\d{1,2})(?![\d/]|\.\d)", re.IGNORECASE)
# (not a number in a date or a fraction: "last dose 1/12" is no item 12; a full stop after a word may
# come before one: "1没有。2没有")
_E_NUMBER = re.compile(r"(?<![A-Za-z0-9/])(?<![0-9]\.)(?:[Ee#]\s?|no\.\s?)?(?P<n>\d{1,2})(?![0-9])(?!\.[0-9])(?!/\d)" + _NOT_A_VALUE
                       + _QUANTITY_AFTER, re.IGNORECASE)


# A checklist answer that opens with "none of them": every item it does not name is a no.
_NONE_FIRST = re.compile(r"\s*(?:{})(?![\w])".format("|".join(
    re.escape(w) for w in sorted(lx.NONE_OF_THESE + ("none", "nothing", "都没有"), key=len, reverse=True))),
    re.IGNORECASE)
# ... or with a bare no and a note in brackets or after a dash: "无（患者已绝经，未哺乳）", "No (male)"
_NO_THEN_NOTE = re.compile(r"\s*(?:no|nil|nope|无|没有|没|否|均无)\s*(?:[(（]|[-–—]\s)", re.IGNORECASE)


_QUESTION_BACK = re.compile(r"\s*(?:sorry,?\s*|um+,?\s*|ok,?\s*)?(?:which|what|what's|whats|does|do|is|are|can|could|how|should|"
                            r"why|where|请问|哪|什么|是不是|能不能|可以)\b[^.;!。；！]*[?？]\s*$", re.IGNORECASE)
_THE_REST = re.compile(r"其他|其它|其余|余项|别的|剩下|\b(?:the rest|others|everything else|all else|all the others|otherwise)\b",
                       re.IGNORECASE)
_RANGE_DENIED = re.compile(r"\s*(?:条|项)?\s*[:：]?\s*(?:均|都|全|全部)?\s*(?:阴性|否|无|没有|正常|不是|no|none|neg)")


def _item_numbers(text: str, span: tuple[int, int], used: list[tuple[int, int]],
                  numbered: dict[int, str]) -> tuple[list[re.Match], list[int]]:
    """The checklist's item numbers in a clause: ranges ("1-4", "E1-E13") and single numbers, not
    a date's or a quantity's, nor a hepatitis panel's positions ("两对半2、4、5阳")."""
    start, end = span
    ranges = [m for m in _E_RANGE.finditer(text, start, end) if not _overlaps(*m.span(), used)]
    numbers = [n for m in ranges if int(m["a"]) < int(m["b"]) <= 13 for n in range(int(m["a"]), int(m["b"]) + 1)
               if n in numbered]  # a range may span items already known (not offered again)
    taken = used + [m.span() for m in ranges]
    numbers += [int(m["n"]) for m in _E_NUMBER.finditer(text, start, end) if not _overlaps(*m.span(), taken)]
    return ranges, numbers


# words (Chinese, or a letter) right after a dash: the dash joins an item's number to what is said of it
_DASH_SEPARATES = re.compile(rf"[ \t]*[{lx.CJK_RANGES}A-Za-z]")
def _dash_separates(doc: "Doc", text: str, item: _Item) -> bool:
    span = doc[item.start:item.end]
    return span.text in ("-", "–", "—") and (_DASH_SEPARATES.match(text, span.end_char) is not None
                                              or text[max(0, span.start_char - 1):span.start_char] in ("条", "項", "项")
                                              and re.match(r"[ \t]*\d", text[span.end_char:]) is not None)


# a value in scientific notation, its exponent no item's number: "HBV DNA 3.5×10^3 IU/ml", "2x10^5", "10^9/L"
_SCIENTIFIC = re.compile(r"(?:\d+(?:\.\d+)?\s*[x×X*]\s*)?10\s*(?:\^|\*\*)\s*[-−]?\d{1,2}"
                         r"|(?<![A-Za-z\d.])\d+(?:\.\d+[Ee][+-]?|[Ee][+-])\d{1,2}(?![A-Za-z\d])")
# a hepatitis B panel's positions: "两对半2、4、5阳", "五项 1,3,5(+)"
_PANEL_POSITIONS = re.compile(r"(?:两对半|五项|乙肝[一二三四五]项)[\s\d、,，和及()（）+\-阳阴性第项:：]*")


# ---- the checklist answered item by item -------------------------------------------------

def _alternatives(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ITEM_WORD = {w.lower(): mood for mood, words in lx.CHECKLIST_ITEM_ANSWERS.items() for w in words}
_ITEM_ANSWER = _alternatives(list(_ITEM_WORD))
_ITEM_ANSWER_NOT_BEFORE = re.compile(lx.CHECKLIST_ANSWER_NOT_BEFORE, re.IGNORECASE)
_ONE_ITEM = r"(?:[Ee#]\s?|no\.\s?|number\s|item\s|第)?\d{1,2}(?:条|項|项)?"
_ITEMS = rf"{_ONE_ITEM}(?:\s*(?:-|–|~|to|至|到)\s*{_ONE_ITEM}|(?:\s*(?:,|、|&|/|\band\b|\bor\b|和|及|或)\s*{_ONE_ITEM})*)"
# a number (or numbers) with its answer word right after it: "4. yes", "8 awaited", "E6: no", "1没有"
_NUMBER_THEN_ANSWER = re.compile(
    rf"(?<![A-Za-z0-9_./^×*])(?P<items>{_ITEMS})(?![\d/])\s*(?:[.:：)=]|-|–|—)?\s*(?:我们|我|他们|他|她|也|还(?!没|未|在等)|就)?\s*(?P<answer>{_ITEM_ANSWER})(?![A-Za-z0-9_/])",
    re.IGNORECASE)
# an answer word, then "to" and the numbers: "Yes to 10", "no to 5 and 6", "Not 1-4"
_ANSWER_THEN_NUMBER = re.compile(
    rf"(?<![\w/])(?P<answer>yes|no|not)(?:\s+(?:to|for|on))?\s+(?P<items>{_ITEMS})(?![\w/]|\.\d|\s*(?:{'|'.join(lx.MEASURE_WORDS)}))",
    re.IGNORECASE)
_EXCEPT_BEFORE = re.compile(r"(?:除了|除去|除|except(?:\s+for)?|apart from|other than|besides|bar|but(?:\s+for)?)\s*$", re.IGNORECASE)
# a doubt before the numbers: "except maybe number 6", "possibly E12", "Can't say for 4 or 11"
_HEDGE_THEN_NUMBER = re.compile(
    rf"(?<![\w])(?:maybe|possibly|perhaps|probably|not sure (?:about|of|re|on|for)|unsure (?:about|of|re)"
    rf"|(?:can'?t|cannot|can not) say (?:for|about|re|on)|(?:don'?t|do not) know (?:about|re|for)|not certain (?:about|of))"
    rf"\s+(?P<items>{_ITEMS})(?![\w/]|\.\d)", re.IGNORECASE)
_ITEM_NUMBER = re.compile(r"\d{1,2}")
_ITEM_RANGE = re.compile(r"(?P<a>\d{1,2})\D{0,4}?(?:-|–|~|to|至|到)\s*\D{0,6}?(?P<b>\d{1,2})", re.IGNORECASE)
# a row of answers in the items' order, maybe after the range it covers: "E1-E13: N N N ? N",
# "no, no, no, yes (warfarin, mechanical mitral valve), no"
_ROW_START = re.compile(r"\s*(?:[Ee#]?1\s*(?:-|–|to)\s*[Ee#]?(?P<last>\d{1,2})\s*[:：.=-]?\s*)?")
_ROW_ANSWER = re.compile(rf"(?P<answer>{_ITEM_ANSWER})(?![\w/])(?:\s*[(（][^()（）]*[)）])?\s*(?:[,;/、，；]\s*|\s+|$)",
                         re.IGNORECASE)


def _item_mood(word: str, text: str, end: int) -> bool | str | None:
    mood = _ITEM_WORD.get(word.lower())
    if mood is None or (word.lower() in ("no", "not", "n", "never") and _ITEM_ANSWER_NOT_BEFORE.match(text, end)):
        return None
    if len(word) == 1 and nlp.CJK.match(word) and nlp.CJK.match(text[end:end + 1]):
        return None  # "3是白血病", "5有血栓": a word of a phrase, not an answer of its own
    return {"no": False, "yes": True}.get(mood, "unsure")


def _numbers_in(items: str) -> list[int]:
    span = _ITEM_RANGE.fullmatch(items.strip())
    if span is not None and int(span["a"]) < int(span["b"]):
        return list(range(int(span["a"]), int(span["b"]) + 1))
    return [int(n) for n in _ITEM_NUMBER.findall(items)]


def _answered_items(text: str, numbered: dict[int, str], used: list[tuple[int, int]]) -> dict[int, bool | str]:
    """Item numbers answered by a word of their own, right after them ("1. no 2. no 4. yes -
    hypersplenism", "8 awaited, 9 awaited", "1没有 2没有") or before them ("Yes to 10", "Not
    1-4"); a number in a date or a quantity is no item's."""
    said: list[tuple[int, int, list[int], bool | str]] = []
    for pattern in (_NUMBER_THEN_ANSWER, _ANSWER_THEN_NUMBER, _HEDGE_THEN_NUMBER):
        for m in pattern.finditer(text):
            if _overlaps(*m.span("items"), used):
                continue
            if pattern is not _HEDGE_THEN_NUMBER and _EXCEPT_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                continue  # "除了第11条都没有", "all no except 5 yes": the number is the exception, not what follows
            mood = "unsure" if pattern is _HEDGE_THEN_NUMBER else _item_mood(m["answer"], text, m.end("answer"))
            numbers = _numbers_in(m["items"])
            if mood is None or not numbers or any(n not in numbered for n in numbers):
                continue
            said.append((-len(numbers), m.start(), numbers, mood))
    # a range's answer first, then what is said of one item in it: "1到13都没有，就第8项还没查"
    found: dict[int, bool | str] = {}
    for _, _, numbers, mood in sorted(said, key=lambda s: (s[0], s[1])):
        for n in numbers:
            found[n] = mood
    return found


def _answer_row(text: str, numbered: dict[int, str]) -> dict[int, bool | str] | None:
    """A row of answers, one for each item offered, in their order ("N N N ? N N N N N N N N N")."""
    start = _ROW_START.match(text)
    if start is None:
        return None
    at, moods = start.end(), []
    while at < len(text):
        m = _ROW_ANSWER.match(text, at)
        if m is None:
            return None
        mood = _item_mood(m["answer"], text, m.end("answer"))
        if mood is None:
            return None
        moods.append(mood)
        at = m.end()
    order = sorted(numbered)
    if start["last"] is not None:
        order = [n for n in order if n <= int(start["last"])]
    if len(moods) < 3 or len(moods) != len(order) or text.strip().rstrip(".").lower() in _ITEM_WORD:
        return None
    return dict(zip(order, moods))


def _read_checklist(doc: "Doc", text: str, items: list[_Item], clauses: _Clauses, used: list[tuple[int, int]],
                    offered: Sequence[str], votes: _Votes) -> bool:
    """Numbered answers to the checklist; True when the message answered it."""
    if _QUESTION_BACK.match(text):
        return False  # "sorry which one is E7 again?": a question back, not an answer
    numbered = {n: key for n, key in EXCLUSION_NUMBERS.items() if key in offered}
    moods_by_clause: dict[int, set[str]] = {}
    for answer in _answers(doc):
        if answer.text.isdigit():
            continue  # "1-13均阴性": the items' numbers, not a "1" for yes
        if answer.text in ("-", "–", "—") and _DASH_SEPARATES.match(text, answer.end_char):
            continue  # "第10条—肺部真菌感染治疗中": a dash between the number and its words, not a "-" for no
        if answer.text in ("?", "？") and answer.start > 0 and not _is_query_mark(doc, doc[answer.start]) \
                and doc[answer.start - 1].is_alpha and not doc[answer.start - 1].text.isdigit():
            continue  # "Although - his dad had DVTs, does that count?": a question back, not a doubt
        moods_by_clause.setdefault(clauses.clause[answer.start], set()).add(answer.label_)
    volition = {clauses.sentence[i.start] for i in items if i.kind == "C" and i.name in ("REFUSE", "ACCEPT")}
    mentioned = {i.name.split("@")[0] for i in items if i.kind == "T" and not (
        doc[i.start:i.end].text.lower() in lx.ROMIPLOSTIM_NAMES and clauses.sentence[i.start] in volition)} | (
        {"other_hematologic_disorder"} if any(i.kind == "D" for i in items) else set())
    # a date is no item's number ("last dose 1 Dec"); "1-4, 6-13" are the items 1 to 4 and 6 to 13
    used = used + [(d.start, d.end) for d in dates.find(text, bool(nlp.CJK.search(text)))] + [
        m.span() for m in _PANEL_POSITIONS.finditer(text)] + [m.span() for m in _SCIENTIFIC.finditer(text)]
    # True / False / "unsure" for each key numbered, and for the rest ("none of the others")
    picked: dict[str, bool | str] = {}
    doubted_alone: set[str] = set()  # items said to be in doubt in a clause that names no finding
    rest: bool | str | None = None
    doubt_about_nothing_named = False
    doubted: set[str] = set()
    waiting: list[int] = []  # "E8、E9不清楚": numbers joined by "、" wait for the answer after them
    listed_mood: tuple[bool | str, int] | None = None
    order = sorted(set(clauses.clause))
    numbers_of = {clause: _item_numbers(text, clauses.span(clause), used, numbered) for clause in order}
    for at, clause in enumerate(order):
        start, end = clauses.span(clause)
        ranges, numbers = numbers_of[clause]
        moods = moods_by_clause.get(clause, set())
        following = order[at + 1] if at + 1 < len(order) else None
        if not moods and numbers and following is not None and numbers_of[following][1] and \
                clauses.sentence[_token_at(doc, start)] == clauses.sentence[_token_at(doc, clauses.span(following)[0])]:
            moods = moods_by_clause.get(following, set())  # "E8、E9不清楚": the list's answer follows it
        if not moods and any(i.kind == "C" and i.name in ("NEG", "NEG_AFTER") and not _dash_separates(doc, text, i)
                             for i in clauses.items.get(clause, [])):
            moods = {"no"}  # "1-13均阴性", "E1-E13均否": the list's no is a result word
        if ranges and "unsure" not in moods and _RANGE_DENIED.match(text, ranges[-1].end()):
            moods = {"no"}  # "1-13均阴性": the range's answer is the word right after it
        mood: bool | str = "unsure" if "unsure" in moods else ("no" not in moods)
        sentence = clauses.sentence[_token_at(doc, start)]
        if not moods and numbers and listed_mood is not None and listed_mood[1] == sentence:
            mood = listed_mood[0]  # "Negative: 1-4, 6-13": the list goes on under its word
        listed_mood = (mood, sentence) if numbers else None
        has_mention = any(i.kind in "TD" for i in clauses.items.get(clause, []))
        if any(n not in numbered for n in numbers):
            return False  # a number not on the list: the answer cannot be read
        if numbers and not moods and not has_mention and (text[end - 1:end] in ("、", "和", "及")
                                                          or text[end:end + 1] in ("、", "和", "及")):
            waiting += numbers
            continue
        numbers, waiting = waiting + numbers, []
        for n in numbers:
            picked[numbered[n]] = mood
            if mood == "unsure" and not has_mention:
                doubted_alone.add(numbered[n])
        before = order[at - 1] if at > 0 else None
        named_before = {i.name.split("@")[0] for i in clauses.items.get(before, []) if i.kind == "T"} \
            if before is not None and clauses.sentence[_token_at(doc, clauses.span(before)[0])] == sentence else set()
        if not numbers and not has_mention and mood == "unsure" and named_before and rest is not None \
                and not _THE_REST.search(text, start, end):
            # "No to all except HIV - sent yesterday, not back yet", "就是之前参加过另一个试验，时间记不清":
            # the doubt goes on from the thing just named, not to the rest
            doubted |= named_before
        elif not numbers and not has_mention and mood is not True:
            doubt_about_nothing_named |= mood == "unsure"
            rest = mood
        elif not numbers and has_mention and mood is False and rest is None and _THE_REST.search(text, start, end):
            rest = False  # "除了乙肝其他都没有", "apart from the hep B, everything else no": the rest said beside it
    # each number's own word, where it has one, is its answer ("1. no 2. no 4. yes", "Yes to 13")
    row = _answer_row(text, numbered)
    for n, value in (row if row is not None else _answered_items(text, numbered, used)).items():
        picked[numbered[n]] = value
    if any(i.kind == "C" and i.name == "ONLY" for i in items):
        rest = False if rest is None else rest
    if rest is None and (_NONE_FIRST.match(text) or _NO_THEN_NOTE.match(text)):
        rest = False  # "none apply - actually he did have eltrombopag": the exception is read on its own
    if doubt_about_nothing_named and rest is False and not picked and not (mentioned & set(offered)):
        # "是否用过某药不清楚，其他都没有" with the drug not one we know: which item is in doubt
        # cannot be told, so "none of the others" does not make them all "no"
        rest = "unsure"
    said_yes = {numbered[n] for n, v in (row if row is not None else _answered_items(text, numbered, used)).items() if v is True}
    if rest is None and any(v is True and key not in said_yes for key, v in picked.items()):
        rest = False  # "3 and 8": the numbers given are the ones that apply (not "E11: yes - ...": one item answered)
    if not picked and rest is None and not (mentioned & set(offered)):
        return False
    explicit = row if row is not None else _answered_items(text, numbered, used)
    segments = _item_segments(text, numbered, used)
    for number, value in explicit.items():
        if value == "unsure" and numbered[number] in mentioned:
            # "3我不确定，以前医生提过一句骨髓增生异常", "E9 not sure, HBsAg positive but no DNA yet":
            # the doubt said at the item's own number stands over what is said of it
            votes.values[numbered[number]], votes.said[numbered[number]] = ["unsure"], [(None, None)]
            mentioned.discard(numbered[number])
    for key in list(mentioned):
        # each item's words are read on their own ("4 no 5 DVT 2023": the "no" is item 4's, not
        # the DVT's); a finding said only under another item's number ("E4 yes - sepsis with DIC
        # ... E10 no") leaves this item to its own answer
        said_at = [doc[i.start].idx for i in items if i.kind in "TD"
                   and (i.name.split("@")[0] if i.kind == "T" else "other_hematologic_disorder") == key]
        own = next((num for num, key_n in numbered.items() if key_n == key), None)
        homes = {next((num for num, s, e in segments if s <= a < e), None) for a in said_at}
        if not segments or None in homes:
            continue
        # said right under another number, in its clause ("E4 yes - sepsis with DIC", not "3、4、5、6都没有，HIV阴性")
        under = {next((num for num, s, e in segments if s <= a < e and not _CLAUSE_COMMA.search(text, s, a)), None)
                 for a in said_at}
        if own in explicit and own not in homes and None not in under:
            votes.values[key], votes.said[key] = [explicit[own]], [(None, None)]
            continue
        if own is not None and own not in homes and None not in under and key not in picked and rest is not None:
            # "E4: sepsis in Oct dropped his plts ... Others - no": filed under item 4, and item 10
            # answered with the rest
            votes.values[key], votes.said[key] = [rest], [(None, None)]
            continue
        if len(homes) == 1:
            home = homes.pop()
            start, end = next((s, e) for num, s, e in segments if num == home)
            alone = extract_facts(text[start:end])
            if key in alone.facts:
                votes.values[key], votes.said[key] = [alone.facts[key]], [(alone.evidence.get(key), None)]
            elif key in alone.unsure:
                votes.values[key], votes.said[key] = ["unsure"], [(alone.evidence.get(key), None)]
    for key in mentioned & set(offered):
        if key not in votes.values and any(
                "unsure" in moods_by_clause.get(clauses.clause[i.start], set()) for i in items if i.kind == "T"
                and i.name.split("@")[0] == key):
            votes.add(key, "unsure")  # "not sure about trials at the other hospital": doubted, and named
    for number, start, end in segments:
        key = numbered[number]
        if picked.get(key) is True and number not in explicit and key not in mentioned:
            # "E6 - bled 3 weeks ago (4 units), fine since": a number with words and no answer word is
            # what its words say, when they say it
            alone = extract_facts(text[start:end], expecting=key)
            if key in alone.facts or key in alone.unsure:
                picked[key] = alone.facts.get(key, "unsure")
    for key in doubted & set(offered):
        votes.add(key, "unsure")
    for key, value in picked.items():
        if key not in mentioned or key not in votes.values:
            # "E9: HBsAg+, DNA awaited": the words said of it decide, not the number (unless they say
            # nothing readable: "E11: yes - venetoclax-combo trial ongoing")
            votes.add(key, value)
        elif key in doubted_alone:
            # "就是3我不确定，以前医生提过一句骨髓增生异常": the item said to be in doubt, whatever its words say
            votes.values[key], votes.said[key] = ["unsure"], [(None, None)]
    if rest is not None:
        for key in offered:
            if key not in picked and key not in mentioned:
                votes.add(key, rest)
    return True


def _item_segments(text: str, numbered: dict[int, str], used: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(item number, start, end) of the words said under each item's number, when the answer goes
    item by item (two numbers or more): from after the number to the next one."""
    marks = [m for m in _ITEM_MARK.finditer(text) if int(m["n"]) in numbered and not _overlaps(*m.span(), used)]
    if len(marks) < 2:
        return []
    segments = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        stop = _SEGMENT_STOP.search(text, m.end(), end)  # "E7: eltrombopag stopped in Sept. Others - no."
        segments.append((int(m["n"]), m.end(), stop.start() if stop else end))
    return segments


_CLAUSE_COMMA = re.compile(r"[,，;；、]")
_SEGMENT_STOP = re.compile(r"[.;。；!！?？\n](?=\s|$)")


_ITEM_MARK = re.compile(r"(?:(?<=^)|(?<=[\s,;.，；。、:：]))(?:[Ee#]\s?|第|no\.\s?|item\s|number\s)?(?P<n>\d{1,2})(?:条|项|項)?"
                        r"(?![\d/]|\.\d)" + _NOT_A_VALUE + _QUANTITY_AFTER + r"\s*[.:：)=\-–—]?\s*", re.IGNORECASE)


# ---- the entry point ---------------------------------------------------------------------

NUMERIC_SLOTS = ("age", "platelet_count", "ecog")


# Families type WeChat messages with a space where a writer would put a comma ("他没有艾滋 乙肝是
# 大三阳"): between two Chinese characters a space ends the clause, as a comma would (same
# length, so every character keeps its place).
_CJK_SPACE = re.compile(rf"(?<=[{lx.CJK_RANGES}])[ \t]+(?=[{lx.CJK_RANGES}])")


_SPACE_BEFORE_ITEM = re.compile(rf"(?<=[{lx.CJK_RANGES}])[ \t]+(?=(?:第\s*)?(?:1[0-3]|[1-9])(?![\d.%])\s*(?:条|项|[:：]|[{lx.CJK_RANGES}]))")
_LABEL_LAST = re.compile(r"(?:血小板|plt|PLT|年龄|岁数|评分|ECOG|ecog)\s*$")
_TIME_FIRST = re.compile(r"昨天|今天|前天|现在|目前|今早|早上|上午|下午|晚上|刚才|刚刚")


def _spaces_as_commas(text: str) -> str:
    """(Not a space inside a phrase of the lexicons, "不愿意 参加": that stays one phrase.)"""
    def comma(m: "re.Match[str]") -> str:
        before, after = text[max(0, m.start() - 8):m.start()], text[m.end():m.end() + 8]
        if _TIME_FIRST.match(after) and _LABEL_LAST.search(before):
            return m.group()  # "血小板 昨天18 今天12": a time goes on with the label before it
        if any(before[-k:] + after[:j] in nlp._zh_words for k in range(1, len(before) + 1)
               for j in range(1, len(after) + 1)):
            return m.group()
        return "," + m.group()[1:]
    return _CJK_SPACE.sub(comma, text)


def extract_facts(text: str, expecting: str | None = None, offered: Sequence[str] = ()) -> Extraction:
    """Every fact one message states; `expecting` is what the assistant just asked for."""
    raw = str(text or "")[:READ_LIMIT]
    text = _spaces_as_commas(nlp.normalise(raw))
    if expecting == CHECKLIST:
        # "1没有 2没有 … 7上周打了特比澳": a space before the next item's number ends the item, as a comma would
        text = _SPACE_BEFORE_ITEM.sub(lambda m: "," + m.group()[1:], text)
    ex = Extraction(language=nlp.language_of(text))
    if not text.strip():
        return ex
    doc = nlp.read(text, chinese=nlp.typed_in_chinese(raw))  # the one Doc: tokens, quantities, durations
    items, clauses = _mentions(doc)  # terms, clauses and ConText states: the pipeline's annotations
    _read_form_answers(doc, text, items)
    votes = _Votes()
    _read_items(doc, text, items, clauses, expecting, votes)
    used = _read_labelled(doc, text, items, votes, ex)
    used += [(doc[i.start].idx, doc[i.end - 1].idx + len(doc[i.end - 1].text)) for i in items if i.kind in "TD"]

    if expecting == CHECKLIST:
        ex.checklist_answered = _read_checklist(doc, text, items, clauses, used, offered, votes)
        _when_not_known(text, votes)  # "7：用过特比澳，时间记不清了"
    elif expecting == CONFIRM:
        answer = _leading_answer(doc, items, clauses, any_clause=True)
        if answer in ("yes", "no", "yes_confirm", "no_confirm"):
            votes.add(CONFIRM, answer.startswith("yes"))
    elif expecting:
        _read_expected(doc, text, items, clauses, used, expecting, votes, ex)
        if expecting in lx.CONFIRMED_BY_A_SECOND_TEST and True in votes.values.get(expecting, []) and (
                pending := _CONFIRMATION_PENDING.search(text)) is not None:
            votes.values[expecting], votes.said[expecting] = ["unsure"], [(pending.group(), None)]  # "初筛阳，复检中"
        if expecting in votes.values and (look := _LOOK_IT_UP.search(text)) is not None:
            # "我妈说没有，可是我记得她有个小血栓，我再去翻翻病历": the answer is to be looked up, not given
            votes.values[expecting], votes.said[expecting] = ["unsure"], [(look.group(), None)]

    if nlp.CJK.search(text):
        _zh_accounts_left_open(text, votes)
    if (invalid := _SAMPLE_INVALID_ZH.search(text)) is not None and not _RECHECK_TAKEN_ZH.search(text) and any(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in votes.values.get("platelet_count", [])):
        # "PLT 12，但标本有凝块，已重抽，结果待出": a count from a clotted or clumped sample is not the count
        votes.values["platelet_count"], votes.said["platelet_count"] = ["unsure"], [(invalid.group(), None)]
    if (than := _OLDER_THAN.search(text)) is not None:
        # "他比我大两岁，我今年45": the patient's age from the writer's and the difference; without the
        # writer's, the difference is no age ("我比他大两岁")
        gap = _zh_number(than["n"])
        mine = _MY_AGE.search(text) if than["who"] == "我" else None
        own = _zh_number(mine["n"]) if mine is not None else None
        if gap is not None and own is not None and mine is not None:
            age = own + gap if than["way"] in ("大", "长") else own - gap
            votes.values["age"], votes.said["age"] = [age], [(f"{than.group()}，{mine.group()}", None)]
        elif gap is not None and gap in votes.values.get("age", []):
            votes.values["age"] = ["unsure" if v == gap else v for v in votes.values["age"]]
    if (soon := _BIRTHDAY_TO_COME.search(text)) is not None:
        # "下个月就满76了": the age to come, one year short of it now
        coming = _zh_number(soon["n"])
        if "age" in votes.values:
            votes.values["age"] = [v - 1 if v == coming and not isinstance(v, bool) else v for v in votes.values["age"]]
    votes.resolve(ex, text)
    _age_from_a_birthday_to_come(text, ex)
    return ex


_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _zh_number(said: str) -> int | None:
    """A whole number of two digits in figures or in Chinese ("76", "七十六", "八十")."""
    if said.isdigit():
        return int(said)
    if len(said) == 1 and said in _ZH_DIGITS:
        return _ZH_DIGITS[said]
    tens, _, units = said.partition("十")
    if not _ or any(c not in _ZH_DIGITS for c in tens + units):
        return None
    return _ZH_DIGITS.get(tens, 1) * 10 + (_ZH_DIGITS[units] if units else 0)


# An age said against the writer's own ("他比我大两岁，我今年45", "我妈比我大二十五岁，我49")
_OLDER_THAN = re.compile(r"比(?P<who>我|[^,，。;；\d]{1,4}?)(?P<way>大|小|长)\s*(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:岁|歲)")
_MY_AGE = re.compile(r"我(?:今年|现在|已经|都)?\s*(?P<n>\d{2}|[二三四五六七八九]十[一二三四五六七八九]?)\s*(?:岁|歲|了|[,，。]|$)")
# A birthday to come, said with the age it brings: the age now is one less
_BIRTHDAY_TO_COME = re.compile(
    r"(?:下个?月|下周|下礼拜|下星期|过几天|过两天|这个?月底|月底|年底|马上|就要|快要|即将|下个?月份)[^,，。;；\d]{0,3}?满\s*"
    r"(?P<n>\d{2}|[二三四五六七八九]十[一二三四五六七八九]?)")


_TURNS_NEXT_EN = re.compile(lx.TURNS_NEXT_EN, re.IGNORECASE)


def _age_from_a_birthday_to_come(text: str, ex: Extraction) -> None:
    """"He turns 76 next month", "17, she turns 18 next month": the age now is a year less (English;
    not when an age was read already, nor when the age now said disagrees)."""
    if "age" in ex.facts or nlp.CJK.search(text) or (turns := _TURNS_NEXT_EN.search(text)) is None:
        return
    years = int(turns["n"]) - 1
    if not 16 <= years <= 110 or turns["now"] is not None and int(turns["now"]) != years:
        return
    ex.facts["age"] = years
    ex.unsure = [k for k in ex.unsure if k != "age"]
    ex.evidence["age"] = turns.group().strip()


# "有" glued to the name of an illness that follows it: "has heart disease", not a bare "yes"
_HAS_A_NAMED_ILLNESS = re.compile(rf"\s*(?:有|患有|得过|有过)(?![的啊呀吧,，。!！])[{lx.CJK_RANGES}]{{2,}}")


_PANEL_ANSWER = re.compile(r"\s*(?:第\s*)?(?P<positions>[1-5](?:\s*(?:[、,，和及/]|项和|和第)\s*(?:第\s*)?[1-5])+)\s*(?:项|个)?\s*"
                           r"(?:都是|是|均|都|为)?\s*(?:阳性|阳的|阳|\(\+\)|\+)\s*[.!。！]?\s*$")


# The facts a test decides: an answer that says the test is still to come leaves them not known.
_DECIDED_BY_A_TEST = {"pregnant_or_breastfeeding", "hiv", "chronic_hepatitis", "diagnosis_confirmed",
                      "other_hematologic_disorder"}
_PENDING_TEST = re.compile(lx.PENDING_TEST, re.IGNORECASE)


# The patient's own no after a relative's finding, at the end of the answer.
_PATIENT_DENIES = re.compile(
    r"(?:^|[,;，；]|\bbut)\s*(?:(?:he|she|the patient|patient|pt|my (?:dad|mum|mom|father|mother|husband|wife))"
    r"(?:\s+(?:himself|herself))?\s*(?:doesn't|does not|hasn't|has not|hasnt|doesnt|has never|'s never|never has|never had"
    r"|no|none|not)(?:\s+(?:had|got))?(?:\s+(?:one|it|any|that))?(?:\s+(?:himself|herself))?"
    r"|(?:我妈|我爸|我妈妈|我爸爸|我母亲|我父亲|我老公|我老婆|我爱人|病人|患者|本人|(?:他|她)(?:自己|本人)|我自己)"
    r"(?:自己|本人)?(?:倒是|倒|是)?(?:没有|没|无|不是)(?:的|过)?)\s*[.!。！]?\s*$", re.IGNORECASE)
# The hedges that leave a whole answer to be checked (not a doubt of one word: "not sure of the dose")
_ANSWER_HEDGE = re.compile(r"not sure if|not sure whether|unsure if|don't know if|will check|i'll check|need to check|have to check"
                           r"|will find out|i'll find out|let you know|i'll let you know|will let you know|get back to you"
                           r"|还要问问|得问问|还得问问|要问问|问问再说|再确认一下|回头告诉你|确认了告诉你|再去翻翻", re.IGNORECASE)
_AGE_CUE_ZH = re.compile(r"(?:才|都|已经|今年|现在|快)\s*(?:\d{2}|[二三四五六七八九]十[一二三四五六七八九]?)(?:岁|了|[,，。]|$)")
_AGE_SAID_WITH = {"childbearing_potential", "pregnant_or_breastfeeding", "contraception_agreed"}
_AGE_IN_AN_ANSWER = re.compile(r"(?:^|[-–,]\s*|\b(?:is|she's|he's|i'm|only|still|aged|age)\s+)(?P<n>(?:1[2-9]|[2-9]\d))\b"
                               r"(?!\s*(?:%|/|\.\d|weeks?|wks?|months?|mos?|days?|years?\s+ago|yrs?\s+ago|kg|cm|units?))"
                               r"(?=\s*(?:,|and\b|so\b|now\b|-|–|$|\.|y\b|yo\b|years? old|yrs? old|,?\s*(?:post|pre|peri)))",
                               re.IGNORECASE)
_SEX_ALONE = re.compile(r"\s*(?P<sex>m|f|w)\s*[.!]?\s*", re.IGNORECASE)
_GESTATION = re.compile(r"(?<![\d.])\d{1,2}\s*(?:\+\d\s*)?(?:weeks?|wks?|/40)\b(?!\s*(?:ago|before|back|postpartum|post-partum|since))"
                        r"|(?:怀孕|孕)\s*(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:周|个?月)", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(r"\s*(?:n/?a|not applicable|does(?:n't| not) apply|不适用|不涉及)\b", re.IGNORECASE)
_NO_ROMIPLOSTIM_ALLERGY = re.compile(
    r"\b(?:nothing else|only|that's all|no other allerg\w*|nothing more)\b"
    r"|\bnot that (?:we|i|she|he|they) (?:know|knows|are aware|am aware|is aware) of\b"
    r"|\bnever been allergic to anything\b|\bnot allergic to anything\b|\bno allergies\b"
    r"|没有?(?:什么|啥)?(?:药物?)?过敏|不过敏|就(?:对)?[^,，。]{1,8}过敏", re.IGNORECASE)


def _test_still_to_come(text: str, items: list[_Item], clauses: _Clauses, doc: "Doc", key: str) -> str | None:
    """The words of a test still to come in the answer, unless they are said of another finding
    ("HIV negative, hep serology pending" answers the HIV question)."""
    for m in _PENDING_TEST.finditer(text):
        clause = clauses.clause[_token_at(doc, m.start())]
        if not any(i.kind in "TD" and (i.name.split("@")[0] if i.kind == "T" else "diagnosis") != key
                   for i in clauses.items.get(clause, [])):
            return m.group()
    return None


def _read_expected(doc: "Doc", text: str, items: list[_Item], clauses: _Clauses, used: list[tuple[int, int]],
                   expecting: str, votes: _Votes, ex: Extraction) -> None:
    if expecting in _DECIDED_BY_A_TEST and (pending := _test_still_to_come(text, items, clauses, doc, expecting)):
        votes.values[expecting], votes.said[expecting] = ["unsure"], [(pending, None)]
        return
    if expecting in votes.values and expecting in _ONE_ANSWER_KEYS | {"other_trial_28d", "tpo_agent_1mo"} and any(
            a.label_ == "unsure" and (_ANSWER_HEDGE.fullmatch(a.text) or re.match(r"\s+(?:if|whether)\b", text[a.end_char:])
                                      and a.text.lower() in ("not sure", "unsure", "don't know", "dont know")) and not any(
                i.kind in "TDL" and clauses.clause[i.start] == clauses.clause[a.start] for i in items)
            for a in _answers(doc)):
        # "Last study visit was 3 wks ago - not sure if that one had a drug, will check", "打针这个还要问问我妈自己，
        # 她之前说过不想再用新药了": the answer said, and then left to be checked
        votes.values[expecting] = ["unsure"]
        votes.said[expecting] = [next((w, c) for w, c in votes.said[expecting])]
    if expecting == "sex" and "sex" not in votes.values and (code := _SEX_ALONE.fullmatch(text)):
        votes.add("sex", "F" if code["sex"].lower() in ("f", "w") else "M", code["sex"])  # "M", "F" as the answer
    if expecting == "pregnant_or_breastfeeding" and expecting not in votes.values:
        if (weeks := _GESTATION.search(text)) and not any(t.text.lower() in _SAYS_NO for t in doc):
            votes.add(expecting, True, weeks.group())  # "She's 22 weeks", "怀孕3个月了": how far on, as the answer
        elif _NOT_APPLICABLE.match(text) or nlp.CJK.search(text) and re.search(r"不适用|不涉及", text):
            votes.add(expecting, False, text.strip())  # "N/A - male patient": not pregnant
    if expecting == "romiplostim_hypersensitivity" and expecting not in votes.values and (
            other := _NO_ROMIPLOSTIM_ALLERGY.search(text)):
        # "Allergic to penicillin (rash), nothing else", "not that we know of", "never been allergic to
        # anything": no known hypersensitivity to it
        votes.add(expecting, False, other.group())
    if expecting == "pregnant_or_breastfeeding" and set(votes.values.get("sex", [])) == {"M"} \
            and expecting not in votes.values:
        votes.values[expecting], votes.said[expecting] = [False], [(None, None)]  # "男性，不适用": a man is neither
    if expecting == "pregnant_or_breastfeeding" and expecting not in votes.values and \
            set(votes.values.get("childbearing_potential", [])) == {False} and nlp.CJK.search(text):
        # "E1：已绝经", "早就绝经了": past bearing children, so neither pregnant nor breastfeeding
        votes.add(expecting, False, votes.said["childbearing_potential"][0][0])
    if expecting == "childbearing_potential" and set(votes.values.get("sex", [])) == {"M"}:
        # "he's male", "男的，不存在这个问题": a man has no childbearing potential
        votes.values[expecting], votes.said[expecting] = [False], [(None, None)]
    if expecting in NUMERIC_SLOTS and expecting not in votes.values and not any(p.field == expecting for p in ex.problems):
        _read_bare_value(expecting, doc, text, used, votes, ex)
    if expecting in _AGE_SAID_WITH and "age" not in votes.values and (age := _AGE_IN_AN_ANSWER.search(text)):
        # "Yes - 32 and still having regular periods", "61, postmenopausal", "my dad is 70 so no"
        votes.add("age", int(age["n"]), age.group().strip())
    elif expecting in _AGE_SAID_WITH and "age" not in votes.values and nlp.CJK.search(text) and _AGE_CUE_ZH.search(text):
        _read_bare_value("age", doc, text, used, votes, ex)  # "都七十了，不可能怀孕", "我老婆才28，还没要孩子"
    if expecting == "diagnosis" and "diagnosis" not in votes.values and len(doc) <= 3:
        found = dx.classify(text)  # a bare "aml" answers the question even in lower case
        if found is not None:
            votes.add("diagnosis", found.canonical)
    if expecting == "chronic_hepatitis" and (panel := _PANEL_ANSWER.match(text)) is not None:
        # "1、3、5阳": the hepatitis B panel's positive positions as the answer. With the surface antigen
        # (1) it is the virus met, active or not is not said; without it, immunity or an infection past
        votes.values[expecting] = ["unsure" if "1" in re.findall(r"\d", panel["positions"]) else False]
        votes.said[expecting] = [(panel.group(), None)]
        return
    if expecting in votes.values or any(p.field == expecting for p in ex.problems):
        return
    if any(i.state == "other" for i in items) and (own := _PATIENT_DENIES.search(text)):
        # "his brother has myeloma but he doesn't", "我姐是乙肝携带者，我妈没有": the relative's finding,
        # and the patient's own no after it
        votes.add(expecting, False, own.group().strip(" ,，"))
        return
    answer = _leading_answer(doc, items, clauses, any_clause=False)
    if answer is None and expecting == "contraception_agreed" and all(
            i.kind != "T" or (i.name == "willing_to_consent" and i.weak) for i in items):
        # "愿意" to "患者愿意做到吗？": the word of agreement answers the question asked
        answer = _leading_answer(doc, items, clauses, any_clause=True)
    if answer in ("yes", "no") and any(
            a.label_ == "unsure" and a.start > 0 and not any(
                i.kind in "TDL" and clauses.clause[i.start] == clauses.clause[a.start] for i in items)
            for a in _answers(doc)):
        # "not that I know of, I'd have to ask his wife": a hedge later in the answer takes it back
        answer = "unsure"
    if answer is None and (concluded := _CONCLUDED.search(text)):
        answer = "yes" if concluded["answer"].lower() in ("yes", "yep") else "no"
    if answer == "yes" and expecting == "severe_comorbidity" and _HAS_A_NAMED_ILLNESS.match(text):
        answer = "unsure"  # "有心脏病，装过支架": an illness named, not one of ours; severe or not is not said
    if answer == "no" and expecting == "diagnosis_confirmed" and _NOT_YET.search(text):
        answer = "unsure"  # "not yet", "还没": the confirmation is pending, not a "no" (issue 15)
    if answer == "no" and expecting == "diagnosis_confirmed" and nlp.CJK.search(text) and _A_TEST_NAMED.search(text) \
            and not re.search(r"未见|没见|没看到|未发现|没发现|不支持|阴性", text):
        # "没有病理，只有外周血涂片", "no marrow, just a blood film": the test not had, not a leukemia ruled out
        answer = "unsure"
    if answer == "unsure":
        votes.add(expecting, "unsure")
    elif answer in ("yes", "no") and expecting in BY_KEY:
        votes.add(expecting, answer == "yes")
    elif answer is None and expecting in _WHEN_IS_THE_ANSWER and not any(i.kind in "TD" for i in items) \
            and not any(doc[k:j].text.lower() in _SAYS_NO and not (j < len(doc) and doc[j].lower_ in ("since", "after"))
                        for j in range(1, len(doc) + 1) for k in range(max(0, j - 4), j)) \
            and len(durations := _durations(doc, text)) == 1:
        # "Last dose 3 weeks ago", "stopped 6/52 ago", "10天前": when, as the answer to "in the last
        # month?" (one time only: "took it for 2 months, stopped last month" is asked again)
        within = durations[0].within(BY_KEY[expecting].window_days or 0)
        hedged = _HEDGED.search(text, max(0, durations[0].start - 12), durations[0].end) or re.match(
            r"\s*(?:ago|前|以前)?\s*[?？]", text[durations[0].end:])
        # "last one maybe 3 weeks ago?": a time guessed dates nothing
        votes.add(expecting, "unsure" if within is None or hedged else within)
    elif answer is None and expecting in EXCLUSION_NUMBERS.values() and _denied_without_a_name(doc, items, clauses):
        # "没打过", "近一月未用", "从来没参加过", "没有过": a history question answered by a negated verb
        votes.add(expecting, False)
