"""`prescreen`: the command line of the pre-screening assistant (see CONTRACT.md).

  prescreen check FACTS.json          outcome as JSON ("-" reads stdin)
  prescreen log --json [--sender ID]  logged screenings, newest first
  prescreen criteria [--json]         the criteria table, for investigators and ethics review
  prescreen batch IN.csv OUT.csv      screen a registry export, one patient per row
  prescreen migrate                   apply database migrations (also done on every start)
  prescreen coordinator add USERNAME  create a coordinator's account (password prompted, or --password-stdin)
  prescreen coordinator list          the coordinators' accounts
  prescreen coordinator password USERNAME    set a new password (ends the account's sessions)
  prescreen coordinator deactivate USERNAME  refuse sign-in and end the account's sessions (activate: undo)
  prescreen system-token create NAME --role coordinator|monitor   an API token for a hospital system (FHIR)
  prescreen system-token revoke NAME / list                      revoke it (401 from then on) / list them
  prescreen texts --export FILE       every sentence the assistant says, both languages (.md or .csv)
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, NoReturn

from prescreen.eligibility.checker import check
from prescreen.eligibility.criteria import CRITERIA, CRITERIA_VERSION
from prescreen.eligibility.facts import FACT_KEYS
from prescreen.reading.parsing import InvalidValue


def _fail(message: str) -> NoReturn:
    print(f"prescreen: {message}", file=sys.stderr)
    raise SystemExit(2)


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _dump_rows(rows: list[dict]) -> None:
    """Account, audit and token listings as JSON, their times in ISO 8601."""
    _dump([{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in r.items()} for r in rows])


def _read_facts(path: str) -> dict:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        _fail(f"{path}: cannot read ({e.strerror})")
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    try:
        facts = json.loads(raw)
    except json.JSONDecodeError as e:
        _fail(f"{path}: not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})")
    if not isinstance(facts, dict):
        _fail(f"{path}: expected a JSON object of facts, got {type(facts).__name__}")
    return facts


def cmd_check(args: argparse.Namespace) -> None:
    facts = _read_facts(args.facts)
    try:
        outcome = check(facts)
    except InvalidValue as e:
        _fail(f"{e.field}: {e.message}")
    _dump(outcome.to_dict())


def cmd_log(args: argparse.Namespace) -> None:
    from prescreen.store.outcome_log import screenings  # imported here: only `log` needs the database

    rows = screenings(sender_id=args.sender, limit=args.limit)
    if args.json:
        _dump(rows)
        return
    for r in rows:
        why = ", ".join(r["failed"] or r["unknown"]) or "-"
        print(f"{r['reference']}  {r['created_at'][:19]}  {r['channel']:<8} {r['decision']:<21} {why}")


def cmd_criteria(args: argparse.Namespace) -> None:
    table = [
        {"id": c.id, "trial_text": c.text, "facts": list(c.facts), "checked": c.how}
        for c in CRITERIA
    ]
    if args.json:
        _dump({"criteria_version": CRITERIA_VERSION, "criteria": table})
        return
    print(f"Criteria version {CRITERIA_VERSION}\n")
    for row in table:
        print(f"{row['id']}  {textwrap.fill(row['trial_text'], 96, subsequent_indent='     ')}")
        print(f"     facts: {', '.join(row['facts']) or '(investigator)'}")
        print(f"     checked: {textwrap.fill(row['checked'], 96, subsequent_indent='              ')}\n")


BATCH_COLUMNS = ["decision", "failed", "unknown", "reasons", "criteria_version", "error"]


def cmd_batch(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    try:
        with open(args.input, newline="", encoding="utf-8-sig") as f:  # -sig: Excel's BOM
            reader = csv.DictReader(f)
            rows = list(reader)
            columns = list(reader.fieldnames or [])
    except OSError as e:
        _fail(f"{args.input}: cannot read ({e.strerror})")
    except (UnicodeDecodeError, csv.Error) as e:
        _fail(f"{args.input}: not a readable UTF-8 CSV ({e})")
    if not set(columns) & set(FACT_KEYS):
        _fail(f"{args.input}: no column is a fact key; expected some of: {', '.join(FACT_KEYS)}")

    counts: dict[str, int] = {}
    with open(args.output, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns + [c for c in BATCH_COLUMNS if c not in columns])
        writer.writeheader()
        # Other columns (a registry id, a name) are copied through, never given to the checker.
        for row in tqdm(rows, desc="screening", unit="patient", file=sys.stderr, disable=len(rows) < 200):
            facts = {k: row[k] for k in FACT_KEYS if k in row}
            result: dict[str, str]
            try:
                o = check(facts)
                shown = o.reasons(o.failed or o.unknown)
                result = {
                    "decision": o.decision, "failed": " ".join(o.failed), "unknown": " ".join(o.unknown),
                    "reasons": "; ".join(f"{r.id}: {r.reason}" for r in shown),
                    "criteria_version": o.criteria_version, "error": "",
                }
            except InvalidValue as e:
                # One bad row must not lose the rest of the file: it is marked and skipped.
                result = {"decision": "error", "error": f"{e.field}: {e.message}", "criteria_version": CRITERIA_VERSION}
            counts[result["decision"]] = counts.get(result["decision"], 0) + 1
            writer.writerow({**row, **result})
    summary = ", ".join(f"{n} {d}" for d, n in sorted(counts.items()))
    print(f"screened {len(rows)} rows into {args.output}: {summary}", file=sys.stderr)


def cmd_migrate(args: argparse.Namespace) -> None:
    from prescreen.store.db import get_engine

    engine = get_engine()
    print(f"database schema up to date at {engine.url.render_as_string(hide_password=True)}")


def cmd_coordinator_add(args: argparse.Namespace) -> None:
    from prescreen.followup.accounts import AccountError, add_coordinator

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            _fail("the two passwords differ; nothing was created")
    try:
        row = add_coordinator(args.username, password, role=args.role, reason=args.reason)
    except AccountError as e:
        _fail(str(e))
    print(f"{args.role} {row.username!r} created; they sign in at /queue/sign-in")


def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != password:
        _fail("the two passwords differ; nothing was changed")
    return password


def cmd_coordinator_password(args: argparse.Namespace) -> None:
    from prescreen.followup.accounts import AccountError, change_password

    try:
        change_password(args.username, _new_password(args), reason=args.reason)
    except AccountError as e:
        _fail(str(e))
    print(f"password of {args.username!r} changed; their open sessions have ended")


def cmd_coordinator_active(args: argparse.Namespace) -> None:
    from prescreen.followup.accounts import AccountError, set_active

    try:
        set_active(args.username, args.active, reason=args.reason)
    except AccountError as e:
        _fail(str(e))
    print(f"{args.username!r} " + ("can sign in again" if args.active else "deactivated; their open sessions have ended"))


def cmd_coordinator_list(args: argparse.Namespace) -> None:
    from prescreen.followup.accounts import coordinators

    rows = coordinators()
    if args.json:
        _dump_rows(rows)
        return
    for r in rows:
        last = r["last_sign_in"].strftime("%Y-%m-%d %H:%M") if r["last_sign_in"] else "never"
        print(f"{r['username']:<24} {r['role']:<13} created {r['created_at']:%Y-%m-%d}  last sign-in {last}"
              + ("" if r["active"] else "  (deactivated)"))


def cmd_coordinator_role(args: argparse.Namespace) -> None:
    from prescreen.followup.accounts import AccountError, set_role

    try:
        set_role(args.username, args.role, args.reason)
    except AccountError as e:
        _fail(str(e))
    print(f"{args.username!r} is now {args.role}; their open sessions have ended")


def cmd_coordinator_audit(args: argparse.Namespace) -> None:
    from prescreen.followup.accounts import account_events

    rows = account_events(args.username)
    if args.json:
        _dump_rows(rows)
        return
    for r in rows:
        print(f"{r['at'].isoformat(timespec='seconds')}  {r['account']:<20} {r['action']:<11} "
              f"{r['detail'] or '':<28} by {r['actor']}" + (f"  because: {r['reason']}" if r["reason"] else ""))


def cmd_notify(args: argparse.Namespace) -> None:
    import logging
    import time

    from prescreen.followup.notify import NotifyError, send_due
    from prescreen.settings import SettingsError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    while True:
        try:
            done = send_due()
            if done.sent or done.failed or args.once:
                print(f"notifications: {done.sent} sent, {done.failed} failed (retried later)", flush=True)
        except (NotifyError, SettingsError) as e:  # will not get better by retrying
            _fail(str(e))
        except Exception:  # database briefly away: the sender keeps running, nothing is lost
            logging.getLogger("prescreen.notify").exception("notification round failed")
        if args.once:
            return
        time.sleep(args.interval)


def cmd_digest(args: argparse.Namespace) -> None:
    from prescreen.followup.notify import NotifyError, digest_message, send_digest

    if args.print:
        m = digest_message()
        print(m.subject)
        print(m.body)
        return
    try:
        used = send_digest()
    except NotifyError as e:
        _fail(str(e))
    print("digest sent via " + (", ".join(used) if used else "nothing (set NOTIFY_EMAIL_TO or WECOM_WEBHOOK_URL)"))


def cmd_erase(args: argparse.Namespace) -> None:
    from prescreen.followup.erasure import erase_sender

    print(f"contact details erased from {erase_sender(args.sender)} screening(s) of that sender")


def cmd_system_token_create(args: argparse.Namespace) -> None:
    from prescreen.followup.system_tokens import TokenError, create

    try:
        token = create(args.name, args.role, reason=args.reason)
    except TokenError as e:
        _fail(str(e))
    # The token itself only goes to stdout, once: only its hash is kept.
    print(token)
    print(f"token for {args.name!r} ({args.role}); give it to that system now, it is not shown again",
          file=sys.stderr)


def cmd_system_token_revoke(args: argparse.Namespace) -> None:
    from prescreen.followup.system_tokens import TokenError, revoke

    try:
        revoke(args.name, reason=args.reason)
    except TokenError as e:
        _fail(str(e))
    print(f"{args.name!r}'s token is revoked: its next request gets 401")


def cmd_system_token_list(args: argparse.Namespace) -> None:
    from prescreen.followup.system_tokens import tokens

    rows = tokens()
    if args.json:
        _dump_rows(rows)
        return
    for r in rows:
        used = r["last_used_at"].strftime("%Y-%m-%d %H:%M") if r["last_used_at"] else "never"
        print(f"{r['name']:<24} {r['role']:<12} created {r['created_at']:%Y-%m-%d} by {r['created_by']}  "
              f"last used {used}" + (f"  (revoked {r['revoked_at']:%Y-%m-%d %H:%M})" if r["revoked_at"] else ""))


def cmd_texts(args: argparse.Namespace) -> None:
    from prescreen.texts.export import export

    path = Path(args.export)
    try:
        count = export(path)
    except ValueError as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{path}: cannot write ({e.strerror})")
    print(f"{count} sentences written to {path}")


def cmd_queue_rebuild_state(args: argparse.Namespace) -> None:
    from prescreen.store.db import session
    from prescreen.store.queue_state import rebuild

    with session() as s:  # one transaction: readers see the old state or the new, never none
        count = rebuild(s.connection())
    print(f"queue state rebuilt from the trail: {count} referrals")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="prescreen", description="Pre-screening for NCT06898983 (romiplostim, CTIT in leukemia).")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="decide one patient's facts (JSON object) and print the outcome")
    c.add_argument("facts", metavar="FACTS.json", help='a JSON file of facts, or "-" for stdin')
    c.set_defaults(func=cmd_check)

    lg = sub.add_parser("log", help="list logged screenings, newest first")
    lg.add_argument("--json", action="store_true", help="print a JSON list")
    lg.add_argument("--sender", metavar="RAW_SENDER_ID", help="only this conversation's sender (pseudonymised before lookup)")
    lg.add_argument("--limit", type=int, help="at most this many rows")
    lg.set_defaults(func=cmd_log)

    cr = sub.add_parser("criteria", help="print the criteria table the assistant decides with")
    cr.add_argument("--json", action="store_true")
    cr.set_defaults(func=cmd_criteria)

    b = sub.add_parser("batch", help="screen a CSV of patients (columns = fact keys) into a new CSV")
    b.add_argument("input", metavar="IN.csv")
    b.add_argument("output", metavar="OUT.csv")
    b.set_defaults(func=cmd_batch)

    m = sub.add_parser("migrate", help="apply database migrations")
    m.set_defaults(func=cmd_migrate)

    co = sub.add_parser("coordinator", help="study coordinators' accounts for the follow-up queue")
    co_sub = co.add_subparsers(dest="action", required=True)
    ca = co_sub.add_parser("add", help="create an account; the password is prompted for (never an argument)")
    ca.add_argument("username")
    ca.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    ca.add_argument("--role", choices=("coordinator", "investigator", "monitor"), default="coordinator")
    ca.add_argument("--reason", help="why the account is created (account audit)")
    ca.set_defaults(func=cmd_coordinator_add)
    cl = co_sub.add_parser("list", help="list the accounts and their last sign-in")
    cl.add_argument("--json", action="store_true")
    cl.set_defaults(func=cmd_coordinator_list)
    cp = co_sub.add_parser("password", help="set a new password (prompted); ends the account's open sessions")
    cp.add_argument("username")
    cp.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    cp.add_argument("--reason", help="why (account audit), e.g. 'forgotten, identity checked in person'")
    cp.set_defaults(func=cmd_coordinator_password)
    cd = co_sub.add_parser("deactivate", help="refuse the account's sign-ins and end its open sessions")
    cd.add_argument("username")
    cd.add_argument("--reason", help="why (account audit)")
    cd.set_defaults(func=cmd_coordinator_active, active=False)
    cac = co_sub.add_parser("activate", help="allow a deactivated account to sign in again")
    cac.add_argument("username")
    cac.add_argument("--reason", help="why (account audit)")
    cac.set_defaults(func=cmd_coordinator_active, active=True)
    cro = co_sub.add_parser("role", help="change an account's role (coordinator, investigator, monitor); ends its sessions")
    cro.add_argument("username")
    cro.add_argument("role", choices=("coordinator", "investigator", "monitor"))
    cro.add_argument("--reason", required=True, help="why (account audit)")
    cro.set_defaults(func=cmd_coordinator_role)
    cau = co_sub.add_parser("audit", help="account creations, role changes, (de)activations and password resets")
    cau.add_argument("username", nargs="?")
    cau.add_argument("--json", action="store_true")
    cau.set_defaults(func=cmd_coordinator_audit)

    nt = sub.add_parser("notify", help="send the coordinators' new-referral messages (e-mail, WeCom) and the "
                        "patients' 'visit scheduled' WeChat messages, retrying failures")
    nt.add_argument("--once", action="store_true", help="one round, then exit")
    nt.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")
    nt.set_defaults(func=cmd_notify)
    dg = sub.add_parser("digest", help="send the daily digest: overdue referrals and visits due tomorrow (cron)")
    dg.add_argument("--print", action="store_true", help="print it instead of sending")
    dg.set_defaults(func=cmd_digest)
    er = sub.add_parser("erase", help="erase the contact details of a sender's referrals (PIPL); screenings stay")
    er.add_argument("sender", metavar="RAW_SENDER_ID")
    er.set_defaults(func=cmd_erase)
    st = sub.add_parser("system-token", help="API tokens of hospital systems for the FHIR interface (/fhir)")
    st_sub = st.add_subparsers(dest="action", required=True)
    stc = st_sub.add_parser("create", help="a new token for a system, printed once (only its hash is kept)")
    stc.add_argument("name")
    stc.add_argument("--role", choices=("coordinator", "monitor"), required=True,
                     help="what the system sees; a monitor gets no patient references")
    stc.add_argument("--reason", help="goes into the account audit")
    stc.set_defaults(func=cmd_system_token_create)
    str_ = st_sub.add_parser("revoke", help="revoke a system's token at once (it stays on record)")
    str_.add_argument("name")
    str_.add_argument("--reason", help="goes into the account audit")
    str_.set_defaults(func=cmd_system_token_revoke)
    stl = st_sub.add_parser("list", help="every token: role, created, last used, revoked")
    stl.add_argument("--json", action="store_true")
    stl.set_defaults(func=cmd_system_token_list)

    qu = sub.add_parser("queue", help="the follow-up queue's stored state")
    qu_sub = qu.add_subparsers(dest="action", required=True)
    qr = qu_sub.add_parser("rebuild-state", help="rewrite every referral's stored state from the trail (it is "
                                                 "kept in step on every write; this is for repairs and bulk loads)")
    qr.set_defaults(func=cmd_queue_rebuild_state)

    tx = sub.add_parser("texts", help="the catalogue of what the assistant says, for ethics review")
    tx.add_argument("--export", metavar="FILE", required=True,
                    help="write every sentence, English and Chinese, with where it is used (.md or .csv)")
    tx.set_defaults(func=cmd_texts)
    return p


def main(argv: list[str] | None = None) -> None:
    from prescreen.settings import SettingsError

    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except SettingsError as e:  # a bad value in .env: one line naming it, no traceback
        _fail(str(e))
    except BrokenPipeError:
        # `prescreen criteria | head` closed the pipe early: not an error worth a traceback.
        sys.stderr.close()
        raise SystemExit(0) from None


if __name__ == "__main__":
    main()
