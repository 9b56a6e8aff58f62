"""Render jobs treat the storyboard as untrusted and fail cleanly.

- a `transfer` source is an uploaded motion asset of the same workspace: server paths are
  refused with one sentence that is the same whether the path exists or not, another
  workspace's motion is not found, and the worker renders from a copy of the asset's bytes;
- a failure caused by the storyboard is final (no retry); any other failure shows one clean
  sentence, never a traceback or a server path; a render past its time limit is stopped;
- stopping the studio during a render gives the job back without spending an attempt.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from cinemotion.errors import InputError
from cinemotion.studio import create_app, queue
from cinemotion.studio import models as m
from cinemotion.studio.sources import NOT_A_REFERENCE
from cinemotion.studio.worker import run_job
from mocap_data import MOCAP
from studio_support import LiveServer, make_settings, sign_up, wait_for
from studio_fake_renderer import render as fake_render

WALK = MOCAP / "cmu_131_01_start_walk_stop.bvh"


def transfer_storyboard(source: str) -> dict:
    return {"title": "transfer", "fps": 12, "width": 160, "height": 90,
            "shots": [{"duration_s": 1.0, "actors": [{"id": "a", "actions": [
                {"kind": "transfer", "verb": "transfer", "source": source}]}]}]}


class Studio:
    def __init__(self, tmp_path: Path, **overrides):
        self.settings = make_settings(tmp_path / "studio", **overrides)
        self.app = create_app(self.settings)
        self.client = TestClient(self.app)
        self.alice = sign_up(self.client, "alice@studio.test")
        self.bob = sign_up(self.client, "bob@studio.test")
        self.api = f"/api/workspaces/{self.client.get('/api/workspaces', headers=self.alice).json()[0]['id']}"
        self.bob_api = f"/api/workspaces/{self.client.get('/api/workspaces', headers=self.bob).json()[0]['id']}"

    def upload_motion(self, api: str, headers: dict) -> int:
        response = self.client.post(f"{api}/motions", headers=headers,
                                    files={"file": ("walk.bvh", WALK.read_bytes(), "text/plain")})
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def store(self, storyboard: dict):
        return self.client.post(f"{self.api}/assets", headers=self.alice,
                                json={"kind": "storyboard", "name": "s", "data": storyboard})

    def submit(self, storyboard: dict) -> int:
        stored = self.store(storyboard)
        assert stored.status_code == 201, stored.text
        job = self.client.post(f"{self.api}/renders", headers=self.alice,
                               json={"storyboard_asset_id": stored.json()["id"]})
        assert job.status_code == 202, job.text
        return job.json()["id"]

    def run_next(self, renderer) -> m.Job:
        """Claim the next job and run it here, in this process, with `renderer`."""
        claim = queue.claim(self.app.state.engine, "test-worker", self.settings.lease_s)
        assert claim is not None, "a job should be queued"
        run_job(self.settings, self.app.state.engine, self.app.state.storage, claim, renderer)
        return self.job(claim.job_id)

    def job(self, job_id: int) -> m.Job:
        with self.app.state.read_sessions() as db:
            return db.get(m.Job, job_id)

    def close(self) -> None:
        self.client.close()
        self.app.state.engine.dispose()


@pytest.fixture
def studio(tmp_path):
    studio = Studio(tmp_path)
    yield studio
    studio.close()


def test_a_server_path_is_never_a_transfer_source_and_is_no_existence_oracle(studio):
    refusals = [studio.store(transfer_storyboard(path)) for path in
                (str(WALK), "/nonexistent/secret.bvh", "../../etc/passwd", "file:///etc/hostname", "asset:1/../2")]
    assert {r.status_code for r in refusals} == {422}
    assert len({r.text for r in refusals}) == 1, "present and missing paths must get the same answer"
    assert refusals[0].json() == {"field": "shots.0.actors.0.actions.0.source", "detail": NOT_A_REFERENCE}
    assert studio.client.get(f"{studio.api}/assets?kind=storyboard", headers=studio.alice).json() == []


def test_a_transfer_source_is_a_motion_of_the_same_workspace(studio):
    bobs_motion = studio.upload_motion(studio.bob_api, studio.bob)
    for source in (f"asset:{bobs_motion}", "asset:999999"):
        stored = studio.store(transfer_storyboard(source))
        assert stored.status_code == 201, stored.text
        refused = studio.client.post(f"{studio.api}/renders", headers=studio.alice,
                                     json={"storyboard_asset_id": stored.json()["id"]})
        assert refused.status_code == 422 and refused.json()["detail"] == \
            f"{source} is not a motion asset of this workspace", refused.text

    motion = studio.upload_motion(studio.api, studio.alice)
    studio.submit(transfer_storyboard(f"asset:{motion}"))
    seen = []

    def renderer(storyboard, out_dir, progress, threads):
        source = Path(storyboard.shots[0].actors[0].actions[0].source)
        seen.append((source, source.read_bytes()))
        return fake_render(storyboard, out_dir, progress, threads)

    assert studio.run_next(renderer).state == "done"
    (source, data), = seen
    assert data == WALK.read_bytes(), "the render reads a copy of the uploaded motion"
    assert source.is_relative_to(studio.settings.scratch_dir) and not source.exists(), "the copy is scratch only"


def test_a_job_naming_a_path_is_refused_by_the_worker_too(studio):
    """A job row with a raw path (written around the API) is refused before any file is read."""
    with studio.app.state.write_sessions() as db:
        job = m.Job(workspace_id=1, storyboard_asset_id=None, storyboard_version=1, max_attempts=3,
                    storyboard=transfer_storyboard(str(WALK)), created_by=None)
        db.add(job)
        db.commit()
    called = []
    failed = studio.run_next(lambda *args: called.append(args))
    assert called == [] and failed.state == "failed" and failed.attempts == 1
    assert NOT_A_REFERENCE in failed.error and str(WALK) not in failed.error


def test_storyboard_faults_are_final_and_other_failures_are_one_clean_sentence(studio):
    storyboard = {"title": "t", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 1.0}]}

    def refuses(*_args):
        raise InputError("shots.0.camera", "a dolly needs room to move")

    studio.submit(storyboard)
    final = studio.run_next(refuses)
    assert (final.state, final.attempts, final.error) == ("failed", 1, "shots.0.camera: a dolly needs room to move")

    def crashes(*_args):
        raise RuntimeError(f"cannot open /srv/cinemotion/secret/{'x' * 20}\nTraceback (most recent call last):")

    job_id = studio.submit(storyboard)
    retried = studio.run_next(crashes)
    assert retried.state == "queued" and retried.attempts == 1, "an unexpected failure is retried"
    for _ in range(2):
        studio.run_next(crashes)
    failed = studio.job(job_id)
    assert failed.state == "failed" and failed.attempts == 3
    assert failed.error == f"the render failed with an internal error (job {job_id} in the server log)"
    shown = studio.client.get(f"{studio.api}/jobs/{job_id}", headers=studio.alice).json()["error"]
    assert "/srv" not in shown and "Traceback" not in shown and "\n" not in shown


def test_a_render_past_its_time_limit_is_stopped_and_not_retried(tmp_path):
    studio = Studio(tmp_path, job_timeout_s=0.6)
    try:
        studio.submit({"title": "t", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 1.0}]})

        def slow(storyboard, out_dir, progress, threads):
            for frame in range(100):  # 10 s unless stopped
                progress(frame, 100, "rendering")
                time.sleep(0.1)
            raise AssertionError("the time limit should have stopped this render")

        started = time.monotonic()
        stopped = studio.run_next(slow)
        assert time.monotonic() - started < 3.0
        assert (stopped.state, stopped.attempts) == ("failed", 1)
        assert stopped.error == "the render ran past the studio's 0.6 s time limit and was stopped"
    finally:
        studio.close()


def test_a_studio_restart_during_a_render_spends_no_attempt(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_FAKE_FRAME_S", "0.1")
    settings = make_settings(tmp_path / "studio", workers=1, lease_s=1.5)
    storyboard = {"title": "t", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 2.0}]}
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        headers = sign_up(client, "ops@studio.test")
        api = f"/api/workspaces/{client.get('/api/workspaces', headers=headers).json()[0]['id']}"
        asset = client.post(f"{api}/assets", headers=headers,
                            json={"kind": "storyboard", "name": "s", "data": storyboard}).json()
        job_id = client.post(f"{api}/renders", headers=headers, json={"storyboard_asset_id": asset["id"]}).json()["id"]
        wait_for(lambda: client.get(f"{api}/jobs/{job_id}", headers=headers).json()["progress_done"] >= 3, 30,
                 "the render to be under way")
        worker = server.app.state.pool.processes[0]
    assert worker.returncode is not None and worker.returncode != -9, "the worker stopped on SIGTERM, not a kill"
    given_back = create_app(settings)
    with given_back.state.read_sessions() as db:
        job = db.get(m.Job, job_id)
        assert (job.state, job.attempts) == ("queued", 0), (job.state, job.attempts, job.error)
    given_back.state.engine.dispose()

    monkeypatch.setenv("STUDIO_FAKE_FRAME_S", "0")
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        done = wait_for(lambda: (j := client.get(f"{api}/jobs/{job_id}", headers=headers).json())["state"] == "done"
                        and j, 40, "the job to finish after the restart")
    assert done["attempts"] == 1


def test_a_render_that_ignores_its_time_limit_is_failed_and_its_worker_ended(tmp_path, monkeypatch):
    """A render that reports no progress cannot be stopped politely: past the limit and a grace
    period the heartbeat fails the job and ends the worker process (the pool starts another)."""
    monkeypatch.setenv("STUDIO_FAKE_FRAME_S", "30")  # one frame, then silence for 30 s
    studio = Studio(tmp_path, job_timeout_s=0.5)
    try:
        job_id = studio.submit({"title": "t", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 1.0}]})
        start = ("import sys, cinemotion.studio.worker as w; w.HARD_STOP_GRACE_S = 0.5; "
                 "w.run_worker(w.Settings.from_json(sys.argv[1]), 'stuck')")
        worker = subprocess.Popen([sys.executable, "-c", start, studio.settings.to_json()])
        try:
            assert worker.wait(20) == 3, "the worker process ends itself"
        finally:
            if worker.poll() is None:
                worker.kill()
        job = studio.job(job_id)
        assert (job.state, job.attempts) == ("failed", 1)
        assert job.error == "the render ran past the studio's 0.5 s time limit and was stopped"
        assert not (studio.settings.scratch_dir / f"job-{job_id}").exists()
    finally:
        studio.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_worker_gives_its_job_back_at_once(tmp_path, monkeypatch, stop):
    monkeypatch.setenv("STUDIO_FAKE_FRAME_S", "0.1")
    studio = Studio(tmp_path, lease_s=30.0)  # a lease far longer than the test: only the release can free it
    try:
        job_id = studio.submit({"title": "t", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 3.0}]})
        worker = subprocess.Popen([sys.executable, "-m", "cinemotion.studio.worker", studio.settings.to_json(), "w"])
        wait_for(lambda: studio.job(job_id).progress_done >= 3, 30, "the render to be under way")
        worker.send_signal(stop)
        assert worker.wait(10) == 0, "the worker exits cleanly"
        job = studio.job(job_id)
        assert (job.state, job.attempts, job.worker, job.lease_token) == ("queued", 0, None, None)
        assert not (studio.settings.scratch_dir / f"job-{job_id}").exists()
    finally:
        studio.close()


def test_the_real_pipeline_performs_an_uploaded_motion(studio, tmp_path):
    from cinemotion.studio.render import render_files
    from studio_support import film_frames

    motion = studio.upload_motion(studio.api, studio.alice)
    job_id = studio.submit(transfer_storyboard(f"asset:{motion}"))
    done = studio.run_next(render_files)
    assert done.state == "done", done.error
    frames = film_frames(studio.client, studio.api, studio.alice, done.result_asset_id, tmp_path / "film.mp4")
    assert len(frames) == 12, "1 s at 12 fps"
    assert studio.job(job_id).attempts == 1
