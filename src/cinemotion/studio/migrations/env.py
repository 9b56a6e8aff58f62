"""Alembic environment: the engine comes from the studio (config.attributes["engine"])."""

from alembic import context

from cinemotion.studio.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=engine.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
