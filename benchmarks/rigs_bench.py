"""Motion transfer from other rigs: speed and cadence of each rebuilt capture, transferred, next to the original's.

    .venv/bin/python benchmarks/rigs_bench.py

The rigs are the test suite's (tests/body/test_body_rigs.py): real CMU walks and a run rebuilt as Mixamo, Unreal,
Unity, Rokoko, Bandai-Namco, CMU ASF, Daz, Biped and anonymous rigs. Prints, per rig, how it was read (naming
convention or hierarchy shape, unit), the original clip's speed and cadence (its joints mapped to ours), the
transferred clip's (read from the rebuilt file and retargeted onto a 1.72 m body), the differences, and the time
to read and retarget it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "body"), str(ROOT / "tests")]

import rig_files as rf  # noqa: E402
from test_body_rigs import BODY, RIGS, _original  # noqa: E402

from cinemotion.body.bvh import read_bvh  # noqa: E402
from cinemotion.motion.transfer.retarget import retarget  # noqa: E402
from cinemotion.body.skeleton import forward_kinematics  # noqa: E402
from cinemotion.quality.gait import measure_gait  # noqa: E402


def main() -> None:
    print(f"{'rig':44} {'read as':22} {'speed m/s orig→ours':>22} {'Δ%':>6} {'cadence spm orig→ours':>24} "
          f"{'Δ%':>6} {'s':>5}")
    with tempfile.TemporaryDirectory() as folder:
        for build in RIGS:
            rig, _, _ = build()
            path = rf.write(rig, Path(folder) / f"{build.__name__}.bvh")
            start = time.perf_counter()
            clip = read_bvh(path)
            moved = retarget(clip, BODY)
            seconds = time.perf_counter() - start
            original, fps = _original(build)
            theirs = measure_gait(original, fps)
            ours = measure_gait(forward_kinematics(BODY.offsets, moved.root, moved.rotations), clip.fps)
            cells = []
            for metric in ("speed_mps", "cadence_spm"):
                a, b = theirs[metric], ours[metric]
                cells.append(f"{a:9.3f} → {b:9.3f}"), cells.append(f"{(b / a - 1) * 100:+6.1f}")
            print(f"{build.__name__:44} {clip.rig.convention + ', ' + clip.unit:22} {cells[0]:>22} {cells[1]:>6} "
                  f"{cells[2]:>24} {cells[3]:>6} {seconds:5.2f}")


if __name__ == "__main__":
    main()
