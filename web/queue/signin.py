"""Signing coordinators in and out, and keeping everything else of /queue behind it.

Flask-Login keeps the coordinator's id in the signed session cookie. The cookie alone would
stay valid for ever, so the session also carries when it began and when it was last used,
and a request past QUEUE_SESSION_IDLE_MINUTES or QUEUE_SESSION_MAX_MINUTES signs out. It also
carries the token of a server-side session (prescreen.followup.accounts): every request checks
that session in the database, so signing out, a password change or a deactivation ends it at
once, also for a copy of the cookie taken before.
"""
from __future__ import annotations

import math
import time
from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from prescreen.followup import accounts
from web.queue import bp

login_manager = LoginManager()
# "strong": a session cookie replayed from another address or browser is dropped.
login_manager.session_protection = "strong"

PUBLIC = {"queue.sign_in"}
SESSION_TOKEN = "queue_session"  # key of the server-side session's token in the cookie


class SignedIn(UserMixin):
    def __init__(self, coordinator_id: int, username: str, role: str = "coordinator"):
        self.id = coordinator_id
        self.username = username
        self.role = role  # prescreen.followup.roles: what this user may do


@login_manager.user_loader
def load(user_id: str) -> SignedIn | None:
    # None (signed out) unless the cookie's server-side session is still open.
    row = accounts.session_coordinator(session.get(SESSION_TOKEN), int(user_id)) if user_id.isdigit() else None
    return SignedIn(row.id, row.username, row.role) if row else None


def _is_api() -> bool:
    return request.path.startswith(f"{bp.url_prefix}/api/")


@login_manager.unauthorized_handler
def unauthorized():
    if _is_api():
        return jsonify(error="Sign in required."), 401
    # Only a page can be returned to; a form's POST is not replayed after signing in.
    wanted = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("queue.sign_in", next=wanted))


def _safe_next(target: str | None) -> str:
    """Back to the page asked for, but only ever a page of the queue (no open redirect)."""
    home = url_for("queue.index")
    if not target:
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/queue/") or target.startswith("//"):
        return home
    return target


@bp.before_request
def require_sign_in():
    if request.endpoint in PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    policy = accounts.sign_in_policy()
    now = time.time()
    began, seen = session.get("signed_in_at", 0), session.get("seen_at", 0)
    if now - seen > policy.session_idle.total_seconds() or now - began > policy.session_absolute.total_seconds():
        accounts.close_session(session.get(SESSION_TOKEN))
        logout_user()
        session.clear()
        flash("Your session expired. Please sign in again.", "info")
        return login_manager.unauthorized()
    session["seen_at"] = now
    return None


@bp.errorhandler(CSRFError)
def refused_without_token(e: CSRFError):
    if _is_api():
        return jsonify(error=f"Refused: {e.description}"), 400
    return render_template("queue/refused.html", reason=e.description), 400


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    target = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target)
        return render_template("queue/sign_in.html", next=target)

    username = request.form.get("username", "")
    result = accounts.authenticate(username, request.form.get("password", ""), request.remote_addr or "unknown")
    if result.throttled:
        seconds = max(1, math.ceil(result.retry_after.total_seconds()))  # never sooner than it lifts
        wait = (f"{seconds} second{'s' if seconds != 1 else ''}" if seconds < 90
                else f"about {round(seconds / 60)} minutes")
        message = f"Too many failed sign-ins from this computer. Try again in {wait}."
        page = render_template("queue/sign_in.html", next=target, username=username, error=message)
        return page, 429, {"Retry-After": str(seconds)}
    if result.coordinator is None:
        return render_template("queue/sign_in.html", next=target, username=username,
                               error="Wrong username or password."), 401
    # A fresh session: nothing of an earlier visitor of this browser (e.g. a chat) carries over.
    session.clear()
    session[SESSION_TOKEN] = accounts.open_session(result.coordinator.id)
    login_user(SignedIn(result.coordinator.id, result.coordinator.username, result.coordinator.role))
    session["signed_in_at"] = session["seen_at"] = time.time()
    return redirect(target)


@bp.post("/sign-out")
def sign_out():
    accounts.close_session(session.get(SESSION_TOKEN))  # a copy of this cookie is signed out too
    logout_user()
    session.clear()
    flash("Signed out.", "info")
    return redirect(url_for("queue.sign_in"))
