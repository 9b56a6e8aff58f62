"""Gestures, hands and faces: their cost per second of footage, and a contact sheet of every gesture.

    python benchmarks/gesture_bench.py                       # timings (15 s shot per gesture, 24 fps)
    python benchmarks/gesture_bench.py --sheet sheet.png     # also a still of each gesture, filmed at medium
    python benchmarks/gesture_bench.py --sheet s.png --shot-type medium_close_up   # faces closer

The sheet renders each gesture at its stroke with the procedural renderer, filmed by the camera stage
(waist-up `medium` by default, so the hands are in frame), for checking hands and faces by eye.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from cinemotion.motion.speech import speak_lines
from cinemotion.motion.extremities.face import perform_face
from cinemotion.motion.extremities.hands import perform_hands
from cinemotion.motion.gesture.layer import layer_gestures
from cinemotion.motion.gesture.schedule import gesture_table
from cinemotion.spec.models import Action

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "gestures"))
from gesture_shots import gesture_shot, standing_motion  # noqa: E402

TILE = (320, 240)


def _action(verb: str, start: float, end: float) -> Action:
    kind = "speak" if verb == "speak" else "gesture"
    return Action(kind=kind, verb=verb, start_s=start, end_s=end, text="Over here, come and see this!",
                  target=None)


def time_layers(duration: float = 15.0, fps: int = 24) -> None:
    print(f"per gesture, a {duration:g} s shot at {fps} fps (ms of CPU per second of footage):")
    print(f"{'gesture':>14} {'layer':>8} {'hands':>8} {'face':>8}")
    totals = np.zeros(3)
    verbs = list(gesture_table()["gestures"])
    for verb in verbs:
        shot = gesture_shot([_action(verb, 0.5, duration - 0.5)], duration=duration, fps=fps)
        motion, body = standing_motion(shot)
        actor = shot.actors[0]
        clock = [time.perf_counter()]
        layer_gestures(motion, actor, body, shot, lines=speak_lines(shot), rng=np.random.default_rng(0))
        clock.append(time.perf_counter())
        perform_hands(motion, actor, body, shot)
        clock.append(time.perf_counter())
        perform_face(motion, actor, body, shot, lines=speak_lines(shot), rng=np.random.default_rng(1))
        clock.append(time.perf_counter())
        ms = np.diff(clock) * 1000 / duration
        totals += ms
        print(f"{verb:>14} {ms[0]:8.2f} {ms[1]:8.2f} {ms[2]:8.2f}")
    print(f"{'mean':>14} {totals[0] / len(verbs):8.2f} {totals[1] / len(verbs):8.2f} {totals[2] / len(verbs):8.2f}")


def contact_sheet(path: Path, shot_type: str, columns: int = 5) -> None:
    from cinemotion.camera import film
    from cinemotion.motion.animate import animate
    from cinemotion.render.still import render_still, write_png

    table = gesture_table()["gestures"]
    tiles = []
    for verb, spec in table.items():
        shot = gesture_shot([_action(verb, 0.3, 3.3)], duration=3.5).model_copy(
            update={"width": TILE[0], "height": TILE[1], "shot_type": shot_type})
        performance = animate(shot, rng=np.random.default_rng(0))
        timing = spec["timing"]
        at = 0.3 + timing["prepare"] + (0.35 if timing["stroke"] == "cycle" else timing["stroke"]) + 0.05
        frame = min(int(at * shot.fps), shot.n_frames - 1)
        camera = film(shot, performance, rng=np.random.default_rng(0))
        rgb = render_still(shot, performance, camera, frame)
        tiles.append(rgb)
        print(f"rendered {verb} at {at:.2f} s")
    rows = -(-len(tiles) // columns)
    sheet = np.zeros((rows * TILE[1], columns * TILE[0], 3), np.uint8)
    for k, tile in enumerate(tiles):
        r, c = divmod(k, columns)
        sheet[r * TILE[1]:(r + 1) * TILE[1], c * TILE[0]:(c + 1) * TILE[0]] = tile
    write_png(path, sheet)
    print(f"contact sheet: {path} ({', '.join(table)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheet", type=Path, help="write a contact sheet PNG of every gesture here")
    parser.add_argument("--shot-type", default="medium", help="the sheet's shot size (DESIGN.md shot types)")
    args = parser.parse_args()
    time_layers()
    if args.sheet:
        contact_sheet(args.sheet, args.shot_type)


if __name__ == "__main__":
    main()
