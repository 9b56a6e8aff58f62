"""Database engine and migrations. SQLite runs in WAL mode with one writer at a time
(`BEGIN IMMEDIATE` for writing transactions); PostgreSQL uses row locks."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cinemotion.studio.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
WRITE = {"sqlite_begin": "IMMEDIATE"}  # execution options of a writing transaction


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(settings: Settings) -> Engine:
    url = settings.db_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=settings.max_requests + 8, max_overflow=0)
        _sqlite_transactions(engine)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = create_engine(url, pool_size=settings.max_requests + 8, max_overflow=0, pool_pre_ping=True)
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    """Take over BEGIN from pysqlite so writers can ask for the write lock up front.

    A deferred transaction that reads and then writes can fail with "database is locked"
    when another writer got there first; BEGIN IMMEDIATE waits for the lock instead.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def sessions(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**WRITE) if write and is_sqlite(engine) else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    command.upgrade(alembic_config(engine), "head")
