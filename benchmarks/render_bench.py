"""Render speed with the user's defaults (control videos on), as ratios to the encoder floor.

    python benchmarks/render_bench.py            # issue-18 shot at 1080p, 4K and --preview, the README demo
    python benchmarks/render_bench.py --cases preview,demo   # some of them: 1080p, 4k, demo, preview
    python benchmarks/render_bench.py --quick    # the 1080p shot only, 4 s
    python benchmarks/render_bench.py --budget   # also the per-stage budget (animate, film, passes, encode)
    python benchmarks/render_bench.py --cases '' --budget 1080p,demo,preview   # the budgets alone, wall and CPU ms
    python benchmarks/render_bench.py --cases 1080p --workers 1   # one render worker beside the encoder

Each `cinemotion render` runs as its own process tree (CLI, render workers, the FFmpeg encoders);
peak memory is the peak of the sum over all of them, sampled from /proc every 0.2 s, twice: RSS
summed (counts the pages the forked processes share once per process) and PSS summed (from
/proc/PID/smaps_rollup: each shared page split between its sharers, so the tree's total counts it
once; the honest figure for the machine's memory), and the peak PSS of each process by role (the
CLI, each FFmpeg by the file it writes, the largest render worker). Every figure
is also given as a ratio to the encoder floor: libx264 veryfast encoding the same number of
frames at the same size, measured in the same run, so a busy machine moves both alike.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import imageio_ffmpeg

from cinemotion.media.encode import film_x264_options

SHOT = ("Two runners sprinting side by side down a wet city street in the rain at night, neon signs, "
        "tracking shot, cinematic depth of field, motion blur, {seconds}-second duration")
DEMO = ("A full body shot of a man sprinting through a neon-lit city street, steam rising from the "
        "pavement, tracking shot following the athlete, cinematic depth of field, 4-second duration")


def _pss_bytes(pid: int) -> int:
    """Proportional set size: resident pages, each shared page divided by the processes sharing it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _role(pid: int, root: int) -> str:
    """What a process of a render is: the CLI, an FFmpeg (named by the file it writes), or the render
    worker host and its forked workers (the same command line)."""
    if pid == root:
        return "main"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().decode(errors="replace").split("\0")
    except OSError:
        return "gone"
    if "ffmpeg" in Path(argv[0]).name and len(argv) > 1:
        return f"FFmpeg {Path(argv[-2]).name}"  # the command line ends with the output path and a NUL
    return "render worker"


