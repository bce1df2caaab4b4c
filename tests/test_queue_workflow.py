"""Issue 19A: the coordinators' daily work. Re-screening with a fact learned since, the screening
log counting each patient once, every screening openable, contact attempts, the visit and its
.ics file, finding things.

The pure workflow (prescreen/followup/workflow.py) is tested directly; the rest through Flask's
test client against real databases (the `database_url` fixture: SQLite and PostgreSQL)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from prescreen.eligibility.checker import check
from prescreen.followup import queue
from prescreen.followup import workflow as wf
from prescreen.store import outcome_log
from prescreen.store.db import get_engine, session
from prescreen.store.models import Screening
from tests.test_queue import (  # noqa: F401  (fixtures)
    ELIGIBLE, UTC, VISIT, alice, app, client, csrf, move, post, screen, signed_in,
)
from web.queue.pages import tel_links

AT = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _s(i: int, decision: str = "needs_review", supersedes: int | None = None, **facts) -> dict:
    return {"id": i, "reference": f"PS-{i:06d}", "created_at": AT + timedelta(hours=i), "channel": "web",
            "decision": decision, "failed": ["I1"] if decision == "ineligible" else [],
            "unknown": ["E8"] if decision == "needs_review" else [], "facts": facts, "criteria": [],
            "criteria_version": "NCT06898983@x", "supersedes_id": supersedes,
            "supersedes": f"PS-{supersedes:06d}" if supersedes else None}


def _attempt(i: int, result: str = "no_answer", next_on: date | None = None) -> wf.Attempt:
    return wf.Attempt(i, AT + timedelta(hours=i), "alice", AT + timedelta(hours=i), "phone", result, next_on)


# ---- pure: chains and counting once ---------------------------------------------------------

def test_a_re_screened_patient_is_one_chain_and_counted_once():
    rows = [_s(1), _s(2, "ineligible"), _s(3, "potentially_eligible", supersedes=1), _s(4, "ineligible", supersedes=3)]
    assert [[s["id"] for s in c] for c in wf.fold_chains(rows)] == [[1, 3, 4], [2]]
    assert [s["id"] for s in wf.current_outcomes(rows)] == [4, 2]  # in the order of first screening
    assert {k: v["id"] for k, v in wf.superseded_by(rows).items()} == {1: 3, 3: 4}
    f = wf.funnel(rows, [])
    assert f.screened == 2 and f.by_decision == {"ineligible": 2, "needs_review": 0, "potentially_eligible": 0}
    # Both current outcomes fail I1: the chart counts two patients, not three rows.
    assert wf.failure_reasons(rows, []) == [("I1", 2, 0)]


def test_the_export_links_a_superseded_row_to_its_re_screen_with_age_band_and_sex():
    old, new = _s(1, age=62, sex="M"), _s(3, "potentially_eligible", supersedes=1, age=62, sex="M")
    row = wf.export_row(old, None, new)
    assert (row["status"], row["superseded_by"], row["age_band"], row["sex"]) == ("superseded", "PS-000003", "60-69", "M")
    item = wf.Item(new, None, [], chain=[old, new])
    row = wf.export_row(new, item)
    assert (row["status"], row["supersedes"], row["superseded_by"]) == ("new", "PS-000001", None)
    assert [wf.age_band(a) for a in (None, 17, 18, 29, 30, 69, 70, 75, 76)] == [
        "", "<18", "18-29", "18-29", "30-39", "60-69", "70-75", "70-75", ">75"]


def test_facts_read_in_words_and_what_is_still_unknown():
    assert wf.fact_in_words("childbearing_potential", False) == "childbearing potential: no"
    assert wf.fact_in_words("hiv", None) == "HIV infection: not known"
    assert wf.fact_in_words("sex", "F") == "sex: female" and wf.fact_in_words("platelet_count", 32.0).endswith(": 32")
    item = wf.Item({**_s(1), "unknown": ["I5", "E8"], "facts": {"childbearing_potential": True}}, None, [])
    assert item.still_unknown == [("I5", ["contraception_agreed"]), ("E8", ["hiv"])]


# ---- pure: contact attempts, unreachable, the visit -------------------------------------------

def test_unreachable_only_after_the_configured_number_of_attempts_that_reached_no_one():
    for n in (0, 1, 2):
        with pytest.raises(wf.WorkflowError, match=f"needs 3 contact attempts that reached no one; {n} so far"):
            wf.check_transition("new", "unreachable", attempts=[_attempt(i) for i in range(n)])
    wf.check_transition("new", "unreachable", attempts=[_attempt(i) for i in range(3)])
    # A reply starts the count again.
    tries = [_attempt(0), _attempt(1), _attempt(2, "reached"), _attempt(3)]
    assert wf.attempts_without_reply(tries) == 1
    with pytest.raises(wf.WorkflowError):
        wf.check_transition("contacted", "unreachable", attempts=tries)
    wf.check_transition("new", "unreachable", attempts=[_attempt(0)], min_attempts=1)


def test_an_attempt_needs_its_channel_result_time_and_a_call_back_date():
    now = AT + timedelta(days=1)
    wf.check_attempt("phone", "no_answer", AT, None, now)
    for args, says in ((("fax", "no_answer", AT, None), "Choose how you tried"),
                       (("phone", "maybe", AT, None), "Choose what came of it"),
                       (("phone", "no_answer", None, None), "date and time"),
                       (("phone", "no_answer", now + timedelta(hours=1), None), "in the future"),
                       (("wechat", "call_back", AT, None), "needs the date to call back"),
                       (("clinic", "call_back", AT, date(2026, 11, 30)), "before this attempt")):
        with pytest.raises(wf.WorkflowError, match=says):
            wf.check_attempt(*args, now)


def test_scheduled_carries_the_visit_and_can_move():
    with pytest.raises(wf.WorkflowError, match="date and time"):
        wf.check_transition("contacted", "scheduled", visit_place="room 4")
    with pytest.raises(wf.WorkflowError, match="place"):
        wf.check_transition("contacted", "scheduled", visit_at=AT, visit_place="  ")
    wf.check_transition("contacted", "scheduled", visit_at=AT, visit_place="room 4")
    wf.check_transition("scheduled", "scheduled", visit_at=AT, visit_place="room 5")  # rescheduled
    visit = wf.QueueAction(1, AT, "alice", "status", "contacted", "scheduled", visit_at=AT + timedelta(days=3), visit_place="r4")
    item = wf.Item(_s(1), None, [visit], attempts=[_attempt(0, "call_back", date(2026, 12, 2))])
    assert item.visit_at == AT + timedelta(days=3) and item.next_attempt_on is None  # scheduled: no call due
    item = wf.Item(_s(1), None, [], attempts=[_attempt(0, "call_back", date(2026, 12, 2))])
    assert item.next_attempt_on == date(2026, 12, 2) and item.visit is None


# ---- pure: finding things ----------------------------------------------------------------------

def _items():
    a = wf.Item(_s(1, age=70), {"patient_reference": "CH 778", "referrer_name": "Dr Chen", "created_at": AT}, [],
                attempts=[_attempt(0, "call_back", date(2026, 12, 2))])
    b = wf.Item(_s(2, age=40), {"patient_reference": "ZS-12", "referrer_name": "Dr Wang", "created_at": AT}, [])
    c = wf.Item(_s(5, age=None), None, [wf.QueueAction(1, AT, "x", "status", "contacted", "scheduled",
                                                  visit_at=AT + timedelta(days=2), visit_place="r4")],
                chain=[_s(3), _s(5, supersedes=3)])
    return a, b, c


def test_search_by_reference_patient_reference_and_referrer():
    a, b, c = _items()
    find = lambda q: [i.id for i in wf.filter_items([a, b, c], query=q)]  # noqa: E731
    assert find("PS-000001") == [1] and 1 in find("1") and find("ch 778") == [1] and find("wang") == [2]
    assert find("PS-000003") == [5]  # an earlier reference finds the patient's current screening
    assert find("") == [1, 2, 5] and find("nobody") == []
    assert [i.id for i in wf.filter_items([a, b, c], visit_from=date(2026, 12, 3), visit_to=date(2026, 12, 3))] == [5]


def test_sort_by_any_column_and_the_most_urgent_first():
    a, b, c = _items()
    by = lambda col, desc=False: [i.id for i in wf.sort_items([a, b, c], col, desc)]  # noqa: E731
    assert by("age") == [2, 1, 5] and by("age", True) == [1, 2, 5]  # not known last either way
    assert by("referrer") == [1, 2, 5] and by("waiting", True) == [5, 2, 1]  # c since PS-000003, the newest
    assert by("visit") == [5, 1, 2] and by("next_attempt") == [1, 2, 5]
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    # Overdue first, then a call that is due, then the nearest visit, then the longest waiting.
    assert [i.id for i in wf.sort_items([a, b, c], "urgent", now=now, overdue={2})] == [2, 1, 5]


def test_phone_numbers_become_tel_links_and_the_rest_stays_escaped():
    assert str(tel_links("ext 3310")) == 'ext <a href="tel:3310">3310</a>'
    assert str(tel_links("+86 138-0013-8000 <b>")) == '<a href="tel:+8613800138000">+86 138-0013-8000</a> &lt;b&gt;'
    assert str(tel_links("room 12")) == "room 12"


# ---- the database and the web ----------------------------------------------------------------

def _csv(client) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get("/queue/screening-log.csv").data.decode("utf-8-sig"))))


def test_a_coordinator_re_screens_with_a_lab_result_and_the_patient_is_counted_once(signed_in):
    ref = screen(hiv=None, referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))
    page = signed_in.get(f"/queue/referrals/{ref}").text
    box = page[page.index('id="still-unknown"'):page.index("</section>", page.index('id="still-unknown"'))]
    assert "E8" in box and "HIV infection" in box
    r = post(signed_in, f"/queue/referrals/{ref}/rescreen", fact="hiv", value="no", source="lab result 2026-12-03",
             reason="HIV result came back", expected_reference=ref)
    assert r.status_code == 302
    new = r.location.rsplit("/", 1)[1]
    assert new != ref
    page = signed_in.get(r.location).text
    assert "Potentially eligible" in page and f"supersedes {ref}" in page
    assert "alice entered <strong>HIV infection: no</strong> from “lab result 2026-12-03”" in page
    assert 'ext <a href="tel:3310">3310</a>' in page  # the referral's contact stays with the patient
    # The old reference opens the same patient; the queue lists the patient once, as the current outcome.
    assert f"supersedes {ref}" in signed_in.get(f"/queue/referrals/{ref}").text
    listing = signed_in.get("/queue/").text
    assert "1 referral," in listing and f">{new}</a>" in listing and f">{ref}</a>" not in listing
    rows = _csv(signed_in)
    assert [(r["reference"], r["status"], r["superseded_by"], r["supersedes"]) for r in rows] == [
        (ref, "superseded", new, ""), (new, "new", "", ref)]
    assert sum(1 for r in rows if not r["superseded_by"]) == 1
    assert rows[1]["age_band"] == "60-69" and rows[1]["sex"] == "M"
    dash = signed_in.get("/queue/dashboard").text
    assert re.search(r'<th scope="row">Pre-screened</th><td>1</td>', dash)
    with session() as s:
        row = s.get(Screening, outcome_log.screening_id(new))
        assert row.supersedes == outcome_log.screening_id(ref) and row.facts["hiv"] is False


def test_a_bad_entry_is_refused_with_what_was_typed_kept_and_nothing_written(signed_in):
    ref = screen(hiv=None)
    for data, says in (({"fact": "hiv", "value": "maybe", "source": "lab", "reason": "r"}, "is not yes, no or unknown"),
                       ({"fact": "hiv", "value": "no", "source": "", "reason": "r"}, "where the fact comes from"),
                       ({"fact": "age", "value": "250", "source": "chart", "reason": "typo"}, "age"),
                       ({"fact": "colour", "value": "no", "source": "lab", "reason": "r"}, "Choose which fact")):
        r = post(signed_in, f"/queue/referrals/{ref}/rescreen", expected_reference=ref, **data)
        assert r.status_code == 409 and says in r.text, (data, r.text[:200])
        if data["source"]:
            assert f'value="{data["source"]}"' in r.text
    assert len(queue.load_screenings()) == 1
    # Someone re-screened meanwhile: the stale page's entry is refused.
    post(signed_in, f"/queue/referrals/{ref}/rescreen", fact="hiv", value="no", source="lab", reason="r",
         expected_reference=ref)
    r = post(signed_in, f"/queue/referrals/{ref}/rescreen", fact="hiv", value="yes", source="lab", reason="r",
             expected_reference=ref)
    assert r.status_code == 409 and "re-screened meanwhile" in r.text
    assert len(queue.load_screenings()) == 2


def test_a_late_answer_in_chat_supersedes_and_keeps_the_coordinators_lab_result(database_url, alice):
    facts = {**ELIGIBLE, "hiv": None, "willing_to_consent": None}
    first = outcome_log.record(check(facts), channel="rest", sender_id="dr-9")
    entry = outcome_log.parse_entry("hiv", "no", "lab result 2026-12-03", "result came back")
    by_coordinator = outcome_log.rescreen(first["reference"], alice.id, [entry])
    # The physician, unaware, answers the consent question in chat: the conversation's row names
    # the screening it knew, and lands after the coordinator's, which it supersedes.
    late = outcome_log.record(check({**facts, "willing_to_consent": True}), channel="rest", sender_id="dr-9",
                              supersedes=first["reference"])
    assert late["supersedes"] == by_coordinator["reference"]
    assert late["facts"]["hiv"] is False and late["decision"] == "potentially_eligible"
    item = queue.load_item(outcome_log.screening_id(first["reference"]))
    assert item.references == [first["reference"], by_coordinator["reference"], late["reference"]]
    assert [i.id for i in queue.load_items()] == [item.id]


def test_a_screening_is_superseded_once_and_the_new_trails_are_append_only(database_url, alice):
    first = screen(hiv=None)
    outcome_log.rescreen(first, alice.id, [outcome_log.parse_entry("hiv", "no", "lab", "r")])
    with pytest.raises(IntegrityError):
        with get_engine().begin() as c:
            c.execute(text("INSERT INTO screenings (created_at, channel, sender_ref, decision, failed, unknown, facts,"
                           " criteria, criteria_version, transcript, supersedes) VALUES (CURRENT_TIMESTAMP, 'web', 'x',"
                           " 'needs_review', '[]', '[]', '{}', '[]', 'v', '[]', :id)"),
                      {"id": outcome_log.screening_id(first)})
    post_id = queue.load_items()[0].id
    queue.record_attempt(post_id, alice.id, channel="phone", result="no_answer", attempted_at=AT)
    for table in ("fact_entries", "contact_attempts"):
        for sql in (f"UPDATE {table} SET screening_id = screening_id", f"DELETE FROM {table}"):
            with pytest.raises(Exception, match="append-only"):
                with get_engine().begin() as c:
                    c.execute(text(sql))


def test_every_screening_opens_and_a_missing_one_is_not_found_in_the_apps_layout(signed_in):
    out = screen(age=80)
    page = signed_in.get(f"/queue/referrals/{out}")
    assert page.status_code == 200 and "shown read-only" in page.text and "age 80: above 75" in page.text
    for form in ('name="to_status"', 'id="attempt-form"', 'id="rescreen"'):
        assert form not in page.text
    refused = post(signed_in, f"/queue/referrals/{out}/status", to_status="contacted", expected_status="new")
    assert refused.status_code == 409 and "not in the queue" in refused.text
    missing = signed_in.get("/queue/referrals/PS-424242")
    assert missing.status_code == 404 and "Not Found</h1>" not in missing.text
    assert "There is no screening" in missing.text and 'href="/queue/dashboard"' in missing.text  # the app's layout


def test_three_attempts_then_unreachable_and_the_next_attempt_in_the_queue(signed_in):
    ref = screen(referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))

    def attempt(result, next_on=""):
        return post(signed_in, f"/queue/referrals/{ref}/attempts", attempt_date="2026-12-01", attempt_time="09:15",
                    channel="phone", result=result, next_attempt_on=next_on)

    assert attempt("call_back").status_code == 409  # a call back needs its date
    for n in (1, 2):
        assert attempt("no_answer", "2026-12-0%d" % (n + 1)).status_code == 302
        page = signed_in.get(f"/queue/referrals/{ref}").text
        assert '<option value="unreachable"' not in page and f"({n} so far)" in page
        r = move(signed_in, ref, "unreachable", "new")
        assert r.status_code == 409 and f"needs 3 contact attempts that reached no one; {n} so far" in r.text
    assert attempt("call_back", "2026-12-09").status_code == 302
    listing = signed_in.get("/queue/").text
    assert '<td data-label="Next attempt" class="next-attempt">2026-12-09</td>' in listing
    page = signed_in.get(f"/queue/referrals/{ref}").text
    assert '<option value="unreachable"' in page and "Call back 2026-12-09" in page
    assert move(signed_in, ref, "unreachable", "new").status_code == 302


def test_a_scheduled_visit_sorts_filters_and_downloads_as_ics(signed_in):
    early, late, other = screen(), screen(), screen()
    for ref, day in ((late, "2026-12-20"), (early, "2026-12-15")):
        move(signed_in, ref, "contacted", "new")
        r = move(signed_in, ref, "scheduled", "contacted", visit_date=day)
        assert r.status_code == 302
    r = move(signed_in, other, "contacted", "new")
    refused = move(signed_in, other, "scheduled", "contacted", visit_place="")
    assert refused.status_code == 409 and "needs the screening visit" in refused.text
    listing = signed_in.get("/queue/?sort=visit").text
    order = [m for m in re.findall(r">(PS-\d{6})</a>", listing)]
    assert order == [early, late, other]
    only = signed_in.get("/queue/?visit_from=2026-12-16&visit_to=2026-12-31").text
    assert re.findall(r">(PS-\d{6})</a>", only) == [late]
    r = signed_in.get(f"/queue/referrals/{early}/visit.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    event = Calendar.from_ical(r.data).walk("VEVENT")[0]
    local = datetime(2026, 12, 15, 9, 30).replace(tzinfo=__import__("prescreen.followup.roles", fromlist=["x"]).site_zone())
    assert event.decoded("dtstart") == local.astimezone(timezone.utc)
    assert str(event["location"]) == VISIT["visit_place"] and early in str(event["summary"])
    assert "CH 778" not in r.data.decode() and "Dr" not in str(event["summary"])
    assert signed_in.get(f"/queue/referrals/{other}/visit.ics").status_code == 404  # not scheduled


def test_search_and_sort_keep_the_filters_in_the_url(signed_in):
    a = screen(referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))
    b = screen(referral=("Dr Wang", "Oncology", "ext 4410", "ZS-12"), willing_to_consent=None)
    assert re.findall(r">(PS-\d{6})</a>", signed_in.get("/queue/?q=zs-12").text) == [b]
    assert re.findall(r">(PS-\d{6})</a>", signed_in.get("/queue/?q=chen").text) == [a]
    assert re.findall(r">(PS-\d{6})</a>", signed_in.get(f"/queue/?q={a}").text) == [a]
    page = signed_in.get("/queue/?decision=needs_review&q=dr").text
    assert re.findall(r">(PS-\d{6})</a>", page) == [b]
    links = re.findall(r'href="(/queue/\?[^"]*sort=[^"]*)"', page)
    assert links and all("decision=needs_review" in l and "q=dr" in l for l in links)
    newest = signed_in.get("/queue/?sort=waiting&dir=desc").text
    assert re.findall(r">(PS-\d{6})</a>", newest) == [b, a]


def test_sign_offs_made_before_a_re_screen_show_on_the_current_screening_and_in_the_export(app, signed_in):
    """Sign-offs are made on the screening that was current; a re-screen adds a row, and the
    investigator's entries must not vanish from the patient: they show on the newer screening,
    marked as made on the earlier one (whose facts have changed), and the export says so."""
    from prescreen.followup import accounts
    from tests.test_queue import PASSWORD, sign_in

    accounts.add_coordinator("dr.wang", PASSWORD, role="investigator", reason="PI of the site")
    investigator = app.test_client()
    assert sign_in(investigator, "dr.wang").status_code == 302
    first = screen(hiv=None)  # needs review: the HIV result is awaited
    for criterion, value, reason in (("I6", "benefit", "platelets limit chemotherapy"),
                                     ("E14", "suitable", "lives near the site")):
        assert post(investigator, f"/queue/referrals/{first}/investigator", criterion=criterion, value=value,
                    reason=reason).status_code == 302
    assert post(investigator, f"/queue/referrals/{first}/sign", determination="eligible_deviation",
                reason="HIV result awaited", password=PASSWORD).status_code == 302

    r = post(signed_in, f"/queue/referrals/{first}/rescreen", fact="hiv", value="no", source="lab result 2026-12-03",
             reason="HIV result came back", expected_reference=first)
    new = r.location.rsplit("/", 1)[1]
    page = investigator.get(f"/queue/referrals/{new}").text
    signature = page[page.index('id="signature"'):page.index("</dl>", page.index('id="signature"'))]
    assert "Eligible with a documented deviation" in signature and "HIV result awaited" in signature
    assert (f"Signed on the earlier screening {first} (Needs review), before the facts changed: "
            f"an investigator should sign again on {new}") in signature
    assert f"recorded on the earlier screening {first} (Needs review)" in signature  # I6 and E14 too
    rows = {r["reference"]: r for r in _csv(signed_in)}
    assert (rows[new]["investigator_determination"], rows[new]["signed_on"], rows[new]["signed_on_decision"]) == \
        ("eligible_deviation", first, "needs_review")
    assert (rows[first]["investigator_determination"], rows[first]["signed_on"]) == ("eligible_deviation", first)

    # "Eligible" on the new screening needs I6 and E14 judged on its facts, and says why.
    r = post(investigator, f"/queue/referrals/{new}/sign", determination="eligible", reason="", password=PASSWORD)
    assert r.status_code == 409 and f"those on {first} were recorded before the facts changed" in r.text
    for criterion, value in (("I6", "benefit"), ("E14", "suitable")):
        post(investigator, f"/queue/referrals/{new}/investigator", criterion=criterion, value=value, reason="still so")
    assert post(investigator, f"/queue/referrals/{new}/sign", determination="eligible", reason="",
                password=PASSWORD).status_code == 302
    page = investigator.get(f"/queue/referrals/{new}").text
    assert 'id="signature-earlier"' not in page and "Signed by <strong>dr.wang</strong>" in page
    rows = {r["reference"]: r for r in _csv(signed_in)}
    assert (rows[new]["investigator_determination"], rows[new]["signed_on"]) == ("eligible", new)
    assert rows[first]["investigator_determination"] == "eligible_deviation"  # the old row keeps its own
