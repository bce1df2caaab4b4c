"""Database triggers that make a table append-only, for SQLite and PostgreSQL alike.

Used by the migrations: the outcome log and the referral trail must never be rewritten,
by this app or by any other client of the database.
"""
from __future__ import annotations

from alembic import op


def protect(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{table} are append-only'; END; $$ LANGUAGE plpgsql
        """)
        op.execute(f"""
            CREATE TRIGGER {table}_no_rewrite BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_append_only()
        """)
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END
        """)


def unprotect(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {table}_no_rewrite ON {table}")
        op.execute(f"DROP FUNCTION {table}_append_only()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER {table}_no_{verb}")
