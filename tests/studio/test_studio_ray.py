"""`--executor ray`: a job rendered as a Ray task on a local cluster is published like a local
render, with the task's progress relayed to the job."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cinemotion.studio import create_app, queue
from cinemotion.studio.worker import run_job
from studio_support import film_frames, make_settings, submit_render

ray = pytest.importorskip("ray")
STORYBOARD = {"title": "ray", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 2.0}]}


def test_render_runs_as_a_ray_task(tmp_path, monkeypatch):
    from cinemotion.studio.ray_executor import ray_renderer

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    settings = make_settings(tmp_path / "studio", executor="ray", render_threads=1, lease_s=30)
    app = create_app(settings)
    seen = []
    with TestClient(app) as client:
        headers, api, job_id = submit_render(client, "ray@studio.test", STORYBOARD)
        claim = queue.claim(app.state.engine, "ray-driver", settings.lease_s)
        remote = ray_renderer(settings.renderer)
        try:
            def watched(storyboard, out_dir, progress, threads):
                return remote(storyboard, out_dir, lambda *p: (seen.append(p), progress(*p)), threads)
            run_job(settings, app.state.engine, app.state.storage, claim, watched)
        finally:
            ray.shutdown()
        job = client.get(f"{api}/jobs/{job_id}", headers=headers).json()
        assert job["state"] == "done", job["error"]
        assert job["progress_done"] == job["progress_total"] == 24
        assert seen[-1][:2] == (24, 24), seen[-3:]
        render = client.get(f"{api}/assets/{job['result_asset_id']}", headers=headers).json()
        names = sorted(f["name"] for f in render["latest"]["files"])
        assert names == ["exports/camera.txt", "exports/plan.json", "film.mp4"]
        frames = film_frames(client, api, headers, render["id"], tmp_path / "film.mp4")
    assert len(frames) == 24
