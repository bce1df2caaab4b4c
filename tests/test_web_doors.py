"""The web app's doors, against the real web app (waitress in its own process, as bin/run
starts it) on a real SQLite file: the sign-in throttle under a burst of concurrent attempts
and behind a reverse proxy, sessions that end server-side, the security headers of every
page, the session cookie in production, and the Content-Security-Policy in a real browser.

No Rasa here: none of this depends on the conversation (tests/test_web_chat.py checks the
chat's own JSON answers with the assistant running)."""
from __future__ import annotations

import re
import secrets
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.browser import chromium
from tests.support.servers import BIN, Assistant

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "another long passphrase"
PROXY = "127.0.0.1"  # the test talks to the web app from here, as nginx on the same host would
FIRST_DELAY = 2  # seconds: short enough to wait out in a test


@contextmanager
def web_app(**env: str):
    """The web app alone on a fresh database, with coordinator alice."""
    with tempfile.TemporaryDirectory(prefix="prescreen-web-") as tmp:
        site = Assistant(f"sqlite:///{tmp}/prescreen.db", Path(tmp), extra_env=env)
        subprocess.run([str(BIN / "prescreen"), "migrate"], env=site.env, check=True, capture_output=True)
        coordinator(site, "add", "alice", password=PASSWORD)
        try:
            site.start_web()
            yield site
        finally:
            site.stop_all()


def coordinator(site, *args: str, password: str | None = None) -> None:
    """The real command, against the web app's own database."""
    extra = ["--password-stdin"] if password is not None else []
    subprocess.run([str(BIN / "prescreen"), "coordinator", *args, *extra], env=site.env, check=True,
                   input=(password or "") + "\n", text=True, capture_output=True)


@pytest.fixture(scope="module")
def site():
    """Behind a reverse proxy on this host: WEB_TRUSTED_PROXY names it."""
    with web_app(WEB_TRUSTED_PROXY=PROXY, SIGN_IN_FREE_FAILURES="5",
                 SIGN_IN_FIRST_DELAY_SECONDS=str(FIRST_DELAY)) as s:
        yield s


class Browser:
    """One browser's cookies; `address` is the client address the proxy puts in X-Forwarded-For."""

    def __init__(self, site, address: str | None = None):
        self.site, self.http = site, requests.Session()
        if address:
            self.http.headers["X-Forwarded-For"] = address

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.site.web_url + path, allow_redirects=False, timeout=30)

    def token(self, path: str = "/queue/sign-in") -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.get(path).text).group(1)

    def sign_in(self, username: str = "alice", password: str = PASSWORD, token: str | None = None) -> requests.Response:
        return self.http.post(self.site.web_url + "/queue/sign-in", allow_redirects=False, timeout=60,
                              data={"username": username, "password": password,
                                    "csrf_token": token or self.token()})

    def sign_out(self) -> requests.Response:
        return self.http.post(self.site.web_url + "/queue/sign-out", data={"csrf_token": self.token("/queue/")},
                              allow_redirects=False, timeout=30)

    def copy(self) -> "Browser":
        """Someone else holding a copy of this browser's cookies."""
        other = Browser(self.site)
        other.http.headers.update(self.http.headers)
        other.http.cookies.update(self.http.cookies)
        return other


def signed_out(browser: Browser) -> bool:
    page, api = browser.get("/queue/"), browser.get("/queue/api/screenings")
    return (page.status_code == 302 and page.headers["Location"].startswith("/queue/sign-in")
            and api.status_code == 401 and api.json() == {"error": "Sign in required."})


def checked_passwords(site, username: str) -> int:
    with create_engine(site.database_url, future=True).connect() as c:
        return c.execute(text("SELECT count(*) FROM sign_in_attempts WHERE username = :u"), {"u": username}).scalar()


# ---- the sign-in throttle ----------------------------------------------------------------

