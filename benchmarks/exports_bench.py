"""Cost of the control exports for a 5-second, 24 fps, 1280x720 shot of the pipeline's own motion.

Run: .venv/bin/python benchmarks/exports_bench.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from cinemotion.media.bvh_export import write_bvh
from cinemotion.language import parse
from cinemotion.direct import direct
from cinemotion.media.camera_export import write_camera_motionctrl, write_camera_txt
from cinemotion.media.openpose import write_openpose
from cinemotion.media.pose_video import pose_frames
from cinemotion.media.trajectories import write_trajectories
from cinemotion.pipeline import perform_plan


def timed(label: str, frames: int, work) -> None:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds * 1000:8.1f} ms total {seconds * 1000 / frames:7.2f} ms/frame")


def main() -> None:
    storyboard = parse("a full body shot of a man sprinting through a neon-lit street, tracking shot, 5 seconds")
    storyboard = storyboard.model_copy(update={"width": 1280, "height": 720})
    plan = direct(storyboard)
    performances, cameras = perform_plan(plan)
    shot, performance, camera = plan.shots[0], performances[0], cameras[0]
    frames = performance.n_frames
    print(f"{frames} frames at {camera.width}x{camera.height}, {len(performance.actors)} actor(s)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        timed("openpose.json", frames, lambda: write_openpose(out / "openpose.json", plan, performances, cameras))
        timed("pose video (controlnet)", frames, lambda: list(pose_frames(shot, performance, camera)))
        timed("pose video (wan)", frames, lambda: list(pose_frames(shot, performance, camera, style="wan")))
        timed("bvh", frames, lambda: write_bvh(out / "a.bvh", performance.actors[0], performance.fps))
        timed("camera.txt + motionctrl", frames, lambda: (write_camera_txt(out / "camera.txt", cameras),
                                                          write_camera_motionctrl(out / "cm.json", cameras)))
        timed("trajectories", frames, lambda: write_trajectories(out, plan, performances, cameras))


if __name__ == "__main__":
    main()
