"""Regenerate the README's stills from the current code: real renders of real prompts.

    .venv/bin/python docs/make_stills.py          # writes docs/stills/*.png (about a minute)
    .venv/bin/python docs/make_stills.py --lighting after
        # only the lighting presets on one shot: docs/stills/lighting/after_<preset>.png
    .venv/bin/python docs/make_stills.py --only gym_boxer postures
        # only the stills named (GUIDE's names, sprint_jog_limp, postures)
"""

from __future__ import annotations

from pathlib import Path

import argparse

import numpy as np
from PIL import Image

from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan
from cinemotion.quality.jumps import flights
from cinemotion.render import render_still

OUT = Path(__file__).with_name("stills")
SIZE = (960, 540)
GUIDE = {
    "neon_sprint": "A full body shot of a man sprinting through a neon-lit city street, steam rising from the "
                   "pavement, tracking shot following the athlete, cinematic depth of field, 4-second duration",
    "rooftop_leap": "An athletic woman powerfully leaping across a wide gap between two modern skyscraper rooftops "
                    "in daylight. She starts in a coiled preparation stance on the edge, knees bent, arms back, then "
                    "explodes into the jump. Smooth tracking camera shot following her entire trajectory, bright "
                    "daylight, sharp shadows, 3-second duration",
    "gesture_closeup": "Close-up portrait of a person performing a delicate, precise gesture, hands near the face, "
                       "eyes expressing deep concentration, subtle light hitting the cheekbones, shallow depth of "
                       "field with a blurred professional studio background, soft cinematic rim lighting",
    "conversation": "Medium shot of two friends standing face to face on a city sidewalk in daylight, talking, "
                    "one says \"Did you hear what happened last night?\", 4-second duration",
    "speaking_closeup": "Close-up of a woman looking into the camera and saying \"I never thought we would make "
                        "it this far\", soft window light, 4-second duration",
    "gym_boxer": "A boxer throws fast jabs and hooks at a heavy bag in a gym, medium shot, 4-second duration",
    "handshake": "Two businessmen shake hands in an office lobby, full body shot, 3-second duration",
    "zh_rain_run": "一个女孩在雨中的街道上奔跑，跟拍镜头，慢动作，4秒",
    "street_extras": "A woman walks along a city street while many pedestrians walk about and a dog trots past, "
                     "wide shot, 4-second duration",
}
POSTURES = (  # (prompt, time of the still in s)
    ("Wide shot of a man walking to a park bench and sitting down, daylight, 5-second duration", 4.6),
    ("Full body shot of a soldier crouching behind a low wall, overcast, 3-second duration", 2.0),
    ("Full body shot of a tired man trudging through deep snow on a snowy slope, overcast, 3-second duration", 1.5),
)
GAITS = {verb: f"Full body shot of a man {verb} along a running track in daylight, tracking shot, 3-second duration"
         for verb in ("sprinting", "jogging", "limping")}


# One shot under every lighting preset (the words that name it in a prompt), plus the two cases of
# issue 18: the wet neon street at night and the cafe in warm evening light.
LIGHTING_SIZE = (480, 270)
LIGHTING_SHOT = "Medium full shot of two friends talking face to face on a city street, {}, 3-second duration"
LIGHTING_PRESETS = {"daylight": "bright daylight, sharp shadows", "golden_hour": "golden hour lighting",
                    "overcast": "soft overcast light", "night": "at night under the street lamps",
                    "neon": "neon signs", "studio": "studio lighting"}
LIGHTING_CASES = {
    "neon_rain": "Two runners sprinting side by side down a wet city street in the rain at night, neon signs, "
                 "tracking shot, 3-second duration",
    "cafe_evening": "Two friends talking at a cafe table, medium shot, warm evening light, 3-second duration",
}


