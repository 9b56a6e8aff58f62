"""Capsule geometry of a body: distances between bodies and from a body to a prop box."""

from __future__ import annotations

from functools import cache

import numpy as np
from pydantic import BaseModel, ConfigDict, PositiveFloat

from cinemotion.core.tables import load_table
from cinemotion.body.skeleton import BONES, JOINTS


class CapsuleTable(BaseModel):
    """Capsule radius of each bone ("parent-child" joint names) as a fraction of standing height."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sources: str
    radii: dict[str, PositiveFloat]


@cache
def capsule_radii() -> np.ndarray:
    """Radius (fraction of height) of each bone in skeleton.BONES order."""
    table = load_table("physics/capsules.yaml", CapsuleTable).radii
    return np.array([table[f"{JOINTS[p]}-{JOINTS[c]}"] for p, c in BONES])


def _segment_segment(a0, a1, b0, b1) -> np.ndarray:
    """Closest distance between segments a0a1 and b0b1 (broadcast over leading axes)."""
    d1, d2, r = a1 - a0, b1 - b0, a0 - b0
    a = np.einsum("...i,...i", d1, d1)
    e = np.einsum("...i,...i", d2, d2)
    f = np.einsum("...i,...i", d2, r)
    c = np.einsum("...i,...i", d1, r)
    b = np.einsum("...i,...i", d1, d2)
    denom = np.maximum(a * e - b * b, 1e-12)
    s = np.clip((b * f - c * e) / denom, 0.0, 1.0)
    t = np.clip((b * s + f) / np.maximum(e, 1e-12), 0.0, 1.0)
    s = np.clip((b * t - c) / np.maximum(a, 1e-12), 0.0, 1.0)
    diff = (a0 + d1 * s[..., None]) - (b0 + d2 * t[..., None])
    return np.linalg.norm(diff, axis=-1)


def body_distance(joints_a: np.ndarray, joints_b: np.ndarray, height_a: float, height_b: float) -> np.ndarray:
    """Per-frame minimum surface distance between two bodies' capsules (F,); < 0 means overlap."""
    p, c = np.array([b[0] for b in BONES]), np.array([b[1] for b in BONES])
    ra, rb = capsule_radii() * height_a, capsule_radii() * height_b
    a0, a1 = joints_a[:, p][:, :, None], joints_a[:, c][:, :, None]
    b0, b1 = joints_b[:, p][:, None, :], joints_b[:, c][:, None, :]
    dist = _segment_segment(a0, a1, b0, b1) - ra[None, :, None] - rb[None, None, :]
    return dist.reshape(len(joints_a), -1).min(axis=1)


def _point_box(points: np.ndarray, center, size, yaw: float) -> np.ndarray:
    """Signed distance from points (..., 3) to a yawed box (negative inside)."""
    c, s = np.cos(yaw), np.sin(yaw)
    rel = points - np.asarray(center)
    local = np.stack([c * rel[..., 0] - s * rel[..., 2], rel[..., 1], s * rel[..., 0] + c * rel[..., 2]], -1)
    q = np.abs(local) - np.asarray(size) / 2
    outside = np.linalg.norm(np.maximum(q, 0.0), axis=-1)
    inside = np.minimum(q.max(axis=-1), 0.0)
    return outside + inside


def box_clearance(joints: np.ndarray, height: float, center, size, yaw: float, samples: int = 5) -> np.ndarray:
    """Per-frame minimum distance from the body's capsule surfaces to a box (F,); < 0 is penetration."""
    p, c = np.array([b[0] for b in BONES]), np.array([b[1] for b in BONES])
    t = np.linspace(0.0, 1.0, samples)[None, None, :, None]
    pts = joints[:, p][:, :, None] * (1 - t) + joints[:, c][:, :, None] * t  # (F, bones, samples, 3)
    d = _point_box(pts, center, size, yaw) - (capsule_radii() * height)[None, :, None]
    return d.reshape(len(joints), -1).min(axis=1)
