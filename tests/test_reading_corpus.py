"""The labelled reading corpus (tests/reading/) is well formed, and the reader holds its figures.

bench/reading_report.py prints the full report. Here the dev part's dangerous counts may not
grow past what they are now (a ratchet, lowered as the rules improve); the held-out part is
only reported, never tuned on, so it has no bound here.
"""
from __future__ import annotations

from collections import Counter

import pytest

from bench import reading_report as report
from prescreen.eligibility.facts import FACT_KEYS

# Measured on the dev part with this commit's rules (README, "Reading"). Lower them when the
# rules improve; never raise them to make a change pass.
# (Raised on 2026-12-04 by the corpus, not the rules: held-out batches 1 and 2 moved into dev
# after their figures were recorded, and dev batches 5-8 (2,010 phrases written blind) joined it;
# tests/reading/README.md. Measured at the session's last commit: 8, 35, 0.929.
# Raised again on 2026-12-05, by the corpus: held-out batch 4 (616 phrases, figures recorded)
# moved into dev once batch 6 was written, and dev batches 9-10 (969 phrases, blind) joined it.
# Measured at 5268565 with them: 48, 103, 0.9155; the session's rules brought it to 17, 49, 0.9439.
# Raised on 2026-12-05 (session 12), by the labels and the corpus: 57 labels made consistent with
# the README's four decisions (prophylaxis, AML grown from MDS/MPN, ...), and held-out batch 6
# (770 phrases, figures recorded) moved into dev once batch 8 was written: 25, 106, 0.93885; the
# session's rules brought it to 3, 36, 0.94668; dev batch 12 (454 phrases, blind) joined it and a
# second round brought it to 3, 20, 0.94339.)
DEV_MAX_DEFINITE_WRONG = 3
DEV_MAX_UNCERTAIN_AS_DEFINITE = 20
DEV_MIN_RECALL = 0.9433


@pytest.fixture(scope="module")
def corpus():
    return list(report.phrases())


def test_the_corpus_is_as_large_and_as_varied_as_promised(corpus):
    langs = Counter(p.lang for p in corpus)
    registers = Counter(p.register for p in corpus)
    parts = Counter(p.part for p in corpus)
    assert len(corpus) >= 1500, len(corpus)
    assert langs["zh"] >= 600 and registers["lay"] >= 200, (langs, registers)
    assert parts["heldout"] >= len(corpus) // 6, parts  # about a fifth, written before tuning


def test_every_label_is_a_fact_key_with_a_possible_value(corpus):
    for p in corpus:
        assert p.text.strip(), p.where
        assert p.lang in ("en", "zh") and p.register in ("clinician", "lay"), p.where
        assert p.expecting is None or p.expecting in FACT_KEYS or p.expecting == "exclusion_checklist", p.where
        for key, value in p.facts.items():
            assert key in FACT_KEYS, (p.where, key)
            assert value == report.UNKNOWN or isinstance(value, (bool, int, float, str)), (p.where, key, value)


def test_the_dev_part_is_read_no_worse_than_measured():
    result = report.score(list(report.phrases(("dev",))))
    total = result.total("dev")
    assert total.wrong <= DEV_MAX_DEFINITE_WRONG, [m for m in result.mistakes if m.kind == "definite value wrong"]
    assert total.uncertain_as_definite <= DEV_MAX_UNCERTAIN_AS_DEFINITE, [
        m for m in result.mistakes if m.kind == "uncertain read as definite"]
    assert total.recall >= DEV_MIN_RECALL, total.recall
