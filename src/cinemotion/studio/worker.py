"""Render workers: separate processes that claim jobs, render, and publish the result.

A worker renews its lease from a heartbeat thread while it renders. If it dies (even by
SIGKILL) the lease runs out and the next worker claims the job again. Output is rendered into
a scratch directory and only becomes an asset in the same transaction that marks the job done,
so a killed worker leaves nothing half-written that the studio considers finished. A worker
sent SIGTERM (the studio stopping) gives its job back without spending one of its attempts;
a render has a time limit; a failure caused by the storyboard is final, not retried, and what
the job shows is one sentence (tracebacks go to the server log).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from pydantic import ValidationError

from cinemotion.errors import InputError
from cinemotion.spec import storyboard_from_dict
from cinemotion.studio import assets, queue
from cinemotion.studio.db import make_engine, sessions
from cinemotion.studio.ray_executor import ray_renderer
from cinemotion.studio.render import RenderOutput, load_renderer
from cinemotion.studio.settings import Settings
from cinemotion.studio.sources import fetch_sources
from cinemotion.studio.storage import Storage

log = logging.getLogger("cinemotion.studio.worker")
PROGRESS_WRITE_S = 0.25  # how often progress reaches the database (and the progress bar)
WORKER_STOP_S = 10.0  # how long a stopping studio waits for workers to give their jobs back


HARD_STOP_GRACE_S = 30.0  # past its time limit, a render that never reports progress is ended this much later


class Stop(Exception):
    """The job was cancelled, its lease was lost, or it ran out of time: abandon the render."""


class Shutdown(BaseException):
    """SIGTERM while rendering (the studio is stopping): give the job back and exit."""


class Heartbeat(threading.Thread):
    """Renews the lease and records progress until stopped; flags cancel, a lost lease or the
    time limit. A render past its limit by HARD_STOP_GRACE_S without reporting progress (so it
    cannot be stopped politely) is failed here and its worker process ends; the pool starts another."""

    def __init__(self, engine, claim: queue.Claim, lease_s: float, time_limit_s: float, scratch: Path):
        super().__init__(daemon=True)
        self.engine, self.claim, self.lease_s, self.scratch = engine, claim, lease_s, scratch
        self.time_limit_s = time_limit_s
        self.deadline = time.monotonic() + time_limit_s
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
            if self.verdict == "ok" and time.monotonic() > self.deadline:
                self.verdict = "timeout"
            if time.monotonic() > self.deadline + HARD_STOP_GRACE_S:
                queue.release(self.engine, self.claim, error=self.timeout_message(), retry=False)
                shutil.rmtree(self.scratch, ignore_errors=True)
                log.error("job %s ignored its time limit; ending worker %s", self.claim.job_id, os.getpid())
                os._exit(3)
            if self.progress != written or time.monotonic() - renewed > self.lease_s / 3:
                written, renewed = self.progress, time.monotonic()
                verdict = queue.renew(self.engine, self.claim, self.lease_s, *written)
                if verdict != "ok":
                    self.verdict = verdict
                    return

    def timeout_message(self) -> str:
        return f"the render ran past the studio's {self.time_limit_s:g} s time limit and was stopped"

    def stop(self) -> None:
        self._stopped.set()
        self.join()


class Lifecycle:
    """SIGTERM (and SIGINT) handling of a worker process: between jobs it only asks the loop to end; during a
    render it raises Shutdown, so the job is given back at once (without spending an attempt)."""

    def __init__(self):
        self.stopping = threading.Event()
        self.rendering = False

    def install(self) -> None:
        # Ctrl-C in the studio's terminal reaches the workers too: the studio is stopping either way.
        for stop in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop, self._on_sigterm)

    def _on_sigterm(self, _signum, _frame) -> None:
        self.stopping.set()
        if self.rendering:
            self.rendering = False
            raise Shutdown()


def job_error(err: Exception, local_names: dict[str, str]) -> str:
    """The one sentence a viewer of the job reads: the storyboard's fault, with the asset named
    instead of any scratch path; the traceback of anything else stays in the server log."""
    message = str(err).splitlines()[0] if str(err) else type(err).__name__
    for path, reference in local_names.items():
        message = message.replace(path, reference)
    return message


def run_job(settings: Settings, engine, storage: Storage, claim: queue.Claim, renderer,
            lifecycle: Lifecycle | None = None) -> None:
    lifecycle = lifecycle or Lifecycle()
    scratch = settings.scratch_dir / f"job-{claim.job_id}"
    shutil.rmtree(scratch, ignore_errors=True)  # what an earlier, killed attempt left
    scratch.mkdir(parents=True)
    heartbeat = Heartbeat(engine, claim, settings.lease_s, settings.job_timeout_s, scratch)
    local_names: dict[str, str] = {}
    heartbeat.start()
    try:
        lifecycle.rendering = True
        try:
            storyboard, local_names = fetch_sources(storage, claim.storyboard, scratch / "sources")
            output = renderer(storyboard_from_dict(storyboard), scratch, heartbeat.report, settings.render_threads)
        finally:
            lifecycle.rendering = False
            heartbeat.stop()
        publish(engine, storage, claim, output, total=heartbeat.progress[1])
    except Shutdown:
        queue.release(engine, claim, error="", retry=True, refund=True)
        raise
    except Stop as stop:
        timeout = str(stop) == "timeout"
        queue.release(engine, claim, error=heartbeat.timeout_message() if timeout else f"stopped: {stop}",
                      retry=False)
    except (InputError, ValidationError) as err:  # the storyboard itself is at fault: retrying cannot help
        queue.release(engine, claim, error=job_error(err, local_names), retry=False)
    except Exception:
        log.exception("render of job %s failed", claim.job_id)
        queue.release(engine, claim, retry=True,
                      error=f"the render failed with an internal error (job {claim.job_id} in the server log)")
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
    lifecycle = Lifecycle()
    lifecycle.install()
    try:
        while os.getppid() == parent and not lifecycle.stopping.is_set():
            claim = queue.claim(engine, name, settings.lease_s)
            if claim is not None and lifecycle.stopping.is_set():  # stopped while claiming
                queue.release(engine, claim, error="", retry=True, refund=True)
            elif claim is None:
                lifecycle.stopping.wait(settings.poll_s)
            else:
                run_job(settings, engine, storage, claim, renderer, lifecycle)
    except Shutdown:
        log.info("worker %s stopped during a render; its job is queued again", os.getpid())
    finally:
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
                process.wait(WORKER_STOP_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run_worker(Settings.from_json(sys.argv[1]), sys.argv[2])
