"""The screening visit as an iCalendar file (RFC 5545, written by the `icalendar` package), for
the coordinator's or the clinic's calendar. Pseudonymous like the screening log: the
referral's reference and the place, never the patient's name, reference or phone."""
from __future__ import annotations

from datetime import timezone

from icalendar import Calendar, Event

from prescreen.eligibility.criteria import PROTOCOL_ID
from prescreen.followup.workflow import Item
from prescreen.store.models import utcnow


def visit_calendar(item: Item, host: str) -> bytes:
    visit = item.visit
    cal = Calendar()
    cal.add("prodid", f"-//{PROTOCOL_ID} pre-screening//follow-up queue//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    # One UID per scheduling entry: a rescheduled visit is a new entry of the trail, and
    # importing its file next to the old one shows both, each labelled with its date.
    event.add("uid", f"{item.reference}-visit-{visit.id}@{host.split(':')[0] or 'prescreen'}")
    event.add("dtstamp", utcnow())
    # In UTC (…Z): every calendar converts it to its own zone, no VTIMEZONE needed.
    event.add("dtstart", visit.visit_at.astimezone(timezone.utc))
    event.add("summary", f"{PROTOCOL_ID} screening visit {item.reference}")
    event.add("location", visit.visit_place or "")
    event.add("description", f"Screening visit for pre-screening referral {item.reference}, "
                             f"scheduled by {visit.actor}.")
    cal.add_component(event)
    return cal.to_ical()
