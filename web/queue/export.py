"""The screening log for CONSORT reporting: a CSV download and the same rows as JSON for other
hospital systems. Pseudonymous (prescreen.followup.queue.export_row); behind sign-in like every page.

Both read the log a batch of rows at a time (prescreen.followup.queue_sql.screening_log): the CSV
is streamed to the browser as it is read, in constant memory however long the log; the JSON API
answers one page at a time, `?after=<reference>&limit=<n>`, with a `next` link to the page after.
The cursor is the screening's id, which only grows, so a row added while a client pages
through the log comes on a later page and no row comes twice."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, jsonify, request, stream_with_context, url_for

from prescreen.followup import queue, queue_sql
from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE
from prescreen.eligibility.criteria import CRITERIA_VERSION, PROTOCOL_ID
from prescreen.store.outcome_log import screening_id
from web.queue import bp

ROWS_PER_CHUNK = 200  # CSV rows per piece sent: few enough writes, little held at once
API_LIMIT, API_MAX_LIMIT = 100, 1000
DECISIONS = (INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE)


@bp.get("/screening-log.csv")
def screening_log_csv():
    def rows():
        out = io.StringIO()
        out.write("\ufeff")  # BOM: spreadsheet programs then read the ×10⁹/L of the reasons as UTF-8
        writer = csv.DictWriter(out, fieldnames=queue.EXPORT_COLUMNS)
        writer.writeheader()
        for n, row in enumerate(queue_sql.screening_log(), 1):
            writer.writerow(queue.csv_row(row))
            if n % ROWS_PER_CHUNK == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    name = f"{PROTOCOL_ID}-screening-log-{date.today().isoformat()}.csv"
    return Response(stream_with_context(rows()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


class BadRequest(ValueError):
    pass


def _reference(raw: str | None) -> int:
    """`after`: a reference (PS-000042) or its number; 0 = from the start."""
    raw = (raw or "").strip()
    if not raw:
        return 0
    try:
        number = int(raw) if raw.isdigit() else screening_id(raw.upper())
    except ValueError:
        raise BadRequest("after: a screening reference such as PS-000042 (the last one of the page before)") from None
    if number > 2**31 - 1:
        raise BadRequest("after: no such screening reference")
    return number


def _day(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name}: a date as YYYY-MM-DD (screening date, UTC)") from None


def _choice(name: str, allowed: tuple[str, ...]) -> str | None:
    raw = (request.args.get(name) or "").strip()
    if raw and raw not in allowed:
        raise BadRequest(f"{name}: one of {', '.join(allowed)}")
    return raw or None


def _limit() -> int:
    raw = (request.args.get("limit") or "").strip()
    if not raw:
        return API_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= API_MAX_LIMIT:
        raise BadRequest(f"limit: a number from 1 to {API_MAX_LIMIT}")
    return int(raw)


@bp.get("/api/screenings")
def api_screenings():
    """One page of the screening log, oldest first. Query: after (reference), limit (1–1000,
    default 100), from / to (screening date, UTC, inclusive), decision, status."""
    try:
        after, limit = _reference(request.args.get("after")), _limit()
        filters = {"screened_from": _day("from"), "screened_to": _day("to"),
                   "decision": _choice("decision", DECISIONS), "status": _choice("status", queue_sql.EXPORT_STATUSES)}
    except BadRequest as e:
        return jsonify(error=str(e)), 400
    rows = list(queue_sql.screening_log(after=after, limit=limit + 1, **filters))
    more = len(rows) > limit
    rows = rows[:limit]
    kept = {k: v for k, v in request.args.items() if k not in ("after", "limit") and v}
    following = url_for("queue.api_screenings", after=rows[-1]["reference"], limit=limit, **kept) if more else None
    return jsonify(trial=PROTOCOL_ID, current_criteria_version=CRITERIA_VERSION, columns=queue.EXPORT_COLUMNS,
                   count=len(rows), screenings=rows, next=following)
