"""Alembic migrations of the studio database (env.py drives them; see db.migrate)."""
