"""`check(facts) -> Outcome`: the one place a pre-screening decision is made.

Pure: no I/O, no clock, no Rasa. Everything else (dialogue actions, CLI, batch, queue,
tests) calls this.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping

from prescreen.eligibility.criteria import CRITERIA, CRITERIA_VERSION, NOT_MET, UNKNOWN
from prescreen.eligibility.facts import normalize

INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE = "ineligible", "needs_review", "potentially_eligible"


@dataclass(frozen=True)
class CriterionResult:
    id: str
    status: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    decision: str
    failed: list[str]
    unknown: list[str]
    criteria: list[CriterionResult]
    criteria_version: str
    facts: dict[str, Any]  # normalised

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def reasons(self, ids: list[str]) -> list[CriterionResult]:
        return [r for r in self.criteria if r.id in ids]


def check(facts: Mapping[str, Any]) -> Outcome:
    """Evaluate every criterion. Raises prescreen.reading.parsing.InvalidValue on impossible facts."""
    normalized = normalize(facts)
    results = [CriterionResult(c.id, *c.rule(normalized)) for c in CRITERIA]
    failed = [r.id for r in results if r.status == NOT_MET]
    unknown = [r.id for r in results if r.status == UNKNOWN]
    # A definite failure outranks an unknown: an excluded patient is not "needs review".
    if failed:
        decision = INELIGIBLE
    elif unknown:
        decision = NEEDS_REVIEW
    else:
        decision = POTENTIALLY_ELIGIBLE
    return Outcome(decision, failed, unknown, results, CRITERIA_VERSION, normalized)
