"""The coordinators' follow-up workflow as plain Python over plain data (unit-tested
directly; prescreen/followup/queue.py reads and writes the database).

A referral's status, assignee, contact attempts and visit are folded from its append-only
trail, never stored. One patient's screenings form a chain (each re-screen names the
screening it supersedes): the queue shows the chain's newest outcome, and the funnel, the
chart and the screening log count each chain once.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Iterable

from prescreen.utc import utcnow
from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE
from prescreen.eligibility.criteria import BY_ID, CRITERIA
from prescreen.eligibility.facts import BOOLEAN_FACTS, FACT_KEYS
from prescreen.settings import get_settings

# ---- workflow ----------------------------------------------------------------------------

NEW, CONTACTED, SCHEDULED = "new", "contacted", "scheduled"
CONSENTED, SCREEN_FAILED, DECLINED, UNREACHABLE = "consented", "screen_failed", "declined", "unreachable"

STATUS_LABELS = {
    NEW: "New",
    CONTACTED: "Contacted",
    SCHEDULED: "Scheduled for screening visit",
    CONSENTED: "Consented",
    SCREEN_FAILED: "Screen failed",
    DECLINED: "Declined",
    UNREACHABLE: "Unreachable",
}
STATUSES = tuple(STATUS_LABELS)

# Where a referral may go next. "Unreachable" stays open (a later call may get through);
# consented, screen failed and declined are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (CONTACTED, UNREACHABLE, SCREEN_FAILED),
    CONTACTED: (SCHEDULED, DECLINED, SCREEN_FAILED, UNREACHABLE),
    # scheduled -> scheduled: the visit moved (a new date or place, the old one stays in the trail)
    SCHEDULED: (SCHEDULED, CONSENTED, SCREEN_FAILED, DECLINED, UNREACHABLE),
    UNREACHABLE: (CONTACTED,),
    CONSENTED: (),
    SCREEN_FAILED: (),
    DECLINED: (),
}
FINAL = tuple(s for s, nxt in TRANSITIONS.items() if not nxt)

QUEUE_DECISIONS = (POTENTIALLY_ELIGIBLE, NEEDS_REVIEW)
DECISION_LABELS = {POTENTIALLY_ELIGIBLE: "Potentially eligible", NEEDS_REVIEW: "Needs review",
                   INELIGIBLE: "Not eligible"}
CRITERION_SHORT = {c.id: c.short for c in CRITERIA}

STATUS, ASSIGNMENT, NOTE = "status", "assignment", "note"
MAX_NOTE_CHARS = 5000
MAX_REASON_CHARS = 500
MAX_PLACE_CHARS = 200

CONTACT_CHANNELS = {"phone": "Phone", "wechat": "WeChat", "clinic": "In clinic"}
REACHED, NO_ANSWER, WRONG_NUMBER, CALL_BACK = "reached", "no_answer", "wrong_number", "call_back"
CONTACT_RESULTS = {REACHED: "Reached", NO_ANSWER: "No answer", WRONG_NUMBER: "Wrong number",
                   CALL_BACK: "Call back on …"}


class WorkflowError(ValueError):
    """A change the workflow does not allow; the message is meant for the coordinator."""


def _labels(statuses: Iterable[str]) -> str:
    return ", ".join(STATUS_LABELS[s] for s in statuses)


def attempts_without_reply(attempts: list["Attempt"]) -> int:
    """Contact attempts since the patient was last reached (all of them if never)."""
    count = 0
    for a in attempts:
        count = 0 if a.result == REACHED else count + 1
    return count


def check_transition(current: str, to: str, criterion: str | None = None, reason: str | None = None,
                     attempts: list["Attempt"] | None = None, min_attempts: int = 3,
                     visit_at: datetime | None = None, visit_place: str | None = None) -> None:
    if to not in STATUS_LABELS:
        raise WorkflowError(f"{to!r} is not a status. Statuses: {_labels(STATUSES)}.")
    if current in FINAL:
        raise WorkflowError(f"This referral is {STATUS_LABELS[current]}, which is final: "
                            f"it cannot become {STATUS_LABELS[to]}. Add a note instead.")
    if to not in TRANSITIONS[current]:
        raise WorkflowError(f"A referral that is {STATUS_LABELS[current]} cannot become {STATUS_LABELS[to]}; "
                            f"next can be: {_labels(TRANSITIONS[current])}.")
    if criterion and criterion not in CRITERION_SHORT:
        raise WorkflowError(f"{criterion!r} is not a criterion of this trial (I1–I7, E1–E14).")
    if criterion and to != SCREEN_FAILED:
        raise WorkflowError("A criterion is only named for a screen failure.")
    if to == SCREEN_FAILED and not (criterion or (reason or "").strip()):
        raise WorkflowError("A screen failure needs the criterion that failed or the reason.")
    if reason and len(reason) > MAX_REASON_CHARS:
        raise WorkflowError(f"The reason is too long (at most {MAX_REASON_CHARS} characters).")
    if to == UNREACHABLE:
        tried = attempts_without_reply(attempts or [])
        if tried < min_attempts:
            raise WorkflowError(f"Unreachable needs {min_attempts} contact attempts that reached no one; "
                                f"{tried} so far. Record each attempt below.")
    if to == SCHEDULED:
        if visit_at is None:
            raise WorkflowError("Scheduled needs the screening visit's date and time.")
        if not (visit_place or "").strip():
            raise WorkflowError("Scheduled needs the screening visit's place.")
        if len(visit_place) > MAX_PLACE_CHARS:
            raise WorkflowError(f"The place is too long (at most {MAX_PLACE_CHARS} characters).")


def check_attempt(channel: str, result: str, attempted_at: datetime | None, next_attempt_on: date | None,
                  now: datetime) -> None:
    if channel not in CONTACT_CHANNELS:
        raise WorkflowError(f"Choose how you tried: {', '.join(CONTACT_CHANNELS.values())}.")
    if result not in CONTACT_RESULTS:
        raise WorkflowError("Choose what came of it: " + ", ".join(CONTACT_RESULTS.values()) + ".")
    if attempted_at is None:
        raise WorkflowError("Give the attempt's date and time.")
    if attempted_at > now + timedelta(minutes=5):
        raise WorkflowError("The attempt's date and time are in the future: record an attempt once it is made.")
    if result == CALL_BACK and next_attempt_on is None:
        raise WorkflowError("“Call back on …” needs the date to call back.")
    if next_attempt_on is not None and next_attempt_on < attempted_at.date():
        raise WorkflowError("The next attempt's date is before this attempt.")


# ---- the trail, folded -------------------------------------------------------------------

@dataclass(frozen=True)
class QueueAction:
    id: int
    at: datetime
    actor: str
    kind: str
    from_status: str
    to_status: str
    assignee: str | None = None
    criterion: str | None = None
    reason: str | None = None
    note: str | None = None
    visit_at: datetime | None = None
    visit_place: str | None = None


@dataclass(frozen=True)
class Attempt:
    id: int
    at: datetime  # when it was recorded
    actor: str
    attempted_at: datetime
    channel: str
    result: str
    next_attempt_on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Entry:
    """A fact a coordinator entered for the re-screen `reference`."""
    at: datetime
    actor: str
    reference: str
    fact: str
    value: object
    source: str
    reason: str


@dataclass
class Item:
    """One screening worth following up, with everything the queue shows about it."""

    screening: dict
    referral: dict | None  # the newest one: a corrected contact is a new row
    events: list[QueueAction] = field(default_factory=list)  # oldest first
    earlier_referrals: list[dict] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (reference, decision): same conversation
    attempts: list[Attempt] = field(default_factory=list)  # oldest first
    chain: list[dict] = field(default_factory=list)  # this patient's screenings, oldest first; the last = `screening`
    entries: list[Entry] = field(default_factory=list)  # facts coordinators entered, oldest first

    @property
    def id(self) -> int:
        return self.screening["id"]

    @property
    def in_queue(self) -> bool:
        """Worth following up: an ineligible current outcome opens read-only."""
        return self.screening["decision"] in QUEUE_DECISIONS

    @property
    def references(self) -> list[str]:
        return [s["reference"] for s in self.chain] or [self.reference]

    @property
    def visit(self) -> QueueAction | None:
        """The status entry that scheduled the visit, while the referral is scheduled."""
        if self.status != SCHEDULED:
            return None
        return next((e for e in reversed(self.events) if e.kind == STATUS and e.to_status == SCHEDULED), None)

    @property
    def visit_at(self) -> datetime | None:
        return self.visit.visit_at if self.visit else None

    @property
    def next_attempt_on(self) -> date | None:
        """The next contact attempt's date, from the newest attempt, while one is due."""
        if self.status in FINAL or self.status == SCHEDULED or not self.attempts:
            return None
        return self.attempts[-1].next_attempt_on

    @property
    def transcript(self) -> list[dict]:
        """The conversation behind the newest screening that has one (a coordinator's
        re-screen has none of its own)."""
        for s in reversed(self.chain or [self.screening]):
            if s.get("transcript"):
                return s["transcript"]
        return []

    @property
    def patient_reference(self) -> str:
        return self.referral["patient_reference"] if self.referral else ""

    @property
    def referrer(self) -> str:
        return self.referral["referrer_name"] if self.referral else ""

    @property
    def reference(self) -> str:
        return self.screening["reference"]

    @property
    def status(self) -> str:
        return current_status(self.events)

    @property
    def assignee(self) -> str | None:
        return current_assignee(self.events)

    @property
    def first_at(self) -> datetime:
        """When the assistant first logged this patient (the chain's oldest screening)."""
        return self.chain[0]["created_at"] if self.chain else self.screening["created_at"]

    @property
    def referred_at(self) -> datetime:
        return self.referral["created_at"] if self.referral else self.first_at

    @property
    def still_unknown(self) -> list[tuple[str, list[str]]]:
        """(criterion id, fact keys not known) for every criterion the outcome lacks a fact for."""
        facts = self.screening["facts"]
        return [(cid, [k for k in BY_ID[cid].facts if facts.get(k) is None]) for cid in self.screening["unknown"]]

    @property
    def last_action_at(self) -> datetime:
        times = [self.screening["created_at"]] + [e.at for e in self.events[-1:]] + [a.at for a in self.attempts[-1:]]
        return max(times)

    @property
    def outcome(self) -> QueueAction | None:
        """The status entry that closed or last moved the referral (its reason, criterion)."""
        return next((e for e in reversed(self.events) if e.kind == STATUS), None)


