"""The sentences the actions compose from facts and outcomes, in English and Simplified Chinese,
for the physician and (where the words differ) for a patient or family member.

Every word comes from the catalogue (prescreen/texts/catalogue.yml, `say`); what is here is how
the parts are put together. Fixed sentences that rules say live in domain.yml as responses.
Plain Python, no Rasa.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from actions.activity import grade_words
from actions.plan import EXCLUSION_FACTS
from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, Outcome
from prescreen.eligibility.criteria import BY_ID, SHORT_ZH
from prescreen.texts import EN, PATIENT, PHYSICIAN, ZH, buttons, say

__all__ = ["EN", "PATIENT", "PHYSICIAN", "ZH", "buttons", "say"]


def lang_of(slots: Mapping[str, Any]) -> str:
    return slots.get("language") or EN


def audience_of(slots: Mapping[str, Any]) -> str:
    return slots.get("audience") or PHYSICIAN


def _yn(value: Any, lang: str, unknown: bool = False) -> str:
    if value is True:
        return say("answer_yes", lang)
    if value is False:
        return say("answer_no", lang)
    return say("answer_not_known" if unknown else "answer_not_asked", lang)


def short(criterion_id: str, lang: str) -> str:
    return SHORT_ZH[criterion_id] if lang == ZH else BY_ID[criterion_id].short


def _sep(lang: str) -> str:
    return "，" if lang == ZH else ", "


# ---- facts -------------------------------------------------------------------------------

_EXCLUSION_IDS = {key: f"E{n}" for n, key in enumerate(EXCLUSION_FACTS, 1)}


def label(key: str, lang: str) -> str:
    """A fact's name in a sentence: the exclusions' are their criteria's short labels."""
    if key in _EXCLUSION_IDS:
        return short(_EXCLUSION_IDS[key], lang)
    try:
        return say(f"label_{key}", lang)
    except KeyError:
        return key


def fact_phrase(key: str, value: Any, lang: str = EN, audience: str = PHYSICIAN) -> str:
    """One fact as a physician would jot it: "age 58", "PLT 32×10⁹/L", "HIV infection: no"; a
    patient hears the activity grade in words ("能自己走动，做点轻活"), never "ECOG"."""
    if key == "ecog" and audience == PATIENT and value is not None:
        return say("fact_activity", lang, words=grade_words(value, lang))
    if key == "age":
        return say("fact_age", lang, value=value)
    if key == "sex":
        return {"M": say("sex_male", lang), "F": say("sex_female", lang)}.get(value, str(value))
    if key == "diagnosis":
        return str(value)
    if key == "platelet_count":
        return say("fact_platelets", lang, value=f"{value:g}")
    if key == "ecog":
        return say("fact_ecog", lang, value=value)
    return say("fact_answer", lang, label=label(key, lang), answer=_yn(value, lang))


def quoted(words: str, lang: str) -> str:
    """The user's own words a fact was read from, on one line whatever line breaks they had
    (a pasted letter): a quote never breaks the sentence it stands in."""
    return say("quoted", lang, words=" ".join(str(words).split()))


