"""FHIR R4 resources of the screening log, built from plain data (pure: no Flask, no database).

Resources are plain dicts, serialised with `json`. They are not built through fhir.resources at
run time: a Bundle of 100 ResearchSubjects took 92 ms through its pydantic models against
1.3 ms as dicts, and importing the models adds 13 MB and 0.4 s to the web app. Instead every
resource the tests produce is validated with fhir.resources 6.5.0 (its models are FHIR 4.3.0,
R4B, which matches R4 for these resources; tests/test_fhir.py).

Identity
--------
A patient is a chain of screenings (a re-screen supersedes the one before). The chain's FIRST
screening names the patient for good: ResearchSubject/PS-000042 and the pseudonymous
Patient/PS-000042, whatever re-screens follow. Its facts and criterion results are those of the
chain's current screening; Observation ids name that screening (PS-000043-I3, PS-000043-plt).
Every chain is a subject, pre-screen failures included (they are the screening log's
"screened, not eligible" for CONSORT).

ResearchSubject.status: the ONE table
-------------------------------------
The first row that matches the patient wins. "queue" is the referral's status in the
coordinators' queue (prescreen.followup.workflow; "new" until anyone changes it), "decision"
the assistant's current pre-screening decision, "determination" the investigator's newest
signed eligibility determination (prescreen.followup.roles) over the patient's screenings.

| matches                                 | FHIR status          | why                                                  |
|-----------------------------------------|----------------------|------------------------------------------------------|
| queue = consented                       | on-study             | consented at the screening visit: enrolled           |
| queue = declined                        | withdrawn            | the patient said no                                  |
| queue = screen_failed                   | ineligible           | failed screening at the visit                        |
| decision = ineligible                   | ineligible           | a criterion definitely failed at pre-screening       |
| determination = not_eligible            | ineligible           | the investigator's signed determination              |
| determination = eligible                | eligible             | the investigator's signed determination              |
| determination = eligible_deviation      | eligible             | eligible with a documented deviation                 |
| queue = contacted / scheduled / unreachable | candidate        | being followed up (unreachable stays open)           |
| queue = new                             | potential-candidate  | potentially eligible or needs review, not yet acted on |

The assistant itself never makes anyone "eligible": only an investigator's signature does.

Per-criterion results
---------------------
One Observation per criterion of the current screening, coded in a local code system whose
codes are the CONTRACT's criterion ids (`CRITERION_SYSTEM`: I1…I7, E1…E14), with the result as
`valueCodeableConcept` in a second local system (`RESULT_SYSTEM`: met, not_met, unknown,
investigator; for an exclusion criterion "met" means clear of it) and the checker's reason as
`note`; `method` names the criteria version. Chosen over a ResearchSubject extension because a
receiving system can search and read Observations without a custom profile, and because a result
belongs to one screening while the subject outlives re-screens. The pre-screening decision itself
is one more Observation (code `decision`). The facts with a standard code are Observations too:
platelet count LOINC 777-3 in UCUM 10*9/L, ECOG LOINC 89247-1 as `valueInteger` with the LOINC
answer as `interpretation` (as HL7's mCODE does). Words quoted from the conversation (evidence)
are never in a resource: they may name the patient.

Roles
-----
A monitor (person or system token) sees no patient reference: ResearchSubject.individual is
masked (the data-absent-reason extension "masked": R4 requires the element), Observations carry
no `subject`, only their `focus` on the ResearchSubject, and Patient is not served to them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from prescreen.utc import aware, utcnow
from prescreen.eligibility.criteria import CRITERIA, PROTOCOL_ID

FHIR_VERSION = "4.0.1"
MIME = "application/fhir+json"

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
# Local code systems (not published elsewhere): the criterion ids of CONTRACT.md and their results.
CRITERION_SYSTEM = f"urn:prescreen:{PROTOCOL_ID.lower()}:criterion"
RESULT_SYSTEM = f"urn:prescreen:{PROTOCOL_ID.lower()}:criterion-result"
SCREENING_SYSTEM = "urn:prescreen:screening-reference"  # PS-000042, what the referrer was told
PATIENT_REFERENCE_SYSTEM = "urn:prescreen:patient-reference"  # the referrer's initials / hospital number

# ---- the trial (the registry's record, /work/shared/trial/NCT06898983.txt) -------------------

STUDY_ID = PROTOCOL_ID
STUDY_TITLE = ("Efficacy and Safety Study of Romiplostim N01 for Cancer Treatment-induced Thrombocytopenia "
               "(CTIT) in the Treatment of Leukemia")
STUDY_SECONDARY_ID = "Romiplostim N01-002"
STUDY_SPONSOR = "University of Science and Technology of China (USTC)"
# The registry says "Not yet enrolling"; R4's nearest code is "approved" (approved, not yet open).
# Change it here when the trial opens ("active").
STUDY_STATUS = "approved"
ENROLLMENT_TARGET = 97

# ---- the ONE status table (see the module's docstring) -------------------------------------

QUEUE, DECISION, DETERMINATION = "queue", "decision", "determination"
STATUS_TABLE: tuple[tuple[str, str, str], ...] = (
    (QUEUE, "consented", "on-study"),
    (QUEUE, "declined", "withdrawn"),
    (QUEUE, "screen_failed", "ineligible"),
    (DECISION, "ineligible", "ineligible"),
    (DETERMINATION, "not_eligible", "ineligible"),
    (DETERMINATION, "eligible", "eligible"),
    (DETERMINATION, "eligible_deviation", "eligible"),
    (QUEUE, "contacted", "candidate"),
    (QUEUE, "scheduled", "candidate"),
    (QUEUE, "unreachable", "candidate"),
    (QUEUE, "new", "potential-candidate"),
)
# Every code ResearchSubject.status can take here, for the search parameter.
SUBJECT_STATUSES = tuple(dict.fromkeys(code for _, _, code in STATUS_TABLE))
# The rest of R4's research-subject-status codes: a search for them is valid and finds nobody.
OTHER_R4_STATUSES = ("follow-up", "not-registered", "off-study", "on-study-intervention", "on-study-observation",
                     "pending-on-study", "screening")


def subject_status(queue_status: str, decision: str, determination: str | None) -> str:
    """ResearchSubject.status from the ONE table: the first row that matches."""
    seen = {QUEUE: queue_status, DECISION: decision, DETERMINATION: determination}
    for kind, value, code in STATUS_TABLE:
        if seen[kind] == value:
            return code
    # Never reached with the queue's statuses (the last row catches "new"); an unknown status
    # is not guessed into a stage: the patient is still only a potential candidate.
    return "potential-candidate"


def only_after_action(statuses: set[str]) -> bool:
    """Whether every one of these statuses needs a queue status entry or a signed determination
    (derived from the table: no row giving one of them matches the decision alone or "new"), so
    a search for them need only look at patients someone has acted on."""
    return all(kind == DETERMINATION or (kind == QUEUE and value != "new")
               for kind, value, code in STATUS_TABLE if code in statuses)


# ---- what a resource is made from ---------------------------------------------------------

@dataclass(frozen=True)
class SubjectRecord:
    """One patient (a chain of screenings) as records.py reads it."""
    root_id: int  # the chain's first screening: names the subject and the Patient
    first_at: datetime
    head: dict  # the chain's current screening: id, created_at, decision, facts, criteria, criteria_version
    queue_status: str
    determination: str | None
    # The referrer's patient reference (initials / hospital number); "" when none or erased,
    # None when the caller's role does not see it.
    patient_reference: str | None = None

    @property
    def status(self) -> str:
        return subject_status(self.queue_status, self.head["decision"], self.determination)


def reference(screening_id: int) -> str:
    """The screening reference the whole system uses (Screening.reference): 42 -> PS-000042."""
    return f"PS-{screening_id:06d}"


def screening_id_of(text: str) -> int | None:
    """PS-000042 (any case) -> 42; None for anything else."""
    prefix, _, number = text.partition("-")
    return int(number) if prefix.upper() == "PS" and number.isdigit() and len(number) <= 12 else None


def _instant(t: datetime) -> str:
    return aware(t).astimezone(timezone.utc).isoformat()


# ---- ResearchStudy --------------------------------------------------------------------------

def _criteria_markdown() -> str:
    lines = ["Eligibility criteria (the trial's wording; ids as in the pre-screening's results)", ""]
    for heading, prefix in (("Inclusion", "I"), ("Exclusion", "E")):
        lines += [f"**{heading} criteria**", ""]
        lines += [f"- {c.id}: {c.text}" for c in CRITERIA if c.id.startswith(prefix)]
        lines.append("")
    return "\n".join(lines).strip()


def _criterion_coding(criterion_id: str) -> dict:
    short = next(c.short for c in CRITERIA if c.id == criterion_id)
    return {"system": CRITERION_SYSTEM, "code": criterion_id, "display": short}


def research_study() -> dict:
    """The trial. The enrolment target and the criteria as a (contained) Group: R4 has no
    target number of its own (R5's recruitment.targetNumber); its `enrollment` is a Group whose
    quantity is the number of subjects. The criteria are also the description's text."""
    group = {
        "resourceType": "Group",
        "id": "enrollment",
        "type": "person",
        "actual": False,
        "name": f"{STUDY_ID} enrolment target and eligibility",
        "quantity": ENROLLMENT_TARGET,
        "characteristic": [{
            "code": {"coding": [_criterion_coding(c.id)], "text": c.text},
            "valueBoolean": True,
            # An exclusion criterion describes whom the trial leaves out.
            "exclude": c.id.startswith("E"),
        } for c in CRITERIA],
    }
    return {
        "resourceType": "ResearchStudy",
        "id": STUDY_ID,
        "contained": [group],
        "identifier": [
            {"use": "official", "system": "https://clinicaltrials.gov", "value": STUDY_ID},
            {"use": "secondary", "value": STUDY_SECONDARY_ID},
        ],
        "title": STUDY_TITLE,
        "status": STUDY_STATUS,
        "phase": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/research-study-phase",
                              "code": "phase-2", "display": "Phase 2"}]},
        "condition": [{"text": "Cancer treatment-induced thrombocytopenia (CTIT) in adult leukemia"}],
        "description": _criteria_markdown(),
        "enrollment": [{"reference": "#enrollment",
                        "display": f"{ENROLLMENT_TARGET} patients (estimated); eligibility criteria"}],
        "sponsor": {"display": STUDY_SPONSOR},
    }