def current_status(events: list[QueueAction]) -> str:
    return next((e.to_status for e in reversed(events) if e.kind == STATUS), NEW)


def current_assignee(events: list[QueueAction]) -> str | None:
    return next((e.assignee for e in reversed(events) if e.kind == ASSIGNMENT), None)


def statuses_reached(events: list[QueueAction]) -> set[str]:
    return {NEW} | {e.to_status for e in events if e.kind == STATUS}


# ---- overdue: working days ---------------------------------------------------------------

def overdue_working_days() -> int:
    """QUEUE_OVERDUE_WORKING_DAYS (default 2): days without action before a referral stands out."""
    return get_settings().queue_overdue_working_days


def add_working_days(start: datetime, days: int, tz: tzinfo | None = None) -> datetime:
    """`start` plus `days` working days (Monday–Friday, in `tz`, default the server's zone).
    Friday 10:00 + 2 = Tuesday 10:00; anything during a weekend counts from Monday 00:00."""
    t = start.astimezone(tz) if tz else start.astimezone()
    if t.weekday() >= 5:
        t = (t + timedelta(days=7 - t.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        t += timedelta(days=1)
        if t.weekday() < 5:
            added += 1
    return t


def is_overdue(item: Item, now: datetime, days: int, tz: tzinfo | None = None) -> bool:
    """Open and no action (status change, assignment or note) for `days` working days."""
    if item.status in FINAL:
        return False
    return now >= add_working_days(item.last_action_at, days, tz)


# ---- the list's filters ------------------------------------------------------------------

def matches(item: Item, query: str) -> bool:
    """Search by any of the patient's references (PS-000042, or 42), patient reference or referrer."""
    q = query.strip().lower()
    if not q:
        return True
    refs = [r.lower() for r in item.references]
    if q.isdigit() and any(int(r.split("-")[1]) == int(q) for r in refs):
        return True
    texts = refs + [item.patient_reference.lower(), item.referrer.lower()]
    return any(q in t for t in texts)


def filter_items(items: list[Item], status: str | None = None, decision: str | None = None,
                 channel: str | None = None, open_only: bool = False, query: str = "",
                 visit_from: date | None = None, visit_to: date | None = None) -> list[Item]:
    """Oldest first: the longest-waiting referral is the next one to work on.
    `visit_from`/`visit_to` (dates, inclusive) keep scheduled referrals whose visit is then."""
    def visit_ok(i: Item) -> bool:
        if visit_from is None and visit_to is None:
            return True
        if i.visit_at is None:
            return False
        day = i.visit_at.astimezone().date()
        return (visit_from is None or day >= visit_from) and (visit_to is None or day <= visit_to)

    chosen = [i for i in items
              if (not status or i.status == status)
              and (not decision or i.screening["decision"] == decision)
              and (not channel or i.screening["channel"] == channel)
              and (not open_only or i.status not in FINAL)
              and matches(i, query) and visit_ok(i)]
    return sorted(chosen, key=lambda i: (i.first_at, i.id))


FAR = datetime.max.replace(tzinfo=timezone.utc)


def _urgency(item: Item, now: datetime, overdue: set[int]) -> tuple:
    """Most urgent first: overdue, then a contact attempt due (earliest first), then the
    nearest visit, then the longest waiting."""
    due = item.next_attempt_on
    due_at = datetime.combine(due, datetime.min.time(), tzinfo=timezone.utc) if due else FAR
    return (item.id not in overdue, due_at if due_at <= now else FAR, item.visit_at or FAR, item.first_at)


# Column -> sort key. Missing values sort last either way.
SORT_KEYS = {
    "reference": lambda i: i.id,
    "waiting": lambda i: i.first_at,
    "age": lambda i: i.screening["facts"].get("age"),
    "decision": lambda i: i.screening["decision"],
    "unknown": lambda i: len(i.screening["unknown"]),
    "status": lambda i: STATUSES.index(i.status),
    "channel": lambda i: i.screening["channel"],
    "referrer": lambda i: i.referrer.lower() or None,
    "patient": lambda i: i.patient_reference.lower() or None,
    "assignee": lambda i: i.assignee,
    "next_attempt": lambda i: i.next_attempt_on,
    "visit": lambda i: i.visit_at,
    "last_action": lambda i: i.last_action_at,
}


def sort_items(items: list[Item], by: str, descending: bool = False, now: datetime | None = None,
               overdue: set[int] | None = None) -> list[Item]:
    """`by` is a SORT_KEYS column or "urgent"; anything else keeps the given order."""
    if by == "urgent":
        return sorted(items, key=lambda i: _urgency(i, now or utcnow(), overdue or set()))
    key = SORT_KEYS.get(by)
    if key is None:
        return list(items)
    known = [i for i in items if key(i) is not None]
    unknown = [i for i in items if key(i) is None]
    return sorted(known, key=lambda i: (key(i), i.id), reverse=descending) + unknown


# ---- one patient, one chain ----------------------------------------------------------------

def fold_chains(screenings: list[dict]) -> list[list[dict]]:
    """Screenings (each with `id` and `supersedes_id`) as chains, each oldest first, in the
    order of their first screening. A re-screen names the one it supersedes, so a chain is
    one patient's screenings and its last is the current outcome."""
    by_id = {s["id"]: s for s in screenings}
    newer = {s["supersedes_id"]: s for s in screenings if s.get("supersedes_id") in by_id}
    chains = []
    for s in sorted(screenings, key=lambda s: s["id"]):
        if s.get("supersedes_id") in by_id:
            continue  # not the first of its chain
        chain, seen = [s], {s["id"]}
        while chain[-1]["id"] in newer and newer[chain[-1]["id"]]["id"] not in seen:
            chain.append(newer[chain[-1]["id"]])
            seen.add(chain[-1]["id"])
        chains.append(chain)
    return chains


def current_outcomes(screenings: list[dict]) -> list[dict]:
    """The newest screening of each chain: what the funnel and the chart count."""
    return [chain[-1] for chain in fold_chains(screenings)]


def superseded_by(screenings: list[dict]) -> dict[int, dict]:
    """id -> the screening that superseded it."""
    ids = {s["id"] for s in screenings}
    return {s["supersedes_id"]: s for s in screenings if s.get("supersedes_id") in ids}


# ---- facts in words ------------------------------------------------------------------------

FACT_LABELS = {
    "age": "age", "sex": "sex", "diagnosis": "diagnosis", "platelet_count": "platelet count (×10⁹/L)",
    "ecog": "ECOG performance status", "diagnosis_confirmed": "diagnosis confirmed by pathology",
    "thrombocytopenia_due_to_treatment": "low platelets caused by cancer treatment",
    "childbearing_potential": "childbearing potential", "contraception_agreed": "agrees to contraception",
    "willing_to_consent": "willing to give informed consent",
    "pregnant_or_breastfeeding": "pregnant or breastfeeding",
    "romiplostim_hypersensitivity": "hypersensitivity to romiplostim",
    "other_hematologic_disorder": "other haematologic disorder",
    "other_thrombocytopenia_cause_6mo": "other cause of low platelets in the last 6 months",
    "thrombosis_history": "severe thrombosis history, risk factors or anticoagulation",
    "severe_bleeding_2wk": "severe bleeding in the last 2 weeks",
    "tpo_agent_1mo": "TPO-RA, rhTPO or IL-11 in the last month", "hiv": "HIV infection",
    "chronic_hepatitis": "chronic active hepatitis B or C",
    "severe_comorbidity": "severe infection or serious organ disease",
    "other_trial_28d": "another investigational trial in the last 28 days",
    "cognitive_psychiatric": "cognitive impairment or uncontrolled psychiatric disorder",
    "refuses_romiplostim": "refuses romiplostim",
}
assert set(FACT_LABELS) == set(FACT_KEYS)


def value_in_words(key: str, value) -> str:
    if value is None:
        return "not known"
    if key in BOOLEAN_FACTS or isinstance(value, bool):
        return "yes" if value else "no"
    if key == "sex":
        return {"M": "male", "F": "female"}.get(value, str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fact_in_words(key: str, value) -> str:
    """("childbearing_potential", False) -> "childbearing potential: no"."""
    return f"{FACT_LABELS.get(key, key.replace('_', ' '))}: {value_in_words(key, value)}"


def age_band(age) -> str:
    """The screening log's age band: the trial's limits (18, 75) are band edges."""
    if age is None:
        return ""
    age = int(age)
    if age < 18:
        return "<18"
    if age > 75:
        return ">75"
    if age >= 70:
        return "70-75"
    if age < 30:
        return "18-29"
    low = max(18, age // 10 * 10)
    return f"{low}-{age // 10 * 10 + 9}"


# ---- funnel ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Funnel:
    screened: int
    by_decision: dict[str, int]
    reached: dict[str, int]  # referrals that got at least this far
    current: dict[str, int]  # referrals by status now


def funnel(screenings: list[dict], items: list[Item]) -> Funnel:
    """Counts each patient once: of `screenings`, only the current outcomes."""
    screenings = current_outcomes(screenings)
    by_decision = Counter(s["decision"] for s in screenings)
    # Reaching a later stage implies the earlier ones, even if a step was not recorded.
    ladder = (CONTACTED, SCHEDULED, CONSENTED)
    reached = {NEW: len(items)}
    for i, stage in enumerate(ladder):
        reached[stage] = sum(1 for it in items if statuses_reached(it.events) & set(ladder[i:]))
    current = Counter(it.status for it in items)
    return Funnel(
        screened=len(screenings),
        by_decision={d: by_decision.get(d, 0) for d in (INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE)},
        reached=reached,
        current={s: current.get(s, 0) for s in STATUSES},
    )


def week_of(t: datetime, tz: tzinfo | None = None) -> date:
    local = t.astimezone(tz) if tz else t.astimezone()
    return local.date() - timedelta(days=local.weekday())


def referrals_per_week(items: list[Item], tz: tzinfo | None = None) -> tuple[list[str], list[tuple[date, dict[str, int]]]]:
    """(channels, [(Monday of the week, {channel: referrals})]), newest week first."""
    weeks: dict[date, Counter] = defaultdict(Counter)
    for it in items:
        weeks[week_of(it.first_at, tz)][it.screening["channel"]] += 1
    channels = sorted({it.screening["channel"] for it in items})
    return channels, [(w, {c: weeks[w].get(c, 0) for c in channels}) for w in sorted(weeks, reverse=True)]


OTHER_REASON = "other"


def failure_reasons(screenings: list[dict], items: list[Item]) -> list[tuple[str, int, int]]:
    """(criterion id or "other", failed at pre-screen, failed at the screening visit), in the
    criteria's order. Pre-screen: every failed id of an ineligible screening; visit: the
    criterion of each referral closed as screen failed (one without a criterion is "other").
    Each patient once: a re-screened patient counts with the current outcome only."""
    screenings = current_outcomes(screenings)
    pre = Counter(cid for s in screenings if s["decision"] == INELIGIBLE for cid in s["failed"])
    visit = Counter((it.outcome.criterion or OTHER_REASON) for it in items if it.status == SCREEN_FAILED)
    order = [c.id for c in CRITERIA] + [OTHER_REASON]
    return [(cid, pre.get(cid, 0), visit.get(cid, 0)) for cid in order if pre.get(cid) or visit.get(cid)]


# ---- the screening log (CONSORT) ---------------------------------------------------------

PRESCREEN_FAILED = "prescreen_failed"  # status of an ineligible screening: never in the queue
SUPERSEDED = "superseded"  # status of a screening a re-screen replaced: count its successor instead
# Every screening is a row; `superseded_by` links a replaced row to its re-screen, so counting
# the rows whose `superseded_by` is empty counts each patient once.
EXPORT_COLUMNS = ["reference", "screened_at", "screening_date", "channel", "age_band", "sex", "decision",
                  "failed_criteria", "unknown_criteria", "status", "status_date", "outcome_reason",
                  "supersedes", "superseded_by", "criteria_version"]
# The investigator's signed determination in force for the screening (prescreen.followup.roles),
# if any: added by queue.screening_log. `signed_on` is the screening it was signed on, an earlier
# one of the chain when the patient was re-screened since (its decision: `signed_on_decision`).
SIGNOFF_COLUMNS = ["investigator_determination", "determination_reason", "signed_by", "signed_at",
                   "signed_criteria_version", "signed_on", "signed_on_decision"]
EXPORT_COLUMNS += SIGNOFF_COLUMNS


def _iso(t: datetime | None) -> str | None:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds") if t else None


def export_row(screening: dict, item: Item | None, replaced_by: dict | None = None) -> dict:
    """One screening as the trial team's screening log keeps it. Pseudonymous: the reference,
    an age band and sex, never the age, the referrer's contact, the patient reference, the
    transcript or coordinators' notes. `replaced_by`: the re-screen that superseded it."""
    reasons = {c["id"]: c["reason"] for c in screening["criteria"]}
    status, status_at, outcome = PRESCREEN_FAILED, None, ""
    if replaced_by is not None:
        status, status_at = SUPERSEDED, replaced_by["created_at"]
    elif screening["decision"] == INELIGIBLE:
        outcome = "; ".join(f"{cid}: {reasons.get(cid, CRITERION_SHORT.get(cid, ''))}" for cid in screening["failed"])
    if replaced_by is None and screening["decision"] == INELIGIBLE and item is not None:
        status = PRESCREEN_FAILED  # left the queue when re-screened ineligible; its trail stays
    elif replaced_by is None and item is not None and screening["decision"] != INELIGIBLE:
        status, last = item.status, item.outcome
        status_at = last.at if last else None
        if last and last.criterion:
            outcome = f"{last.criterion}: {CRITERION_SHORT[last.criterion]}"
            outcome += f" ({last.reason})" if last.reason else ""
        elif last and last.reason:
            outcome = last.reason
    return {
        "reference": screening["reference"],
        "screened_at": _iso(screening["created_at"]),
        "screening_date": screening["created_at"].astimezone(timezone.utc).date().isoformat(),
        "channel": screening["channel"],
        "age_band": age_band(screening.get("facts", {}).get("age")),
        "sex": screening.get("facts", {}).get("sex") or "",
        "decision": screening["decision"],
        "failed_criteria": list(screening["failed"]),
        "unknown_criteria": list(screening["unknown"]),
        "status": status,
        "status_date": status_at.astimezone(timezone.utc).date().isoformat() if status_at else None,
        "outcome_reason": outcome,
        "supersedes": screening.get("supersedes"),
        "superseded_by": replaced_by["reference"] if replaced_by else None,
        "criteria_version": screening["criteria_version"],
    }


def _cell(value) -> str:
    if isinstance(value, list):
        return " ".join(value)  # one cell in a spreadsheet
    text = "" if value is None else str(value)
    # A typed reason starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(row: dict) -> dict:
    return {k: _cell(v) for k, v in row.items()}


