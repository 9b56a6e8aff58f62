"""Post settings of a shot from its Look, its negative prompt and its lens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.errors import InputError


@cache
def looks_table() -> dict:
    return load_table("render/looks.yaml")


@dataclass
class PostSettings:
    shutter: float            # fraction of a frame interval the shutter is open (0: no motion blur)
    f_number: float | None    # None: everything in focus
    max_blur_px: float
    grain: float              # the film's grain RMS at mid-grey, per pixel of a frame grain_reference_width wide
    vignette: float
    lift: tuple[float, float, float]
    gain: tuple[float, float, float]
    saturation: float
    contrast: float


def _negated(shot: ShotPlan, effect: str) -> bool:
    words = looks_table()["negative_off"][effect]
    return any(w in n.lower() for n in shot.negative for w in words)


def film_name(film: str) -> str:
    table = looks_table()
    key = film.strip().lower()
    key = table["film_aliases"].get(key, key).replace(" ", "")
    if key not in table["films"]:
        raise InputError("look.film", f"unknown film look {film!r}; known: {', '.join(table['films'])}")
    return key


def post_settings(shot: ShotPlan, camera: CameraPath) -> PostSettings:
    table = looks_table()
    look = shot.look
    shutter = table["shutter_angle_deg"] / 360.0 if look.motion_blur and not _negated(shot, "motion_blur") else 0.0
    wanted = table["depth_of_field"][look.depth_of_field]
    f_number = None
    if wanted is not None and not _negated(shot, "depth_of_field"):
        f_number = min(float(camera.f_number), float(wanted))
    film = table["films"][film_name(look.film)] if look.film else None
    grain = 0.0 if film is None or _negated(shot, "grain") else film["grain"]
    base = film or {"vignette": table["lens_vignette"], "lift": [0, 0, 0], "gain": [1, 1, 1],
                    "saturation": 1.0, "contrast": 1.0}
    return PostSettings(
        shutter=shutter, f_number=f_number, max_blur_px=table["max_blur_fraction"] * camera.width, grain=grain,
        vignette=max(base["vignette"], table["lens_vignette"]), lift=tuple(base["lift"]), gain=tuple(base["gain"]),
        saturation=base["saturation"], contrast=base["contrast"],
    )


def grade_transform(lift, gain, saturation: float, contrast: float) -> tuple[np.ndarray, np.ndarray]:
    """The grade as one affine map of display colour, c → M c + t: contrast about mid-grey, then
    saturation about the luma (Rec. 709), then lift and gain (c → lift + c (gain − lift))."""
    luma = np.array([0.2126, 0.7152, 0.0722])
    lift, gain = np.asarray(lift, float), np.asarray(gain, float)
    saturate = saturation * np.eye(3) + (1.0 - saturation) * np.outer(np.ones(3), luma)
    scale = np.diag(gain - lift) @ saturate
    return contrast * scale, scale @ np.full(3, 0.5 * (1.0 - contrast)) + lift


def coc_scale_px(camera: CameraPath, frame: int, f_number: float) -> float:
    """Blur-circle diameter in pixels per unit of |z − focus| / z (thin lens, focus at `focus`).

    b = (f / N) · f / (focus − f) · |z − focus| / z on the sensor; in pixels, b · fx / f.
    """
    fx = float(camera.fx[frame])
    sensor_mm = getattr(camera, "sensor_width_mm", looks_table()["sensor_width_mm"])
    focal_m = fx * sensor_mm / 1000.0 / camera.width
    focus = max(float(camera.focus_distance_m[frame]), focal_m * 1.5)
    return (focal_m / f_number) * fx / (focus - focal_m)


def grain_rms(grain: float, shading_width: int) -> float:
    """The grain's RMS at mid-grey per shading pixel. Selwyn's law: RMS granularity times the square root
    of the area it is measured over is the stock's constant, so a pixel of a frame twice as wide (a quarter
    of the film's area) sees twice the RMS."""
    return grain * shading_width / looks_table()["grain_reference_width"]


def grain_seed(shot: ShotPlan, frame: int) -> float:
    """Per-frame grain offset, fixed by the shot seed: same input, same grain."""
    return float(np.random.default_rng([shot.seed, frame]).uniform(0, 1000))
