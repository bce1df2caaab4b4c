"""Value parsers: every unit form, every boundary, every refusal."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prescreen.reading.nlp import language_of, normalise, normalise_mapped
from prescreen.reading.parsing import (
    PLATELET_MAX, InvalidValue, parse_age, parse_bool, parse_duration_days, parse_ecog, parse_number, parse_platelets,
)


# ---- normalisation -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("３２，０００／ｕＬ", "32,000/uL"),
    ("35×10⁹/L", "35x10^9/L"),
    ("35*10^9/L", "35x10^9/L"),
    ("35X10^9/L", "35x10^9/L"),
    ("50000/µL", "50000/uL"),
    ("50000/μL", "50000/uL"),
    ("20000/mm³", "20000/mm^3"),
    ("HIV-, hep B+", "HIV -, hep B +"),
    ("B-ALL", "B-ALL"),
    ("IL-11", "IL-11"),
    ("won’t", "won't"),
    ("血小板３.２万。", "血小板3.2万."),
])
def test_normalise(raw, clean):
    assert normalise(raw) == clean


def test_normalise_maps_every_character_back():
    raw = "PLT 35×10⁹/L, HIV-"
    clean, where = normalise_mapped(raw)
    assert len(where) == len(clean)
    assert clean[clean.index("^9")] == "^" and raw[where[clean.index("^9")]] == "⁹"
    assert raw[where[clean.index("HIV")]:where[clean.index("HIV") + 2] + 1] == "HIV"


@pytest.mark.parametrize("text, language", [
    ("AML, PLT 32k", "en"), ("急性髓系白血病", "zh"), ("HIV阳性", "zh"), ("血小板 32k", "zh"),
    ("AML confirmed by marrow, 确诊", "en"), ("", "en"), ("😀", "en"),
])
def test_language_of(text, language):
    assert language_of(text) == language


# ---- platelets ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("35", 35.0),
    ("35 x10^9/L", 35.0),
    ("35 x 10^9 /L", 35.0),
    ("35×10⁹/L", 35.0),
    ("35*10^9/L", 35.0),
    ("35×109/L", 35.0),  # superscript lost in a copy-paste
    ("35 x10e9/L", 35.0),
    ("35 x10^9", 35.0),
    ("22 G/L", 22.0),
    ("22 g/l", 22.0),
    ("45 x10^3/uL", 45.0),
    ("32,000/uL", 32.0),
    ("50000/µL", 50.0),
    ("50000/μL", 50.0),
    ("20000/mm3", 20.0),
    ("20000/mm³", 20.0),
    ("20000/ul", 20.0),
    ("20000 per uL", 20.0),
    ("41k", 41.0),
    ("41K", 41.0),
    ("41K/uL", 41.0),
    ("41k/ul", 41.0),
    ("41 thousand", 41.0),
    ("3.2万", 32.0),
    ("血小板3.2万", 32.0),
    ("血小板计数 32", 32.0),
    ("PLT 32", 32.0),
    ("plt: 32,000/uL", 32.0),
    ("platelets 45", 45.0),
    ("platelet count is 45", 45.0),
    ("32000", 32.0),  # typed, a bare number >= 1000 is per µL
    ("999", 999.0),
    ("1000", 1.0),
    ("3.2", 3.2),
    ("0.5", 0.5),
    ("thirty-two", 32.0),
    ("三十二", 32.0),
    ("３２", 32.0),
    (" 45. ", 45.0),
    ("2000 x10^9/L", 2000.0),  # the upper bound itself is accepted
    (35, 35.0),
    (35.5, 35.5),
    (0.1, 0.1),
    (1500, 1.5),
    (2000, 2.0),  # a JSON number reads like typed text: >= 1000 is per µL
    (32000, 32.0),
])
def test_parse_platelets(value, expected):
    assert parse_platelets(value) == pytest.approx(expected)


@pytest.mark.parametrize("value, shown", [
    ("PLT 5000000", "5000"),
    ("5000000", "5000"),
    (5000000, "5000"),
    ("2000.01 G/L", "2000.01"),
    ("2001 x10^9/L", "2001"),
    ("0", "0"),
    (0, "0"),
    ("-5", "-5"),
    ("platelets -5", "-5"),
    (-5, "-5"),
    (float("inf"), "inf"),
])
def test_impossible_platelets_are_refused_not_clamped(value, shown):
    with pytest.raises(InvalidValue) as raised:
        parse_platelets(value)
    error = raised.value
    assert (error.field, error.code, error.value) == ("platelet_count", "out_of_range", value)
    assert str(error) == error.message == (
        f"Platelet count {shown}×10⁹/L is not possible: give a value above 0 and up to "
        f"{PLATELET_MAX}×10⁹/L (e.g. 32, 32k, 32,000/µL, 3.2万)."
    )


@pytest.mark.parametrize("value", ["abc", "", "32 apples", "about thirty or forty", "32 mg", True, False, float("nan"), "PLT"])
def test_unreadable_platelets(value):
    with pytest.raises(InvalidValue) as raised:
        parse_platelets(value)
    assert (raised.value.field, raised.value.code) == ("platelet_count", "unreadable")
    assert "e.g. 32, 32k, 32,000/µL, 3.2万" in raised.value.message
    assert "\n" not in raised.value.message


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=2_000_000))
def test_counts_per_microlitre(n):
    assert parse_platelets(f"{n}/uL") == pytest.approx(n / 1000)
    assert parse_platelets(f"{n:,}/µL") == pytest.approx(n / 1000)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2_000_001, max_value=10**12))
def test_counts_above_the_maximum_are_refused(n):
    with pytest.raises(InvalidValue) as raised:
        parse_platelets(f"{n}/uL")
    assert raised.value.code == "out_of_range"


# ---- age ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("62", 62), ("62y", 62), ("62 y", 62), ("62 yo", 62), ("62 y/o", 62), ("62 years", 62), ("62 years old", 62),
    ("62-year-old", 62), ("62 yrs", 62), ("62岁", 62), ("62周岁", 62), ("六十二岁", 62), ("六十二", 62),
    ("sixty-two", 62), ("sixty two", 62), ("age 62", 62), ("Age: 62", 62), ("年龄62岁", 62), ("６２", 62),
    (62, 62), (62.0, 62), ("0", 0), ("120", 120), ("18", 18), ("75", 75), ("一百二十", 120),
])
def test_parse_age(value, expected):
    assert parse_age(value) == expected


@pytest.mark.parametrize("value, shown", [("age 250", "250"), ("250", "250"), (250, "250"), ("121", "121"), ("-3", "-3"), (-1, "-1")])
def test_impossible_age(value, shown):
    with pytest.raises(InvalidValue) as raised:
        parse_age(value)
    assert (raised.value.field, raised.value.code) == ("age", "out_of_range")
    assert raised.value.message == f"Age {shown} is not possible: give whole years between 0 and 120 (the trial takes 18–75)."


@pytest.mark.parametrize("value", [62.5, "62.5", "sixty-ish", "", "old", True, float("nan")])
def test_unreadable_age(value):
    with pytest.raises(InvalidValue) as raised:
        parse_age(value)
    assert (raised.value.field, raised.value.code) == ("age", "unreadable")
    assert "between 0 and 120" in raised.value.message


def test_fractional_age_is_refused_not_floored():
    with pytest.raises(InvalidValue, match="62.5 is not whole years"):
        parse_age(62.5)


# ---- ECOG --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("0", 0), ("1", 1), ("4", 4), (2, 2), (1.0, 1), ("ECOG 1", 1), ("ecog: 2", 2), ("ECOG PS 1", 1), ("PS 2", 2),
    ("performance status 0", 0), ("ECOG评分1分", 1), ("1分", 1), ("one", 1), ("三", 3), ("ECOG 1.", 1),
])
def test_parse_ecog(value, expected):
    assert parse_ecog(value) == expected


@pytest.mark.parametrize("value", ["ECOG 7", "5", 5, -1, "-1"])
def test_impossible_ecog(value):
    with pytest.raises(InvalidValue) as raised:
        parse_ecog(value)
    assert (raised.value.field, raised.value.code) == ("ecog", "out_of_range")
    assert "from 0 to 4" in raised.value.message


@pytest.mark.parametrize("value", ["1.5", 1.5, "good", "", True])
def test_unreadable_ecog(value):
    with pytest.raises(InvalidValue) as raised:
        parse_ecog(value)
    assert (raised.value.field, raised.value.code) == ("ecog", "unreadable")


# ---- booleans ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), (None, None),
    ("yes", True), ("Yes.", True), ("y", True), ("yep", True), ("yeah", True), ("true", True), ("positive", True),
    ("1", True), (1, True), ("是", True), ("有", True), ("对", True), ("阳性", True),
    ("no", False), ("NO", False), ("n", False), ("nope", False), ("neg", False), ("negative", False), ("false", False),
    ("none", False), ("0", False), (0, False), ("否", False), ("没有", False), ("无", False), ("不是", False), ("阴性", False),
    ("", None), ("  ", None), ("unknown", None), ("not sure", None), ("Not  sure", None), ("don't know", None),
    ("no idea", None), ("never tested", None), ("不清楚", None), ("没查过", None), ("不知道", None),
])
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe later", "blue", "2", 2, "yes no"])
def test_unreadable_bool(value):
    with pytest.raises(InvalidValue) as raised:
        parse_bool(value)
    assert raised.value.code == "unreadable"


# ---- durations ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, days", [
    ("three weeks ago", 21), ("3 weeks ago", 21), ("10 days", 10), ("10d", 10), ("2 months ago", 60), ("2 mo ago", 60),
    ("last week", 7), ("last month", 30), ("last year", 365), ("yesterday", 1), ("today", 0), ("a week ago", 7),
    ("a couple of weeks ago", 14), ("a few days ago", 3), ("2 years ago", 730), ("1 yr", 365),
    ("三周前", 21), ("两个月前", 60), ("半个月前", 15), ("一个半月前", 45), ("10天前", 10), ("昨天", 1), ("上周", 7),
    ("去年", 365), ("eltrombopag three weeks ago", 21), ("GI bleed 3 weeks ago", 21),
])
def test_parse_duration_days(text, days):
    assert parse_duration_days(text) == days


@pytest.mark.parametrize("text", ["", "eltrombopag", "PLT 32k", "ECOG 1", "plan d", "3.2万", "62M"])
def test_no_duration(text):
    assert parse_duration_days(text) is None


# ---- numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, number", [
    ("32", 32), ("3.2", 3.2), ("32,000", 32000), ("thirty-two", 32), ("thirty two", 32), ("one hundred and five", 105),
    ("三十二", 32), ("六十二", 62), ("十五", 15), ("一百零五", 105), ("两", 2), ("3.2万", 32000), ("41k", 41000),
    ("41K", 41000), ("PLT 32", 32), ("about 45 or so", 45), ("３２", 32), (".5", 0.5),
])
def test_parse_number(text, number):
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["", "none", "no idea", "😀", "abc"])
def test_no_number(text):
    assert parse_number(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_number_never_raises(text):
    result = parse_number(text)
    assert result is None or isinstance(result, float)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_parsers_raise_only_invalid_value(text):
    for parse in (parse_platelets, parse_age, parse_ecog, parse_bool):
        try:
            parse(text)
        except InvalidValue:
            pass
    assert parse_duration_days(text) is None or parse_duration_days(text) >= 0


def test_the_parsers_do_not_import_spacy():
    # The checker and the command line parse values; they must not pay spaCy's start-up time.
    code = "import sys, prescreen.reading.parsing, prescreen.eligibility.facts; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- the spaCy Matcher reading (prescreen.reading.quantities) -------------------------------------

from prescreen.reading import quantities  # noqa: E402
from prescreen.reading.extract import extract_facts  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("PLT 32k", 32.0), ("plt 32,000/uL", 32.0), ("32 x10^9/L", 32.0), ("32×10⁹/L", 32.0), ("32 G/L", 32.0),
    ("45000 /mm3", 45.0), ("血小板3.2万", 32.0), ("血小板 32×10^9/L", 32.0), ("血小板sixty-two", 62.0),
])
def test_matcher_platelets(text, expected):
    assert parse_platelets(text) == pytest.approx(expected)
    assert extract_facts(text, "platelet_count").facts == {"platelet_count": pytest.approx(expected)}


@pytest.mark.parametrize("text, kind, span, unit", [
    ("PLT 32k", "platelets", "32k", ""),
    ("plt 32,000/uL", "platelets", "32,000/uL", "ul"),
    ("32 x10^9/L", "platelets", "32 x10^9/L", "e9"),
    ("32×10⁹/L", "platelets", "32x10^9/L", "e9"),
    ("32 G/L", "platelets", "32 G/L", "e9"),
    ("45000 /mm3", "platelets", "45000 /mm3", "ul"),
    ("血小板3.2万", "platelets", "3.2万", ""),
    ("62岁", "age", "62岁", ""),
    ("六十二岁", "age", "六十二岁", ""),
    ("体能评分1分", "ecog", "1分", ""),
])
def test_the_matcher_finds_the_whole_quantity(text, kind, span, unit):
    longest = quantities.find(normalise(text), kind)[0]
    assert (longest.text, longest.unit) == (span, unit)


def test_one_matcher_built_once_serves_both_scripts():
    from spacy.matcher import Matcher

    vocab, matcher = quantities._grammar()
    assert quantities._grammar() == (vocab, matcher) and isinstance(matcher, Matcher)
    assert [p.group() for p in quantities.pieces("血小板3.2万, PLT 32k, thirty-two")] == [
        "血", "小", "板", "3.2", "万", ",", "PLT", "32", "k", ",", "thirty-two"]


@pytest.mark.parametrize("value, expected", [("62岁", 62), ("六十二岁", 62), ("age 62", 62), ("年龄sixty-two岁", 62)])
def test_matcher_age(value, expected):
    assert parse_age(value) == expected


@pytest.mark.parametrize("value, expected", [("ECOG 1", 1), ("ps 2", 2), ("体能评分1分", 1)])
def test_matcher_ecog(value, expected):
    assert parse_ecog(value) == expected


@pytest.mark.parametrize("text, days", [("eltrombopag three weeks ago", 21), ("三周前用过艾曲波帕", 21)])
def test_matcher_durations(text, days):
    assert parse_duration_days(text) == pytest.approx(days)


def test_and_is_not_a_day():
    # "and" is not "an" + "d" (one day): the time stated is the two months
    assert parse_duration_days("HIV and hep B") is None
    assert parse_duration_days("eltrombopag and romiplostim 2 months ago") == 60
    assert extract_facts("eltrombopag and romiplostim 2 months ago").facts == {"tpo_agent_1mo": False}


def test_matcher_refuses_an_impossible_platelet_count():
    with pytest.raises(InvalidValue) as raised:
        parse_platelets("PLT 5000000")
    assert (raised.value.field, raised.value.code) == ("platelet_count", "out_of_range")
    assert raised.value.message.startswith("Platelet count 5000×10⁹/L is not possible")
    assert "above 0 and up to 2000×10⁹/L" in raised.value.message
    (problem,) = extract_facts("PLT 5000000").problems
    assert (problem.field, problem.message) == ("platelet_count", raised.value.message)


def test_matcher_mixed_message():
    found = extract_facts("62M AML, PLT 32k, ECOG 1")
    assert (found.facts["age"], found.facts["platelet_count"], found.facts["ecog"]) == (62, 32.0, 1)
    assert not found.problems


@pytest.mark.parametrize("text", ["血小板32,000个月前", "platelet count is 1.5 weeks.", "age 62 weeks"])
def test_a_number_followed_by_a_time_is_not_a_value(text):
    # a whole token is refused: not a shorter number cut from it ("32" from "32,000个月")
    assert extract_facts(text).facts == {}


def test_plain_numbers_are_read_without_spacy():
    code = ("import sys; from prescreen.reading.parsing import parse_age, parse_ecog, parse_platelets; "
            "assert (parse_platelets('32000'), parse_age(' 62 '), parse_ecog('1.')) == (32, 62, 1); "
            "assert 'spacy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("text, expected", [
    ("PLT 2.1 x10^4/uL", 21.0),  # ×10⁴/µL
    ("Platelets 0.041 x10^12/L", 41.0),  # ×10¹²/L
    ("His platelets have now fallen to 39.", 39.0),
    ("Platelets stable at 95.", 95.0),
    ("Plt yday 11.", 11.0),
])
def test_platelet_counts_in_more_units_and_verbs(text, expected):
    from prescreen.reading.extract import extract_facts

    assert extract_facts(text).facts.get("platelet_count") == expected


@pytest.mark.parametrize("text", ["Lab: PLT 0.22 x10^12/L? - clumped sample", "PLT 12 (clumped)"])
def test_a_count_queried_or_clumped_is_asked(text):
    from prescreen.reading.extract import extract_facts

    assert "platelet_count" in extract_facts(text).unsure


def test_an_age_is_not_read_from_a_count_of_rounds():
    from prescreen.reading.extract import extract_facts

    assert "age" not in extract_facts("she's had 2 rounds of the azacitidine").facts


@pytest.mark.parametrize("text, expected", [
    ("ECOG 0 prior to diagnosis, now 2.", 2),  # the grade then is not the grade now
    ("performance status 1, maybe 2", None),  # either of two: asked
    ("ECOG 1 (possibly 2)", None),
])
def test_ecog_then_and_either(text, expected):
    from prescreen.reading.extract import extract_facts

    found = extract_facts(text)
    assert found.facts.get("ecog") == expected and (("ecog" in found.unsure) == (expected is None))


def test_a_test_still_to_be_done_is_no_result():
    from prescreen.reading.extract import extract_facts

    assert "pregnant_or_breastfeeding" in extract_facts("Pregnancy test to be done prior to screening.").unsure
