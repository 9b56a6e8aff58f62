"""One render through cinemotion's real pipeline, the way a studio worker runs it: a queued
job becomes a render asset whose film decodes at the storyboard's size and length, with the
pose and camera exports beside it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cinemotion.studio import create_app, queue
from cinemotion.studio.render import load_renderer
from cinemotion.studio.worker import run_job
from studio_support import film_frames, make_settings, submit_render

STORYBOARD = {"title": "walk", "seed": 3, "fps": 12, "width": 160, "height": 90,
              "shots": [{"duration_s": 1.0, "actors": [{"id": "ann", "actions": [{"kind": "locomotion",
                                                                                   "verb": "walk"}]}]}]}


def test_real_pipeline_render_becomes_an_asset(tmp_path):
    settings = make_settings(tmp_path / "studio", renderer="cinemotion.studio.render:render_files",
                             render_threads=1, lease_s=30)
    app = create_app(settings)
    with TestClient(app) as client:
        headers, api, job_id = submit_render(client, "real@studio.test", STORYBOARD)
        claim = queue.claim(app.state.engine, "in-test", settings.lease_s)
        run_job(settings, app.state.engine, app.state.storage, claim, load_renderer(settings.renderer))
        job = client.get(f"{api}/jobs/{job_id}", headers=headers).json()
        assert job["state"] == "done", job["error"]
        render = client.get(f"{api}/assets/{job['result_asset_id']}", headers=headers).json()
        names = {f["name"] for f in render["latest"]["files"]}
        assert {"film.mp4", "exports/pose.mp4", "exports/camera.txt", "exports/plan.json"} <= names, names
        frames = film_frames(client, api, headers, render["id"], tmp_path / "film.mp4")
        assert len(frames) == 12 and (frames[0].width, frames[0].height) == (160, 90)
