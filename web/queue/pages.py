"""The queue's pages: the list, one referral (and recording what happened), the dashboard."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from prescreen.followup import queue, queue_sql, roles
from prescreen.eligibility.criteria import CRITERIA
from prescreen.settings import get_settings
from prescreen.store.models import utcnow
from prescreen.store import outcome_log
from prescreen.store.outcome_log import screening_id
from web.queue import access, bp
from web.queue.chart import failure_chart
from web.queue.visit import visit_calendar

LIST_SCOPES = {"open": "Open (not final)", "any": "Any status"}


def when(t: datetime | None) -> str:
    """Stored in UTC, shown in the site's zone (SITE_TIME_ZONE), which every page names."""
    return roles.local(t).strftime("%Y-%m-%d %H:%M") if t else ""


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
    "fact_label": lambda k: queue.FACT_LABELS.get(k, k.replace("_", " ")),
    "fact_value": lambda v, k="": queue.value_in_words(k, v),
    "contact_channel": lambda c: queue.CONTACT_CHANNELS.get(c, c),
    "contact_result": lambda r: queue.CONTACT_RESULTS.get(r, r).replace(" on …", ""),
    "tel_links": lambda text: tel_links(text),
}


# A phone number or extension inside the referrer's contact: digits with spaces, dashes,
# dots, brackets, an optional leading +; at least 3 digits (an extension).
PHONE = re.compile(r"\+?\d[\d\s().-]{1,}\d")


def tel_links(text: str | None) -> Markup:
    """The contact's phone numbers as tel: links (a click dials on a softphone or a mobile);
    the rest of the text escaped as it is."""
    out, last = [], 0
    text = text or ""
    for m in PHONE.finditer(text):
        digits = re.sub(r"[^\d+]", "", m.group(0))
        if len(digits.lstrip("+")) < 3:
            continue
        out += [escape(text[last:m.start()]), Markup('<a href="tel:%s">%s</a>') % (digits, m.group(0))]
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip()) if (raw or "").strip() else None
    except ValueError:
        return None


def _local_datetime(day: str | None, at: str | None) -> datetime | None:
    """A date and a time typed on a page, in the site's zone, as an aware datetime."""
    d = _date(day)
    try:
        t = time.fromisoformat((at or "").strip()) if (at or "").strip() else None
    except ValueError:
        t = None
    if d is None or t is None:
        return None
    return datetime.combine(d, t).replace(tzinfo=roles.site_zone())


# The list's columns that sort; ?sort=<column>&dir=desc, or ?sort=urgent.
SORTS = tuple(queue.SORT_KEYS) + ("urgent",)


@bp.get("/")
def index():
    scope = request.args.get("status", "open")
    if scope not in LIST_SCOPES and scope not in queue.STATUSES:
        scope = "open"
    decision = request.args.get("decision") or None
    channel = request.args.get("channel") or None
    query = (request.args.get("q") or "").strip()[:200]
    visit_from, visit_to = _date(request.args.get("visit_from")), _date(request.args.get("visit_to"))
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else ""
    descending = request.args.get("dir") == "desc"
    number = request.args.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) < 10**6 else 1
    days = queue.overdue_working_days()
    # Filtered, sorted, counted and cut into pages by the database (prescreen.followup.queue_sql).
    page = queue_sql.list_page(status=scope if scope in queue.STATUSES else None,
                               decision=decision if decision in queue.QUEUE_DECISIONS else None,
                               channel=channel, open_only=scope == "open", query=query,
                               visit_from=visit_from, visit_to=visit_to, sort=sort, descending=descending,
                               page=number, per_page=PER_PAGE, now=utcnow(), days=days)
    shown = access.shown_all(page.items)
    # The filters stay in the URL: every sort link keeps them (and starts again at page 1).
    kept = {k: v for k, v in request.args.items() if k not in ("sort", "dir", "page") and v}
    return render_template("queue/list.html", items=shown, overdue=page.overdue, overdue_days=days,
                           total=page.total, overdue_total=page.overdue_total, page=page,
                           withdrawn=access.withdrawn_ids(shown),
                           scope=scope, decision=decision, channel=channel, scopes=LIST_SCOPES,
                           query=query, visit_from=visit_from, visit_to=visit_to, sort=sort,
                           descending=descending, kept=kept,
                           statuses=queue.STATUS_LABELS, decisions=queue.QUEUE_DECISIONS,
                           channels=queue_sql.channels())


PER_PAGE = 100  # referrals per page of the list


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
    return access.shown(item)


def _next_statuses(item: queue.Item, min_attempts: int) -> tuple[str, ...]:
    """What the status form offers: nothing for a screening outside the queue (read-only),
    and "unreachable" only after enough contact attempts that reached no one."""
    if not item.in_queue:
        return ()
    tried = queue.attempts_without_reply(item.attempts)
    return tuple(s for s in queue.TRANSITIONS[item.status] if s != queue.UNREACHABLE or tried >= min_attempts)


