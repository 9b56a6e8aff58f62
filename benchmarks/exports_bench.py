"""Cost of the control exports for a 5-second, 24 fps, 1280x720 shot of the pipeline's own motion,
and what the body GLB's corrective shapes do on the held-out kinds of motion.

Run: .venv/bin/python benchmarks/exports_bench.py
     .venv/bin/python benchmarks/exports_bench.py --glb [motion ...]   # the GLB as a reader skins it

--glb prints per actor: the corrective shapes kept and the file's size, the writer's CPU ms per
frame, and the mesh a glTF reader skins from the GLB (tests/exports/glb_reader.py) with and without
the shapes: its deepest penetration (share of frames under 1 cm) and its drawn vertices' farthest from
the renderer's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "body"))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "exports"))
from glb_reader import GlbReplay  # noqa: E402
from human_shots import performed  # noqa: E402
from test_body_human_contact import MOTIONS  # noqa: E402

from cinemotion.body.human.contact import contact_groups, penetration_depth  # noqa: E402
from cinemotion.body.human.performed import PerformedBody  # noqa: E402
from cinemotion.media.body_glb import body_glb  # noqa: E402
from cinemotion.pipeline import film_characters, film_motions  # noqa: E402

from cinemotion.media.bvh_export import write_bvh  # noqa: E402
from cinemotion.language import parse  # noqa: E402
from cinemotion.direct import direct  # noqa: E402
from cinemotion.media.camera_export import write_camera_motionctrl, write_camera_txt  # noqa: E402
from cinemotion.media.openpose import write_openpose  # noqa: E402
from cinemotion.media.pose_video import pose_frames  # noqa: E402
from cinemotion.media.trajectories import write_trajectories  # noqa: E402
from cinemotion.pipeline import perform_plan  # noqa: E402


def timed(label: str, frames: int, work) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<28} {seconds * 1000:8.1f} ms total {seconds * 1000 / frames:7.2f} ms/frame "
          f"{cpu * 1000 / frames:7.2f} CPU ms/frame")


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
        timed("body glb", frames, lambda: body_glb([performance.actors[0]], shot.actors[0].character, plan.fps))


def glb_figures(names: list[str]) -> None:
    print(f"{'motion':<14} {'actor':<8} {'shapes':>6} {'MB':>5} {'CPU ms/f':>8}  "
          f"{'reader, no shapes: depth, <1 cm, off drawn':<44} {'with shapes':<30}")
    for name in names or list(MOTIONS):
        plan, performances, _ = performed(MOTIONS[name])
        motions, characters = film_motions(performances), film_characters(plan)
        with tempfile.TemporaryDirectory() as tmp:
            for actor, actor_motions in motions.items():
                cpu = time.process_time()
                data = body_glb(actor_motions, characters[actor], plan.fps)
                cpu = time.process_time() - cpu
                path = Path(tmp) / f"{actor}.glb"
                path.write_bytes(data)
                replay = GlbReplay(path)
                drawn = PerformedBody(actor_motions[0], characters[actor])
                groups = contact_groups(drawn.body, drawn.skirt)
                figures = {"plain": [], "corrected": []}
                for f in range(replay.frames):
                    weights = replay.morph_weights(f)
                    face_only = weights.copy()
                    face_only[52:] = 0.0
                    target = drawn.world_positions(f)
                    for kind, w in (("plain", face_only), ("corrected", weights)):
                        mesh = replay.mesh_at(f, w)
                        figures[kind].append((penetration_depth(drawn.body, mesh, groups),
                                              np.linalg.norm((mesh - target)[replay.drawn], axis=1).max()))
                cells = []
                for kind in ("plain", "corrected"):
                    depth, off = np.array(figures[kind]).T
                    cells.append(f"{depth.max() * 100:5.2f} cm, {(depth < 0.01).mean():6.1%}, {off.max() * 100:5.2f} cm")
                print(f"{name:<14} {actor:<8} {len(replay.targets) - 52:>6} {len(data) / 1e6:5.2f} "
                      f"{cpu * 1000 / replay.frames:8.1f}  {cells[0]:<44} {cells[1]:<30}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--glb"]:
        glb_figures(sys.argv[2:])
    else:
        main()
