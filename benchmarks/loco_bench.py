"""Locomotion: generation speed per verb, and our gait metrics next to real motion capture measured the same way.

    .venv/bin/python benchmarks/loco_bench.py [--sheet contact_sheet.png]

Prints, per verb, the wall time to perform a 10 s shot at 24 fps (body track + contact pinning, one core),
then the quality metrics of each verb (3 s at 60 fps, cruising) and of the CMU captures in
../shared/data/mocap (raw joints mapped to our 22, and retargeted onto our skeleton).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "motion"))
sys.path.insert(0, str(ROOT / "tests"))  # the harness builds its shots through tests/factories.py

from loco_harness import cruising  # noqa: E402

from cinemotion.body.bvh import read_bvh  # noqa: E402
from cinemotion.motion.transfer.retarget import map_joints, motion_frames, retarget  # noqa: E402
from cinemotion.body.skeleton import BONES, forward_kinematics, make_body  # noqa: E402
from cinemotion.body.gait_params import verbs  # noqa: E402
from cinemotion.quality.gait import measure_gait  # noqa: E402

COLUMNS = ("speed_mps", "cadence_spm", "step_length_m", "contact_time_s", "duty_factor", "flight_fraction",
           "vertical_oscillation_m", "trunk_lean_deg", "knee_flexion_max_deg", "shoulder_swing_range_deg",
           "stance_asymmetry", "step_time_cv", "foot_skating_ratio", "planted_slide_mm", "penetration_mm",
           "float_mm", "bone_length_cv_max_pct")
MOCAP = ROOT.parent / "shared" / "data" / "mocap"


def row(name: str, metrics: dict) -> str:
    return f"{name:34s}" + "".join(f"{metrics[c]:>9.3g}" for c in COLUMNS)


def contact_sheet(path: Path, names=("sprint", "jog", "limp")) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(len(names), 1, figsize=(16, 2.4 * len(names)))
    for ax, verb in zip(axes, names):
        joints = cruising(verb, 3.0, fps=30)[0].joints
        for i, f in enumerate(range(30, 90, 4)):
            p = joints[f] - joints[f, 0] * [1, 0, 1]
            for a, b in BONES:
                colour = "tab:red" if "left" in str(b) or b in (1, 4, 7, 10, 13, 16, 18, 20) else "tab:blue"
                ax.plot([p[a, 0] + 0.9 * i, p[b, 0] + 0.9 * i], [p[a, 1], p[b, 1]], color=colour, lw=1.2)
        ax.set_aspect("equal")
        ax.axhline(0, color="k", lw=0.5)
        ax.set_title(verb, loc="left")
        ax.axis("off")
    fig.savefig(path, dpi=80, bbox_inches="tight")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheet", type=Path, help="write a stick-figure contact sheet (needs matplotlib)")
    args = parser.parse_args()
    print("wall time to perform a 10 s, 24 fps shot (body track + contact pinning):")
    for verb in verbs():
        start = time.perf_counter()
        cruising(verb, 10.0, fps=24)
        print(f"  {verb:8s} {1000 * (time.perf_counter() - start):7.0f} ms")
    print("\n" + " " * 34 + "".join(f"{c[:8]:>9s}" for c in COLUMNS))
    for verb in verbs():
        print(row(verb, measure_gait(cruising(verb, 3.0, fps=60)[0].joints, 60)))
    body = make_body()
    for path in sorted(MOCAP.glob("*.bvh")):
        clip = read_bvh(path)
        positions = clip.positions()
        print(row(f"{path.stem[:24]} raw", measure_gait(map_joints(clip, positions[motion_frames(positions)]),
                                                          clip.fps)))
        moved = retarget(clip, body)
        print(row(f"{path.stem[:24]} retargeted",
                  measure_gait(forward_kinematics(body.offsets, moved.root, moved.rotations), clip.fps)))
    if args.sheet:
        contact_sheet(args.sheet)
        print(f"\nwrote {args.sheet}")


if __name__ == "__main__":
    main()
