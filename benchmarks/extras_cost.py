"""What background people cost: animate and render seconds for one shot with 0 and with 8 extras.

    .venv/bin/python benchmarks/extras_cost.py [--size 320x180] [--seconds 2]
"""

from __future__ import annotations

import argparse
import time

from cinemotion.camera import film
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion.animate import animate
from cinemotion.render import render_frames

PROMPT = "A woman walks along a city street while many pedestrians walk about, {seconds:g} seconds"


def measure(extras: bool, size: tuple[int, int], seconds: float) -> tuple[float, float, int]:
    storyboard = parse(PROMPT.format(seconds=seconds)).model_copy(update={"width": size[0], "height": size[1]})
    if not extras:
        storyboard.shots[0].environment.extras = 0
    shot = direct(storyboard).shots[0]
    started = time.perf_counter()
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    animated = time.perf_counter() - started
    camera = film(shot, performance, rng=stream(shot.seed, "camera"))
    started = time.perf_counter()
    for _ in render_frames(shot, performance, camera, workers=1):
        pass
    return animated, time.perf_counter() - started, len(shot.extras)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="320x180")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    measure(True, (64, 36), 0.5)  # warm up: tables, shaders and the GL context load once
    for extras in (False, True):
        animated, rendered, count = measure(extras, size, args.seconds)
        print(f"{count} extras: animate {animated:.2f} s, render {rendered:.2f} s "
              f"({args.seconds:g} s at {args.size}, one worker)")


if __name__ == "__main__":
    main()