def test_a_burst_of_concurrent_wrong_passwords_is_counted_exactly(site):
    coordinator(site, "add", "burst", password=PASSWORD)
    n = 12
    browsers = [Browser(site, "10.20.0.1") for _ in range(n)]
    tokens = [b.token() for b in browsers]
    start = threading.Barrier(n)

    def attempt(i: int) -> int:
        start.wait()
        return browsers[i].sign_in("burst", "wrong password!!", tokens[i]).status_code

    with ThreadPoolExecutor(n) as pool:
        codes = list(pool.map(attempt, range(n)))
    # Five free failures, each password checked; every other attempt waits, unchecked.
    assert sorted(codes) == [401] * 5 + [429] * 7, codes
    assert checked_passwords(site, "burst") == 5


def test_a_throttled_username_signs_in_from_another_address_and_after_the_wait(site):
    coordinator(site, "add", "wei", password=PASSWORD)
    ward = Browser(site, "10.30.0.1")
    for _ in range(5):
        assert ward.sign_in("wei", "wrong password!!").status_code == 401
    refused = ward.sign_in("wei")
    wait = int(refused.headers["Retry-After"])
    assert refused.status_code == 429 and 1 <= wait <= FIRST_DELAY
    assert re.search(rf"Too many failed sign-ins from this computer\. Try again in {wait} seconds?\.", refused.text)
    # Not a lock-out: the coordinator at her own desk behind the same proxy signs in at once.
    desk = Browser(site, "10.30.0.2")
    assert desk.sign_in("wei").headers["Location"] == "/queue/"
    assert desk.get("/queue/").status_code == 200
    # And from the ward computer once the wait is over.
    time.sleep(FIRST_DELAY + 0.5)
    assert ward.sign_in("wei").headers["Location"] == "/queue/"


def test_an_address_named_by_an_untrusted_client_is_not_believed():
    """Without WEB_TRUSTED_PROXY, X-Forwarded-For is anyone's to write: a guesser cannot
    dodge the throttle by naming a new address each time."""
    with web_app(SIGN_IN_FREE_FAILURES="3") as direct:
        codes = [Browser(direct, f"10.40.0.{i}").sign_in("alice", "wrong password!!").status_code
                 for i in range(1, 6)]
        assert codes == [401, 401, 401, 429, 429]
        assert checked_passwords(direct, "alice") == 3


# ---- sessions end on the server ----------------------------------------------------------

def test_a_copied_session_cookie_is_refused_after_sign_out(site):
    mine = Browser(site)
    assert mine.sign_in().status_code == 302
    copy = mine.copy()
    assert copy.get("/queue/").status_code == 200  # the copy works while the session is open
    assert mine.sign_out().status_code == 302
    assert signed_out(mine) and signed_out(copy)


def test_a_password_change_ends_every_session(site):
    coordinator(site, "add", "lin", password=PASSWORD)
    desk, laptop = Browser(site), Browser(site)
    assert desk.sign_in("lin").status_code == 302 and laptop.sign_in("lin").status_code == 302
    copy = desk.copy()
    coordinator(site, "password", "lin", password=NEW_PASSWORD)
    assert signed_out(desk) and signed_out(laptop) and signed_out(copy)
    assert Browser(site).sign_in("lin").status_code == 401  # the old password
    assert Browser(site).sign_in("lin", NEW_PASSWORD).status_code == 302


def test_deactivation_ends_every_session_and_refuses_sign_in(site):
    coordinator(site, "add", "zhou", password=PASSWORD)
    desk = Browser(site)
    assert desk.sign_in("zhou").status_code == 302 and desk.get("/queue/").status_code == 200
    coordinator(site, "deactivate", "zhou")
    assert signed_out(desk)
    refused = Browser(site).sign_in("zhou")
    assert refused.status_code == 401 and "Wrong username or password." in refused.text  # nothing told
    coordinator(site, "activate", "zhou")
    assert Browser(site).sign_in("zhou").status_code == 302
    assert signed_out(desk)  # the old session stays ended


# ---- headers on every page ---------------------------------------------------------------

def assert_security_headers(r: requests.Response) -> None:
    csp = r.headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp, (r.url, csp)
    assert "unsafe-inline" not in csp
    assert r.headers.get("X-Frame-Options") == "DENY", r.url
    assert r.headers.get("X-Content-Type-Options") == "nosniff", r.url
    assert r.headers.get("Referrer-Policy") == "same-origin", r.url


