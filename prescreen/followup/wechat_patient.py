"""The patient's WeChat message when a screening visit is scheduled (issue 19).

Who can get one: a WeChat user who said yes to being contacted and left a phone number
(actions/referral.py asks before a number is kept). For them, and only them, the WeChat
channel keeps the raw OpenID and the time of their last message (`seen`, table
wechat_contacts); for everyone else the OpenID lives only in memory while a message is handled.
The PIPL erasure deletes it with the phone number (`forget`, from prescreen.followup.erasure).

What happens: a "scheduled" status entry writes an outbox row in its own transaction
(prescreen/store/wechat_outbox.py); `send_due` (run by `prescreen notify` with the coordinators'
notifications) sends it through the customer-service message API, wechatpy's
`WeChatClient.message.send_text`, as the channel sends late answers. WeChat takes such a
message only within 48 hours of the user's last message, so outside it nothing is sent and the
referral page says the coordinator must call. Consent, the OpenID and the window are checked
again at the moment of sending: an erasure or a closed window in between sends nothing.
A failure is counted and retried (the coordinators' notifications' back-off).

Settings (prescreen/settings.py, as the WeChat channel reads them): WECHAT_APP_ID,
WECHAT_APP_SECRET, WECHAT_API_BASE_URL (a stand-in for api.weixin.qq.com in tests or behind a
proxy), REDIS_URL (shares the access token with the channel: WeChat invalidates a token when
another process fetches a new one).
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from prescreen.settings import get_settings
from prescreen.store.db import session
from prescreen.store.models import (
    PatientMessage,
    QueueEvent,
    Screening,
    WeChatContact,
    utcnow,
)
from prescreen.store.outbox import Sent, claim
from prescreen.store.outcome_log import sender_ref
from prescreen.store.wechat_outbox import (
    PENDING,
    REFUSED,
    SENT,
    WINDOW_CLOSED,
    WITHDRAWN,
    aware,
    chain_back,
    consented,
    contact_of,
    window_open,
)
from prescreen.texts import ZH, say

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.weixin.qq.com/cgi-bin/"
OUTDATED = "outdated"  # the visit was moved or the status changed before the message went
# WeChat's answers that no retry can change: 45015 = past the 48-hour window; 43004 = the user
# unfollowed; 40003 = not an OpenID of this account.
WINDOW_ERRCODES, REFUSED_ERRCODES = {45015}, {43004, 40003}
CHINA_ZONES = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC"}


class Client(WeChatClient):
    """WeChatClient whose API base (including the access-token endpoint, hard-coded upstream)
    is configurable, so tests and proxies can stand in for api.weixin.qq.com."""

    def __init__(self, appid: str, secret: str, api_base_url: str, session: Any = None):
        super().__init__(appid, secret, session=session, timeout=10)
        self.API_BASE_URL = api_base_url

    def fetch_access_token(self):
        return self._fetch_access_token(url=self.API_BASE_URL + "token",
                                        params={"grant_type": "client_credential", "appid": self.appid,
                                                "secret": self.secret})


def make_client(app_id: str, app_secret: str, api_base_url: str, redis_url: str = "") -> Client:
    """The channel's and the sender's client: with REDIS_URL both keep the access token there."""
    storage = None
    if redis_url:
        import redis
        from wechatpy.session.redisstorage import RedisStorage

        storage = RedisStorage(redis.Redis.from_url(redis_url), prefix="prescreen:wechatpy")
    base = api_base_url if api_base_url.endswith("/") else api_base_url + "/"
    return Client(app_id, app_secret, base, storage)


# ---- what the channel keeps -----------------------------------------------------------------

def seen(open_id: str, sender: str, at: datetime) -> bool:
    """A message from a WeChat user has been handled. If they consented to be contacted, their
    OpenID and this message's time are kept (the window runs from it); if not, nothing is, and
    a row left from a consent since withdrawn goes. Returns whether the OpenID is kept."""
    ref = sender_ref(sender)
    for attempt in range(2):
        try:
            with session() as s:
                ids = list(s.scalars(select(Screening.id).where(Screening.sender_ref == ref)))
                row = s.scalars(select(WeChatContact).where(WeChatContact.sender_ref == ref)).first()
                if not ids or not consented(s.connection(), ids):
                    if row is not None:
                        s.delete(row)
                    return False
                if row is None:
                    s.add(WeChatContact(sender_ref=ref, open_id=open_id, consented_at=at, last_message_at=at))
                else:
                    row.open_id = open_id
                    row.last_message_at = max(aware(row.last_message_at), at)
                return True
        except IntegrityError:  # two messages of one user at once: the other one inserted it
            if attempt:
                raise
    return False


def forget(s, screening_ids: list[int]) -> int:
    """The erasure: the OpenID of these screenings' senders goes, and their unsent messages
    are withdrawn. Within the erasure's own transaction `s`. Returns contacts deleted."""
    refs = set(s.scalars(select(Screening.sender_ref).where(Screening.id.in_(screening_ids))))
    return forget_refs(s, refs)


def forget_refs(s, refs: set[str]) -> int:
    if not refs:
        return 0
    of_them = select(Screening.id).where(Screening.sender_ref.in_(refs))
    s.execute(update(PatientMessage).where(PatientMessage.state == PENDING, PatientMessage.screening_id.in_(of_them))
              .values(state=WITHDRAWN).execution_options(synchronize_session=False))
    return s.execute(delete(WeChatContact).where(WeChatContact.sender_ref.in_(refs))
                     .execution_options(synchronize_session=False)).rowcount


# ---- the message ----------------------------------------------------------------------------