# ---- ResearchSubject and Patient ------------------------------------------------------------

def research_subject(r: SubjectRecord, with_patient: bool) -> dict:
    subject_id = reference(r.root_id)
    individual = ({"reference": f"Patient/{subject_id}"} if with_patient
                  else {"extension": [{"url": DATA_ABSENT, "valueCode": "masked"}]})
    return {
        "resourceType": "ResearchSubject",
        "id": subject_id,
        "identifier": [{"system": SCREENING_SYSTEM, "value": subject_id}],
        "status": r.status,
        "period": {"start": _instant(r.first_at)},
        "study": {"reference": f"ResearchStudy/{STUDY_ID}"},
        "individual": individual,
    }


GENDER = {"M": "male", "F": "female"}


def patient(r: SubjectRecord) -> dict:
    """Pseudonymous: no name, no birth date, no contact. The referrer's patient reference
    (initials or hospital number) is its identifier, for the coordinator's system to match;
    only for roles that see it (records.py leaves it None otherwise)."""
    out: dict[str, Any] = {
        "resourceType": "Patient",
        "id": reference(r.root_id),
        "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
                               "code": "PSEUDED", "display": "pseudonymized"}]},
    }
    if r.patient_reference:
        out["identifier"] = [{"system": PATIENT_REFERENCE_SYSTEM, "value": r.patient_reference,
                              "type": {"text": "Patient reference given by the referrer (initials or hospital number)"}}]
    sex = (r.head.get("facts") or {}).get("sex")
    out["gender"] = GENDER.get(str(sex), "unknown")
    return out