def _number_runs(numbers: Iterable[int]) -> list[str]:
    """[1, 2, 3, 5, 7, 8] -> ["1–3", "5", "7–8"]."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]


def _no_exclusions(numbers: list[int], lang: str, audience: str) -> str:
    """Several exclusions answered "no", as one group instead of a row of "no"s."""
    runs = _number_runs(numbers)
    if audience != PATIENT:
        runs = [f"E{r}".replace("–", "–E") for r in runs]
    return say("none_of_items", lang, audience, items=("、" if lang == ZH else ", ").join(runs))


def noted(changed: Mapping[str, Any], corrected: bool, lang: str, quote: Mapping[str, str] = {},
          audience: str = PHYSICIAN) -> str:
    """What was read, short and grouped: exclusions answered "no" as one item, and the words
    quoted for every fact that excludes the patient."""
    numbers = {key: n for n, key in enumerate(EXCLUSION_FACTS, 1)}
    grouped = [k for k, v in changed.items() if v is False and k in numbers and k not in quote]
    if len(grouped) < 3:
        grouped = []
    parts = [fact_phrase(k, v, lang, audience) + (quoted(quote[k], lang) if k in quote else "")
             for k, v in changed.items() if k not in grouped]
    if grouped:
        parts.append(_no_exclusions([numbers[k] for k in grouped], lang, audience))
    return say("updated" if corrected else "noted", lang, facts=_sep(lang).join(parts))


def not_known_yet(said: Mapping[str, str], lang: str) -> str:
    """Facts the message spoke of without settling them (pending, possible, "?")."""
    return say("not_known_yet", lang, facts=_sep(lang).join(label(k, lang) + quoted(w, lang) for k, w in said.items()))


def both_ways(key: str, one: str, other: str, lang: str) -> str:
    """Two statements of one fact that disagree: asked back, never resolved by picking one."""
    return say("both_ways", lang, label=label(key, lang), one=" ".join(one.split()), other=" ".join(other.split()))


def summary(facts: Mapping[str, Any], unknown: Iterable[str] = (), lang: str = EN, audience: str = PHYSICIAN,
            evidence: Mapping[str, str] | None = None, ecog_range: Iterable[int] | None = None,
            said_above: Iterable[str] = ()) -> str:
    """The facts to confirm: what was read, each row once. The words behind every fact that
    excludes the patient or is not known are quoted (`evidence`), so a misread cannot pass
    unseen. Nothing that was never asked is listed (after an early exclusion most of the form
    was not): no "not asked" rows, and no exclusions row when no exclusion was asked. Exclusions
    whose criteria are `said_above` (the reasons that rule the patient out) are not said again."""
    unknown = set(unknown)
    zh = lang == ZH
    evidence = evidence or {}
    failing = _failing_keys(facts)

    def known(key: str) -> bool:
        return facts.get(key) is not None or key in unknown

    said_above = set(said_above)
    quoted_above = {k for cid in said_above for k in BY_ID[cid].facts}

    def q(key: str) -> str:
        if key in quoted_above:
            return ""
        return quoted(evidence[key], lang) if key in evidence and (key in failing or key in unknown) else ""

    def yn(key: str) -> str:
        return _yn(facts.get(key), lang, key in unknown) + q(key)

    def val(key: str, shown: Any) -> str:
        return (str(shown) if facts.get(key) is not None else _yn(None, lang, key in unknown)) + q(key)

    rows: list[tuple[str, str]] = []
    if facts.get("age") is not None:
        sex = {"M": say("sex_male", lang), "F": say("sex_female", lang)}.get(facts.get("sex") or "")
        age = say("age_years_sex", lang, age=facts["age"], sex=sex) if sex else say("age_years", lang, age=facts["age"])
        rows.append(("row_patient", age + q("age")))
    elif known("age"):
        rows.append(("row_patient", val("age", None)))

    if known("diagnosis"):
        dx = val("diagnosis", facts.get("diagnosis"))
        confirmed = facts.get("diagnosis_confirmed")
        if facts.get("diagnosis") is not None and confirmed is not None:
            dx += say("diagnosis_confirmed_yes" if confirmed else "diagnosis_confirmed_no", lang)
        elif facts.get("diagnosis") is not None and known("diagnosis_confirmed"):
            dx += say("diagnosis_confirmed_open", lang, answer=yn("diagnosis_confirmed"))
        rows.append(("row_diagnosis", dx))

    plt = facts.get("platelet_count")
    platelets = f"{plt:g}×10⁹/L{q('platelet_count')}" if plt is not None else (
        val("platelet_count", None) if known("platelet_count") else "")
    if known("thrombocytopenia_due_to_treatment"):
        caused = say("caused_by_therapy", lang, answer=yn("thrombocytopenia_due_to_treatment"))
        platelets = platelets + caused if platelets else caused.lstrip("；; ")
    if platelets:
        rows.append(("row_platelets", platelets))

    ecog = facts.get("ecog")
    span = list(ecog_range or [])
    if ecog is not None:
        rows.append(("row_ecog", (grade_words(ecog, lang) if audience == PATIENT else str(ecog)) + q("ecog")))
    elif len(span) == 2:
        activity = ("、".join if zh else " or ".join)(
            grade_words(g, lang) if audience == PATIENT else str(g) for g in range(span[0], span[1] + 1))
        rows.append(("row_ecog", activity + say("ecog_still_to_ask", lang)
                     + (quoted(evidence["ecog"], lang) if "ecog" in evidence else "")))
    elif known("ecog"):
        rows.append(("row_ecog", val("ecog", None)))

    cbp = yn("childbearing_potential") if known("childbearing_potential") else ""
    if facts.get("childbearing_potential") is not False and known("contraception_agreed"):
        agreed = say("contraception", lang, answer=yn("contraception_agreed"))
        cbp = cbp + agreed if cbp else agreed.lstrip("；; ")
    if cbp:
        rows.append(("row_childbearing", cbp))

    present = [f"E{n} {short(f'E{n}', lang)}{q(k)}" for n, k in enumerate(EXCLUSION_FACTS, 1)
               if facts.get(k) is True and f"E{n}" not in said_above]
    open_ = [f"E{n} {short(f'E{n}', lang)}{q(k)}" for n, k in enumerate(EXCLUSION_FACTS, 1) if k in unknown]
    some_said_above = any(facts.get(k) is True and f"E{n}" in said_above for n, k in enumerate(EXCLUSION_FACTS, 1))
    answered_no = any(facts.get(k) is False for k in EXCLUSION_FACTS)
    sep = "；" if zh else "; "
    if present or open_ or (answered_no and not some_said_above):
        exclusions = sep.join(present) if present or some_said_above else say("exclusions_none", lang)
        if open_:
            exclusions += say("exclusions_open", lang, items=sep.join(open_)) if exclusions else \
                say("exclusions_open_only", lang, items=sep.join(open_))
        rows.append(("row_exclusions", exclusions))

    if known("willing_to_consent"):
        rows.append(("row_consent", yn("willing_to_consent")))
    return "\n".join(say("row", lang, title=say(title, lang, audience), value=value) for title, value in rows)


def _failing_keys(facts: Mapping[str, Any]) -> set:
    """The fact keys of the criteria these facts fail."""
    from prescreen.eligibility.checker import check
    from prescreen.eligibility.criteria import NOT_MET
    from prescreen.reading.parsing import InvalidValue

    try:
        outcome = check(dict(facts))
    except InvalidValue:
        return set()
    return {k for r in outcome.criteria if r.status == NOT_MET for k in BY_ID[r.id].facts}


# ---- outcomes ----------------------------------------------------------------------------

# The checker's English reason restates the criterion ("severe infection or serious organ
# comorbidity: not known"): after the label only its verdict is said.
_VERDICT = re.compile(r"^(?P<subject>[^:;]+?)(?::\s*|\s+)(?P<verdict>yes|no|not known)$")


def _reason_words(criterion_id: str, reason: str) -> str:
    found = _VERDICT.match(reason)
    if found is None:
        return reason
    stem = found.group("subject").lower().split()[0][:5]  # "pregnancy" ~ "pregnant", "age" ~ "age 18–75"
    if ":" in reason or stem in BY_ID[criterion_id].short.lower():
        return found.group("verdict")
    return reason


def _activity_reason(status: str, ecog: Any, lang: str) -> str:
    """I4 for a patient: the activity in words, not the ECOG grade."""
    if status == "unknown" or ecog is None:
        verdict = say("status_unknown", lang)
    else:
        verdict = say("activity_too_limited" if status == "not_met" else "activity_fits", lang,
                      words=grade_words(ecog, lang))
    return say("reason", lang, id="I4", label=say("activity_label", lang), reason=verdict)


def reasons(outcome: Outcome, ids: Iterable[str], lang: str = EN, audience: str = PHYSICIAN,
            evidence: Mapping[str, str] | None = None) -> str:
    """One line per criterion: its id and label once, then why (English: the checker's reason
    without the label again; Chinese: the status and the values read), and with `evidence` the
    words each was read from, so a misread that rules the patient out cannot pass unseen."""
    lines = [_reason(r, outcome, lang, audience) for r in outcome.reasons(list(ids))]
    if evidence:
        lines = [line + "".join(quoted(evidence[k], lang) for k in BY_ID[r.id].facts if k in evidence)
                 for line, r in zip(lines, outcome.reasons(list(ids)))]
    return "\n".join(lines)


def _reason(r: Any, outcome: Outcome, lang: str, audience: str) -> str:
    if r.id == "I4" and audience == PATIENT:
        return _activity_reason(r.status, outcome.facts.get("ecog"), lang)
    if lang != ZH:
        return say("reason", EN, id=r.id, label=BY_ID[r.id].short, reason=_reason_words(r.id, r.reason))
    own = BY_ID[r.id].facts[0] if r.id.startswith("E") else None  # "HIV感染" is the label already
    if own is not None and outcome.facts.get(own) is True:
        return say("reason", ZH, id=r.id, label=SHORT_ZH[r.id], reason=say("answer_yes", ZH))
    stated = [fact_phrase(k, outcome.facts.get(k), ZH, audience) for k in BY_ID[r.id].facts
              if outcome.facts.get(k) is not None and k not in ("sex", own)]
    status = say(f"status_{r.status}", ZH)
    why = say("reason_values", ZH, status=status, values="，".join(stated)) if stated and r.status != "unknown" else status
    return say("reason", ZH, id=r.id, label=SHORT_ZH[r.id], reason=why)


def decision_text(outcome: Outcome, reference: str, lang: str = EN, audience: str = PHYSICIAN,
                  contact_follows: bool | None = None) -> str:
    """The decision, every failed or unknown criterion, the reference. A physician is told how
    to screen the next patient only when nothing more is asked: a referral worth following up
    asks for the contact details first (`contact_follows`; by default whenever the decision is
    not "ineligible"), and the thanks for them says it instead."""
    if outcome.decision == INELIGIBLE:
        key, body = "decision_ineligible", reasons(outcome, outcome.failed, lang, audience)
    elif outcome.decision == NEEDS_REVIEW:
        key, body = "decision_needs_review", reasons(outcome, outcome.unknown, lang, audience)
    else:
        key, body = "decision_potentially_eligible", say("decision_investigator", lang)
    lines = [say(key, lang, audience), body, say(f"{key}_tail", lang, audience, reference=reference)]
    if contact_follows is None:
        contact_follows = outcome.decision != INELIGIBLE
    if audience == PATIENT:
        lines.append(say("not_a_diagnosis", lang))
    elif not contact_follows:
        lines.append(say("say_new_patient", lang))
    return "\n".join(lines)


def confirm_question(facts: Mapping[str, Any], unknown: Iterable[str], outcome: Outcome, lang: str,
                     audience: str = PHYSICIAN, evidence: Mapping[str, str] | None = None,
                     ecog_range: Iterable[int] | None = None) -> str:
    """The summary to confirm. Once a criterion has failed nothing more is asked, so it says
    first what excludes the patient, then what was read."""
    listed = summary(facts, unknown, lang, audience, evidence, ecog_range, said_above=outcome.failed)
    if outcome.failed:
        head = "\n".join([say("confirm_ruled_out", lang), reasons(outcome, outcome.failed, lang, audience, evidence),
                          say("confirm_read", lang)])
    else:
        head = say("confirm_head", lang)
    return "\n".join(part for part in (head, listed, say("confirm_ask", lang)) if part)


def what_to_change(lang: str, audience: str = PHYSICIAN) -> str:
    return say("what_to_change", lang, audience)


def checklist_question(lines: list[str], lang: str) -> str:
    return "\n".join([say("checklist_question", lang), *lines])


# ---- notices -----------------------------------------------------------------------------

HINTED = ("age", "diagnosis", "platelet_count", "ecog", "exclusion_checklist", "facts_confirmed")


def not_understood(requested: str | None, attempts: int, lang: str, audience: str = PHYSICIAN) -> str:
    wanted = say(f"hint_{requested}" if requested in HINTED else "hint_yes_no", lang, audience)
    text = say("not_understood", lang, wanted=wanted)
    if attempts >= 2:
        text += say("not_understood_again", lang)
    return text


def problem(p: Any, lang: str, audience: str = PHYSICIAN) -> str:
    """A refused value (age 250, PLT 5000000, ECOG 7) with the accepted range. `p` is a
    prescreen.reading.parsing.InvalidValue: field, code and the value given."""
    value = getattr(p, "value", None)
    if value is None and lang != ZH and getattr(p, "message", None):
        return p.message  # the reading layer's own sentence names the value it refused
    if p.field == "ecog" and audience == PATIENT:
        return say("refused_activity", lang, value=value)
    given = "" if value is None else (f"“{value}”" if lang == ZH else str(value))
    if p.field in ("age", "platelet_count", "ecog"):
        return " ".join(say(f"refused_{p.field}", lang, value=given).split())
    return say("refused_other", lang, value=given or ("这个值" if lang == ZH else "That value"))


def nothing_read(lang: str) -> str:
    return say("nothing_read", lang)


def too_long(length: int, limit: int, lang: str) -> str:
    return say("too_long", lang, length=f"{length:,}", limit=f"{limit:,}")


def checklist_unmatched(lang: str) -> str:
    return say("checklist_unmatched", lang)


def patient_disclaimer(lang: str) -> str:
    return say("patient_disclaimer", lang)


def switched_to(lang: str, automatically: bool) -> str:
    return say("switched_to_automatically" if automatically else "switched_to", lang)


def database_down(lang: str) -> str:
    return say("database_down", lang)


def referral_not_stored(reference: str | None, lang: str) -> str:
    """The screening is logged; the referrer's details could not be stored (database down)."""
    return say("referral_not_stored", lang, reference=reference)


