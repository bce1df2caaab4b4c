"""The screening log for CONSORT reporting: a CSV download and the same rows as JSON for other
hospital systems. Pseudonymous (prescreen.followup.queue.export_row); behind sign-in like every page."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, jsonify

from prescreen.followup import queue, roles
from prescreen.store.outcome_log import screening_id
from prescreen.eligibility.criteria import CRITERIA_VERSION, PROTOCOL_ID
from web.queue import bp


# The investigator's signed determination (prescreen.followup.roles), newest per screening.
SIGNOFF_COLUMNS = ["investigator_determination", "determination_reason", "signed_by", "signed_at",
                   "signed_criteria_version"]
COLUMNS = queue.EXPORT_COLUMNS + SIGNOFF_COLUMNS


def log_rows() -> list[dict]:
    signed = roles.current_determinations()
    rows = []
    for row in queue.screening_log():
        d = signed.get(screening_id(row["reference"]))
        rows.append({**row, "investigator_determination": d.value if d else None,
                     "determination_reason": d.reason if d else None, "signed_by": d.by if d else None,
                     "signed_at": d.at.isoformat(timespec="seconds") if d else None,
                     "signed_criteria_version": d.criteria_version if d else None})
    return rows


@bp.get("/screening-log.csv")
def screening_log_csv():
    out = io.StringIO()
    out.write("\ufeff")  # BOM: spreadsheet programs then read the ×10⁹/L of the reasons as UTF-8
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(queue.csv_row(r) for r in log_rows())
    name = f"{PROTOCOL_ID}-screening-log-{date.today().isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/api/screenings")
def api_screenings():
    rows = log_rows()
    return jsonify(trial=PROTOCOL_ID, current_criteria_version=CRITERIA_VERSION, columns=COLUMNS,
                   count=len(rows), screenings=rows)
