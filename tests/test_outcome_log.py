"""The outcome log against real databases: SQLite file and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from prescreen.store import outcome_log
from prescreen.eligibility.checker import check
from prescreen.store.db import get_engine, session
from prescreen.store.models import AppendOnlyError, Screening

RAW_OPENID = "oAbC123-wechat-openid-xyz"


def test_schema_is_migrated_automatically_on_first_use(database_url):
    engine = get_engine()
    tables = set(inspect(engine).get_table_names())
    assert {"screenings", "alembic_version"} <= tables


def test_recorded_outcome_reads_back_with_contract_fields(database_url):
    outcome = check({"age": 80, "diagnosis": "AML", "platelet_count": 30})
    row = outcome_log.record(outcome, channel="rest", sender_id="physician-42")
    assert row["reference"].startswith("PS-")
    (logged,) = outcome_log.screenings()
    for key in ("decision", "failed", "unknown", "channel", "criteria_version", "created_at"):
        assert logged[key] == row[key]
    assert logged["decision"] == "ineligible" and logged["failed"] == ["I1"]
    assert logged["facts"]["age"] == 80
    assert {c["id"] for c in logged["criteria"]} >= {"I1", "E14"}


def test_each_criterion_keeps_the_words_its_facts_were_read_from(database_url):
    outcome = check({"age": 62, "thrombosis_history": True, "hiv": False})
    outcome_log.record(outcome, channel="rest", sender_id="physician-7",
                       evidence={"thrombosis_history": "DVT 2019, on rivaroxaban", "hiv": "HIV/HBV/HCV neg"})
    (logged,) = outcome_log.screenings()
    by_id = {c["id"]: c for c in logged["criteria"]}
    assert by_id["E5"]["status"] == "not_met"
    assert by_id["E5"]["evidence"] == {"thrombosis_history": "DVT 2019, on rivaroxaban"}
    assert by_id["E8"]["evidence"] == {"hiv": "HIV/HBV/HCV neg"}
    assert "evidence" not in by_id["I1"]  # age came with no words to keep


def test_raw_sender_id_is_never_stored(database_url):
    outcome_log.record(check({}), channel="wechat", sender_id=RAW_OPENID)
    with get_engine().connect() as c:
        dump = " ".join(str(v) for row in c.execute(text("SELECT * FROM screenings")) for v in row)
    assert RAW_OPENID not in dump
    assert outcome_log.pseudonym(RAW_OPENID) in dump


def test_rescreen_appends_and_newest_comes_first(database_url):
    first = outcome_log.record(check({"platelet_count": 60}), channel="rest", sender_id="c1")
    outcome_log.record(check({}), channel="rest", sender_id="someone-else")
    second = outcome_log.record(check({"platelet_count": 45}), channel="rest", sender_id="c1")
    mine = outcome_log.screenings(sender_id="c1")
    assert [r["reference"] for r in mine] == [second["reference"], first["reference"]]
    assert len(outcome_log.screenings()) == 3


def test_rows_cannot_be_rewritten_through_the_orm(database_url):
    outcome_log.record(check({}), channel="rest", sender_id="c1")
    with pytest.raises(AppendOnlyError):
        with session() as s:
            row = s.scalars(select(Screening)).one()
            row.decision = "potentially_eligible"
    with pytest.raises(AppendOnlyError):
        with session() as s:
            s.delete(s.scalars(select(Screening)).one())
    assert outcome_log.screenings()[0]["decision"] == "needs_review"


def test_rows_cannot_be_rewritten_in_sql_either(database_url):
    outcome_log.record(check({}), channel="rest", sender_id="c1")
    for statement in ("UPDATE screenings SET decision = 'potentially_eligible'", "DELETE FROM screenings"):
        with pytest.raises(DBAPIError, match="append-only"):
            with get_engine().begin() as c:
                c.execute(text(statement))
    assert len(outcome_log.screenings()) == 1


def test_a_sender_id_already_pseudonymous_is_kept_so_the_raw_id_finds_its_rows(database_url):
    # WeChat hands Rasa "ps-" + HMAC(OpenID); the log must not hash it a second time.
    from prescreen.eligibility.checker import check

    rasa_sender = outcome_log.pseudonymous_sender(RAW_OPENID)
    row = outcome_log.record(check({"age": 80}), channel="wechat", sender_id=rasa_sender)
    assert [r["reference"] for r in outcome_log.screenings(RAW_OPENID)] == [row["reference"]]
    assert RAW_OPENID not in str(outcome_log.screenings(RAW_OPENID))


def test_a_retried_write_of_the_same_decision_returns_the_first_row(database_url):
    # The write committed but its acknowledgement was lost; the user's "yes" comes again.
    outcome = check({"age": 62, "diagnosis": "AML", "platelet_count": 32})
    first = outcome_log.record(outcome, channel="rest", sender_id="dr-1", key="facts-a|after-none")
    again = outcome_log.record(outcome, channel="rest", sender_id="dr-1", key="facts-a|after-none")
    assert again["reference"] == first["reference"]
    assert len(outcome_log.screenings()) == 1
    # Another conversation, or another moment of this one, is another screening.
    other = outcome_log.record(outcome, channel="rest", sender_id="dr-2", key="facts-a|after-none")
    later = outcome_log.record(outcome, channel="rest", sender_id="dr-1", key="facts-a|after-PS-000009")
    assert len({first["reference"], other["reference"], later["reference"]}) == 3
    assert len(outcome_log.screenings()) == 3
    # The key is an HMAC like the sender reference: it names nothing by itself.
    with get_engine().connect() as c:
        keys = [k for (k,) in c.execute(text("SELECT screening_key FROM screenings"))]
    assert all(len(k) == 64 and "facts-a" not in k for k in keys)


def test_the_same_decision_written_at_once_by_two_requests_is_one_row(database_url):
    import threading

    outcome = check({"age": 62, "diagnosis": "AML", "platelet_count": 32})
    outcome_log.screenings()  # migrate before the race
    start, results, errors = threading.Barrier(6), [], []

    def write():
        start.wait()
        try:
            results.append(outcome_log.record(outcome, channel="rest", sender_id="dr-1", key="same")["reference"])
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(results)) == 1 and len(results) == 6
    assert len(outcome_log.screenings()) == 1
