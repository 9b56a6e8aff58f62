"""The render queue survives crashes: a worker killed with SIGKILL mid-render leaves no
published half file, its job is claimed again once the lease runs out and completes exactly
once; concurrent workers never run one job twice; cancel stops a running render. Each case
runs on SQLite and, when the Debian package is available, on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import av
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cinemotion.studio import create_app
from cinemotion.studio import models as m
from studio_support import LiveServer, make_settings, sign_up, wait_for

FRAMES = 36  # 3 s at 12 fps


def storyboard(title: str) -> dict:
    return {"title": title, "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 3.0}]}


class Studio:
    def __init__(self, tmp_path, database_url):
        self.settings = make_settings(tmp_path / "studio", database_url=database_url, lease_s=1.5)
        self.app = create_app(self.settings)
        self.client = TestClient(self.app)
        self.headers = sign_up(self.client, "ren@studio.test")
        self.workspace = self.client.get("/api/workspaces", headers=self.headers).json()[0]["id"]
        self.workers: list[subprocess.Popen] = []

    def submit(self, title: str) -> int:
        api = f"/api/workspaces/{self.workspace}"
        asset = self.client.post(f"{api}/assets", headers=self.headers,
                                 json={"kind": "storyboard", "name": title, "data": storyboard(title)}).json()
        job = self.client.post(f"{api}/renders", headers=self.headers, json={"storyboard_asset_id": asset["id"]})
        assert job.status_code == 202, job.text
        return job.json()["id"]

    def start_worker(self, name: str, frame_s: float) -> subprocess.Popen:
        env = {**os.environ, "STUDIO_FAKE_FRAME_S": str(frame_s)}
        worker = subprocess.Popen([sys.executable, "-m", "cinemotion.studio.worker", self.settings.to_json(), name],
                                  env=env)
        self.workers.append(worker)
        return worker

    def job(self, job_id: int) -> m.Job:
        with self.app.state.read_sessions() as db:
            return db.get(m.Job, job_id)

    def renders(self) -> list[m.Asset]:
        with self.app.state.read_sessions() as db:
            return list(db.scalars(select(m.Asset).where(m.Asset.kind == "render")))

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
        self.client.close()
        self.app.state.engine.dispose()


@pytest.fixture
def studio(tmp_path, database_url):
    studio = Studio(tmp_path, database_url)
    yield studio
    studio.close()


def frames_in(studio: Studio, asset: m.Asset) -> int:
    url = f"/api/workspaces/{studio.workspace}/assets/{asset.id}/versions/1/files/film.mp4"
    response = studio.client.get(url, headers=studio.headers)
    assert response.status_code == 200
    path = studio.settings.data_dir / "check.mp4"
    path.write_bytes(response.content)
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def test_killed_worker_job_is_retried_and_completes_once(studio):
    job_id = studio.submit("crash")
    doomed = studio.start_worker("doomed", frame_s=0.1)
    wait_for(lambda: studio.job(job_id).progress_done >= 8, 30, "the first worker to render 8 frames")
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    killed = studio.job(job_id)
    half = studio.settings.scratch_dir / f"job-{job_id}" / "film.mp4"
    assert killed.state == "running" and killed.worker == "doomed" and killed.attempts == 1
    assert half.exists(), "the killed render should have left its partial file in scratch"
    assert studio.renders() == [], "a killed render must not be published"

    studio.start_worker("rescuer", frame_s=0.0)
    done = wait_for(lambda: (j := studio.job(job_id)).state == "done" and j, 30, "the retried job to finish")
    assert done.attempts == 2 and done.worker == "rescuer", (done.attempts, done.worker)
    renders = studio.renders()
    assert [r.render_job_id for r in renders] == [job_id], "exactly one render asset for the job"
    assert done.result_asset_id == renders[0].id
    assert frames_in(studio, renders[0]) == FRAMES
    assert not half.exists(), "scratch is cleaned when the retry starts"
    with studio.app.state.read_sessions() as db:
        assert db.scalar(select(func.count()).select_from(m.Job)) == 1


def test_concurrent_workers_run_each_job_exactly_once(studio):
    jobs = [studio.submit(f"job {i}") for i in range(6)]
    for i in range(3):
        studio.start_worker(f"w{i}", frame_s=0.0)
    wait_for(lambda: all(studio.job(j).state == "done" for j in jobs), 60, "all jobs to finish")
    assert [studio.job(j).attempts for j in jobs] == [1] * 6
    assert sorted(r.render_job_id for r in studio.renders()) == sorted(jobs)


def test_cancel_stops_a_running_render(studio):
    job_id = studio.submit("cancel me")
    studio.start_worker("w", frame_s=0.1)
    wait_for(lambda: studio.job(job_id).progress_done >= 3, 30, "the render to start")
    api = f"/api/workspaces/{studio.workspace}/jobs/{job_id}/cancel"
    assert studio.client.post(api, headers=studio.headers).json()["cancel_requested"] is True
    cancelled = wait_for(lambda: (j := studio.job(job_id)).state == "cancelled" and j, 15, "the cancel")
    assert cancelled.progress_done < FRAMES and studio.renders() == []


def test_the_studio_replaces_a_killed_worker_and_the_job_completes(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_FAKE_FRAME_S", "0.05")
    settings = make_settings(tmp_path / "studio", workers=1, lease_s=1.5)
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        headers = sign_up(client, "ops@studio.test")
        workspace = client.get("/api/workspaces", headers=headers).json()[0]["id"]
        api = f"/api/workspaces/{workspace}"
        asset = client.post(f"{api}/assets", headers=headers,
                            json={"kind": "storyboard", "name": "s", "data": storyboard("pool")}).json()
        job_id = client.post(f"{api}/renders", headers=headers, json={"storyboard_asset_id": asset["id"]}).json()["id"]

        def job() -> dict:
            return client.get(f"{api}/jobs/{job_id}", headers=headers).json()

        wait_for(lambda: job()["progress_done"] >= 5, 30, "the render to be under way")
        pool = server.app.state.pool
        first = pool.processes[0]
        os.kill(first.pid, signal.SIGKILL)
        done = wait_for(lambda: (j := job())["state"] == "done" and j, 40, "the job to finish after the kill")
        assert pool.processes[0].pid != first.pid, "the pool should have started a new worker"
        assert done["attempts"] == 2
        renders = client.get(f"{api}/assets?kind=render", headers=headers).json()
        assert [r["id"] for r in renders] == [done["result_asset_id"]]
