"""Where a whole `cinemotion render` spends its time: process start, then each pipeline step.

    python benchmarks/pipeline_profile.py                     # the README demo and --preview of the 10 s shot
    python benchmarks/pipeline_profile.py --cases final       # the 10 s 1080p shot: demo, preview, final
    python benchmarks/pipeline_profile.py --profile out/prof  # also cProfile of the main process, one file per case

Process start is `python -c "import cinemotion.cli"` in a fresh process (what every render pays before
it parses), wall and CPU. The steps are RenderResult.seconds and .cpu_seconds: wall time of each step and
the CPU time of the thread that runs it. The sound, the sidecars and the motion's quality report run
beside the frames (a thread of their own), so they overlap the frame steps: the sum of the steps is more
than the wall time. `frames: wait for the first` is the workers' set-up (fork, GL context, set build,
first frame) left after planning and animation; the pool's submit (the host dressing the cast, which the
sidecars share) falls between the steps and is given on its own, as is the time to the first frame from
the render's start and from the command's (process start added). Then the CPU seconds of every process of the render,
sampled from /proc every 0.1 s (a process's last tenth of a second can be missed): this one (all its
threads), the render worker host (its imports), its forked workers (the frames) and each FFmpeg. On a
shared machine compare the CPU columns: everything but the workers is what a render pays besides the frames.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from render_bench import DEMO, SHOT

from cinemotion.cli import apply_options, load_source
from cinemotion.pipeline import RenderOptions, render_storyboard
from cinemotion.render import RenderWorkers

CASES = {
    "demo": (DEMO, "1280x720", False),
    "preview": (SHOT.format(seconds=10), "1920x1080", True),
    "final": (SHOT.format(seconds=10), "1920x1080", False),
}


def process_start_s() -> tuple[float, float]:
    """Wall and CPU seconds of `import cinemotion.cli` in a fresh process."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "import cinemotion.cli"], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(roles: dict[int, str], host: int) -> dict[int, float]:
    """Every process below this one: pid → CPU seconds so far; `roles` gains each new one's role (named while
    it runs: an exited process that is not yet waited for has no command line)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    out, stack = {}, [(os.getpid(), "")]
    while stack:
        parent, parent_role = stack.pop()
        for pid, (ppid, cpu) in stats.items():
            if ppid == parent:
                if pid not in roles:
                    roles[pid] = _role(pid, parent_role, host)
                out[pid] = cpu
                stack.append((pid, roles[pid]))
    return out


def _role(pid: int, parent_role: str, host: int) -> str:
    if pid == host:  # forked from this process: its command line is this one's
        return "render worker host"
    if parent_role == "render worker host":
        return "render workers (the frames)"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().decode(errors="replace").split("\0")
    except OSError:
        argv = [""]
    if not argv[0]:
        return "other (exited before it was seen)"
    if "cinemotion.render.worker" in argv:
        return "render worker host"
    if "ffmpeg" in Path(argv[0]).name:
        out = Path(argv[-2] if argv[-1] == "" else argv[-1]).name
        return f"ffmpeg {out}"
    return Path(argv[0]).name


class TimedWorkers(RenderWorkers):
    """The pool as the CLI starts it, noting how long submit() took and when the first frame came."""

    submit_s = 0.0
    first_frame_at: float | None = None

    def submit(self, *args, **kwargs) -> None:
        started = time.perf_counter()
        super().submit(*args, **kwargs)
        self.submit_s = time.perf_counter() - started

    def frames(self, shot_index: int):
        for frame in super().frames(shot_index):
            if self.first_frame_at is None:
                self.first_frame_at = time.perf_counter()
            yield frame


class ProcessCPU:
    """CPU seconds per role of this process's descendants, sampled while it runs (the last sample of each)."""

    def __init__(self, host: int):
        self.host = host  # the render worker host's pid
        self.last: dict[int, float] = {}
        self.roles: dict[int, str] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.last.update(_descendants(self.roles, self.host))
            time.sleep(0.1)

    def __enter__(self) -> "ProcessCPU":
        self._started = time.process_time()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.main_s = time.process_time() - self._started
        self._done.set()
        self._thread.join()

    def by_role(self) -> dict[str, float]:
        roles: dict[str, float] = {"this process (all threads)": self.main_s}
        for pid, cpu in self.last.items():
            roles[self.roles[pid]] = roles.get(self.roles[pid], 0.0) + cpu
        return roles


def profile_case(name: str, workdir: Path, profile: Path | None, process_start: float) -> None:
    prompt, size, preview = CASES[name]
    started = time.perf_counter()
    storyboard = apply_options(load_source(prompt, seed=7), size=size, fps=None, duration=None)
    parsed = time.perf_counter() - started
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    options = RenderOptions(preview=preview)
    # the pool first, as the CLI starts it: before this process has a second thread, so its host is forked
    with TimedWorkers(options.workers) as pool, ProcessCPU(pool.host_pid) as processes:
        result = render_storyboard(storyboard, workdir / f"{name}.mp4", options=options, pool=pool)
    if profiler:
        profiler.disable()
        profile.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(f"{profile}-{name}.pstats")
    wall = time.perf_counter() - started
    print(f"{name}: {size}{' --preview' if preview else ''}, {storyboard.duration_s:g} s, "
          f"{wall:.1f} s after imports (parse {parsed:.2f} s)")
    first = pool.first_frame_at - started
    print(f"  first frame {first:.2f} s after the render started, {first + process_start:.2f} s after the command "
          f"(process start added); submit (the host dressing the cast) {pool.submit_s:.2f} s")
    print(f"  {'step':48s} {'wall':>7s}   {'CPU':>7s}")
    for step, seconds in result.seconds.items():
        print(f"  {step:48s} {seconds:7.2f} s {result.cpu_seconds[step]:7.2f} s")
    roles = processes.by_role()
    frames = roles.get("render workers (the frames)", 0.0)
    print(f"  CPU by process: {sum(roles.values()):.2f} s in all, {sum(roles.values()) - frames:.2f} s besides the frames")
    for role, cpu in sorted(roles.items(), key=lambda kv: -kv[1]):
        print(f"    {role:46s} {cpu:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="demo,preview")
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    wall, cpu = process_start_s()
    print(f"process start (import cinemotion.cli): {wall:.2f} s wall, {cpu:.2f} s CPU")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.cases.split(","):
            profile_case(name, Path(tmp), args.profile, wall)


if __name__ == "__main__":
    main()