def lighting_stills(tag: str) -> None:
    """Each preset on the same shot, written as docs/stills/lighting/<tag>_<name>.png."""
    out = OUT / "lighting"
    out.mkdir(parents=True, exist_ok=True)
    prompts = {name: LIGHTING_SHOT.format(words) for name, words in LIGHTING_PRESETS.items()} | LIGHTING_CASES
    for name, prompt in prompts.items():
        shot, performance, camera = _perform(prompt, LIGHTING_SIZE)
        render_still(shot, performance, camera, int(1.5 * shot.fps), out / f"{tag}_{name}.png")
    if tag != "before" and (out / "before_studio.png").exists():
        edge_crops(out / "before_studio.png", out / f"{tag}_studio.png", out / "edges.png")


# Where each renderer's frame shows a head and shoulder against the street: the framing of the shot
# changed after the before stills were made, so the after crop sits on the friend the camera now centres.
EDGE_BOXES = {"before": (300, 60, 380, 140), "after": (150, 80, 230, 160)}


def edge_crops(before: Path, after: Path, path: Path, zoom: int = 4) -> None:
    """A silhouette edge (head and shoulder against the street) before (4x MSAA, 16-bit) and after
    (one sample, FXAA), side by side, magnified with nearest-neighbour so the pixels show."""
    crops = [Image.open(p).convert("RGB").crop(EDGE_BOXES[k]) for k, p in (("before", before), ("after", after))]
    w, h = crops[0].size
    sheet = Image.new("RGB", (2 * w * zoom + zoom, h * zoom), "white")
    for k, crop in enumerate(crops):
        sheet.paste(crop.resize((w * zoom, h * zoom), Image.NEAREST), (k * (w * zoom + zoom), 0))
    sheet.save(path)


def _perform(prompt: str, size: tuple[int, int] = SIZE):
    storyboard = parse(prompt, seed=7).model_copy(update={"width": size[0], "height": size[1]})
    plan = direct(storyboard)
    performances, cameras = perform_plan(plan)
    return plan.shots[0], performances[0], cameras[0]


def _sheet(images: list[np.ndarray], path: Path, columns: int) -> None:
    h, w = images[0].shape[:2]
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (w * columns, h * rows))
    for k, image in enumerate(images):
        sheet.paste(Image.fromarray(image), ((k % columns) * w, (k // columns) * h))
    sheet.save(path)


STILLS = (*GUIDE, "sprint_jog_limp", "postures")


def main(only: set[str] = frozenset(STILLS)) -> None:
    """The stills named in `only` (all of them by default)."""
    OUT.mkdir(exist_ok=True)
    for name, prompt in GUIDE.items():
        if name not in only:
            continue
        shot, performance, camera = _perform(prompt)
        if name == "rooftop_leap":
            joints = performance.actors[0].joints
            a, b = flights(joints, shot.fps)[0]
            frames = [max(0, a - int(0.3 * shot.fps)), (a + b) // 2, min(shot.n_frames - 1, b + 3)]
            _sheet([render_still(shot, performance, camera, f) for f in frames], OUT / f"{name}.png", 3)
        else:
            render_still(shot, performance, camera, shot.n_frames // 2, OUT / f"{name}.png")
    if "sprint_jog_limp" in only:
        gaits = []
        for prompt in GAITS.values():
            shot, performance, camera = _perform(prompt)
            gaits.append(render_still(shot, performance, camera, int(1.6 * shot.fps)))
        _sheet(gaits, OUT / "sprint_jog_limp.png", 3)
    if "postures" in only:
        postures = []
        for prompt, at in POSTURES:
            shot, performance, camera = _perform(prompt)
            postures.append(render_still(shot, performance, camera, min(shot.n_frames - 1, int(at * shot.fps))))
        _sheet(postures, OUT / "postures.png", 3)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighting", metavar="TAG", help="only the lighting stills, named TAG_<preset>.png")
    parser.add_argument("--only", nargs="+", choices=STILLS, metavar="NAME",
                        help=f"only these stills: {', '.join(STILLS)}")
    args = parser.parse_args()
    if args.lighting:
        lighting_stills(args.lighting)
    else:
        main(set(args.only or STILLS))
