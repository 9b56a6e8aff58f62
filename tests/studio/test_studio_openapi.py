"""schemathesis against the studio's OpenAPI document: generated requests to every operation
(authenticated, with some data present) never get a 5xx, on SQLite and on PostgreSQL."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from cinemotion.studio import create_app
from studio_support import make_settings, shared_postgresql, sign_up

FUZZ = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def studio_schema(database_url: str | None):
    """An app with some data, and a bearer header. Built at import: schemathesis reads the
    operations while collecting. The stand-in language stage keeps this a test of the studio."""
    app = create_app(make_settings(Path(tempfile.mkdtemp(prefix="studio-openapi-")), database_url=database_url,
                                   language="studio_fake_language"))
    client = TestClient(app)
    for i in range(20):  # low ids belong to someone else, so random deletes rarely hit our token
        sign_up(client, f"filler{i}@studio.test")
    auth = sign_up(client, "fuzz@studio.test")
    workspace = client.get("/api/workspaces", headers=auth).json()[0]["id"]
    client.post(f"/api/workspaces/{workspace}/assets", headers=auth,
                json={"kind": "character", "name": "Mara", "data": {"id": "mara"}})
    return schemathesis.openapi.from_asgi("/openapi.json", app), auth


SQLITE, SQLITE_AUTH = studio_schema(None)
CLUSTER, WHY_NOT = shared_postgresql()


@SQLITE.parametrize()
@FUZZ
def test_no_server_errors_on_sqlite(case):
    case.call_and_validate(headers=SQLITE_AUTH, checks=[not_a_server_error])


if CLUSTER is not None:
    POSTGRES, POSTGRES_AUTH = studio_schema(CLUSTER.new_database())

    @POSTGRES.parametrize()
    @FUZZ
    def test_no_server_errors_on_postgresql(case):
        case.call_and_validate(headers=POSTGRES_AUTH, checks=[not_a_server_error])
else:
    def test_no_server_errors_on_postgresql():
        pytest.skip(f"PostgreSQL is not available: {WHY_NOT}")
