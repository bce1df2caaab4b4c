"""The queue's pages: the list, one referral (and recording what happened), the dashboard."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from prescreen.followup import queue
from prescreen.eligibility.criteria import CRITERIA
from prescreen.store.models import utcnow
from prescreen.store.outcome_log import screening_id
from web.queue import bp
from web.queue.chart import failure_chart

LIST_SCOPES = {"open": "Open (not final)", "any": "Any status"}


def when(t: datetime | None) -> str:
    """Local time of the server, which is the hospital's."""
    return t.astimezone().strftime("%Y-%m-%d %H:%M") if t else ""


def ago(t: datetime) -> str:
    span = max(utcnow() - t, timedelta(0))
    days, hours, minutes = span.days, span.seconds // 3600, span.seconds % 3600 // 60
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


FILTERS = {
    "when": when,
    "ago": ago,
    "status_label": lambda s: queue.STATUS_LABELS.get(s, s.replace("_", " ")),
    "decision_label": lambda d: queue.DECISION_LABELS.get(d, d),
    "criterion_short": lambda c: queue.CRITERION_SHORT.get(c, c),
}


@bp.get("/")
def index():
    items = queue.load_items()
    scope = request.args.get("status", "open")
    if scope not in LIST_SCOPES and scope not in queue.STATUSES:
        scope = "open"
    decision = request.args.get("decision") or None
    channel = request.args.get("channel") or None
    shown = queue.filter_items(items, status=scope if scope in queue.STATUSES else None,
                               decision=decision if decision in queue.QUEUE_DECISIONS else None,
                               channel=channel, open_only=scope == "open")
    now, days = utcnow(), queue.overdue_working_days()
    overdue = {i.id for i in shown if queue.is_overdue(i, now, days)}
    return render_template("queue/list.html", items=shown, overdue=overdue, overdue_days=days,
                           scope=scope, decision=decision, channel=channel, scopes=LIST_SCOPES,
                           statuses=queue.STATUS_LABELS, decisions=queue.QUEUE_DECISIONS,
                           channels=sorted({i.screening["channel"] for i in items}))


# screenings.id is a 32-bit INTEGER on PostgreSQL; a larger number can name no screening and,
# sent to the database, fails there (a 500) instead of being "not found".
LARGEST_ID = 2**31 - 1


def _item(reference: str) -> queue.Item:
    try:
        number = screening_id(reference)
        item = queue.load_item(number) if 0 < number <= LARGEST_ID else None
    except ValueError:
        item = None
    if item is None:
        abort(404)
    return item


def _referral_page(item: queue.Item, error: str | None = None, form: dict | None = None, code: int = 200):
    now = utcnow()
    return render_template(
        "queue/referral.html", item=item, error=error, form=form or {},
        overdue=queue.is_overdue(item, now, queue.overdue_working_days()),
        next_statuses=queue.TRANSITIONS[item.status], criteria=CRITERIA,
        criterion_text={c.id: c.text for c in CRITERIA}, coordinators=queue.coordinator_names(),
    ), code


@bp.get("/referrals/<reference>")
def referral(reference: str):
    return _referral_page(_item(reference))


def _record(reference: str, kind: str, done: str, **fields):
    item = _item(reference)
    try:
        queue.record(item.id, current_user.id, kind, expected_status=request.form.get("expected_status"),
                     note=request.form.get("note"), **fields)
    except queue.WorkflowError as e:
        # Shown on the page itself, with what was typed kept, and nothing recorded.
        return _referral_page(queue.load_item(item.id), error=str(e), form=request.form, code=409)
    flash(done, "info")
    return redirect(url_for("queue.referral", reference=reference) + "#trail")


@bp.post("/referrals/<reference>/status")
def change_status(reference: str):
    to = request.form.get("to_status", "")
    return _record(reference, queue.STATUS, f"Status changed to {queue.STATUS_LABELS.get(to, to)}.",
                   to_status=to, criterion=request.form.get("criterion"), reason=request.form.get("reason"))


@bp.post("/referrals/<reference>/assignment")
def assign(reference: str):
    who = request.form.get("assignee") or None
    return _record(reference, queue.ASSIGNMENT, f"Assigned to {who}." if who else "Unassigned.", assignee=who)


@bp.post("/referrals/<reference>/notes")
def add_note(reference: str):
    return _record(reference, queue.NOTE, "Note added.")


@bp.get("/dashboard")
def dashboard():
    screenings, items = queue.load_screenings(), queue.load_items()
    reasons = queue.failure_reasons(screenings, items)
    channels, weeks = queue.referrals_per_week(items)
    return render_template("queue/dashboard.html", funnel=queue.funnel(screenings, items), reasons=reasons,
                           chart=failure_chart(reasons) if reasons else None, channels=channels, weeks=weeks,
                           statuses=queue.STATUS_LABELS)
