"""Run the benchmarks and rewrite the README's "Measured" table from what they print.

Every row is one command's output (the lines that carry its figures), with the command beside it, under a
heading that names the date and the machine, so each figure in the README comes from a command anyone can run.

    python benchmarks/report.py            # the fast benchmarks (about a minute on 2 cores)
    python benchmarks/report.py --render   # also the 10 s 1080p render benchmark (minutes)
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BEGIN, END = "<!-- measured:begin (benchmarks/report.py writes this table) -->", "<!-- measured:end -->"

# (what, script and arguments, the lines of its output that carry the figures)
FAST = [
    ("parse and coach a prompt", ["benchmarks/parse_bench.py"], r"median"),
    ("jump flight on the whole-body centre of mass", ["benchmarks/jump_bench.py"], r"g ="),
    ("footstep onsets vs foot strikes, loudness", ["benchmarks/audio_bench.py"], r"onset error|LUFS"),
    ("gait speed, cadence and foot skating", ["benchmarks/loco_bench.py"], r"^\s+speed_mp|^(walk|jog|run|sprint)\s"),
    ("field accuracy on prompts the parser was not written against",
     ["-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/language/test_language_heldout.py"], r"fields right"),
]
RENDER = [("render speed, 4 s of the two-runner wet neon shot at 1080p with sound and sidecars",
           ["benchmarks/render_bench.py", "--quick"],
           r"real time|RSS")]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def measure(script: list[str], pattern: str) -> str:
    done = subprocess.run([sys.executable, *script], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        return f"failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1] if done.stderr else ''}"
    lines = [line.strip() for line in done.stdout.splitlines() if re.search(pattern, line)]
    return "; ".join(lines) or "(printed no figures)"


def table(rows: list[tuple[str, list[str], str]]) -> str:
    out = [f"Measured {datetime.date.today().isoformat()} on {machine()}.", "", "| what | figure | command |",
           "|---|---|---|"]
    for what, script, pattern in rows:
        figure = measure(script, pattern).replace("|", "\\|")
        out.append(f"| {what} | {figure} | `python {' '.join(script)}` |")
        print(out[-1], flush=True)
    return "\n".join(out)


def rewrite(readme: str, body: str) -> str:
    if BEGIN not in readme or END not in readme:
        raise SystemExit(f"README.md has no {BEGIN} … {END} markers")
    head, rest = readme.split(BEGIN, 1)
    return head + BEGIN + "\n" + body + "\n" + END + rest.split(END, 1)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", action="store_true", help="also run the render benchmark (minutes)")
    args = parser.parse_args()
    body = table(FAST + (RENDER if args.render else []))
    README.write_text(rewrite(README.read_text(), body))


if __name__ == "__main__":
    main()
