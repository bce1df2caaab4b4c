"""Roles in the queue's pages (prescreen.followup.roles): a monitor reads without contacts and
changes nothing; the investigator records I6/E14 and signs the determination; a coordinator
or investigator records a patient's withdrawal of contact taken on a call."""
from __future__ import annotations

import dataclasses

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from prescreen.followup import erasure, queue, roles, wechat_patient
from web.queue import bp

HIDDEN = "(not shown to monitors)"
# What a monitor may still send: signing out.
MONITOR_POSTS = {"queue.sign_out", "queue.sign_in"}


def role() -> str:
    return getattr(current_user, "role", roles.COORDINATOR)


@bp.before_request
def read_only_for_monitors():
    if request.method == "POST" and current_user.is_authenticated and not roles.can_change(role()) \
            and request.endpoint not in MONITOR_POSTS:
        return render_template("queue/refused.html",
                               reason="Your role is Monitor (read-only): nothing was recorded."), 403
    return None


def _blank(referral: dict | None) -> dict | None:
    if referral is None:
        return None
    return {**referral, "referrer_contact": HIDDEN, "patient_reference": HIDDEN}


def _screening_shown(screening: dict) -> dict:
    out = {**screening, "criteria": [{k: v for k, v in c.items() if k != "evidence"}
                                     for c in screening.get("criteria", [])]}
    if "transcript" in out:
        out["transcript"] = []
    return out


def shown(item: queue.Item) -> queue.Item:
    """The item as the signed-in user may see it: a monitor gets no referrer contact, no
    patient reference, no transcript and no quoted words behind the criteria (the referrer's
    own words may name the patient)."""
    if roles.sees_contacts(role()):
        return item
    changes = {"screening": _screening_shown(item.screening), "referral": _blank(item.referral),
               "earlier_referrals": [_blank(r) for r in item.earlier_referrals]}
    if getattr(item, "chain", None):  # every screening of a re-screened patient
        changes["chain"] = [_screening_shown(s) for s in item.chain]
    return dataclasses.replace(item, **changes)


def shown_all(items: list[queue.Item]) -> list[queue.Item]:
    return items if roles.sees_contacts(role()) else [shown(i) for i in items]


@bp.app_context_processor
def _roles_in_templates():
    return {"site_zone": roles.site_zone().key, "role_labels": roles.ROLE_LABELS}


def referral_context(item: queue.Item) -> dict:
    """What the referral page shows of sign-offs (the whole chain's: those made before a
    re-screen are marked so), erasure, and the patient's WeChat message about the visit."""
    return {"signoffs": roles.chain_entries(item.id), "signed": roles.chain_current(item.id),
            "patient_messages": wechat_patient.for_visits([item.visit.id] if item.visit else []),
            "judgements": roles.JUDGEMENTS, "determinations": roles.DETERMINATIONS,
            "withdrawn": erasure.withdrawn([item.id]).get(item.id), "role": role(),
            "stamp": roles.stamp}


def _screening_id(reference: str) -> int:
    from web.queue.pages import _item

    return _item(reference).id


def _back(reference: str, error: str | None, code: int = 409):
    from web.queue.pages import _referral_page, _item

    if error is None:
        return redirect(url_for("queue.referral", reference=reference) + "#signoff")
    return _referral_page(_item(reference), error=error, form=request.form, code=code)


@bp.post("/referrals/<reference>/investigator")
def record_judgement(reference: str):
    sid = _screening_id(reference)
    criterion = request.form.get("criterion", "")
    if role() != roles.INVESTIGATOR:
        return _back(reference, "Only an investigator records I6 and E14. Nothing was recorded.", 403)
    try:
        roles.record_judgement(sid, current_user.id, criterion, request.form.get("value", ""),
                               request.form.get("reason"))
    except roles.SignoffError as e:
        return _back(reference, str(e))
    flash(f"{criterion} recorded.", "info")
    return _back(reference, None)


@bp.post("/referrals/<reference>/sign")
def sign(reference: str):
    sid = _screening_id(reference)
    if role() != roles.INVESTIGATOR:
        return _back(reference, "Only an investigator can sign the eligibility determination. Nothing was signed.", 403)
    try:
        entry = roles.sign(sid, current_user.id, request.form.get("password", ""), request.form.get("determination", ""),
                           request.form.get("reason"), request.remote_addr or "unknown")
    except roles.SignoffError as e:
        return _back(reference, str(e))
    flash(f"Signed: {entry.label}.", "info")
    return _back(reference, None)


@bp.post("/referrals/<reference>/withdraw-contact")
def withdraw_contact(reference: str):
    sid = _screening_id(reference)
    reason = (request.form.get("reason") or "").strip()
    if not reason:
        return _back(reference, "Say how the patient asked (e.g. 'on the phone, 4 Dec'). Nothing was erased.")
    if request.form.get("confirm") != "yes":
        return _back(reference, "Tick the box to confirm the erasure. Nothing was erased.")
    erasure.erase_for_screening(sid, current_user.id, reason[:500])
    flash("Contact details erased; the screening stays.", "info")
    return _back(reference, None)


def withdrawn_ids(items: list[queue.Item]) -> set[int]:
    return set(erasure.withdrawn([i.id for i in items]))


__all__ = ["shown", "shown_all", "referral_context", "withdrawn_ids", "abort"]