def _referral_page(item: queue.Item, error: str | None = None, form: dict | None = None, code: int = 200):
    now = utcnow()
    min_attempts = get_settings().contact_attempts_before_unreachable
    return render_template(
        "queue/referral.html", item=item, error=error, form=form or {},
        overdue=item.in_queue and queue.is_overdue(item, now, queue.overdue_working_days()),
        min_attempts=min_attempts, tried=queue.attempts_without_reply(item.attempts),
        contact_channels=queue.CONTACT_CHANNELS, contact_results=queue.CONTACT_RESULTS,
        fact_keys=queue.FACT_LABELS, today=roles.local(now).date().isoformat(),
        next_statuses=_next_statuses(item, min_attempts), criteria=CRITERIA,
        criterion_text={c.id: c.text for c in CRITERIA}, coordinators=queue.coordinator_names(),
        **access.referral_context(item),
    ), code


@bp.get("/referrals/<reference>")
def referral(reference: str):
    return _referral_page(_item(reference))


def _record(reference: str, kind: str, done: str, **fields):
    item = _item(reference)
    try:
        queue.record_action(item.id, current_user.id, kind, expected_status=request.form.get("expected_status"),
                     note=request.form.get("note"), **fields)
    except queue.WorkflowError as e:
        # Shown on the page itself, with what was typed kept, and nothing recorded.
        return _referral_page(queue.load_item(item.id), error=str(e), form=request.form, code=409)
    flash(done, "info")
    return redirect(url_for("queue.referral", reference=reference) + "#trail")


@bp.post("/referrals/<reference>/status")
def change_status(reference: str):
    to = request.form.get("to_status", "")
    visit_at = _local_datetime(request.form.get("visit_date"), request.form.get("visit_time"))
    return _record(reference, queue.STATUS, f"Status changed to {queue.STATUS_LABELS.get(to, to)}.",
                   to_status=to, criterion=request.form.get("criterion"), reason=request.form.get("reason"),
                   visit_at=visit_at, visit_place=request.form.get("visit_place"))


@bp.post("/referrals/<reference>/attempts")
def add_attempt(reference: str):
    item = _item(reference)
    f = request.form
    try:
        queue.record_attempt(item.id, current_user.id, channel=f.get("channel", ""), result=f.get("result", ""),
                             attempted_at=_local_datetime(f.get("attempt_date"), f.get("attempt_time")),
                             next_attempt_on=_date(f.get("next_attempt_on")), note=f.get("note"))
    except queue.WorkflowError as e:
        return _referral_page(queue.load_item(item.id), error=str(e), form=f, code=409)
    flash("Contact attempt recorded.", "info")
    return redirect(url_for("queue.referral", reference=reference) + "#attempts")


@bp.post("/referrals/<reference>/rescreen")
def rescreen(reference: str):
    """A fact learned after the decision (a lab result, a phone call): the checker runs again
    and a new outcome row supersedes the current one."""
    item = _item(reference)
    f = request.form
    try:
        entry = outcome_log.parse_entry(f.get("fact", ""), f.get("value", ""), f.get("source", ""), f.get("reason", ""))
        row = outcome_log.rescreen(item.reference, current_user.id, [entry],
                                   expected_reference=f.get("expected_reference"))
    except outcome_log.RescreenError as e:
        return _referral_page(queue.load_item(item.id), error=str(e), form=f, code=409)
    flash(f"Re-screened: {row['reference']} ({queue.DECISION_LABELS.get(row['decision'], row['decision'])}) "
          f"supersedes {item.reference}.", "info")
    return redirect(url_for("queue.referral", reference=row["reference"]))


@bp.get("/referrals/<reference>/visit.ics")
def visit_ics(reference: str):
    item = _item(reference)
    if item.visit is None:
        abort(404)
    name = f"{item.reference}-screening-visit.ics"
    return Response(visit_calendar(item, request.host), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.errorhandler(404)
def not_found(_error):
    """A reference that really does not exist gets a page in the app's layout, not Flask's
    bare "Not Found"."""
    return render_template("queue/not_found.html"), 404


@bp.post("/referrals/<reference>/assignment")
def assign(reference: str):
    who = request.form.get("assignee") or None
    return _record(reference, queue.ASSIGNMENT, f"Assigned to {who}." if who else "Unassigned.", assignee=who)


@bp.post("/referrals/<reference>/notes")
def add_note(reference: str):
    return _record(reference, queue.NOTE, "Note added.")


@bp.get("/dashboard")
def dashboard():
    # Counted by the database (GROUP BY), each patient once as before.
    funnel, reasons, channels, weeks = queue_sql.funnel_and_failures()
    return render_template("queue/dashboard.html", funnel=funnel, reasons=reasons,
                           chart=failure_chart(reasons) if reasons else None, channels=channels, weeks=weeks,
                           statuses=queue.STATUS_LABELS)
