"""One Doc per message: the language pipeline tokenises a message once, and its components
(quantities with their units and durations; criterion terms, cues and diagnoses; ConText's
state of each mention) annotate that Doc; no clause is read again.

Issue 15 item 4. What a user would notice if this broke is speed and, worse, two readings of
one message that disagree; what is checked here is the count itself, on messages whose facts
need every part (labelled values, ages, durations in several clauses, in both languages).
"""
from __future__ import annotations

import pytest

from prescreen.reading import nlp, quantities
from prescreen.reading.extract import MENTIONS, TERMS, extract_facts

MESSAGES = [
    # durations in three clauses and a sentence of their own, labelled values, an age with sex
    ("62M, AML. DVT 3 weeks ago; eltrombopag stopped 2 months ago. Major bleed 5 days ago, 4 units given. "
     "PLT 32k, ECOG 1.", None,
     {"age": 62, "sex": "M", "platelet_count": 32.0, "ecog": 1, "thrombosis_history": True,
      "tpo_agent_1mo": False, "severe_bleeding_2wk": True}),
    ("58岁女性，急性髓系白血病，3周前发生下肢深静脉血栓，近1个月未用TPO类药及IL-11，血小板3.2万，ECOG 1分", None,
     {"age": 58, "sex": "F", "platelet_count": 32.0, "ecog": 1, "thrombosis_history": True, "tpo_agent_1mo": False}),
    ("我爸今年六十二，阿伐曲泊帕已停用3个月", None, {"age": 62, "tpo_agent_1mo": False}),
    ("45k", "platelet_count", {"platelet_count": 45.0}),
]


class _Counting:
    """A tokenizer that counts its calls and otherwise is the pipeline's own."""

    def __init__(self, tokenizer) -> None:
        self._tokenizer = tokenizer
        self.calls: list[str] = []

    def __call__(self, text):
        self.calls.append(text)
        return self._tokenizer(text)

    def __getattr__(self, name):  # jieba_seg and the rest, for the Chinese tokenizer
        return getattr(self._tokenizer, name)


@pytest.fixture
def counted(monkeypatch):
    """Calls of both language pipelines' tokenizers and of the quantity grammar's cutting."""
    for text, expecting, _ in MESSAGES:
        extract_facts(text, expecting)  # matchers and ConText are built on first use, from phrases
    tokenizers = {}
    for lang in ("en", "zh"):
        pipeline = nlp.pipeline(lang)
        tokenizers[lang] = _Counting(pipeline.tokenizer)
        monkeypatch.setattr(pipeline, "tokenizer", tokenizers[lang])
    cuts: list[str] = []
    real_pieces = quantities.pieces

    def pieces(text):
        cuts.append(text)
        return real_pieces(text)

    monkeypatch.setattr(quantities, "pieces", pieces)
    quantities._read.cache_clear()  # else a message read before would not be cut again at all
    quantities._dated.cache_clear()
    yield tokenizers, cuts
    quantities._read.cache_clear()


@pytest.mark.parametrize("text, expecting, expected", MESSAGES)
def test_a_message_is_tokenized_once_and_its_quantities_read_once(counted, text, expecting, expected):
    tokenizers, cuts = counted
    facts = extract_facts(text, expecting).facts
    assert {k: facts.get(k) for k in expected} == expected  # every part of the message was read
    calls = tokenizers["en"].calls + tokenizers["zh"].calls
    assert len(calls) == 1, calls
    assert len(cuts) == 1, cuts  # the whole message, not a clause or a sentence of it again


def test_the_language_pipelines_annotate_one_doc():
    for lang in ("en", "zh"):
        assert nlp.pipeline(lang).pipe_names == [quantities.COMPONENT, TERMS, MENTIONS]
    doc = nlp.read(nlp.normalise("PLT 32k, no DVT 3 weeks ago"))
    found = doc._.get(quantities.EXTENSION).found
    assert [(q.text, q.value) for q in found["duration"]] == [("3 weeks", 21.0)]
    assert [(q.text, q.unit) for q in quantities.find(doc, "platelets")][0] == ("32k", "")
    terms = {(span.text, span.label_) for span in doc.spans[TERMS]}
    assert ("DVT", "T|thrombosis_history|1|0") in terms and ("PLT", "L|platelet_count") in terms
    items, _ = doc.user_data[MENTIONS]  # ConText's reading of each mention, on the same Doc
    assert [(doc[i.start:i.end].text, i.state) for i in items if i.kind == "T"] == [("DVT", "neg")]


@pytest.mark.parametrize("text", [
    "DVT 3 weeks ago, then 2/52 of rivaroxaban; 5/12/2025 clinic",
    "3周前血栓，一个半月前用过特比澳，末次用药4个月前",
    "last week 3 days/5 days, twenty one days ago",
])
def test_a_part_of_the_message_reads_as_it_reads_on_its_own(text):
    """The duration of a clause, taken from the message's Doc, is the one the clause's own
    text gives, for every part that starts or ends at a token (a clause, a sentence) and ends
    or starts anywhere (after a word such as "stopped"): the views must not change a reading."""
    text = nlp.normalise(text)
    doc = nlp.read(text)
    starts, ends = {t.idx for t in doc}, {t.idx + len(t.text) for t in doc}
    anywhere = range(len(text) + 1)
    for start, end in {(s, e) for s in starts for e in anywhere} | {(s, e) for s in anywhere for e in ends}:
        if end > start:
            assert quantities.first_duration_in(doc, start, end) == quantities.first_duration(text[start:end]), \
                text[start:end]
