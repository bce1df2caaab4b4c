"""Telling coordinators about new referrals, and the daily digest.

New referrals: the outbox (prescreen/store/outbox.py) holds one row per referral and channel,
written with the screening. `send_due` delivers the rows that are due: e-mail over SMTP and,
when configured, a WeCom (企业微信) group robot's webhook. A failure is counted, its error
kept, and the row retried later (the wait doubling up to NOTIFY_RETRY_MAX_SECONDS); the
screening itself never waits for any of this. `prescreen notify` runs the sender (bin/run
starts it beside the servers).

What a message says: the reference and a link to it in the queue, nothing else unless
NOTIFY_INCLUDE_DECISION=true adds the pre-screen's decision. Never facts, names, contacts.

The digest (`prescreen digest`, once a day from cron) lists the references of overdue
referrals and of screening visits due tomorrow, with links, on the same channels.

Settings (prescreen/settings.py, read on every use; see .env.example): SMTP_HOST,
SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS, SMTP_FROM, NOTIFY_EMAIL_TO,
WECOM_WEBHOOK_URL, QUEUE_BASE_URL, NOTIFY_INCLUDE_DECISION, NOTIFY_RETRY_FIRST_SECONDS,
NOTIFY_RETRY_MAX_SECONDS.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

import requests
from sqlalchemy import select, update

from prescreen.utc import aware
from prescreen.store.db import session
from prescreen.store.models import Notification, QueueEvent, Screening, utcnow
from prescreen.store.outbox import EMAIL, WECOM, Sent, claim
from prescreen.settings import get_settings

logger = logging.getLogger(__name__)

PROTOCOL = "NCT06898983"
TIMEOUT_SECONDS = 15
DECISION_WORDS = {"potentially_eligible": "potentially eligible", "needs_review": "needs review"}


class NotifyError(RuntimeError):
    pass


def queue_link(reference: str) -> str:
    s = get_settings()
    base = (s.queue_base_url or f"http://127.0.0.1:{s.web_port}").rstrip("/")
    return f"{base}/queue/referrals/{reference}"


def retry_wait(attempts: int) -> timedelta:
    """After the n-th failed attempt: first wait, doubling, at most the ceiling."""
    s = get_settings()
    first, ceiling = s.notify_retry_first_seconds, s.notify_retry_max_seconds
    return timedelta(seconds=min(first * 2 ** min(max(attempts - 1, 0), 20), ceiling))


# ---- the messages -------------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def new_referral_message(reference: str, decision: str) -> Message:
    lines = [f"A new referral is waiting in the {PROTOCOL} follow-up queue: {reference}"]
    if get_settings().notify_include_decision:
        lines.append(f"Pre-screen: {DECISION_WORDS.get(decision, decision)}")
    lines += [queue_link(reference), "",
              "Sign in to the queue to see it. This message carries no patient data by design."]
    return Message(f"[{PROTOCOL}] New referral {reference}", "\n".join(lines))


# ---- the channels -------------------------------------------------------------------------

def send_email(message: Message) -> None:
    s = get_settings()
    host, to = s.smtp_host, [a.strip() for a in s.notify_email_to.split(",") if a.strip()]
    if not host or not to:
        raise NotifyError("SMTP_HOST and NOTIFY_EMAIL_TO must both be set to send e-mail")
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = message.subject, s.smtp_from, ", ".join(to)
    mail.set_content(message.body)
    with smtplib.SMTP(host, s.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
        if s.smtp_starttls:
            smtp.starttls()
        if s.smtp_user:
            smtp.login(s.smtp_user, s.smtp_password)
        smtp.send_message(mail)


def send_wecom(message: Message) -> None:
    """A WeCom group robot: POST {"msgtype": "text", ...}; it answers {"errcode": 0} when sent."""
    url = get_settings().wecom_webhook_url
    if not url:
        raise NotifyError("WECOM_WEBHOOK_URL is not set")
    r = requests.post(url, json={"msgtype": "text", "text": {"content": f"{message.subject}\n{message.body}"}},
                      timeout=TIMEOUT_SECONDS)
    r.raise_for_status()
    answer = r.json()
    if answer.get("errcode", 0) != 0:
        raise NotifyError(f"WeCom refused: {answer.get('errcode')} {answer.get('errmsg', '')}".strip())


SENDERS = {EMAIL: send_email, WECOM: send_wecom}


# ---- the outbox's sender ------------------------------------------------------------------

def _claim(row_id: int, due_at: datetime, now: datetime) -> bool:
    with session() as s:
        return claim(s, Notification, row_id, due_at, now, Notification.sent_at.is_(None))


def send_due(now: datetime | None = None) -> Sent:
    """Sends every outbox row that is due; returns how many went and how many failed."""
    now = now or utcnow()
    with session() as s:
        due = s.execute(select(Notification.id, Notification.next_attempt_at, Notification.channel,
                               Notification.attempts, Screening.id, Screening.decision)
                        .join(Screening, Screening.id == Notification.screening_id)
                        .where(Notification.sent_at.is_(None), Notification.next_attempt_at <= now)
                        .order_by(Notification.id)).all()
    sent = failed = 0
    for row_id, due_at, channel, attempts, sid, decision in due:
        if not _claim(row_id, due_at, now):
            continue
        message = new_referral_message(f"PS-{sid:06d}", decision)
        try:
            SENDERS[channel](message)
        except Exception as e:  # SMTP, network, WeCom's errcode: counted and retried
            failed += 1
            error = f"{type(e).__name__}: {e}"[:500]
            logger.warning("notification %s (%s) failed, attempt %d: %s", row_id, channel, attempts + 1, error)
            with session() as s:
                s.execute(update(Notification).where(Notification.id == row_id)
                          .values(attempts=attempts + 1, last_error=error,
                                  next_attempt_at=utcnow() + retry_wait(attempts + 1))
                          .execution_options(synchronize_session=False))
            continue
        sent += 1
        with session() as s:
            s.execute(update(Notification).where(Notification.id == row_id)
                      .values(attempts=attempts + 1, sent_at=utcnow(), last_error=None)
                      .execution_options(synchronize_session=False))
    # The same round sends patients their "visit scheduled" WeChat messages (their own outbox).
    from prescreen.followup import wechat_patient

    patients = wechat_patient.send_due(now)
    return Sent(sent + patients.sent, failed + patients.failed)


def pending() -> list[dict]:
    """Unsent rows, for `prescreen notify --status` and the tests."""
    with session() as s:
        return [{"reference": f"PS-{r.screening_id:06d}", "channel": r.channel, "attempts": r.attempts,
                 "last_error": r.last_error, "next_attempt_at": r.next_attempt_at}
                for r in s.scalars(select(Notification).where(Notification.sent_at.is_(None))
                                   .order_by(Notification.id))]


# ---- the daily digest ---------------------------------------------------------------------

def digest_message(now: datetime | None = None) -> Message:
    from zoneinfo import ZoneInfo

    from prescreen.followup import queue

    now = now or utcnow()
    zone = ZoneInfo(get_settings().site_time_zone)
    items = queue.load_items()
    days = queue.overdue_working_days()
    overdue = [i for i in items if queue.is_overdue(i, now, days, zone)]
    tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
    open_scheduled = {i.id for i in items if i.status == queue.SCHEDULED}
    visits: dict[int, datetime] = {}
    with session() as s:
        for sid, at in s.execute(select(QueueEvent.screening_id, QueueEvent.visit_at)
                                 .where(QueueEvent.kind == queue.STATUS, QueueEvent.to_status == queue.SCHEDULED,
                                        QueueEvent.visit_at.is_not(None)).order_by(QueueEvent.id)):
            visits[sid] = aware(at)  # the newest "scheduled" entry's visit counts
    due = sorted((at, sid) for sid, at in visits.items()
                 if sid in open_scheduled and at.astimezone(zone).date() == tomorrow)
    lines = [f"{PROTOCOL} follow-up queue, {now.astimezone(zone):%Y-%m-%d} ({zone.key})", ""]
    lines.append(f"Overdue (no action for {days} working days): {len(overdue)}")
    lines += [f"  {i.reference}  {queue_link(i.reference)}" for i in overdue]
    lines += ["", f"Screening visits tomorrow ({tomorrow.isoformat()}): {len(due)}"]
    lines += [f"  {at.astimezone(zone):%H:%M}  PS-{sid:06d}  {queue_link(f'PS-{sid:06d}')}" for at, sid in due]
    return Message(f"[{PROTOCOL}] Daily digest: {len(overdue)} overdue, {len(due)} visits tomorrow", "\n".join(lines))


def send_digest(now: datetime | None = None) -> list[str]:
    """Sends the digest on every configured channel; returns the channels used. Raises on a
    failure (cron mails the error), after trying every channel."""
    from prescreen.store.outbox import configured_channels

    message, used, errors = digest_message(now), [], []
    for channel in configured_channels():
        try:
            SENDERS[channel](message)
            used.append(channel)
        except Exception as e:
            errors.append(f"{channel}: {type(e).__name__}: {e}")
    if errors:
        raise NotifyError("digest not sent on " + "; ".join(errors))
    return used
