"""Shared helpers and fixtures for the studio tests (a uniquely named module, so that other
areas' conftest.py files can never shadow it): settings with a fast password hash and the stand-in
renderer, a signed-in API client, and a live server on 127.0.0.1 with real worker processes."""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from cinemotion.studio import Settings, create_app

HERE = Path(__file__).parent


# The real language stage: when it fails, the studio tests that use it fail too.
LANGUAGE = "cinemotion.language"


@pytest.fixture(autouse=True)
def _importable_helpers(monkeypatch):
    # Worker processes import the stand-in renderer by name: put this folder on their path.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])))


def make_settings(data_dir: Path, **overrides) -> Settings:
    values = dict(data_dir=data_dir, workers=0, renderer="studio_fake_renderer:render", language=LANGUAGE,
                  argon2_time_cost=1, argon2_memory_kib=1024, lease_s=2.0, poll_s=0.1,
                  signup_attempts=10_000)  # the suites sign up many users from one address
    values.update(overrides)
    return Settings(**values)


def sign_up(client, email: str, name: str | None = None, password: str = "correct horse") -> dict:
    """Sign up through the API and return a bearer header for the new user."""
    response = client.post("/api/auth/signup", json={"email": email, "password": password, "name": name or email})
    assert response.status_code == 201, response.text
    token = client.post("/api/tokens", json={"name": "tests"},
                        headers={"X-CSRF-Token": response.json()["csrf_token"]}).json()["token"]
    client.cookies.clear()
    return {"Authorization": f"Bearer {token}"}


def submit_render(client, email: str, storyboard: dict) -> tuple[dict, str, str]:
    """A new user stores the storyboard as an asset and queues its render: (bearer header, workspace API, job id)."""
    headers = sign_up(client, email)
    workspace = client.get("/api/workspaces", headers=headers).json()[0]["id"]
    api = f"/api/workspaces/{workspace}"
    asset = client.post(f"{api}/assets", headers=headers,
                        json={"kind": "storyboard", "name": storyboard["title"], "data": storyboard}).json()
    job_id = client.post(f"{api}/renders", headers=headers, json={"storyboard_asset_id": asset["id"]}).json()["id"]
    return headers, api, job_id


def film_frames(client, api: str, headers: dict, render_id, path: Path) -> list:
    """The decoded video frames of a render asset's film.mp4 (downloaded to `path`)."""
    import av

    path.write_bytes(client.get(f"{api}/assets/{render_id}/versions/1/files/film.mp4", headers=headers).content)
    with av.open(str(path)) as container:
        return list(container.decode(video=0))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The studio app under uvicorn in a thread (its worker pool runs as real processes)."""

    def __init__(self, settings: Settings):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                timeout_keep_alive=30)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("studio did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(20)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")




class PostgreSQL:
    """A throwaway PostgreSQL cluster (Debian's package), run as the postgres user in a temp dir."""

    def __init__(self):
        self.bin = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="studio-pg-"))
        self.counter = itertools.count()

    def _as_postgres(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    def start(self) -> str | None:
        """Start the cluster; returns why not when it cannot."""
        if self.bin is None or not (self.bin / "initdb").exists():
            return "PostgreSQL is not installed (apt-get install -y postgresql)"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        steps = [("initdb", "-D", str(data), "--auth=trust", "-U", "postgres", "--no-sync"),
                 ("pg_ctl", "-D", str(data), "-l", str(self.dir / "log"), "-w", "start", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200")]
        for step in steps:
            result = self._as_postgres(*step)
            if result.returncode:
                return f"{step[0]} failed: {(result.stderr or result.stdout).strip()[-300:]}"
        return None

    def new_database(self) -> str:
        import psycopg

        name = f"studio_{next(self.counter)}"
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


_CLUSTER: list = []


def shared_postgresql() -> tuple[PostgreSQL | None, str]:
    """One cluster per test run (started on first use, stopped at exit), or why there is none."""
    if not _CLUSTER:
        cluster = PostgreSQL()
        reason = cluster.start()
        if reason:
            print(f"\nstudio PostgreSQL cases skipped: {reason}")
        else:
            atexit.register(cluster.stop)
        _CLUSTER.append((None if reason else cluster, reason or ""))
    return _CLUSTER[0]


@pytest.fixture(scope="session")
def postgresql():
    return shared_postgresql()[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, postgresql):
    """None (the SQLite default) or a fresh PostgreSQL database; skips the latter only when unavailable."""
    if request.param == "sqlite":
        return None
    if postgresql is None:
        pytest.skip("PostgreSQL is not available here (see the printed reason)")
    return postgresql.new_database()