def _tree_memory_mb(root: int) -> tuple[float, float, dict[str, float]]:
    """Resident memory of a process and all its descendants (MB): RSS summed, PSS summed, and the largest
    PSS of one process of each role (_role)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total_rss, total_pss, roles, stack = 0, 0, {}, [root]
    while stack:
        pid = stack.pop()
        pss = _pss_bytes(pid)
        total_rss += rss.get(pid, 0)
        total_pss += pss
        role = _role(pid, root)
        roles[role] = max(roles.get(role, 0.0), pss / 2**20)
        stack.extend(children.get(pid, []))
    return total_rss / 2**20, total_pss / 2**20, roles


def run_measured(cmd: list[str]) -> tuple[float, float, float, dict[str, float]]:
    """Wall seconds, peak total RSS and PSS (MB) of a command's whole process tree, and each role's peak PSS
    (the largest process of that role)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0.0
    peak_roles: dict[str, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        while not done.is_set():
            rss, pss, roles = _tree_memory_mb(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            for role, mb in roles.items():
                peak_roles[role] = max(peak_roles.get(role, 0.0), mb)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed:\n{err.decode(errors='replace')}")
    peak_roles.pop("gone", None)
    return wall, peak_rss, peak_pss, peak_roles


def encoder_floor_s(size: str, frames: int) -> float:
    """libx264 veryfast with the film encoder's settings (media/encode.py) encoding `frames` frames of moving
    test video."""
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=24",
           "-frames:v", str(frames), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
           *film_x264_options(*(int(v) for v in size.split("x"))), "-f", "null", "-"]
    started = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - started


def bench(label: str, prompt: str, size: str, seconds: float, workdir: Path, extra: tuple[str, ...] = (),
          video_size: str | None = None) -> None:
    """video_size: the size the frames come out at, where it isn't `size` (--preview: 480p)."""
    out = workdir / f"{label}.mp4"
    cmd = [sys.executable, "-m", "cinemotion.cli", "render", prompt, "-o", str(out), "--size", size, "--seed", "7",
           *extra]
    wall, peak_rss, peak_pss, roles = run_measured(cmd)
    frames = round(seconds * 24)
    floor = encoder_floor_s(video_size or size, frames)
    print(f"{label:<22} {video_size or size:>9} {frames:4d} frames  wall {wall:7.1f} s  ×real-time {wall / seconds:5.2f}  "
          f"×encoder-floor {wall / floor:5.2f} (floor {floor:.1f} s)  {frames / wall:5.2f} fps  "
          f"peak memory (all processes) RSS-sum {peak_rss:6.0f} MB, PSS-sum {peak_pss:6.0f} MB", flush=True)
    print("  peak PSS of each: " + ", ".join(f"{role} {mb:.0f} MB" for role, mb in sorted(roles.items())), flush=True)


def budget(prompt: str, size: str, preview: bool = False) -> None:
    """Per-stage time of one shot in this process: animate, film, each render pass, readback,
    control maps, and the film encoder's share, in ms per frame: wall and CPU (all threads of this
    process; on a shared machine the CPU column is the one to compare)."""
    import numpy as np

    from cinemotion.camera import film
    from cinemotion.direct import direct
    from cinemotion.language import parse
    from cinemotion.motion import animate
    from cinemotion.render.frames import preview_camera
    from cinemotion.render.gl import create_context
    from cinemotion.render.scene import ShotRenderer

    w, h = (int(v) for v in size.split("x"))
    plan = direct(parse(prompt, seed=7).model_copy(update={"width": w, "height": h}))
    shot = plan.shots[0]
    rng = np.random.default_rng(shot.seed)
    t0, c0 = time.perf_counter(), time.process_time()
    performance = animate(shot, rng=rng)
    t1, c1 = time.perf_counter(), time.process_time()
    camera = film(shot, performance, rng=rng)
    t2, c2 = time.perf_counter(), time.process_time()
    if preview:
        camera = preview_camera(camera)
    n = shot.n_frames
    stages = {"animate": ((t1 - t0) / n, (c1 - c0) / n), "film": ((t2 - t1) / n, (c2 - c1) / n)}
    renderer = ShotRenderer(create_context(threads=1), shot, performance, camera, ("depth", "instance"),
                            scale=2 / 3 if preview else None, preview=preview)
    renderer.render(0)
    renderer.pass_seconds, renderer.pass_cpu_seconds = {}, {}
    sample = range(1, min(n, 13))
    for f in sample:
        renderer.render(f)
    stages |= {f"render: {k}": (v / len(sample), renderer.pass_cpu_seconds[k] / len(sample))
               for k, v in renderer.pass_seconds.items()}
    renderer.release()
    video = f"{camera.width}x{camera.height}"
    encode = encoder_floor_s(video, 48) / 48
    stages["encode (film, libx264)"] = (encode, encode)  # a child process: its wall time stands for both
    print(f"budget per frame, {video}{' --preview' if preview else ''}, one render thread, {len(sample)} frames:")
    print(f"  {'':28s} {'wall':>7s}    {'CPU':>7s}")
    for name, (wall, cpu) in stages.items():
        print(f"  {name:28s} {1000 * wall:7.1f} ms {1000 * cpu:7.1f} ms")
    print(f"  {'total':28s} {1000 * sum(v[0] for v in stages.values()):7.1f} ms "
          f"{1000 * sum(v[1] for v in stages.values()):7.1f} ms")


BUDGETS = {"1080p": (SHOT.format(seconds=1), "1920x1080", False), "demo": (DEMO, "1280x720", False),
           "preview": (SHOT.format(seconds=1), "1920x1080", True)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--budget", nargs="?", const="1080p", default=None,
                        help="also the per-stage budget of these cases (1080p, demo, preview; default 1080p)")
    parser.add_argument("--cases", default="1080p,4k,preview,demo")
    parser.add_argument("--workers", type=int, default=None, help="render workers (default: the CLI's)")
    args = parser.parse_args()
    workers = () if args.workers is None else ("--workers", str(args.workers))
    cases = {
        "1080p": ("rain-neon-10s", SHOT.format(seconds=10), "1920x1080", 10.0, ()),
        "4k": ("rain-neon-10s-4k", SHOT.format(seconds=10), "3840x2160", 10.0, ()),
        "preview": ("rain-neon-10s-preview", SHOT.format(seconds=10), "1920x1080", 10.0, ("--preview",)),
        "demo": ("readme-demo", DEMO, "1280x720", 4.0, ()),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.quick:
            bench("rain-neon-4s", SHOT.format(seconds=4), "1920x1080", 4.0, work, workers)
        else:
            for case in filter(None, args.cases.split(",")):  # --cases "" --budget: the budget alone
                label, prompt, size, seconds, extra = cases[case]
                bench(label, prompt, size, seconds, work, extra + workers, "854x480" if "--preview" in extra else None)
    for case in filter(None, (args.budget or "").split(",")):
        budget(*BUDGETS[case])


if __name__ == "__main__":
    main()
