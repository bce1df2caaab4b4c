"""The screening log as FHIR R4 over HTTP, under /fhir, read-only (resources: prescreen/fhir/).

Who may call: a hospital system with its API token (`Authorization: Bearer pst_…`, made by
`prescreen system-token create NAME --role coordinator|monitor`, prescreen/followup/system_tokens.py),
or a person signed in to the queue (the same session cookie, with the same idle and absolute
limits). Nothing answers without one of them: 401 with an OperationOutcome. A monitor sees no
patient references (403 for Patient and for an Observation search by subject).

  GET /fhir/metadata                                     CapabilityStatement
  GET /fhir/ResearchStudy/NCT06898983                    the trial
  GET /fhir/ResearchSubject?study=…&status=…&_count=…    searchset Bundle, paged: `next` link
                                                         with `_after=PS-…` (the cursor: the last
                                                         subject's id; each subject comes once)
  GET /fhir/ResearchSubject/PS-000042, /fhir/Patient/PS-000042
  GET /fhir/Observation?subject=Patient/PS-…  or  ?focus=ResearchSubject/PS-…, /fhir/Observation/PS-000043-I3

Everything is `application/fhir+json`. Bad parameters get 400 with an OperationOutcome naming
them (an unknown parameter is refused rather than ignored, so a typo never widens a search).
"""
from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, g, request, session
from flask_login import current_user

from prescreen.eligibility.criteria import CRITERIA_VERSION
from prescreen.fhir import mapping, records
from prescreen.followup import accounts, roles, system_tokens

PREFIX = "/fhir"
bp = Blueprint("fhir", __name__, url_prefix=PREFIX)

DEFAULT_COUNT, MAX_COUNT = 50, 200
REALM = 'Bearer realm="fhir"'


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _fhir(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=mapping.MIME, headers=headers)


def _refused(e: Refused) -> Response:
    headers = {"WWW-Authenticate": REALM} if e.status == 401 else None
    return _fhir(mapping.operation_outcome(e.code, e.message), e.status, headers)


bp.register_error_handler(Refused, _refused)


def _base() -> str:
    # request.url_root follows X-Forwarded-Proto only from the trusted proxy (web/server.py).
    return request.url_root.rstrip("/") + PREFIX


# ---- who is calling -----------------------------------------------------------------------

def _signed_in_session_fresh() -> bool:
    """The queue's session limits (web/queue/signin.py) hold here too: a cookie past its idle or
    absolute limit does not read the log."""
    policy = accounts.sign_in_policy()
    now = time.time()
    began, seen = session.get("signed_in_at", 0), session.get("seen_at", 0)
    if now - seen > policy.session_idle.total_seconds() or now - began > policy.session_absolute.total_seconds():
        return False
    session["seen_at"] = now
    return True


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refused(401, "login", "Send the system's token as 'Authorization: Bearer <token>'.")
        system = system_tokens.authenticate(token.strip())
        if system is None:
            raise Refused(401, "login", "This token is not valid or has been revoked.")
        g.fhir_role = system.role
        return None
    if current_user.is_authenticated and _signed_in_session_fresh():
        g.fhir_role = current_user.role
        return None
    raise Refused(401, "login", "Sign in required: send 'Authorization: Bearer <token>' "
                                "(prescreen system-token create NAME --role coordinator|monitor).")


def _with_patient() -> bool:
    return roles.sees_contacts(g.fhir_role)


# ---- parameters ---------------------------------------------------------------------------

def _only(allowed: set[str]) -> None:
    unknown = sorted(set(request.args) - allowed - {"_format"})
    if unknown:
        raise Refused(400, "not-supported", f"Unknown search parameter(s): {', '.join(unknown)}. "
                                            f"Supported here: {', '.join(sorted(allowed))}.")
    fmt = request.args.get("_format")
    if fmt and "json" not in fmt:
        raise Refused(406, "not-supported", f"_format={fmt}: only JSON is served (application/fhir+json).")


