"""Materials by name (materials.yaml) and colours from the hex strings a Character carries."""

from __future__ import annotations

from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.errors import InputError


@cache
def materials() -> list[dict]:
    return load_table("render/materials.yaml")["materials"]


@cache
def material_id(name: str) -> int:
    return next(i for i, m in enumerate(materials()) if m["name"] == name)


def material_table() -> np.ndarray:
    """(M, 4) roughness, specular, wrap, emissive — uploaded once as a uniform array."""
    return np.array([[m["roughness"], m["specular"], m["wrap"], m["emissive"]] for m in materials()], "f4")


def material_patterns() -> np.ndarray:
    return np.array([m["pattern"] for m in materials()], "i4")


def closed_patterns() -> frozenset[int]:
    """Patterns whose every material is marked closed: their batches may cull back faces."""
    open_ = {m["pattern"] for m in materials() if not m.get("closed", False)}
    return frozenset(m["pattern"] for m in materials() if m.get("closed", False)) - open_


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_color(value: str, field: str) -> np.ndarray:
    """Linear RGB (3,) from '#rrggbb' (or '#rgb'); InputError naming the field otherwise."""
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    try:
        if len(text) != 6:
            raise ValueError
        rgb = np.array([int(text[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0
    except ValueError:
        raise InputError(field, f"{value!r} is not a colour; write it as #rrggbb") from None
    return srgb_to_linear(rgb)
