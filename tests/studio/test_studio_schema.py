"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
and running them again is harmless."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cinemotion.studio.db import make_engine, migrate
from cinemotion.studio.models import Base
from studio_support import make_settings


def test_migrations_match_the_models(tmp_path, database_url):
    engine = make_engine(make_settings(tmp_path / "studio", database_url=database_url))
    migrate(engine)
    migrate(engine)  # idempotent: a restarted studio finds its schema current
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    assert differences == [], f"models and migrations differ: {differences}"
    assert revision == "0001"
