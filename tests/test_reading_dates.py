"""Dates in a message are read as how long ago they were, never as a guess at an unsure day
(prescreen.reading.dates), and decide the time windows of E6, E7 and E11 only when they can."""
from __future__ import annotations

from datetime import date

import pytest

from prescreen.reading import dates
from prescreen.reading.extract import extract_facts

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize("text, chinese, said, days, spread", [
    ("last injection 11 Sept 2026", False, "11 Sept 2026", 84, 0),
    ("last administered 29/11/2026", False, "29/11/2026", 5, 0),
    ("Romiplostim weekly, last dose 26/11/2026.", False, "26/11/2026", 8, 0),  # a full stop after it
    ("that was March", False, "March", 248, 30),
    ("Oct 2025 - Jan 2026", False, "Oct 2025 - Jan 2026", 307, 30),  # a range: when it ended
    ("says last took 'early October'", False, "early October", 55, 9),
    ("末次11.08", True, "11.08", 26, 0),
    ("11月26号最后一针", True, "11月26号", 8, 0),
    ("十月初的事了", True, "十月初", 55, 9),
    ("Received rhTPO in spring 2026", False, "spring 2026", 187, 91),
    ("Was on hetrombopag Jan-Jun this year only", False, "Jan-Jun", 157, 29),
    # day first or month first: both days are kept
    ("Med rec 04/12/2026", False, "04/12/2026", 0, 236),
])
def test_a_date_is_the_span_of_days_it_can_mean(text, chinese, said, days, spread):
    found = dates.find(text, chinese, TODAY)
    assert [(text[d.start:d.end], d.days, d.spread) for d in found] == [(said, days, spread)]


@pytest.mark.parametrize("text, chinese", [
    ("she may have had a clot", False),  # a verb, not the month
    ("HIV-1/2 Ab negative", False),
    ("stopped 6/52 ago", False),  # a duration
    ("白介素-11 1.5mg qd", True),  # a dose
    ("血红蛋白8.5", True),
    ("DIC，3月前已纠正", True),  # three months ago, not March
    ("近1月用过特比澳", True),  # the past month, not January
    ("romiplostim last dose 1.5.", False),  # a decimal at a sentence's end
    ("1/2 tab at night", False),
    ("on eltrombopag since 2023", False),  # up to now, not a time ago
])
def test_numbers_that_are_not_dates(text, chinese):
    assert dates.find(text, chinese, TODAY) == []


@pytest.mark.parametrize("text, expecting, expected", [
    ("Nplate 3 mcg/kg weekly, last injection 11 Sept 2026", None, False),
    ("Eltrombopag 50mg od Oct 2025 - Jan 2026 (given elsewhere), none since", None, False),
    ("特比澳7天，末次11.08", None, True),
    ("11月28日停用海曲泊帕", "tpo_agent_1mo", True),  # a date's 11 and 28 are no months or days counted
    ("IL-11 in the first cycle, that was March", "tpo_agent_1mo", False),
    # how long a course lasted is not when it was
    ("Doptelet 5 day course before his dental extraction, 2 months ago", None, False),
    ("巨和粒打了三天，那是十月初的事了", "tpo_agent_1mo", False),
    ("巨和粒打过，是今年夏天的事了", "tpo_agent_1mo", False),  # this year's summer
    # a month that may be inside the month's window or not is asked
    ("last dose of eltrombopag in early November", None, "unknown"),
])
def test_a_date_decides_the_window_only_when_it_can(text, expecting, expected):
    with dates.as_of(TODAY):
        found = extract_facts(text, expecting=expecting)
    got = found.facts.get("tpo_agent_1mo", "unknown" if "tpo_agent_1mo" in found.unsure else None)
    assert got == expected


def test_a_leading_zero_makes_a_date_not_a_fraction():
    # "2/12" is two months in a British note; "02/12" is a day (2 Dec or 12 Feb: asked)
    assert extract_facts("eltrombopag stopped 2/12 ago").facts == {"tpo_agent_1mo": False}
    assert "tpo_agent_1mo" in extract_facts("Revolade 50mg (stopped 02/12)").unsure


@pytest.mark.parametrize("text, expected", [
    ("She had eltrombopag for a few weeks in August, nothing since", False),  # how long, not when
    ("hetrombopag daily from 2 months ago till 3 weeks ago", True),  # use ended at the range's end
    ("rhTPO from 3 months ago to 2 months ago", False),
])
def test_how_long_and_until_when(text, expected):
    with dates.as_of(TODAY):
        assert extract_facts(text).facts.get("tpo_agent_1mo") is expected


@pytest.mark.parametrize("text", [
    "No thrombopoietic agents during this admission (admitted 01/12).",
    "本次住院期间未用TPO类药物",
])
def test_denied_for_a_stay_is_not_the_month(text):
    assert "tpo_agent_1mo" in extract_facts(text).unsure


@pytest.mark.parametrize("text, expected", [
    ("Significant GI bleed sometime in the last 2-3 weeks", None),  # 14 to 21 days: either side of 2 weeks
    ("major bleed 3 to 4 weeks ago, needed 4 units", False),
    ("rhTPO x 8 days 20/10 - 27/10/2026, nothing since", False),  # a date range, not a range of weeks
])
def test_a_range_of_times_is_every_time_in_it(text, expected):
    key = "tpo_agent_1mo" if "rhTPO" in text else "severe_bleeding_2wk"
    with dates.as_of(TODAY):
        found = extract_facts(text)
    assert found.facts.get(key) is expected
    assert (key in found.unsure) == (expected is None)


@pytest.mark.parametrize("text, said, days", [
    ("One dose of romiplostim given 26/11 by the on-call team", "26/11", 8),  # a word after a yearless date
    ("last dose 11/24/2026, with minimal response", "11/24/2026", 10),  # month first, day over 12
    ("Lusutrombopag prior to liver biopsy in 2024.", "in 2024", 703),  # a year alone: up to its last day
])
def test_more_dates_as_written(text, said, days):
    found = dates.find(text, False, TODAY)
    assert [(text[d.start:d.end], d.days) for d in found] == [(said, days)]