def not_this_conversations(lang: str) -> str:
    """Contact details refused: the screening they would be attached to is not this conversation's."""
    return say("not_this_conversations", lang)


def contact_not_stored(reference: str | None, lang: str) -> str:
    """A patient's consented phone number could not be stored (database down)."""
    return say("contact_not_stored", lang, reference=reference)


def explain(requested: str | None, lang: str) -> str:
    """Why a question is asked: the criterion it serves, one sentence per criterion."""
    if requested == "exclusion_checklist":
        return say("explain_checklist", lang)
    if requested == "facts_confirmed":
        return say("explain_summary", lang)
    serving = [c for c in BY_ID.values() if requested in c.facts]
    if not serving:
        return say("explain_other", lang)
    return "\n".join(say("explain_criterion", lang, id=c.id, text=c.text.rstrip(";."), label=SHORT_ZH[c.id])
                     for c in serving)


# ---- follow-up ---------------------------------------------------------------------------

def referrer_thanks(name: str, reference: str, lang: str) -> str:
    return say("referrer_thanks", lang, name=name, reference=reference)


def contact_saved(reference: str, lang: str) -> str:
    return say("contact_saved", lang, reference=reference)


def contact_declined(reference: str, lang: str) -> str:
    return say("contact_declined", lang, reference=reference)


def phone_unreadable(lang: str) -> str:
    return say("phone_unreadable", lang)


def consent_unclear(lang: str) -> str:
    return say("consent_unclear", lang)


def too_long_to_keep(limit: int, lang: str, patient_reference: bool = False) -> str:
    text = say("too_long_to_keep", lang, limit=limit)
    return text + ("" if lang == ZH else " ") + say("patient_reference_only", lang) if patient_reference else text
