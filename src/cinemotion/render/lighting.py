"""Light for a shot: the lighting preset, turned to face the camera, adjusted for the weather."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from cinemotion.errors import InputError


@cache
def lighting_table() -> dict:
    return yaml.safe_load(Path(__file__).with_name("lighting.yaml").read_text())


LIGHTING = tuple(lighting_table()["presets"])


def lighting_name(text: str) -> str:
    """The preset a lighting phrase names ('golden hour', 'Soft rim light', 'neon') or InputError."""
    table = lighting_table()
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for suffix in ("_lighting", "_light", "_lit"):
        if key.endswith(suffix) and key not in table["aliases"] and key not in table["presets"]:
            key = key.removesuffix(suffix)
    key = table["aliases"].get(key, key)
    if key not in table["presets"]:
        raise InputError("look.lighting", f"unknown lighting {text!r}; known: {', '.join(LIGHTING)}")
    return key


@dataclass
class Light:
    """Resolved light of a shot (linear RGB)."""

    name: str
    sun_dir: np.ndarray       # unit vector towards the key light
    sun_color: np.ndarray     # colour × intensity
    sky_ambient: np.ndarray
    ground_ambient: np.ndarray
    horizon: np.ndarray
    zenith: np.ndarray
    rim_dir: np.ndarray
    rim_color: np.ndarray
    fog_color: np.ndarray
    fog_density: float
    fog_height: float
    shadow_softness: float
    exposure: float
    window_glow: float
    stars: float
    clouds: float
    lamps_on: bool
    neon_signs: bool
    grade: dict


def _direction(elevation_deg: float, azimuth_deg: float, view_dir: np.ndarray) -> np.ndarray:
    """A direction at this elevation, turned azimuth degrees from 'behind the camera' to screen left."""
    back = -np.array([view_dir[0], 0.0, view_dir[2]])
    back /= np.linalg.norm(back) + 1e-12
    left = np.cross(back, np.array([0.0, 1.0, 0.0]))  # screen left seen from the camera
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    horizontal = back * np.cos(az) + left * np.sin(az)
    d = horizontal * np.cos(el) + np.array([0.0, np.sin(el), 0.0])
    return d / np.linalg.norm(d)


def resolve_light(lighting: str, view_dir: np.ndarray, *, weather: str = "clear", indoor: bool = False,
                  fog_boost: float = 0.0) -> Light:
    """The Light of a shot whose camera mostly looks along view_dir (world, unit)."""
    name = lighting_name(lighting)
    p = lighting_table()["presets"][name]
    sun = p["sun"]
    sun_dir = _direction(sun["elevation_deg"], sun["azimuth_deg"], view_dir)
    sun_color = np.array(sun["color"]) * sun["intensity"]
    sky_ambient = np.array(p["sky_ambient"], float)
    fog = p["fog"]
    density, fog_color = fog["density"], np.array(fog["color"], float)
    clouds = p["clouds"]
    if weather in ("rain", "storm", "snow", "fog", "drizzle"):
        # cloud cover: the direct beam weakens, the sky fills in, the air thickens
        sun_color = sun_color * (0.35 if name not in ("night", "neon") else 0.8)
        sky_ambient = sky_ambient * 1.15
        density = density * 1.8 + 0.004
        clouds = 1.0
    if weather == "fog":
        density += 0.04
    density += fog_boost
    if indoor:
        density *= 0.3
    rim_dir = _direction(25.0, 165.0, view_dir)
    return Light(
        name=name, sun_dir=sun_dir, sun_color=sun_color, sky_ambient=sky_ambient,
        ground_ambient=np.array(p["ground_ambient"], float), horizon=np.array(p["horizon"], float),
        zenith=np.array(p["zenith"], float), rim_dir=rim_dir,
        rim_color=np.array(p["rim"]["color"], float) * p["rim"]["intensity"],
        fog_color=fog_color, fog_density=float(density), fog_height=float(fog["height"]),
        shadow_softness=float(p["shadow_softness"]), exposure=float(p["exposure"]),
        window_glow=float(p["window_glow"]), stars=float(p["stars"]), clouds=float(clouds),
        lamps_on=bool(p["lamps_on"]), neon_signs=bool(p.get("neon_signs", False)), grade=p["grade"],
    )
