"""The coordinators' follow-up queue: sign-in, CSRF, throttling, session expiry, workflow and
audit trail, overdue in working days, the dashboard and the screening-log export.

Flask's test client against real databases (the `database_url` fixture: SQLite and
PostgreSQL); the domain rules of prescreen.followup.queue are also tested directly."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from prescreen.followup import accounts
from prescreen.store import outcome_log
from prescreen.followup import queue
from prescreen.eligibility.checker import check
from prescreen.store.db import get_engine
from prescreen.followup.queue import QueueAction, Item, WorkflowError
from tests.support.servers import BIN
from tests.support.patients import ELIGIBLE
from web import create_app

PASSWORD = "correct horse battery staple"
UTC = timezone.utc


# ---- fixtures and helpers ----------------------------------------------------------------

@pytest.fixture
def app(database_url):
    return create_app(TESTING=True)  # CSRF stays on: TESTING does not switch it off


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def alice(database_url):
    return accounts.add_coordinator("alice", PASSWORD)


@pytest.fixture
def signed_in(client, alice):
    assert sign_in(client).status_code == 302
    return client


def csrf(client, path: str = "/queue/sign-in") -> str:
    page = client.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client, username: str = "alice", password: str = PASSWORD, addr: str = "127.0.0.1", **extra):
    env = {"REMOTE_ADDR": addr}
    token = csrf(client)
    return client.post("/queue/sign-in", data={"username": username, "password": password, "csrf_token": token, **extra},
                       environ_base=env)


def screen(channel: str = "web", sender: str = "dr-1", referral: tuple | None = None, transcript=None, **facts) -> str:
    """Logs a screening through the same code the assistant uses; returns its reference."""
    row = outcome_log.record(check({**ELIGIBLE, **facts}), channel=channel, sender_id=sender, transcript=transcript)
    if referral:
        outcome_log.record_referral(row["reference"], *referral)
    return row["reference"]


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf(client, "/queue/"), **data})


VISIT = {"visit_date": "2026-12-15", "visit_time": "09:30", "visit_place": "Haematology day unit, room 4"}


def move(client, ref: str, to: str, expected: str, **data):
    if to == "scheduled":
        data = {**VISIT, **data}  # a scheduled referral carries its visit
    return post(client, f"/queue/referrals/{ref}/status", to_status=to, expected_status=expected, **data)


def unanswered(n: int) -> list:
    """n contact attempts that reached no one."""
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    return [queue.Attempt(i, at, "alice", at + timedelta(hours=i), "phone", "no_answer") for i in range(n)]


def status_of(ref: str) -> str:
    return queue.load_item(outcome_log.screening_id(ref)).status


# ---- signed out: nothing of the queue is reachable ---------------------------------------

def test_every_queue_url_needs_a_signed_in_coordinator(app, client):
    ref = screen(referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))
    token = csrf(client)  # so that POSTs are refused for want of sign-in, not of the token
    checked = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("queue.") or rule.endpoint == "queue.sign_in":
            continue
        path = rule.build({"reference": ref} if "reference" in rule.arguments else {})[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            r = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
            if path.startswith("/queue/api/"):
                assert r.status_code == 401 and r.json == {"error": "Sign in required."}, path
            else:
                assert r.status_code == 302 and r.location.startswith("/queue/sign-in"), (method, path)
                assert "Dr Chen" not in r.text
            checked.add(rule.endpoint)
    assert {"queue.index", "queue.referral", "queue.change_status", "queue.assign", "queue.add_note",
            "queue.dashboard", "queue.screening_log_csv", "queue.api_screenings", "queue.sign_out",
            "queue.add_attempt", "queue.rescreen", "queue.visit_ics"} <= checked


def test_a_page_asked_for_is_shown_after_signing_in_but_never_another_site(client, alice):
    r = client.get("/queue/dashboard")
    assert r.location == "/queue/sign-in?next=/queue/dashboard"
    assert sign_in(client, next="/queue/dashboard").location == "/queue/dashboard"
    client.post("/queue/sign-out", data={"csrf_token": csrf(client, "/queue/")})
    for evil in ("https://evil.example/queue/", "//evil.example/queue/", "/chat/new"):
        assert sign_in(client, next=evil).location == "/queue/"
        client.post("/queue/sign-out", data={"csrf_token": csrf(client, "/queue/")})


def test_wrong_password_or_unknown_user_is_refused_alike(client, alice):
    for username, password in (("alice", "wrong password!!"), ("mallory", PASSWORD)):
        r = sign_in(client, username, password)
        assert r.status_code == 401 and "Wrong username or password." in r.text
    assert client.get("/queue/").status_code == 302


def test_signing_out_ends_the_session(signed_in):
    assert signed_in.get("/queue/").status_code == 200
    r = post(signed_in, "/queue/sign-out")
    assert r.status_code == 302
    assert signed_in.get("/queue/").status_code == 302
    assert signed_in.get("/queue/api/screenings").status_code == 401


def test_passwords_are_stored_as_scrypt_hashes(alice):
    with get_engine().connect() as c:
        stored = c.execute(text("SELECT password_hash FROM coordinators WHERE username = 'alice'")).scalar()
    assert stored.startswith("scrypt:") and PASSWORD not in stored


@pytest.mark.parametrize("username, password, says", [
    ("a", PASSWORD, "username"), ("bob smith", PASSWORD, "username"), ("bob", "short", "12 characters"),
])
def test_weak_accounts_are_refused(database_url, username, password, says):
    with pytest.raises(accounts.AccountError, match=says):
        accounts.add_coordinator(username, password)


# ---- CSRF --------------------------------------------------------------------------------

def test_a_form_posted_without_its_token_is_refused_and_changes_nothing(signed_in):
    ref = screen()
    r = signed_in.post(f"/queue/referrals/{ref}/status", data={"to_status": "contacted", "expected_status": "new"})
    assert r.status_code == 400 and "could not be verified" in r.text
    r = signed_in.post(f"/queue/referrals/{ref}/notes", data={"note": "x", "csrf_token": "forged"})
    assert r.status_code == 400
    assert status_of(ref) == "new" and queue.load_item(outcome_log.screening_id(ref)).events == []


def test_sign_in_without_token_is_refused(client, alice):
    r = client.post("/queue/sign-in", data={"username": "alice", "password": PASSWORD})
    assert r.status_code == 400
    assert client.get("/queue/").status_code == 302


# ---- throttling --------------------------------------------------------------------------

def test_failed_sign_ins_slow_down_one_username_at_one_address_only(app, client, alice, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "3")
    for _ in range(3):
        assert sign_in(client, password="wrong password!!", addr="10.0.0.1").status_code == 401
    # That computer waits, even with the right password ...
    r = sign_in(client, addr="10.0.0.1")
    assert r.status_code == 429 and "Too many failed sign-ins" in r.text and "Try again in 30 seconds" in r.text
    assert r.headers["Retry-After"] == "30"
    assert client.get("/queue/").status_code == 302
    # ... but the account is not locked: alice signs in at once from her own desk.
    assert sign_in(app.test_client(), addr="10.0.0.2").status_code == 302
    # Another account from the same computer is not affected.
    accounts.add_coordinator("bob", PASSWORD)
    assert sign_in(app.test_client(), "bob", addr="10.0.0.1").status_code == 302
    # After the wait the right password works from there too.
    later = datetime.now(UTC) + timedelta(seconds=31)
    assert accounts.authenticate("alice", PASSWORD, "10.0.0.1", now=later).coordinator is not None


def test_the_wait_doubles_with_each_further_failure_up_to_the_ceiling(database_url, alice, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "2")
    monkeypatch.setenv("SIGN_IN_MAX_DELAY_MINUTES", "3")
    t = datetime.now(UTC)
    for _ in range(2):  # the free failures
        assert not accounts.authenticate("alice", "nope-nope-nope", "10.2.2.2", now=t).throttled
    waits = []
    for _ in range(5):
        probe = accounts.authenticate("alice", PASSWORD, "10.2.2.2", now=t + timedelta(seconds=1))
        assert probe.throttled and probe.coordinator is None
        wait = probe.retry_after + timedelta(seconds=1)
        waits.append(round(wait.total_seconds()))
        t += wait
        result = accounts.authenticate("alice", "nope-nope-nope", "10.2.2.2", now=t)
        assert not result.throttled and result.coordinator is None  # checked, and wrong
    assert waits == [30, 60, 120, 180, 180]
    t += timedelta(seconds=180)
    # A throttled attempt is not counted: the wait ends on time, and then the password is checked.
    assert accounts.authenticate("alice", PASSWORD, "10.2.2.2", now=t).coordinator is not None
    # The success starts the pair afresh.
    assert not accounts.authenticate("alice", "nope-nope-nope", "10.2.2.2", now=t).throttled


def test_failed_sign_ins_are_throttled_per_address(client, alice, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES_PER_ADDRESS", "4")
    for name in ("bob", "carol", "dave", "erin"):  # guessing at many accounts from one computer
        assert sign_in(client, name, "guess-guess-guess", addr="10.9.9.9").status_code == 401
    assert sign_in(client, addr="10.9.9.9").status_code == 429
    assert sign_in(client, addr="10.0.0.7").status_code == 302  # alice at her own desk


def test_a_success_resets_the_username_count_but_not_the_address_count(database_url, alice, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "3")
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES_PER_ADDRESS", "3")
    for _ in range(2):
        accounts.authenticate("alice", "nope-nope-nope", "10.1.1.1")
    assert accounts.authenticate("alice", PASSWORD, "10.1.1.1").coordinator is not None
    accounts.authenticate("alice", "nope-nope-nope", "10.1.1.2")
    assert accounts.authenticate("alice", PASSWORD, "10.1.1.2").coordinator is not None
    # The address kept counting: a valid account of one's own does not clear guesses at others.
    accounts.authenticate("x", "nope-nope-nope", "10.1.1.1")
    assert accounts.authenticate("alice", PASSWORD, "10.1.1.1").throttled


def test_concurrent_wrong_passwords_are_each_counted(database_url, alice, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "5")
    start = threading.Barrier(12)

    def attempt(_):
        start.wait()
        return accounts.authenticate("alice", "nope-nope-nope", "10.3.3.3").throttled

    with ThreadPoolExecutor(12) as pool:
        throttled = list(pool.map(attempt, range(12)))
    assert throttled.count(False) == 5  # exactly the free failures had their password checked
    with get_engine().connect() as c:
        assert c.execute(text("SELECT count(*) FROM sign_in_attempts")).scalar() == 5


def test_the_throttle_holds_across_a_restart(database_url, alice, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "2")
    first = create_app(TESTING=True).test_client()
    for _ in range(2):
        sign_in(first, password="wrong password!!")
    get_engine.cache_clear()  # a new process: new engine, new app, only the database remains
    second = create_app(TESTING=True).test_client()
    assert sign_in(second).status_code == 429


def test_failed_attempts_cannot_be_erased(database_url, alice):
    accounts.authenticate("alice", "nope-nope-nope", "10.1.1.1")
    with pytest.raises(Exception, match="append-only"):
        with get_engine().begin() as c:
            c.execute(text("DELETE FROM sign_in_attempts"))


# ---- session expiry ----------------------------------------------------------------------

@pytest.mark.parametrize("key, minutes_ago", [("seen_at", 61), ("signed_in_at", 481)])
def test_sessions_expire_when_idle_and_absolutely(signed_in, key, minutes_ago):
    assert signed_in.get("/queue/").status_code == 200
    with signed_in.session_transaction() as s:
        s[key] -= minutes_ago * 60
    r = signed_in.get("/queue/")
    assert r.status_code == 302 and r.location.startswith("/queue/sign-in")
    assert "Your session expired" in signed_in.get(r.location).text
    assert signed_in.get("/queue/api/screenings").status_code == 401  # signed out, not just redirected once


def test_use_keeps_the_session_alive_and_the_limits_are_configurable(signed_in, monkeypatch):
    monkeypatch.setenv("QUEUE_SESSION_IDLE_MINUTES", "5")
    with signed_in.session_transaction() as s:
        s["seen_at"] -= 4 * 60
    assert signed_in.get("/queue/").status_code == 200  # 4 minutes idle: fine, and the clock restarts
    with signed_in.session_transaction() as s:
        s["seen_at"] -= 4 * 60
    assert signed_in.get("/queue/").status_code == 200
    with signed_in.session_transaction() as s:
        s["seen_at"] -= 6 * 60
    assert signed_in.get("/queue/").status_code == 302


# ---- the workflow, as rules --------------------------------------------------------------

@pytest.mark.parametrize("current, to", [
    ("new", "contacted"), ("new", "unreachable"), ("contacted", "scheduled"), ("contacted", "declined"),
    ("scheduled", "consented"), ("scheduled", "declined"), ("scheduled", "unreachable"), ("unreachable", "contacted"),
])
def test_allowed_transitions(current, to):
    queue.check_transition(current, to, attempts=unanswered(3),
                           visit_at=datetime(2026, 12, 15, 9, 30, tzinfo=UTC), visit_place="room 4")


@pytest.mark.parametrize("current, to, says", [
    ("new", "consented", "cannot become Consented; next can be: Contacted, Unreachable, Screen failed"),
    ("new", "scheduled", "cannot become Scheduled"),
    ("contacted", "new", "cannot become New"),
    ("consented", "declined", "Consented, which is final"),
    ("screen_failed", "contacted", "final"),
    ("declined", "contacted", "final"),
    ("new", "enrolled", "not a status"),
])
def test_refused_transitions_say_why(current, to, says):
    with pytest.raises(WorkflowError, match=re.escape(says)):
        queue.check_transition(current, to)


def test_a_screen_failure_names_a_criterion_or_a_reason():
    with pytest.raises(WorkflowError, match="criterion that failed or the reason"):
        queue.check_transition("scheduled", "screen_failed")
    queue.check_transition("scheduled", "screen_failed", criterion="E5")
    queue.check_transition("scheduled", "screen_failed", reason="platelets recovered to 80 at the visit")
    with pytest.raises(WorkflowError, match="not a criterion"):
        queue.check_transition("scheduled", "screen_failed", criterion="E99")
    with pytest.raises(WorkflowError, match="only named for a screen failure"):
        queue.check_transition("scheduled", "declined", criterion="E5")


def _event(i: int, kind: str, frm: str, to: str, at: datetime, **kw) -> QueueAction:
    return QueueAction(id=i, at=at, actor="alice", kind=kind, from_status=frm, to_status=to, **kw)


def test_status_and_assignee_are_the_newest_entries():
    t = datetime(2026, 3, 2, 9, tzinfo=UTC)
    events = [_event(1, "status", "new", "contacted", t), _event(2, "assignment", "contacted", "contacted", t, assignee="bob"),
              _event(3, "note", "contacted", "contacted", t, note="left a message"),
              _event(4, "assignment", "contacted", "contacted", t, assignee=None)]
    assert queue.current_status(events) == "contacted" and queue.current_assignee(events) is None
    assert queue.current_status([]) == "new"


# ---- overdue in working days -------------------------------------------------------------

@pytest.mark.parametrize("start, days, deadline", [
    ("2026-03-02 10:00", 2, "2026-03-04 10:00"),  # Monday -> Wednesday
    ("2026-03-05 10:00", 2, "2026-03-09 10:00"),  # Thursday -> Monday
    ("2026-03-06 10:00", 2, "2026-03-10 10:00"),  # Friday -> Tuesday
    ("2026-03-07 15:00", 2, "2026-03-11 00:00"),  # Saturday: counts from Monday 00:00
    ("2026-03-08 23:00", 1, "2026-03-10 00:00"),  # Sunday
    ("2026-03-06 10:00", 5, "2026-03-13 10:00"),  # a whole working week
])
def test_working_days_skip_weekends(start, days, deadline):
    at = datetime.strptime(start, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert queue.add_working_days(at, days, UTC) == datetime.strptime(deadline, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def test_overdue_counts_from_the_last_action_and_never_for_final_referrals():
    friday = datetime(2026, 3, 6, 10, tzinfo=UTC)
    item = Item({"id": 1, "reference": "PS-000001", "created_at": friday, "decision": "potentially_eligible",
                 "channel": "web"}, None)
    assert not queue.is_overdue(item, datetime(2026, 3, 9, 17, tzinfo=UTC), 2, UTC)  # Monday: 1 working day
    assert queue.is_overdue(item, datetime(2026, 3, 10, 10, tzinfo=UTC), 2, UTC)  # Tuesday 10:00
    item.events.append(_event(1, "note", "new", "new", datetime(2026, 3, 9, 9, tzinfo=UTC), note="voicemail"))
    assert not queue.is_overdue(item, datetime(2026, 3, 10, 10, tzinfo=UTC), 2, UTC)  # a note is an action
    item.events.append(_event(2, "status", "new", "screen_failed", datetime(2026, 3, 9, 9, tzinfo=UTC), criterion="E5"))
    assert not queue.is_overdue(item, datetime(2026, 4, 1, tzinfo=UTC), 2, UTC)


def test_overdue_referrals_stand_out_in_the_list_and_the_days_are_configurable(signed_in, monkeypatch):
    ref = screen()
    assert "0 overdue" in signed_in.get("/queue/").text
    in_three_weeks = datetime.now(UTC) + timedelta(days=21)
    monkeypatch.setattr("web.queue.pages.utcnow", lambda: in_three_weeks)
    page = signed_in.get("/queue/").text
    assert "1 overdue" in page and re.search(rf'class="overdue">\s*<th[^>]*><a[^>]*>{ref}</a>\s*<span class="badge late">Overdue', page)
    monkeypatch.setenv("QUEUE_OVERDUE_WORKING_DAYS", "30")
    page = signed_in.get("/queue/").text
    assert "0 overdue" in page and "no action for 30 working days" in page


# ---- the queue and a referral through the web app ----------------------------------------

def test_the_queue_lists_referrals_oldest_first_with_filters(signed_in):
    first = screen(channel="rest", referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))
    screen(channel="web", age=80)  # ineligible: never in the queue
    second = screen(channel="web", willing_to_consent=None)  # needs review, I7 unknown
    page = signed_in.get("/queue/").text
    assert page.index(first) < page.index(second)
    assert "Dr Chen, Haematology" in page and "Needs review" in page and ">I7</abbr>" in page
    assert page.count("/queue/referrals/PS-") == 2
    assert second not in signed_in.get("/queue/?decision=potentially_eligible").text
    assert first not in signed_in.get("/queue/?channel=web").text
    assert second in signed_in.get("/queue/?channel=web").text
    move(signed_in, first, "contacted", "new")
    assert first not in signed_in.get("/queue/?status=new").text
    assert first in signed_in.get("/queue/?status=contacted").text


def test_a_new_screening_is_in_the_queue_at_once(signed_in):
    assert "0 referrals" in signed_in.get("/queue/").text
    ref = screen()  # as the action server logs it: no copy step
    assert ref in signed_in.get("/queue/").text


def test_a_referral_shows_facts_criteria_contact_and_the_transcript(signed_in):
    transcript = [{"from": "user", "text": "62M AML", "at": 1}, {"from": "bot", "text": "Is the diagnosis confirmed?", "at": 2}]
    ref = screen(referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"), transcript=transcript)
    page = signed_in.get(f"/queue/referrals/{ref}").text
    for shown in ("Dr Chen", "Haematology", 'ext <a href="tel:3310">3310</a>', "CH 778", "62M AML",
                  "Is the diagnosis confirmed?", "NCT06898983@", "platelet count (×10⁹/L)", "age 62: within 18–75",
                  ">E14</abbr>", "investigator", "childbearing potential</dt><dd>no"):
        assert shown in page, shown
    assert signed_in.get("/queue/referrals/PS-999999").status_code == 404
    # Beyond any database integer: not found either, not a server error.
    assert signed_in.get("/queue/referrals/PS-99999999999999999999999").status_code == 404
    assert signed_in.get("/queue/referrals/PS-2147483648").status_code == 404
    assert signed_in.get("/queue/referrals/nonsense").status_code == 404
    ineligible = screen(age=80)
    # Part of the screening log: opens, read-only (no workflow forms).
    page = signed_in.get(f"/queue/referrals/{ineligible}")
    assert page.status_code == 200 and "shown read-only" in page.text and 'name="to_status"' not in page.text
    rescreen = screen(willing_to_consent=None)  # the same conversation again (same sender)
    page = signed_in.get(f"/queue/referrals/{ref}").text
    assert f'<a href="/queue/referrals/{ineligible}">{ineligible}</a> (Not eligible)' in page
    assert f'<a href="/queue/referrals/{rescreen}">{rescreen}</a> (Needs review)' in page


def test_workflow_through_the_web_with_an_append_only_audit_trail(signed_in):
    accounts.add_coordinator("bob", PASSWORD)
    ref = screen(referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))
    assert move(signed_in, ref, "contacted", "new", note="spoke to Dr Chen").status_code == 302
    assert post(signed_in, f"/queue/referrals/{ref}/assignment", assignee="bob").status_code == 302
    assert post(signed_in, f"/queue/referrals/{ref}/notes", note="visit Tuesday 9:00").status_code == 302
    assert move(signed_in, ref, "scheduled", "contacted").status_code == 302

    refused = move(signed_in, ref, "new", "scheduled", note="typed text is kept")
    assert refused.status_code == 409
    assert "cannot become New" in refused.text and "typed text is kept" in refused.text
    refused = move(signed_in, ref, "screen_failed", "scheduled")
    assert refused.status_code == 409 and "criterion that failed or the reason" in refused.text

    assert move(signed_in, ref, "screen_failed", "scheduled", criterion="E5", reason="DVT on anticoagulation").status_code == 302
    refused = move(signed_in, ref, "contacted", "screen_failed")
    assert refused.status_code == 409 and "final" in refused.text

    item = queue.load_item(outcome_log.screening_id(ref))
    assert item.status == "screen_failed" and item.assignee == "bob"
    trail = [(e.kind, e.from_status, e.to_status, e.actor) for e in item.events]
    assert trail == [("status", "new", "contacted", "alice"), ("assignment", "contacted", "contacted", "alice"),
                     ("note", "contacted", "contacted", "alice"), ("status", "contacted", "scheduled", "alice"),
                     ("status", "scheduled", "screen_failed", "alice")]
    page = signed_in.get(f"/queue/referrals/{ref}").text
    section = page[page.index('id="trail"'):page.index('id="criteria-title"')]
    for shown in ("New → Contacted", "spoke to Dr Chen", "assigned to bob", "visit Tuesday 9:00",
                  "Scheduled for screening visit → Screen failed", "<strong>E5</strong>", "DVT on anticoagulation"):
        assert shown in section, shown
    assert "is final" in page and 'name="to_status"' not in page  # no status form for a final referral
    # Nothing is ever rewritten: the database itself refuses.
    with pytest.raises(Exception, match="append-only"):
        with get_engine().begin() as c:
            c.execute(text("UPDATE queue_events SET note = 'rewritten'"))
    with pytest.raises(Exception, match="append-only"):
        with get_engine().begin() as c:
            c.execute(text("DELETE FROM queue_events"))


def test_a_change_made_meanwhile_by_someone_else_is_not_overridden(signed_in, alice):
    ref = screen()
    queue.record_action(outcome_log.screening_id(ref), alice.id, queue.STATUS, to_status="screen_failed", criterion="E5")
    r = move(signed_in, ref, "contacted", "new")  # the page still showed "New"
    assert r.status_code == 409 and "Someone changed this referral meanwhile" in r.text
    assert status_of(ref) == "screen_failed"


def test_assignment_needs_a_real_coordinator(signed_in):
    ref = screen()
    r = post(signed_in, f"/queue/referrals/{ref}/assignment", assignee="nobody-here")
    assert r.status_code == 409 and "No coordinator called" in r.text
    r = post(signed_in, f"/queue/referrals/{ref}/notes", note="   ")
    assert r.status_code == 409 and "The note is empty" in r.text


def test_everything_typed_is_shown_escaped(signed_in):
    evil = "<script>alert(1)</script>"
    ref = screen(referral=(evil, evil, evil, evil), transcript=[{"from": "user", "text": evil, "at": 1}])
    post(signed_in, f"/queue/referrals/{ref}/notes", note=evil)
    for path in ("/queue/", f"/queue/referrals/{ref}"):
        page = signed_in.get(path).text
        assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---- dashboard ---------------------------------------------------------------------------

def test_dashboard_counts_the_funnel_and_charts_failure_reasons_on_the_server(signed_in):
    a = screen(channel="rest")
    b = screen(channel="web")
    screen(channel="web", willing_to_consent=None)
    screen(age=80)  # I1 fails at pre-screen
    screen(ecog=3, age=80)  # I1 and I4
    move(signed_in, a, "contacted", "new")
    move(signed_in, a, "scheduled", "contacted")
    move(signed_in, a, "consented", "scheduled")
    move(signed_in, b, "screen_failed", "new", criterion="E5")
    page = signed_in.get("/queue/dashboard").text

    def cell(label):
        return re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>(\d+)</td>", page).group(1)

    assert (cell("Pre-screened"), cell("Not eligible at pre-screen"), cell("Referred: potentially eligible"),
            cell("Referred: needs review")) == ("5", "2", "2", "1")
    assert (cell("Contacted"), cell("Consented"), cell("Screen failed"), cell("New")) == ("1", "1", "1", "1")
    # Per week by channel: this week has 1 via rest, 2 via web.
    assert re.search(r"<th scope=\"row\">\d{4}-\d\d-\d\d</th><td>1</td><td>2</td><td>3</td>", page)
    # The chart is inline SVG drawn by matplotlib: no script, no image fetched from elsewhere.
    assert '<svg role="img" aria-labelledby="failure-chart-title"' in page and "<script" not in page
    assert not re.search(r'(src|href)="https?://', page)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "I1 age 18–75" in svg and "I4 ECOG ≤ 2" in svg and "E5 thrombosis" in svg
    reasons = queue.failure_reasons(queue.load_screenings(), queue.load_items())
    assert reasons == [("I1", 2, 0), ("I4", 1, 0), ("E5", 0, 1)]


# ---- the screening log export ------------------------------------------------------------

def test_screening_log_csv_and_json_are_pseudonymous_and_complete(signed_in, alice):
    pe = screen(channel="rest", sender="dr-secret-id", referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"),
                transcript=[{"from": "user", "text": "62M AML", "at": 1}])
    nr = screen(willing_to_consent=None)
    out = screen(age=80)
    move(signed_in, pe, "contacted", "new", note="patient's wife answered")
    move(signed_in, pe, "declined", "contacted", reason="does not want more injections")
    move(signed_in, nr, "screen_failed", "new", reason="=cmd|' /C calc'!A0")

    r = signed_in.get("/queue/screening-log.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'attachment; filename="NCT06898983-screening-log-' in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert [row["reference"] for row in rows] == [pe, nr, out]
    assert list(rows[0]) == queue.EXPORT_COLUMNS
    assert rows[0]["decision"] == "potentially_eligible" and rows[0]["status"] == "declined"
    assert rows[0]["outcome_reason"] == "does not want more injections" and rows[0]["channel"] == "rest"
    assert rows[1]["unknown_criteria"] == "I7" and rows[1]["status"] == "screen_failed"
    assert rows[1]["outcome_reason"] == "'=cmd|' /C calc'!A0"  # shown as text, never run as a formula
    assert rows[2]["status"] == "prescreen_failed" and rows[2]["failed_criteria"] == "I1"
    assert rows[2]["outcome_reason"] == "I1: age 80: above 75"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", rows[0]["screening_date"]) and rows[0]["status_date"]

    api = signed_in.get("/queue/api/screenings")
    assert api.status_code == 200 and api.json["count"] == 3 and api.json["trial"] == "NCT06898983"
    first = api.json["screenings"][0]
    assert first["failed_criteria"] == [] and first["status"] == "declined" and first["reference"] == pe
    assert api.json["screenings"][2]["failed_criteria"] == ["I1"]
    everything = r.data.decode() + json.dumps(api.json)
    for private in ("Dr Chen", "Haematology", "ext 3310", "CH 778", "62M AML", "wife", "dr-secret-id",
                    outcome_log.pseudonym("dr-secret-id")):
        assert private not in everything, private
    assert r.headers["Cache-Control"] == "no-store"


def test_a_screen_failure_is_exported_with_its_criterion():
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    screening = {"id": 7, "reference": "PS-000007", "created_at": at, "channel": "web", "decision": "needs_review",
                 "failed": [], "unknown": ["I7"], "criteria": [], "criteria_version": "NCT06898983@x"}
    item = Item(screening, {"patient_reference": "CH 778"}, [
        _event(1, "status", "new", "screen_failed", at + timedelta(days=3), criterion="E5", reason="DVT", note="private")])
    row = queue.export_row(screening, item)
    assert row["status"] == "screen_failed" and row["status_date"] == "2026-03-05"
    assert row["outcome_reason"] == "E5: thrombosis history, risk factors or anticoagulation (DVT)"
    assert "private" not in json.dumps(row) and "CH 778" not in json.dumps(row)


# ---- the chat page stays the referrer's own ----------------------------------------------

def test_the_chat_page_shows_only_its_own_conversation(app, signed_in, monkeypatch):
    screen(referral=("Dr Chen", "Haematology", "ext 3310", "CH 778"))
    asked = []

    class Reply:
        def raise_for_status(self):
            pass

        def json(self):
            return {"events": []}

    monkeypatch.setattr("web.chat.requests.get", lambda url, **kw: asked.append(url) or Reply())
    page = signed_in.get("/").text
    assert "Dr Chen" not in page and "PS-0" not in page
    signed_in.get("/chat/history?sender=someone-else")
    other = app.test_client()
    other.get("/")
    other.get("/chat/history")
    mine, theirs = asked
    assert mine != theirs and "someone-else" not in mine


# ---- the command ---------------------------------------------------------------------------

def test_coordinator_command_creates_an_account_that_can_sign_in(database_url, client):
    env = {"PATH": str(BIN), "DATABASE_URL": database_url}
    run = subprocess.run([str(BIN / "prescreen"), "coordinator", "add", "Carol", "--password-stdin"], env=env,
                         input=PASSWORD + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    again = subprocess.run([str(BIN / "prescreen"), "coordinator", "add", "carol", "--password-stdin"], env=env,
                           input=PASSWORD + "\n", capture_output=True, text=True)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert sign_in(client, "carol").status_code == 302
    listed = subprocess.run([str(BIN / "prescreen"), "coordinator", "list", "--json"], env=env,
                            capture_output=True, text=True, check=True)
    (row,) = json.loads(listed.stdout)
    assert row["username"] == "carol" and row["last_sign_in"]
    assert PASSWORD not in listed.stdout
    with create_engine(database_url, future=True).connect() as c:
        assert c.execute(text("SELECT count(*) FROM coordinators")).scalar() == 1
