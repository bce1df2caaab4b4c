"""The screening log as FHIR R4 (issue 20): what a hospital system gets from /fhir.

The real web app (Flask's test client, as tests/test_queue.py) on real databases (SQLite and
PostgreSQL), tokens made by the real `prescreen system-token` command, and every resource the
responses hold validated with fhir.resources 6.5.0 (FHIR 4.3.0 models: R4B, which matches R4 for
these resources)."""
from __future__ import annotations

import ast
import contextlib
import io
import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fhir.resources import construct_fhir_element
from fhir.resources.bundle import Bundle
from pydantic import ValidationError
from sqlalchemy import create_engine, text

from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE, check
from prescreen.eligibility.criteria import CRITERIA
from prescreen import cli
from prescreen.fhir import mapping
from prescreen.followup import accounts, erasure, roles, workflow
from prescreen.store import outcome_log
from tests.support.servers import BIN
from tests.test_queue import ELIGIBLE, PASSWORD, move, screen, sign_in
from web import create_app

STUDY = "ResearchStudy/NCT06898983"
REFERRAL = ("Dr Chen", "Haematology", "ext 3310", "CH 778")


# ---- helpers ------------------------------------------------------------------------------

@pytest.fixture
def client(database_url):
    return create_app(TESTING=True).test_client()


