"""Render workers: separate processes that claim jobs, render, and publish the result.

A worker renews its lease from a heartbeat thread while it renders. If it dies (even by
SIGKILL) the lease runs out and the next worker claims the job again. Output is rendered into
a scratch directory and only becomes an asset in the same transaction that marks the job done,
so a killed worker leaves nothing half-written that the studio considers finished.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

from cinemotion.errors import InputError
from cinemotion.spec import storyboard_from_dict
from cinemotion.studio import assets, queue
from cinemotion.studio.db import make_engine, sessions
from cinemotion.studio.ray_executor import ray_renderer
from cinemotion.studio.render import RenderOutput, load_renderer
from cinemotion.studio.settings import Settings
from cinemotion.studio.storage import Storage

log = logging.getLogger("cinemotion.studio.worker")
PROGRESS_WRITE_S = 0.25  # how often progress reaches the database (and the progress bar)


class Stop(Exception):
    """The job was cancelled or its lease was lost: abandon the render."""


class Heartbeat(threading.Thread):
    """Renews the lease and records progress until stopped; flags cancel or a lost lease."""

    def __init__(self, engine, claim: queue.Claim, lease_s: float):
        super().__init__(daemon=True)
        self.engine, self.claim, self.lease_s = engine, claim, lease_s
        self.progress = (0, 0, "starting")
        self.verdict = "ok"
        self._stopped = threading.Event()

    def report(self, done: int, total: int, stage: str) -> None:
        """The renderer's progress callback; raising here stops the render promptly."""
        self.progress = (int(done), int(total), str(stage))
        if self.verdict != "ok":
            raise Stop(self.verdict)

    def run(self) -> None:
        written, renewed = None, 0.0
        while not self._stopped.wait(PROGRESS_WRITE_S):
            if self.progress != written or time.monotonic() - renewed > self.lease_s / 3:
                written, renewed = self.progress, time.monotonic()
                self.verdict = queue.renew(self.engine, self.claim, self.lease_s, *written)
                if self.verdict != "ok":
                    return

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def run_job(settings: Settings, engine, storage: Storage, claim: queue.Claim, renderer) -> None:
    scratch = settings.scratch_dir / f"job-{claim.job_id}"
    shutil.rmtree(scratch, ignore_errors=True)  # what an earlier, killed attempt left
    scratch.mkdir(parents=True)
    heartbeat = Heartbeat(engine, claim, settings.lease_s)
    heartbeat.start()
    try:
        try:
            output = renderer(storyboard_from_dict(claim.storyboard), scratch, heartbeat.report,
                              settings.render_threads)
        finally:
            heartbeat.stop()
        publish(engine, storage, claim, output, total=heartbeat.progress[1])
    except Stop as stop:
        queue.release(engine, claim, error=f"stopped: {stop}", retry=False)
    except InputError as err:  # the storyboard itself is at fault: retrying cannot help
        queue.release(engine, claim, error=str(err), retry=False)
    except Exception:
        log.exception("render of job %s failed", claim.job_id)
        queue.release(engine, claim, error=traceback.format_exc(limit=5), retry=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def publish(engine, storage: Storage, claim: queue.Claim, output: RenderOutput, total: int) -> None:
    """Store the files, then in one transaction create the render asset and mark the job done."""
    files = [assets.store_file(storage, output.video, "film.mp4", "video/mp4")]
    files += [assets.store_file(storage, path, f"exports/{name}", _media_type(name))
              for name, path in output.exports.items()]
    with sessions(engine, write=True)() as db:
        job = queue.owned(db, claim)
        if job is None:  # the lease was lost: another attempt owns the job now
            return
        title = claim.storyboard.get("title") or f"render of job {job.id}"
        data = {"job_id": job.id, "storyboard_asset_id": job.storyboard_asset_id,
                "storyboard_version": job.storyboard_version, "qa": output.qa}
        asset = assets.create_asset(db, job.workspace_id, "render", title[:200], data, job.created_by,
                                    files=files, render_job_id=job.id)
        queue.finish(db, job, asset.id, total)
        db.commit()


def _media_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {".mp4": "video/mp4", ".json": "application/json", ".wav": "audio/wav", ".srt": "application/x-subrip",
            ".txt": "text/plain; charset=utf-8", ".bvh": "text/plain; charset=utf-8",
            ".npz": "application/octet-stream"}.get(suffix, "application/octet-stream")


def run_worker(settings: Settings, name: str) -> None:
    """A worker process's main loop; it exits when its parent (the studio) is gone."""
    parent = os.getppid()
    engine = make_engine(settings)
    storage = Storage(settings.blobs_url)
    if settings.executor == "ray":
        renderer = ray_renderer(settings.renderer)
    else:
        renderer = load_renderer(settings.renderer)
    while os.getppid() == parent:
        claim = queue.claim(engine, name, settings.lease_s)
        if claim is None:
            time.sleep(settings.poll_s)
            continue
        run_job(settings, engine, storage, claim, renderer)
    engine.dispose()


class WorkerPool:
    """Keeps `settings.workers` worker processes alive, replacing any that die.

    Workers are separate interpreters (`python -m cinemotion.studio.worker SETTINGS`), so the
    same command can also run on other machines against a shared PostgreSQL and storage URL.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.processes: list[subprocess.Popen] = []
        self._stopped = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self.processes = [self._spawn(i) for i in range(self.settings.workers)]
        self._watcher.start()

    def _spawn(self, index: int) -> subprocess.Popen:
        name = f"{socket.gethostname()}:{os.getpid()}:worker{index}:{time.time_ns()}"
        return subprocess.Popen([sys.executable, "-m", "cinemotion.studio.worker", self.settings.to_json(), name])

    def _watch(self) -> None:
        while not self._stopped.wait(1.0):
            for i, process in enumerate(self.processes):
                if process.poll() is not None:
                    log.warning("render worker %s exited (%s); starting another", process.pid, process.returncode)
                    self.processes[i] = self._spawn(i)

    def stop(self) -> None:
        self._stopped.set()
        if self._watcher.is_alive():
            self._watcher.join()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run_worker(Settings.from_json(sys.argv[1]), sys.argv[2])
