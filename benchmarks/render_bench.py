"""Render speed on this machine: wall time vs real time and vs the encoder alone, and peak memory.

    python benchmarks/render_bench.py              # the spine's 10 s 1080p sprint, then the
                                                   # 15 s two-character rainy storyboard at 1080p and 4K
    python benchmarks/render_bench.py --quick      # 10 s at 1080p only
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg

SPRINT = ("A full body shot of a man sprinting through a neon-lit city street, steam rising from the "
          "pavement, tracking shot following the athlete, cinematic depth of field, 10-second duration")
RAINY = """\
seed: 11
shots:
  - prompt: >-
      Wide shot of two friends jogging side by side along a rainy city street at night, splashing through
      puddles, tracking shot, shallow depth of field, 8-second duration
  - prompt: >-
      Full body shot of the two friends sprinting through the rain under neon signs, rain streaking,
      tracking shot, cinematic depth of field, 7-second duration
"""


def peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def encode_only_s(video: Path) -> float:
    """Time FFmpeg takes to encode the same frames with the same settings (decode included, ~5%)."""
    started = time.perf_counter()
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-an", "-c:v", "libx264",
                    "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-f", "null", "-"], check=True)
    return time.perf_counter() - started


def bench(label: str, source: str, size: str, seconds: float, workdir: Path, controls: bool) -> None:
    out = workdir / f"{label}.mp4"
    cmd = [sys.executable, "-m", "cinemotion.cli", "render", source, "-o", str(out), "--size", size,
           "--fps", "24", "--seed", "7"] + ([] if controls else ["--no-controls"])
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    encode = encode_only_s(out)
    frames = int(seconds * 24)
    print(f"{label:<28} {size:>9}  wall {wall:7.1f} s  ×real-time {wall / seconds:5.2f}  "
          f"×encode-only {wall / encode:5.2f}  {frames / wall:5.1f} fps  peak RSS {peak_child_rss_mb():6.0f} MB",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--controls", action="store_true", help="also write pose/mask/depth videos")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench("sprint-10s", SPRINT, "1920x1080", 10.0, work, args.controls)
        if args.quick:
            return
        story = work / "rainy.yaml"
        story.write_text(RAINY)
        bench("rainy-2chars-15s", str(story), "1920x1080", 15.0, work, args.controls)
        bench("rainy-2chars-15s-4k", str(story), "3840x2160", 15.0, work, args.controls)


if __name__ == "__main__":
    main()