def _one(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise Refused(400, "invalid", f"{name}: give it once (for several values, separate them with commas).")
    return values[0].strip() if values else None


def _reference(name: str, kind: str) -> int | None:
    """A reference parameter (`Patient/PS-000042`, `PS-000042`, or a full URL ending so) -> the
    screening id; Refused when it is no such reference."""
    value = _one(name)
    if value is None:
        return None
    tail = value.rstrip("/").split("/")
    if len(tail) >= 2 and tail[-2] != kind:
        raise Refused(400, "invalid", f"{name}: a {kind} reference such as {kind}/PS-000042, not {value!r}.")
    sid = mapping.screening_id_of(tail[-1])
    if sid is None:
        raise Refused(400, "invalid", f"{name}: a {kind} reference such as {kind}/PS-000042, not {value!r}.")
    return sid


def _count() -> int:
    value = _one("_count")
    if value is None:
        return DEFAULT_COUNT
    if not value.isdigit() or int(value) < 1:
        raise Refused(400, "invalid", f"_count: a whole number from 1 to {MAX_COUNT}, not {value!r}.")
    return min(int(value), MAX_COUNT)  # a server may return fewer than asked (FHIR search, paging)


def _statuses() -> set[str] | None:
    value = _one("status")
    if value is None:
        return None
    codes = {c.strip() for c in value.split(",") if c.strip()}
    known = set(mapping.SUBJECT_STATUSES) | set(mapping.OTHER_R4_STATUSES)
    wrong = sorted(codes - known)
    if wrong or not codes:
        raise Refused(400, "invalid", f"status: {', '.join(wrong) or '(empty)'} is not a research-subject-status; "
                                      f"used here: {', '.join(mapping.SUBJECT_STATUSES)}.")
    return codes


def _study_matches() -> bool:
    value = _one("study")
    if value is None:
        return True
    tail = value.rstrip("/").split("/")
    if len(tail) >= 2 and tail[-2] != "ResearchStudy":
        raise Refused(400, "invalid", f"study: a ResearchStudy reference such as ResearchStudy/{mapping.STUDY_ID}.")
    return tail[-1] == mapping.STUDY_ID


# ---- routes -------------------------------------------------------------------------------

@bp.get("/metadata")
def metadata():
    _only(set())
    return _fhir(mapping.capability_statement(_base(), CRITERIA_VERSION))


@bp.get("/ResearchStudy/<study_id>")
def research_study(study_id: str):
    _only(set())
    if study_id != mapping.STUDY_ID:
        raise Refused(404, "not-found", f"No ResearchStudy {study_id!r}; this server has {mapping.STUDY_ID}.")
    return _fhir(mapping.research_study())


@bp.get("/ResearchSubject")
def search_subjects():
    _only({"study", "status", "_count", "_after"})
    count, statuses, matches = _count(), _statuses(), _study_matches()
    after_value = _one("_after")
    after = mapping.screening_id_of(after_value) if after_value else 0
    if after is None:
        raise Refused(400, "invalid", f"_after: the id of the last subject of the previous page (PS-…), "
                                      f"not {after_value!r}; follow the Bundle's next link.")
    found, following = records.subjects_page(after, count, statuses, _with_patient()) if matches else ([], None)
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in ("_after", "_count")]
    next_url = None
    if following is not None:
        next_url = (f"{_base()}/ResearchSubject?"
                    + urlencode(kept + [("_count", count), ("_after", mapping.reference(following))]))
    resources = [mapping.research_subject(r, _with_patient()) for r in found]
    return _fhir(mapping.bundle(_base(), resources, request.url, next_url))


@bp.get("/ResearchSubject/<subject_id>")
def read_subject(subject_id: str):
    _only(set())
    record = _subject(subject_id, "ResearchSubject")
    return _fhir(mapping.research_subject(record, _with_patient()))


@bp.get("/Patient/<patient_id>")
def read_patient(patient_id: str):
    _only(set())
    if not _with_patient():
        raise Refused(403, "forbidden", "Your role (monitor) sees no patient references.")
    return _fhir(mapping.patient(_subject(patient_id, "Patient")))


@bp.get("/Observation")
def search_observations():
    _only({"subject", "focus"})
    by_patient, by_subject = _reference("subject", "Patient"), _reference("focus", "ResearchSubject")
    if by_patient is None and by_subject is None:
        raise Refused(400, "invalid", "Search Observations by subject=Patient/PS-… or focus=ResearchSubject/PS-….")
    if by_patient is not None and not _with_patient():
        raise Refused(403, "forbidden", "Your role (monitor) sees no patient references: "
                                        "search by focus=ResearchSubject/PS-… instead.")
    wanted = {sid for sid in (by_patient, by_subject) if sid is not None}
    found: list[dict] = []
    if len(wanted) == 1:  # two different patients given: nothing is about both
        record = records.subject(wanted.pop(), _with_patient())
        found = mapping.observations(record, _with_patient()) if record else []
    return _fhir(mapping.bundle(_base(), found, request.url))


@bp.get("/Observation/<observation_id>")
def read_observation(observation_id: str):
    _only(set())
    parsed = mapping.parse_observation_id(observation_id)
    record = records.screening_record(parsed[0], _with_patient()) if parsed else None
    found = mapping.observations(record, _with_patient(), only=observation_id) if record else []
    if not found:
        raise Refused(404, "not-found", f"No Observation {observation_id!r}.")
    return _fhir(found[0])


@bp.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def anything_else(rest: str):
    if request.method != "GET":
        raise Refused(405, "not-supported", "This FHIR server is read-only.")
    raise Refused(404, "not-supported", f"Nothing here at /fhir/{rest}; see /fhir/metadata.")


def _subject(text: str, kind: str) -> mapping.SubjectRecord:
    sid = mapping.screening_id_of(text)
    record = records.subject(sid, _with_patient()) if sid is not None else None
    if record is None:
        raise Refused(404, "not-found", f"No {kind} {text!r}.")
    return record


def init_app(app: Flask) -> None:
    from web import csrf

    # Read-only and authenticated per request by a token or the session: no form to forge, so
    # Flask-WTF's CSRF check (which would answer an HTML 400) is not this blueprint's.
    csrf.exempt(bp)
    app.register_blueprint(bp)