def prescreen(database_url: str, *args: str) -> subprocess.CompletedProcess:
    """The `prescreen` command, run in this process (its start-up costs seconds on a loaded
    machine; one test runs the installed script itself)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(list(args))
        except SystemExit as e:
            code = e.code or 0
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def new_token(database_url: str, name: str, role: str) -> str:
    made = prescreen(database_url, "system-token", "create", name, "--role", role, "--reason", "test system")
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def valid(resource: dict):
    """The resource as fhir.resources reads it; fails the test if it is not valid FHIR."""
    return construct_fhir_element(resource["resourceType"], resource)


def get(client, url: str, token: str | None, status: int = 200) -> dict:
    r = client.get(url, headers=bearer(token) if token else {})
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.content_type == "application/fhir+json", r.content_type
    body = r.json
    valid(body)  # every answer, errors (OperationOutcome) included
    return body


def path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def all_pages(client, url: str, token: str, between=None) -> list[str]:
    """The ids of every ResearchSubject, following the next links; `between(n)` runs after page n."""
    ids, n = [], 0
    while url:
        page = get(client, url, token)
        Bundle.parse_obj(page)
        ids += [e["resource"]["id"] for e in page.get("entry", [])]
        url = next((path(link["url"]) for link in page["link"] if link["relation"] == "next"), None)
        n += 1
        if between:
            between(n)
    return ids


def subject_status(client, ref: str, token: str) -> str:
    return get(client, f"/fhir/ResearchSubject/{ref}", token)["status"]


# ---- the mapping itself -------------------------------------------------------------------

def test_the_status_table_speaks_the_queue_s_own_words():
    """Every value the table matches is one the queue, the checker or the investigator really
    uses, and every queue status has a row: a renamed status would otherwise fall through."""
    names = {mapping.QUEUE: set(workflow.STATUSES), mapping.DECISION: {INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE},
             mapping.DETERMINATION: set(roles.DETERMINATIONS)}
    for kind, value, _ in mapping.STATUS_TABLE:
        assert value in names[kind], (kind, value)
    assert {v for k, v, _ in mapping.STATUS_TABLE if k == mapping.QUEUE} == set(workflow.STATUSES)
    assert {v for k, v, _ in mapping.STATUS_TABLE if k == mapping.DETERMINATION} == set(roles.DETERMINATIONS)
    assert mapping.subject_status("consented", POTENTIALLY_ELIGIBLE, "not_eligible") == "on-study"
    assert mapping.subject_status("new", INELIGIBLE, "eligible") == "ineligible"
    assert mapping.subject_status("contacted", NEEDS_REVIEW, "eligible") == "eligible"
    assert mapping.subject_status("unreachable", NEEDS_REVIEW, None) == "candidate"


def test_the_mapping_is_pure():
    source = Path(mapping.__file__).read_text(encoding="utf-8")
    imported = {n.module for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.split(".")[0] in ("flask", "sqlalchemy", "web")
                or m.startswith(("prescreen.store", "prescreen.followup"))}, imported


def test_the_validator_does_reject_what_is_not_fhir():
    with pytest.raises(ValidationError):
        valid({"resourceType": "ResearchSubject", "id": "PS-000001", "study": {"reference": STUDY}})  # no status
    with pytest.raises(ValidationError):
        valid({"resourceType": "Observation", "id": "x", "status": "preliminary", "code": {"text": "x"},
               "valueQuantity": {"value": "thirty-two"}})


# ---- what a coordinator's system reads --------------------------------------------------------

def test_every_resource_validates_and_says_what_the_log_says(database_url, client):
    token = new_token(database_url, "ctms", "coordinator")
    eligible = screen(referral=REFERRAL)
    review = screen(sender="dr-2", hiv=None, ecog=2, platelet_count="41k")
    failed = screen(sender="dr-3", age=80, ecog=None, platelet_count=None)
    rescreened = outcome_log.record(check({**ELIGIBLE, "hiv": None}), channel="web", sender_id="dr-4")["reference"]
    current = outcome_log.record(check(ELIGIBLE), channel="web", sender_id="dr-4", supersedes=rescreened)["reference"]

    meta = get(client, "/fhir/metadata", token)
    assert meta["fhirVersion"] == "4.0.1" and {r["type"] for r in meta["rest"][0]["resource"]} == {
        "ResearchStudy", "ResearchSubject", "Patient", "Observation"}

    study = get(client, "/fhir/ResearchStudy/NCT06898983", token)
    assert study["identifier"][0]["value"] == "NCT06898983" and study["status"] == "approved"
    (group,) = study["contained"]
    assert study["enrollment"][0]["reference"] == "#enrollment"
    assert group["quantity"] == 97 and len(group["characteristic"]) == len(CRITERIA) == 21
    for c in CRITERIA:
        assert c.text in study["description"], c.id
    assert [ch["exclude"] for ch in group["characteristic"]] == [c.id.startswith("E") for c in CRITERIA]

    page = get(client, f"/fhir/ResearchSubject?study={STUDY}", token)
    Bundle.parse_obj(page)
    assert page["type"] == "searchset"
    by_id = {e["resource"]["id"]: e["resource"] for e in page["entry"]}
    # One subject per patient, named by its first screening: the re-screen is not a second one.
    assert list(by_id) == [eligible, review, failed, rescreened]
    assert {k: v["status"] for k, v in by_id.items()} == {
        eligible: "potential-candidate", review: "potential-candidate", failed: "ineligible",
        rescreened: "potential-candidate"}
    assert by_id[eligible]["individual"] == {"reference": f"Patient/{eligible}"}
    assert all(e["fullUrl"].endswith(f"/fhir/ResearchSubject/{e['resource']['id']}") for e in page["entry"])

    patient = get(client, f"/fhir/Patient/{eligible}", token)
    assert patient["identifier"][0]["value"] == "CH 778" and patient["gender"] == "male" and "name" not in patient
    assert "identifier" not in get(client, f"/fhir/Patient/{review}", token)  # none was given

    obs = {o["resource"]["id"]: o["resource"]
           for o in get(client, f"/fhir/Observation?subject=Patient/{eligible}", token)["entry"]}
    plt = obs[f"{eligible}-plt"]
    assert plt["code"]["coding"][0]["code"] == "777-3" and plt["code"]["coding"][0]["system"] == "http://loinc.org"
    assert plt["valueQuantity"] == {"value": 32, "unit": "10*9/L", "system": "http://unitsofmeasure.org",
                                    "code": "10*9/L"}
    ecog = obs[f"{eligible}-ecog"]
    assert ecog["code"]["coding"][0]["code"] == "89247-1" and ecog["valueInteger"] == 1
    assert ecog["interpretation"][0]["coding"][0]["code"] == "LA9623-5"
    assert obs[f"{eligible}-decision"]["valueCodeableConcept"]["coding"][0]["code"] == POTENTIALLY_ELIGIBLE
    expected = {r.id: r for r in check(ELIGIBLE).criteria}
    for cid, result in expected.items():
        o = obs[f"{eligible}-{cid}"]
        assert o["code"]["coding"][0] == {"system": mapping.CRITERION_SYSTEM, "code": cid,
                                          "display": next(c.short for c in CRITERIA if c.id == cid)}
        assert o["valueCodeableConcept"]["coding"][0]["code"] == result.status
        assert o["note"] == [{"text": result.reason}]
        assert o["subject"] == {"reference": f"Patient/{eligible}"}

    # "41k" is read as 41 ×10⁹/L; a fact not known has no Observation at all.
    review_obs = {o["resource"]["id"]: o["resource"]
                  for o in get(client, f"/fhir/Observation?focus=ResearchSubject/{review}", token)["entry"]}
    assert review_obs[f"{review}-plt"]["valueQuantity"]["value"] == 41
    assert review_obs[f"{review}-E8"]["valueCodeableConcept"]["coding"][0]["code"] == "unknown"
    failed_obs = get(client, f"/fhir/Observation?subject=Patient/{failed}", token)["entry"]
    assert not {f"{failed}-plt", f"{failed}-ecog"} & {o["resource"]["id"] for o in failed_obs}
    assert {o["resource"]["id"]: o["resource"] for o in failed_obs}[f"{failed}-I1"]["note"][0]["text"] == \
        "age 80: above 75"

    # A re-screened patient: the current screening's results, the earlier ones still readable.
    now_obs = get(client, f"/fhir/Observation?subject=Patient/{rescreened}", token)["entry"]
    assert {o["resource"]["id"].rsplit("-", 1)[0] for o in now_obs} == {current}
    earlier = get(client, f"/fhir/Observation/{rescreened}-E8", token)
    assert earlier["valueCodeableConcept"]["coding"][0]["code"] == "unknown"
    assert earlier["focus"] == [{"reference": f"ResearchSubject/{rescreened}"}]

    for missing in (f"/fhir/ResearchSubject/{current}", "/fhir/Patient/PS-999999", "/fhir/Observation/PS-000001-X9",
                    "/fhir/ResearchStudy/NCT00000000"):
        assert get(client, missing, token, 404)["issue"][0]["code"] == "not-found"
    for bad, says in (("/fhir/ResearchSubject?status=enrolled", "enrolled"), ("/fhir/ResearchSubject?_count=x", "_count"),
                      ("/fhir/ResearchSubject?stauts=candidate", "stauts"), ("/fhir/Observation", "subject="),
                      ("/fhir/Observation?subject=Group/PS-000001", "Patient reference")):
        assert says in get(client, bad, token, 400)["issue"][0]["diagnostics"], bad
    assert get(client, "/fhir/ResearchSubject?study=ResearchStudy/NCT00000000", token).get("entry", []) == []
    assert client.post("/fhir/ResearchSubject", headers=bearer(token), json={}).status_code == 405

    # The patient withdraws their contact (PIPL): the referrer's patient reference goes from FHIR too.
    alice = accounts.add_coordinator("alice", PASSWORD)
    erasure.erase_for_screening(outcome_log.screening_id(eligible), alice.id, "on the phone")
    assert "identifier" not in get(client, f"/fhir/Patient/{eligible}", token)


def test_paging_returns_every_subject_exactly_once_while_screenings_arrive(database_url, client):
    token = new_token(database_url, "ctms", "coordinator")
    refs = [screen(sender=f"dr-{i}", **({"age": 80} if i % 3 == 0 else {})) for i in range(8)]
    added: list[str] = []

    def meanwhile(page: int) -> None:
        # After each page: a new patient, and a re-screen of one already paged (a new row, not a new subject).
        added.append(screen(sender=f"late-{page}"))
        outcome_log.record(check({**ELIGIBLE, "age": 40 + page}), channel="web", sender_id=f"dr-{page}",
                           supersedes=refs[(1, 2, 4, 5)[page - 1]])

    seen = all_pages(client, f"/fhir/ResearchSubject?study={STUDY}&_count=3", token, between=meanwhile)
    assert len(seen) == len(set(seen)), "a subject came twice"
    assert seen[:8] == refs  # in id order, each once
    assert set(seen) == set(refs) | set(added[:-1])  # and the patients who arrived before the walk ended
    # A walk filtered by status pages the same way and finds exactly the matching patients.
    ineligible = all_pages(client, "/fhir/ResearchSubject?status=ineligible&_count=2", token)
    assert ineligible == [refs[0], refs[3], refs[6]]
    assert get(client, "/fhir/ResearchSubject?status=on-study", token).get("entry", []) == []


def test_the_subject_s_status_follows_the_queue(database_url, client):
    token = new_token(database_url, "ctms", "coordinator")
    accounts.add_coordinator("alice", PASSWORD)
    ivy = accounts.add_coordinator("ivy", PASSWORD, role="investigator")
    ref, other, judged = screen(referral=REFERRAL), screen(sender="dr-2"), screen(sender="dr-3")
    assert subject_status(client, ref, token) == "potential-candidate"

    assert sign_in(client).status_code == 302  # alice works the queue in her browser
    for to, was, fhir in (("contacted", "new", "candidate"), ("scheduled", "contacted", "candidate"),
                          ("consented", "scheduled", "on-study")):
        assert move(client, ref, to, was).status_code == 302
        assert subject_status(client, ref, token) == fhir, to
    assert move(client, other, "contacted", "new").status_code == 302
    # Re-screened meanwhile (a new row): the next entry is on the new screening, the subject stays.
    again = outcome_log.record(check({**ELIGIBLE, "age": 63}), channel="web", sender_id="dr-2",
                               supersedes=other)["reference"]
    assert subject_status(client, other, token) == "candidate"
    assert move(client, again, "declined", "contacted").status_code == 302
    assert subject_status(client, other, token) == "withdrawn"

    # The investigator's signed determination: eligible only by their signature.
    sid = outcome_log.screening_id(judged)
    roles.record_judgement(sid, ivy.id, "I6", "benefit", "may benefit")
    roles.record_judgement(sid, ivy.id, "E14", "suitable", "no concerns")
    roles.sign(sid, ivy.id, PASSWORD, "eligible", None, "127.0.0.1")
    assert subject_status(client, judged, token) == "eligible"

    # The search by status follows too, and so does the signed-in coordinator's own session.
    on_study = client.get("/fhir/ResearchSubject?status=on-study,withdrawn")  # alice's cookie, no token
    assert on_study.status_code == 200 and valid(on_study.json)
    assert [e["resource"]["id"] for e in on_study.json["entry"]] == [ref, other]
    assert [e["resource"]["id"] for e in get(client, "/fhir/ResearchSubject?status=eligible", token)["entry"]] == [judged]


def test_tokens_are_checked_revocable_audited_and_their_use_recorded(database_url, client):
    made = subprocess.run([str(BIN / "prescreen"), "system-token", "create", "ctms", "--role", "coordinator",
                           "--reason", "test system"], env={"PATH": str(BIN), "DATABASE_URL": database_url},
                          capture_output=True, text=True)
    assert made.returncode == 0 and "not shown again" in made.stderr, made.stderr
    token = made.stdout.strip()
    screen()
    assert prescreen(database_url, "system-token", "create", "ctms", "--role", "monitor").returncode == 2
    for headers in ({}, {"Authorization": "Basic Y3RtczpjdG1z"}, {"Authorization": "Bearer"},
                    bearer("pst_not-a-token"), bearer(token + "x")):
        r = client.get("/fhir/ResearchSubject", headers=headers)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer"), headers
        assert r.content_type == "application/fhir+json" and r.json["issue"][0]["code"] == "login"
        valid(r.json)
    listed = json.loads(prescreen(database_url, "system-token", "list", "--json").stdout)
    assert listed[0]["name"] == "ctms" and listed[0]["last_used_at"] is None and token not in json.dumps(listed)

    assert len(get(client, "/fhir/ResearchSubject", token)["entry"]) == 1
    listed = json.loads(prescreen(database_url, "system-token", "list", "--json").stdout)
    assert listed[0]["last_used_at"] is not None
    with create_engine(database_url, future=True).connect() as c:  # only the hash is kept
        stored = c.execute(text("SELECT token_hash FROM system_tokens")).scalars().all()
    assert stored and token not in stored

    revoked = prescreen(database_url, "system-token", "revoke", "ctms", "--reason", "CTMS replaced")
    assert revoked.returncode == 0, revoked.stderr
    r = client.get("/fhir/ResearchSubject", headers=bearer(token))
    assert r.status_code == 401 and "revoked" in r.json["issue"][0]["diagnostics"]
    assert prescreen(database_url, "system-token", "revoke", "ctms").returncode == 2
    replacement = new_token(database_url, "ctms", "monitor")  # the name is free again
    assert client.get("/fhir/ResearchSubject", headers=bearer(replacement)).status_code == 200
    audit = [(e["account"], e["action"], e["detail"], e["reason"]) for e in accounts.account_events()]
    assert audit == [("system:ctms", "token_created", "coordinator", "test system"),
                     ("system:ctms", "token_revoked", "coordinator", "CTMS replaced"),
                     ("system:ctms", "token_created", "monitor", "test system")]


def test_a_monitor_sees_no_patient_reference(database_url, client):
    token = new_token(database_url, "sponsor-edc", "monitor")
    ref = screen(referral=REFERRAL)
    subject = get(client, f"/fhir/ResearchSubject/{ref}", token)
    assert subject["individual"] == {"extension": [{"url": mapping.DATA_ABSENT, "valueCode": "masked"}]}
    page = client.get("/fhir/ResearchSubject", headers=bearer(token))
    obs = client.get(f"/fhir/Observation?focus=ResearchSubject/{ref}", headers=bearer(token))
    assert obs.status_code == 200 and len(obs.json["entry"]) == 2 + 1 + 21
    for body in (page.text, obs.text):
        assert "Patient/" not in body and "CH 778" not in body
    valid(page.json), valid(obs.json)
    assert get(client, f"/fhir/Patient/{ref}", token, 403)["issue"][0]["code"] == "forbidden"
    assert get(client, f"/fhir/Observation?subject=Patient/{ref}", token, 403)["issue"][0]["code"] == "forbidden"
    assert "subject" not in get(client, f"/fhir/Observation/{ref}-I1", token)
    # A monitor signed in to the queue sees the same.
    accounts.add_coordinator("mona", PASSWORD, role="monitor")
    assert sign_in(client, "mona").status_code == 302
    assert client.get(f"/fhir/Patient/{ref}").status_code == 403
    assert "Patient/" not in client.get("/fhir/ResearchSubject").text
