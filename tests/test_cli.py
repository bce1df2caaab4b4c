"""The `prescreen` console script, run as a user runs it."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from prescreen.store import outcome_log
from prescreen.eligibility.checker import check

PRESCREEN = str(Path(sys.executable).parent / "prescreen")

ELIGIBLE = {
    "age": 62, "sex": "M", "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": "32,000/uL",
    "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False,
    "willing_to_consent": True, "romiplostim_hypersensitivity": False, "other_hematologic_disorder": False,
    "other_thrombocytopenia_cause_6mo": False, "thrombosis_history": False, "severe_bleeding_2wk": False,
    "tpo_agent_1mo": False, "hiv": False, "chronic_hepatitis": False, "severe_comorbidity": False,
    "other_trial_28d": False, "cognitive_psychiatric": False, "refuses_romiplostim": False,
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PRESCREEN, *args], input=stdin, capture_output=True, text=True, timeout=120)


def test_check_prints_the_outcome(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(ELIGIBLE))
    r = run("check", str(facts))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["decision"] == "potentially_eligible"
    assert out["failed"] == [] and out["unknown"] == []
    assert out["criteria_version"].startswith("NCT06898983@")
    assert len(out["criteria"]) == 21
    assert {c["status"] for c in out["criteria"]} == {"met", "investigator"}
    assert all(c["reason"] for c in out["criteria"])


def test_check_reads_stdin_and_lists_failures():
    r = run("check", "-", stdin=json.dumps({**ELIGIBLE, "platelet_count": 52, "ecog": 3}))
    out = json.loads(r.stdout)
    assert out["decision"] == "ineligible" and out["failed"] == ["I3", "I4"]
    i3 = next(c for c in out["criteria"] if c["id"] == "I3")
    assert i3["status"] == "not_met" and "52" in i3["reason"]


@pytest.mark.parametrize("content, field", [
    ('{"age": 250}', "age"),
    ('{"platelet_count": -3}', "platelet_count"),
    ('{"platelet_count": "PLT 5000000"}', "platelet_count"),
    ('{"age": 62,', "not valid JSON"),
    ('[1, 2]', "expected a JSON object"),
])
def test_bad_input_exits_non_zero_with_one_line_naming_the_problem(tmp_path, content, field):
    f = tmp_path / "facts.json"
    f.write_text(content)
    r = run("check", str(f))
    assert r.returncode != 0
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], r.stderr


def test_missing_file_is_a_clear_message(tmp_path):
    r = run("check", str(tmp_path / "nope.json"))
    assert r.returncode != 0 and "cannot read" in r.stderr and "Traceback" not in r.stderr


def test_log_lists_screenings_newest_first_and_by_sender(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'log.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    from prescreen.store.db import get_engine
    from prescreen.settings import get_settings
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        outcome_log.record(check({"age": 90}), channel="rest", sender_id="dr-a")
        outcome_log.record(check(ELIGIBLE), channel="wechat", sender_id="patient-b")
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()
    everything = json.loads(run("log", "--json").stdout)
    assert [r["channel"] for r in everything] == ["wechat", "rest"]
    for r in everything:
        assert {"decision", "failed", "unknown", "channel", "criteria_version", "created_at"} <= set(r)
    only_a = json.loads(run("log", "--json", "--sender", "dr-a").stdout)
    assert len(only_a) == 1 and only_a[0]["decision"] == "ineligible" and only_a[0]["failed"] == ["I1"]
    assert json.loads(run("log", "--json", "--sender", "nobody").stdout) == []


def test_criteria_prints_every_criterion_with_the_trial_wording():
    r = run("criteria")
    assert r.returncode == 0
    for cid in [f"I{i}" for i in range(1, 8)] + [f"E{i}" for i in range(1, 15)]:
        assert f"\n{cid} " in "\n" + r.stdout
    assert "Romiplostim N01" in r.stdout and "Criteria version NCT06898983@" in r.stdout
    table = json.loads(run("criteria", "--json").stdout)
    assert len(table["criteria"]) == 21 and table["criteria"][2]["facts"] == ["platelet_count", "thrombocytopenia_due_to_treatment"]


def test_batch_screens_a_registry_export_and_keeps_going_past_bad_rows(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    keys = ["mrn"] + list(ELIGIBLE)
    with open(src, "w", newline="", encoding="utf-8-sig") as f:  # as Excel writes it
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for i in range(300):
            row = {**ELIGIBLE, "mrn": f"SYN{i:04d}"}
            row = {k: ("yes" if v is True else "no" if v is False else v) for k, v in row.items()}
            if i % 3 == 1:
                row["platelet_count"] = "55k"
            if i == 7:
                row["age"] = "250"
            if i == 8:
                row["hiv"] = ""
            w.writerow(row)
    r = run("batch", str(src), str(dst))
    assert r.returncode == 0, r.stderr
    assert "screening" in r.stderr and "300/300" in r.stderr  # the progress bar on a long file
    rows = list(csv.DictReader(open(dst, encoding="utf-8")))
    assert len(rows) == 300 and rows[0]["mrn"] == "SYN0000"
    assert rows[0]["decision"] == "potentially_eligible"
    assert rows[1]["decision"] == "ineligible" and rows[1]["failed"] == "I3" and "55" in rows[1]["reasons"]
    assert rows[7]["decision"] == "error" and rows[7]["error"].startswith("age:")
    assert rows[8]["decision"] == "needs_review" and rows[8]["unknown"] == "E8"
