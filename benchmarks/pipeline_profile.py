"""Where a whole `cinemotion render` spends its time: process start, then each pipeline step.

    python benchmarks/pipeline_profile.py                     # the README demo and --preview of the 10 s shot
    python benchmarks/pipeline_profile.py --cases final       # the 10 s 1080p shot: demo, preview, final
    python benchmarks/pipeline_profile.py --profile out/prof  # also cProfile of the main process, one file per case

Process start is `python -c "import cinemotion.cli"` in a fresh process (what every render pays before
it parses). The steps are RenderResult.seconds: wall time of each step in the thread that runs it. The
sound, the sidecars and the motion's quality report run beside the frames (a thread of their own), so
they overlap the frame steps: the sum of the steps is more than the wall time. `frames: wait for the
first` is the workers' set-up (fork, GL context, set build, first frame) left after planning and animation.
"""

from __future__ import annotations

import argparse
import cProfile
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render_bench import DEMO, SHOT

from cinemotion.cli import apply_options, load_source
from cinemotion.pipeline import RenderOptions, render_storyboard

CASES = {
    "demo": (DEMO, "1280x720", False),
    "preview": (SHOT.format(seconds=10), "1920x1080", True),
    "final": (SHOT.format(seconds=10), "1920x1080", False),
}


def process_start_s() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import cinemotion.cli"], check=True)
    return time.perf_counter() - started


def profile_case(name: str, workdir: Path, profile: Path | None) -> None:
    prompt, size, preview = CASES[name]
    started = time.perf_counter()
    storyboard = apply_options(load_source(prompt, seed=7), size=size, fps=None, duration=None)
    parsed = time.perf_counter() - started
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    result = render_storyboard(storyboard, workdir / f"{name}.mp4", options=RenderOptions(preview=preview))
    if profiler:
        profiler.disable()
        profile.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(f"{profile}-{name}.pstats")
    wall = time.perf_counter() - started
    print(f"{name}: {size}{' --preview' if preview else ''}, {storyboard.duration_s:g} s, "
          f"{wall:.1f} s after imports (parse {parsed:.2f} s)")
    for step, seconds in result.seconds.items():
        print(f"  {step:48s} {seconds:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="demo,preview")
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    print(f"process start (import cinemotion.cli): {process_start_s():.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.cases.split(","):
            profile_case(name, Path(tmp), args.profile)


if __name__ == "__main__":
    main()
