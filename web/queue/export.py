"""The screening log for CONSORT reporting: a CSV download and the same rows as JSON for other
hospital systems. Pseudonymous (prescreen.followup.queue.export_row); behind sign-in like every page."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, jsonify

from prescreen.followup import queue
from prescreen.eligibility.criteria import CRITERIA_VERSION, PROTOCOL_ID
from web.queue import bp


@bp.get("/screening-log.csv")
def screening_log_csv():
    out = io.StringIO()
    out.write("\ufeff")  # BOM: spreadsheet programs then read the ×10⁹/L of the reasons as UTF-8
    writer = csv.DictWriter(out, fieldnames=queue.EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(queue.csv_row(r) for r in queue.screening_log())
    name = f"{PROTOCOL_ID}-screening-log-{date.today().isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/api/screenings")
def api_screenings():
    rows = queue.screening_log()
    return jsonify(trial=PROTOCOL_ID, current_criteria_version=CRITERIA_VERSION, columns=queue.EXPORT_COLUMNS,
                   count=len(rows), screenings=rows)
