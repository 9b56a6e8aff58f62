"""Colour in CIE Lab: conversion from sRGB, distance (ΔE), and a region's dominant colour by k-means.

Lab is used because equal distances there look about equally different (CIE 1976); a ΔE*ab near 2.3 is a
just-noticeable difference (Sharma 2003, Digital Color Imaging Handbook, ch. 1).
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.vq import kmeans2

# sRGB (D65) to XYZ, IEC 61966-2-1:1999; D65 white point
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65_WHITE = np.array([0.95047, 1.0, 1.08883])
DOMINANT_CLUSTERS = 3  # method setting: k-means clusters; the largest is the colour, shading and trim split off


def hex_to_rgb(value: str) -> np.ndarray:
    """'#rrggbb' → (3,) uint8."""
    value = value.lstrip("#")
    return np.array([int(value[i:i + 2], 16) for i in (0, 2, 4)], np.uint8)


def rgb_to_hex(rgb: np.ndarray) -> str:
    r, g, b = np.clip(np.round(np.asarray(rgb, float)), 0, 255).astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 sRGB → (..., 3) float Lab (L 0..100)."""
    c = np.asarray(rgb, float) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ SRGB_TO_XYZ.T / D65_WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """(..., 3) Lab → (..., 3) float sRGB 0..255 (clipped to the gamut)."""
    lab = np.asarray(lab, float)
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    xyz = np.where(f > 6 / 29, f ** 3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * D65_WHITE
    linear = np.clip(xyz @ np.linalg.inv(SRGB_TO_XYZ).T, 0.0, 1.0)
    c = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return c * 255.0


def delta_e(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """CIE76 colour difference ΔE*ab between Lab colours."""
    return np.linalg.norm(np.asarray(a, float) - np.asarray(b, float), axis=-1)


def dominant_lab(pixels: np.ndarray, rng: np.random.Generator, clusters: int = DOMINANT_CLUSTERS) -> np.ndarray:
    """The Lab centre of the largest k-means cluster of (N, 3) uint8 pixels (shading and trim split off)."""
    lab = srgb_to_lab(pixels.reshape(-1, 3))
    k = min(clusters, len(np.unique(lab.round(1), axis=0)))
    if k <= 1:
        return lab.mean(axis=0)
    centres, labels = kmeans2(lab, k, minit="++", seed=rng)
    return centres[np.bincount(labels, minlength=k).argmax()]