# ---- Observations ---------------------------------------------------------------------------

# LOINC's answers to 89247-1 (answer list LL529-9).
ECOG_ANSWERS = {
    0: ("LA9622-7", "Fully active, able to carry on all pre-disease performance without restriction"),
    1: ("LA9623-5", "Restricted in physically strenuous activity but ambulatory and able to carry out work "
                    "of a light or sedentary nature, e.g., light house work, office work"),
    2: ("LA9624-3", "Ambulatory and capable of all selfcare but unable to carry out any work activities. "
                    "Up and about more than 50% of waking hours"),
    3: ("LA9625-0", "Capable of only limited selfcare, confined to bed or chair more than 50% of waking hours"),
    4: ("LA9626-8", "Completely disabled. Cannot carry on any selfcare. Totally confined to bed or chair"),
}
RESULT_DISPLAY = {"met": "Met", "not_met": "Not met", "unknown": "Not known",
                  "investigator": "Left to the investigator"}
DECISION_DISPLAY = {"potentially_eligible": "Potentially eligible", "needs_review": "Needs review",
                    "ineligible": "Not eligible"}
PLATELETS, ECOG, DECISION_CODE = "plt", "ecog", "decision"


def observation_id(screening_id: int, what: str) -> str:
    return f"{reference(screening_id)}-{what}"


def parse_observation_id(text: str) -> tuple[int, str] | None:
    """PS-000043-I3 -> (43, "I3"); None for anything else."""
    ref, _, what = text.rpartition("-")
    sid = screening_id_of(ref)
    return (sid, what) if sid is not None and what else None


