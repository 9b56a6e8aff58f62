"""Light for a shot: the lighting design of its preset (lighting.yaml), turned to face the camera,
adjusted for the weather and for being indoors, with the camera's white balance and exposure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.errors import InputError

# CIE XYZ → linear sRGB (IEC 61966-2-1, D65)
XYZ_TO_SRGB = np.array([[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415], [0.0557, -0.2040, 1.0570]])
LUMA = np.array([0.2126, 0.7152, 0.0722])  # standard: ITU-R BT.709 luma weights
# a grey card's reflectance: exposure puts it at mid-grey on the subject
MID_GREY = 0.18


@cache
def lighting_table() -> dict:
    return load_table("render/lighting.yaml")


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


def kelvin_rgb(kelvin: float) -> np.ndarray:
    """Linear sRGB of a blackbody at this colour temperature, scaled to luminance 1.

    Planckian locus chromaticity from the cubic splines of Kim et al. 2002 (1667–25000 K), then
    xyY → XYZ → linear sRGB; out-of-gamut components are clipped at 0."""
    t = float(np.clip(kelvin, 1667.0, 25000.0))
    if t <= 4000:
        x = -0.2661239e9 / t**3 - 0.2343589e6 / t**2 + 0.8776956e3 / t + 0.179910
    else:
        x = -3.0258469e9 / t**3 + 2.1070379e6 / t**2 + 0.2226347e3 / t + 0.240390
    if t <= 2222:
        y = -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683
    elif t <= 4000:
        y = -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867
    else:
        y = 3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483
    rgb = np.maximum(XYZ_TO_SRGB @ np.array([x / y, 1.0, (1 - x - y) / y]), 0.0)
    return rgb / (rgb @ LUMA)


def white_balance_gains(kelvin: float) -> np.ndarray:
    """Per-channel gains under which a source at this temperature renders neutral (luminance kept)."""
    gains = 1.0 / np.maximum(kelvin_rgb(kelvin), 1e-3)
    return gains / (gains @ LUMA)


@dataclass
class Light:
    """Resolved light of a shot (linear RGB, before white balance)."""

    name: str
    key_dir: np.ndarray       # unit vector towards the key light
    key_color: np.ndarray     # colour × intensity
    fill_dir: np.ndarray
    fill_color: np.ndarray
    sky_ambient: np.ndarray   # hemisphere light from above
    ground_ambient: np.ndarray  # and from below (bounce)
    horizon: np.ndarray
    zenith: np.ndarray
    rim_dir: np.ndarray
    rim_color: np.ndarray
    fog_color: np.ndarray
    fog_density: float
    fog_height: float
    shadow_softness: float
    white_balance: np.ndarray  # per-channel gains of the camera
    key_value: float
    bloom: float
    window_glow: float
    stars: float
    clouds: float
    lamps_on: bool
    neon_signs: bool
    grade: dict

    def exposure_for(self, subject_light: np.ndarray) -> float:
        """Exposure that puts a grey card lit by `subject_light` (linear RGB irradiance, as the shader
        sums it) at mid-grey × key_value after white balance: the camera meters the actors."""
        metered = float((subject_light * self.white_balance) @ LUMA)
        return float(np.clip(self.key_value / max(metered, 1e-3), 0.05, 40.0))


def _direction(elevation_deg: float, azimuth_deg: float, view_dir: np.ndarray) -> np.ndarray:
    """A direction at this elevation, turned azimuth degrees from 'behind the camera' to screen left."""
    back = -np.array([view_dir[0], 0.0, view_dir[2]])
    back /= np.linalg.norm(back) + 1e-12
    left = np.cross(back, np.array([0.0, 1.0, 0.0]))  # screen left seen from the camera
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    horizontal = back * np.cos(az) + left * np.sin(az)
    d = horizontal * np.cos(el) + np.array([0.0, np.sin(el), 0.0])
    return d / np.linalg.norm(d)


def _source(spec: dict) -> np.ndarray:
    return kelvin_rgb(spec["kelvin"]) * spec["intensity"]


def resolve_light(lighting: str, view_dir: np.ndarray, *, weather: str = "clear", indoor: bool = False,
                  fog_boost: float = 0.0) -> Light:
    """The Light of a shot whose camera mostly looks along view_dir (world, unit)."""
    name = lighting_name(lighting)
    table = lighting_table()
    name = table["indoors" if indoor else "outdoors"].get(name, name)
    p = table["presets"][name]
    key, fill, rim = p["key"], p["fill"], p["rim"]
    key_color = _source(key)
    sky_ambient = _source(p["sky"])
    fog = p["fog"]
    density, fog_color = fog["density"], np.array(fog["color"], float)
    clouds = p["clouds"]
    if weather in ("rain", "storm", "snow", "fog", "drizzle"):
        # cloud cover: the direct beam weakens, the sky fills in, the air thickens
        key_color = key_color * (0.35 if not p["practicals"]["lamps"] else 0.8)
        sky_ambient = sky_ambient * 1.15
        density = density * 1.8 + 0.004
        clouds = 1.0
    if weather == "fog":
        density += 0.04
    density += fog_boost
    if indoor:
        density *= 0.3
    practicals = p["practicals"]
    return Light(
        name=name, key_dir=_direction(key["elevation_deg"], key["azimuth_deg"], view_dir), key_color=key_color,
        fill_dir=_direction(fill["elevation_deg"], fill["azimuth_deg"], view_dir), fill_color=_source(fill),
        sky_ambient=sky_ambient, ground_ambient=_source(p["bounce"]),
        horizon=np.array(p["sky_colors"]["horizon"], float), zenith=np.array(p["sky_colors"]["zenith"], float),
        rim_dir=_direction(25.0, 165.0, view_dir), rim_color=_source(rim),
        fog_color=fog_color, fog_density=float(density), fog_height=float(fog["height"]),
        shadow_softness=float(key["softness"]), white_balance=white_balance_gains(p["white_balance_k"]),
        key_value=float(p["key_value"]), bloom=float(p["bloom"]),
        window_glow=float(practicals["windows"]), stars=float(p["stars"]), clouds=float(clouds),
        lamps_on=bool(practicals["lamps"]), neon_signs=bool(practicals["neon"]), grade=p["grade"],
    )
