"""The database: SQLAlchemy models, engine, Alembic migrations, the append-only outcome log.
May import prescreen.eligibility and prescreen.settings; never Rasa or a web framework."""