def observations(r: SubjectRecord, with_patient: bool, only: str | None = None) -> list[dict]:
    """The current screening's facts with a standard code, its decision and every criterion's
    result, as Observations. Facts not known are absent, never guessed."""
    head = r.head
    sid, facts = head["id"], head.get("facts") or {}
    common: dict[str, Any] = {
        "status": "preliminary",  # what the referrer stated at pre-screening, not yet verified
        "effectiveDateTime": _instant(head["created_at"]),
        "focus": [{"reference": f"ResearchSubject/{reference(r.root_id)}"}],
    }
    if with_patient:
        common["subject"] = {"reference": f"Patient/{reference(r.root_id)}"}
    method = {"text": f"Pre-screening checker, criteria version {head['criteria_version']}"}

    out: list[dict] = []
    plt = facts.get("platelet_count")
    if plt is not None:
        out.append({"resourceType": "Observation", "id": observation_id(sid, PLATELETS), **common,
                    "category": [_laboratory()],
                    "code": {"coding": [{"system": LOINC, "code": "777-3",
                                         "display": "Platelets [#/volume] in Blood by Automated count"}],
                             "text": "Platelet count"},
                    "valueQuantity": {"value": plt, "unit": "10*9/L", "system": UCUM, "code": "10*9/L"}})
    ecog = facts.get("ecog")
    if ecog is not None:
        answer = ECOG_ANSWERS.get(int(ecog))
        item = {"resourceType": "Observation", "id": observation_id(sid, ECOG), **common,
                "category": [_survey()],
                "code": {"coding": [{"system": LOINC, "code": "89247-1", "display": "ECOG Performance Status score"}]},
                "valueInteger": int(ecog)}
        if answer:
            item["interpretation"] = [{"coding": [{"system": LOINC, "code": answer[0], "display": answer[1]}]}]
        out.append(item)
    out.append({"resourceType": "Observation", "id": observation_id(sid, DECISION_CODE), **common,
                "code": {"coding": [{"system": CRITERION_SYSTEM, "code": DECISION_CODE,
                                     "display": "Pre-screening decision"}]},
                "valueCodeableConcept": {"coding": [{"system": RESULT_SYSTEM, "code": head["decision"],
                                                     "display": DECISION_DISPLAY.get(head["decision"],
                                                                                     head["decision"])}]},
                "method": method})
    for c in head.get("criteria") or []:
        item = {"resourceType": "Observation", "id": observation_id(sid, c["id"]), **common,
                "code": {"coding": [_criterion_coding(c["id"])]},
                "valueCodeableConcept": {"coding": [{"system": RESULT_SYSTEM, "code": c["status"],
                                                     "display": RESULT_DISPLAY.get(c["status"], c["status"])}]},
                "method": method}
        if c.get("reason"):
            item["note"] = [{"text": c["reason"]}]
        out.append(item)
    return [o for o in out if only is None or o["id"] == only]


def _laboratory() -> dict:
    return {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory", "display": "Laboratory"}]}


def _survey() -> dict:
    return {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey", "display": "Survey"}]}


# ---- Bundle, errors, CapabilityStatement ----------------------------------------------------

def bundle(base: str, resources: Iterable[dict], self_url: str, next_url: str | None = None,
           now: datetime | None = None) -> dict:
    links = [{"relation": "self", "url": self_url}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": _instant(now or utcnow()),
        "link": links,
        "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
                  for r in resources],
    }


def operation_outcome(code: str, message: str) -> dict:
    """An error a system can read: `code` from FHIR's issue-type codes (login, forbidden,
    not-found, invalid, not-supported)."""
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": message}]}


SEARCH_PARAMS = {
    "ResearchSubject": [
        ("study", "reference", f"ResearchStudy/{STUDY_ID} (the only study here)"),
        ("status", "token", "one or more of the research-subject-status codes, comma-separated"),
        ("_count", "number", "entries per page (default 50, at most 200)"),
    ],
    "Observation": [
        ("subject", "reference", "Patient/PS-…: not for the monitor role"),
        ("focus", "reference", "ResearchSubject/PS-…"),
    ],
}


def capability_statement(base: str, software_version: str, now: datetime | None = None) -> dict:
    def resource(kind: str, search: bool) -> dict:
        out = {"type": kind, "interaction": [{"code": "read"}] + ([{"code": "search-type"}] if search else [])}
        if search:
            out["searchParam"] = [{"name": n, "type": t, "documentation": d} for n, t, d in SEARCH_PARAMS[kind]]
        return out

    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": _instant(now or utcnow()),
        "kind": "instance",
        "software": {"name": f"{STUDY_ID} pre-screening assistant", "version": software_version},
        "implementation": {"description": "The pre-screening log of NCT06898983, read-only", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": [MIME, "json"],
        "rest": [{
            "mode": "server",
            "security": {"description": "Authorization: Bearer <token> (prescreen system-token create NAME "
                                        "--role coordinator|monitor), or a signed-in queue session. "
                                        "A monitor sees no patient references."},
            "resource": [resource("ResearchStudy", False), resource("ResearchSubject", True),
                         resource("Patient", False), resource("Observation", True)],
        }],
    }