def message_text(reference: str, visit_at: datetime, place: str) -> str:
    zone = ZoneInfo(get_settings().site_time_zone)
    t = aware(visit_at).astimezone(zone)
    # The words are the catalogue's (prescreen/texts/catalogue.yml), reviewed with the rest.
    zone_words = say("wechat_china_time", ZH) if zone.key in CHINA_ZONES else zone.key
    return say("wechat_visit_scheduled", ZH, reference=reference, year=t.year, month=t.month, day=t.day,
               time=f"{t:%H:%M}", zone=zone_words, place=place)


# ---- the sender -----------------------------------------------------------------------------

def _claim(row_id: int, due_at: datetime, now: datetime) -> bool:
    with session() as s:
        return claim(s, PatientMessage, row_id, due_at, now, PatientMessage.state == PENDING)


def _finish(row_id: int, **values) -> None:
    with session() as s:
        s.execute(update(PatientMessage).where(PatientMessage.id == row_id).values(**values)
                  .execution_options(synchronize_session=False))


def _still_current(s, event: QueueEvent) -> bool:
    """Whether this "scheduled" entry is still the newest status entry of its patient (a later
    re-screen writes the trail on the newer screening, so the chain is walked forward too)."""
    ids, current = [event.screening_id], event.screening_id
    while True:
        newer = s.scalars(select(Screening.id).where(Screening.supersedes == current)).first()
        if newer is None or newer in ids:
            break
        ids.append(newer)
        current = newer
    later = s.scalars(select(QueueEvent.id).where(QueueEvent.screening_id.in_(ids), QueueEvent.kind == "status",
                                                  QueueEvent.id > event.id).limit(1)).first()
    return later is None


def send_due(now: datetime | None = None) -> Sent:
    """Sends every pending patient message that is due; returns how many went and how many
    failed (and wait for a retry). Never raises for one message's failure."""
    from prescreen.followup.notify import retry_wait

    now = now or utcnow()
    with session() as s:
        due = s.execute(select(PatientMessage.id, PatientMessage.next_attempt_at, PatientMessage.attempts)
                        .where(PatientMessage.state == PENDING, PatientMessage.next_attempt_at <= now)
                        .order_by(PatientMessage.id)).all()
    client: Client | None = None
    sent = failed = 0
    for row_id, due_at, attempts in due:
        if not _claim(row_id, due_at, now):
            continue
        with session() as s:  # checked again now: consent, the OpenID, the window, the visit
            row = s.get(PatientMessage, row_id)
            event = s.get(QueueEvent, row.queue_event_id)
            ok = consented(s.connection(), chain_back(s.connection(), row.screening_id))
            contact = contact_of(s.connection(), row.screening_id)
            current = _still_current(s, event)
            reference = f"PS-{row.screening_id:06d}"
            text = message_text(reference, event.visit_at, event.visit_place or "")
        if not ok or contact is None:
            _finish(row_id, state=WITHDRAWN)
            continue
        if not current:
            _finish(row_id, state=OUTDATED)
            continue
        last = aware(contact.last_message_at)
        if not window_open(last, utcnow()):
            _finish(row_id, state=WINDOW_CLOSED, last_message_at=last)
            continue
        try:
            settings = get_settings()
            if not (settings.wechat_app_id and settings.wechat_app_secret):
                raise RuntimeError("WECHAT_APP_ID and WECHAT_APP_SECRET must be set to message patients")
            client = client or make_client(settings.wechat_app_id, settings.wechat_app_secret,
                                           settings.wechat_api_base_url or DEFAULT_API_BASE_URL, settings.redis_url)
            client.message.send_text(contact.open_id, text)
        except WeChatClientException as e:
            if e.errcode in WINDOW_ERRCODES:
                _finish(row_id, state=WINDOW_CLOSED, last_message_at=last, attempts=attempts + 1,
                        last_error=f"WeChat {e.errcode}: {e.errmsg}"[:500])
                continue
            if e.errcode in REFUSED_ERRCODES:
                _finish(row_id, state=REFUSED, attempts=attempts + 1, last_error=f"WeChat {e.errcode}: {e.errmsg}"[:500])
                failed += 1
                continue
            failed += 1
            _retry(row_id, attempts, f"WeChat {e.errcode}: {e.errmsg}", retry_wait)
            continue
        except Exception as e:  # noqa: BLE001 - network, settings: counted and retried while the window lasts
            failed += 1
            _retry(row_id, attempts, f"{type(e).__name__}: {e}", retry_wait)
            continue
        sent += 1
        _finish(row_id, state=SENT, attempts=attempts + 1, sent_at=utcnow(), last_error=None, last_message_at=last)
    return Sent(sent, failed)


def _retry(row_id: int, attempts: int, error: str, retry_wait) -> None:
    logger.warning("patient WeChat message %s failed, attempt %d: %s", row_id, attempts + 1, error[:500])
    _finish(row_id, attempts=attempts + 1, last_error=error[:500], next_attempt_at=utcnow() + retry_wait(attempts + 1))


# ---- what the queue shows -------------------------------------------------------------------

def for_visits(queue_event_ids: list[int]) -> dict[int, dict]:
    """{scheduled entry id: what came of its WeChat message} for the referral page."""
    if not queue_event_ids:
        return {}
    with session() as s:
        rows = s.scalars(select(PatientMessage).where(PatientMessage.queue_event_id.in_(queue_event_ids)))
        return {r.queue_event_id: {"state": r.state, "sent_at": aware(r.sent_at),
                                   "last_message_at": aware(r.last_message_at), "attempts": r.attempts,
                                   "last_error": r.last_error} for r in rows}