def test_every_page_carries_the_security_headers_and_patient_data_is_never_cached(site):
    public = Browser(site)
    for path in ("/", "/queue/sign-in", "/queue/", "/queue/api/screenings", "/chat/history"):
        assert_security_headers(public.get(path))
    coordinator(site, "add", "headers", password=PASSWORD)
    me = Browser(site)
    assert me.sign_in("headers").status_code == 302
    for path in ("/queue/", "/queue/dashboard", "/queue/api/screenings", "/queue/screening-log.csv",
                 "/queue/referrals/PS-000001", "/queue/sign-in"):
        r = me.get(path)
        assert_security_headers(r)
        assert r.headers["Cache-Control"] == "no-store", path
    for path in ("/", "/chat/history"):
        assert public.get(path).headers["Cache-Control"] == "no-store", path
    r = public.http.post(site.web_url + "/chat/message", json={"message": "hi"}, timeout=30)
    assert r.status_code == 400 and r.headers["Cache-Control"] == "no-store"  # no CSRF token: refused
    assert_security_headers(r)
    # The static assets hold no patient data and may be cached.
    r = public.get("/static/app.css")
    assert r.status_code == 200 and "no-store" not in r.headers.get("Cache-Control", "")
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def session_cookie(site) -> str:
    r = requests.get(site.web_url + "/", timeout=30)
    (cookie,) = [v for k, v in r.raw.headers.items() if k.lower() == "set-cookie" and v.startswith("session=")]
    return cookie


def test_the_session_cookie_is_secure_in_production(site):
    assert "Secure" not in session_cookie(site)  # development on plain http://127.0.0.1 works as before
    strong = {name: secrets.token_hex(32) for name in
              ("PSEUDONYM_SECRET", "RASA_AUTH_TOKEN", "WEB_SECRET_KEY", "ACTION_SERVER_TOKEN")}
    with web_app(PRESCREEN_ENV="production", **strong) as production:
        cookie = session_cookie(production)
        assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


# ---- the policy in a real browser -----------------------------------------------------------

def test_the_pages_work_under_the_policy_and_an_injected_script_does_not_run(site, tmp_path, monkeypatch):
    # A screen failure logged, so the dashboard draws its chart (the same code the assistant uses).
    from prescreen.eligibility.checker import check
    from prescreen.settings import get_settings
    from prescreen.store import outcome_log
    from prescreen.store.db import get_engine
    from tests.test_queue import ELIGIBLE

    monkeypatch.setenv("DATABASE_URL", site.database_url)
    get_settings.cache_clear(), get_engine.cache_clear()
    try:
        outcome_log.record(check({**ELIGIBLE, "age": 80}), channel="web", sender_id="dr-csp")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear(), get_engine.cache_clear()

    coordinator(site, "add", "browser", password=PASSWORD)
    with chromium() as b:
        page = b.new_context().new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(site.web_url + "/queue/sign-in")
        page.get_by_label("Username").fill("browser")
        page.get_by_label("Password").fill(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(site.web_url + "/queue/")
        page.goto(site.web_url + "/queue/dashboard")
        bar = page.locator("svg[aria-labelledby=failure-chart-title] path[fill='#0b5cad']").first
        assert bar.evaluate("el => getComputedStyle(el).fill") == "rgb(11, 92, 173)"  # drawn, not unstyled
        label = page.locator("svg[aria-labelledby=failure-chart-title] text").filter(has_text="I1").first
        assert label.evaluate("el => getComputedStyle(el).fontSize") == "10px"
        page.goto(site.web_url + "/")
        page.locator("#message").wait_for()
        assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 0  # app.css applied
        assert not [m for m in console if "Content Security Policy" in m], console
        # Something injected into a page (were escaping ever to fail) is refused by the browser.
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.injected = 1'; document.body.appendChild(s); }""")
        assert page.evaluate("() => window.injected") is None
        assert [m for m in console if "Content Security Policy" in m]
