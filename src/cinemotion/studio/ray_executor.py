"""`--executor ray`: each render runs as a Ray task on the cluster at RAY_ADDRESS (a local
one when unset). The studio worker keeps the job's lease, relays the task's progress from a
small actor, cancels the task when the job is cancelled or its lease is lost, and publishes
the files the task sends back, so crash safety is the same as with the local executor."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cinemotion.spec import storyboard_from_dict
from cinemotion.studio.render import Progress, Renderer, RenderOutput, load_renderer

POLL_S = 0.25  # service setting: how often a Ray task's progress is read


class ProgressBoard:
    """Holds a remote render's latest (done, total, stage) for the worker to read."""

    def __init__(self):
        self.value = (0, 0, "waiting for the cluster")

    def report(self, done: int, total: int, stage: str) -> None:
        self.value = (done, total, stage)

    def read(self) -> tuple[int, int, str]:
        return self.value


def render_on_node(reference: str, storyboard: dict, sources: dict[str, bytes], board, threads: int) -> dict:
    """Runs on a Ray node: write the transfer sources, render into a temporary directory and return the bytes."""
    renderer = load_renderer(reference)
    with tempfile.TemporaryDirectory(prefix="cinemotion-ray-") as tmp:
        for shot in storyboard["shots"]:
            for action in (a for actor in shot["actors"] for a in actor["actions"] if a.get("source")):
                local = Path(tmp) / "sources" / Path(action["source"]).name
                local.parent.mkdir(exist_ok=True)
                local.write_bytes(sources[action["source"]])
                action["source"] = str(local)
        output = renderer(storyboard_from_dict(storyboard), Path(tmp),
                          lambda done, total, stage: board.report.remote(done, total, stage), threads)
        return {"video": output.video.read_bytes(), "qa": output.qa,
                "exports": {name: path.read_bytes() for name, path in output.exports.items()}}


def ray_renderer(reference: str) -> Renderer:
    """A renderer with the local renderer's signature that runs `reference` as a Ray task."""
    import ray

    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS"), include_dashboard=False, log_to_driver=False)
    board_actor = ray.remote(num_cpus=0)(ProgressBoard)
    task = ray.remote(render_on_node)

    def render(storyboard, out_dir: Path, progress: Progress, threads: int) -> RenderOutput:
        board = board_actor.remote()
        # The worker fetched each transfer source into its scratch folder; the node may be another machine.
        sources = {a.source: Path(a.source).read_bytes() for shot in storyboard.shots for actor in shot.actors
                   for a in actor.actions if a.source}
        result = task.options(num_cpus=threads).remote(reference, storyboard.model_dump(mode="json"), sources,
                                                       board, threads)
        try:
            while not ray.wait([result], timeout=POLL_S)[0]:
                progress(*ray.get(board.read.remote()))  # raises to stop: cancelled or lease lost
            progress(*ray.get(board.read.remote()))
            files = ray.get(result)
        except BaseException:
            ray.cancel(result, force=True)
            raise
        finally:
            ray.kill(board)
        return unpack(files, out_dir)

    return render


def unpack(files: dict, out_dir: Path) -> RenderOutput:
    video = out_dir / "film.mp4"
    video.write_bytes(files["video"])
    exports = {}
    for name, data in files["exports"].items():
        path = (out_dir / "exports" / name).resolve()
        if not path.is_relative_to(out_dir.resolve()):
            raise ValueError(f"export name {name!r} leaves the output directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        exports[name] = path
    return RenderOutput(video, exports, files["qa"])
