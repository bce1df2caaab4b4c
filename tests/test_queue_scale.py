"""The queue, dashboard and exports read by the database (issue 20): the same answers as the
Python fold they replace, on a database with re-screens and trails; the JSON API pages with a
cursor that returns every row exactly once while screenings are being logged; the scale
benchmark runs (at a small size: no timing is asserted here, bench/README.md has the figures).

SQLite and PostgreSQL (the `database_url` fixture)."""
from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone

import pytest

from bench.queue_scale import ELIGIBLE, PASSWORD, fill
from prescreen.eligibility.checker import check
from prescreen.followup import queue, queue_sql
from prescreen.followup import workflow as wf
from prescreen.store import outcome_log
from tests.support.servers import ROOT
from web import create_app

UTC = timezone.utc


@pytest.fixture
def filled(database_url):
    """~240 patients: referrals with trails (contacted, scheduled, screen failed, notes,
    assignments, call-backs), 3 % re-screened, some of them ineligible now."""
    return fill(database_url, 240, seed=7)


@pytest.fixture
def signed_in(filled):
    client = create_app(TESTING=True).test_client()
    page = client.get("/queue/sign-in")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    r = client.post("/queue/sign-in", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    return client


def _ids(items) -> list[int]:
    return [i.id for i in items]


def test_the_dashboard_counts_each_patient_once_as_the_python_fold_did(filled):
    screenings, items = queue.load_screenings(), queue.load_items()
    assert any(s["supersedes_id"] for s in screenings)  # re-screens are there
    funnel, reasons, channels, weeks = queue_sql.funnel_and_failures()
    assert funnel == wf.funnel(screenings, items)
    assert funnel.screened == filled["chains"] and funnel.reached[wf.NEW] == filled["in_queue"]
    assert reasons == wf.failure_reasons(screenings, items)
    assert (channels, weeks) == wf.referrals_per_week(items)


def test_the_screening_log_is_the_same_row_for_row(filled):
    rows = list(queue_sql.screening_log())
    assert len(rows) == filled["rows"]
    assert rows == queue.screening_log()


def test_every_order_of_the_list_is_the_python_one(filled):
    # One database for all orders (filling one per order would make this the slowest test).
    items, now, days = queue.load_items(), datetime.now(UTC), 2
    overdue = {i.id for i in items if wf.is_overdue(i, now, days)}
    for sort in ("", "urgent", *wf.SORT_KEYS):
        for descending in (False, True) if sort not in ("", "urgent") else (False,):
            expected = wf.sort_items(wf.filter_items(items), sort, descending, now, overdue) if sort \
                else wf.filter_items(items)
            page = queue_sql.list_page(sort=sort, descending=descending, per_page=1000, now=now, days=days)
            assert _ids(page.items) == _ids(expected), (sort, descending)
            assert page.total == len(items) and page.overdue_total == len(overdue)


FILTERS = [
    {"open_only": True}, {"status": "contacted"}, {"status": "scheduled"}, {"status": "screen_failed"},
    {"decision": "needs_review"}, {"channel": "wechat", "open_only": True}, {"query": "chen"},
    {"query": "5"}, {"query": "ps-0001"}, {"query": "mrn 00001"}, {"query": "%"},
    {"visit_from": date.today() - timedelta(days=400), "visit_to": date.today()},
]


def test_every_filter_of_the_list_keeps_the_same_referrals(filled):
    items, now = queue.load_items(), datetime.now(UTC)
    for filters in FILTERS:
        expected = wf.filter_items(items, **filters)
        page = queue_sql.list_page(per_page=50, now=now, **filters)
        assert page.total == len(expected) and _ids(page.items) == _ids(expected)[:50], filters
        # The next page goes on where this one ended.
        if len(expected) > 50:
            assert _ids(queue_sql.list_page(per_page=50, page=2, now=now, **filters).items) == \
                _ids(expected)[50:100], filters


def test_a_re_screened_patient_is_listed_once_found_by_any_reference_and_shows_the_whole_chain(filled):
    chained = next(i for i in queue.load_items() if len(i.chain) > 1)
    first = chained.chain[0]["reference"]
    page = queue_sql.list_page(query=first, per_page=10)
    assert _ids(page.items) == [chained.id]
    assert [s["reference"] for s in page.items[0].chain] == chained.references


def test_the_list_page_and_its_pager(signed_in, filled):
    page = signed_in.get("/queue/?status=any").text
    assert f"{filled['in_queue']} referrals, oldest first" in page and page.count('data-label="Referral"') == 100
    assert 'rel="next"' in page and "Page 1 of 2" in page
    last = signed_in.get("/queue/?status=any&page=2").text
    assert last.count('data-label="Referral"') == filled["in_queue"] - 100 and 'rel="prev"' in last


def _all_pages(client, url: str) -> list[str]:
    seen = []
    while url:
        r = client.get(url)
        assert r.status_code == 200, r.text
        seen += [row["reference"] for row in r.json["screenings"]]
        assert r.json["count"] == len(r.json["screenings"])
        url = r.json["next"]
    return seen


def test_the_api_pages_through_every_row_exactly_once_while_screenings_are_logged(signed_in):
    stop, written = threading.Event(), []

    def log_screenings():
        n = 0
        while not stop.is_set() and n < 200:
            written.append(outcome_log.record(check(ELIGIBLE), "web", f"api-paging-{n}")["reference"])
            n += 1

    writer = threading.Thread(target=log_screenings)
    writer.start()
    try:
        seen = _all_pages(signed_in, "/queue/api/screenings?limit=7")
    finally:
        stop.set()
        writer.join()
    assert written  # rows were added while paging
    seen += _all_pages(signed_in, f"/queue/api/screenings?limit=50&after={seen[-1]}")  # those logged since
    assert len(seen) == len(set(seen))  # none twice
    everything = [r["reference"] for r in queue_sql.screening_log()]
    assert seen == everything  # none missed, oldest first


def test_the_api_filters_by_date_decision_and_status_and_refuses_bad_input_clearly(signed_in):
    rows = list(queue_sql.screening_log())
    day = rows[len(rows) // 2]["screening_date"]
    got = _all_pages(signed_in, f"/queue/api/screenings?from={day}&to={day}&decision=ineligible&limit=1000")
    assert got == [r["reference"] for r in rows if r["screening_date"] == day and r["decision"] == "ineligible"]
    got = _all_pages(signed_in, "/queue/api/screenings?status=superseded&limit=1000")
    assert got and got == [r["reference"] for r in rows if r["status"] == "superseded"]
    for query, says in (("limit=0", "limit: a number from 1 to 1000"), ("after=PS-x", "after: a screening reference"),
                        ("from=yesterday", "from: a date as YYYY-MM-DD"), ("status=lost", "status: one of")):
        r = signed_in.get(f"/queue/api/screenings?{query}")
        assert r.status_code == 400 and says in r.json["error"], query


def test_the_csv_streams_every_row(signed_in, filled):
    r = signed_in.get("/queue/screening-log.csv")
    assert r.status_code == 200 and r.is_streamed
    assert r.data.decode("utf-8-sig").count("\n") == filled["rows"] + 1  # and the header


def test_the_scale_benchmark_runs_and_its_counts_are_right(tmp_path):
    """bench/queue_scale.py at a small size on SQLite: fills, starts the real web app, fetches
    every page over HTTP and checks the counts it shows (no timing is asserted)."""
    out = subprocess.run([sys.executable, "-m", "bench.queue_scale", "--size", "300", "--repeat", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "counts ok" in out.stdout, out.stdout + out.stderr[-3000:]
