"""Keep the camera where a real one could be: above the ground, outside props and bodies."""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import J
from cinemotion.camera.subject import horizontal, presets
from cinemotion.motion.performance import ActorMotion, PropState


def _inside_box(points: np.ndarray, prop: PropState, margin: float) -> np.ndarray:
    centre = np.broadcast_to(np.asarray(prop.center, float), points.shape)
    c, s = np.cos(prop.yaw), np.sin(prop.yaw)
    d = points - centre
    local = np.stack([c * d[:, 0] - s * d[:, 2], d[:, 1], s * d[:, 0] + c * d[:, 2]], axis=1)
    return np.all(np.abs(local) < np.asarray(prop.size) / 2 + margin, axis=1)


def keep_clear(positions: np.ndarray, aim: np.ndarray, props: list[PropState],
               actors: list[ActorMotion]) -> np.ndarray:
    """Camera centres (F, 3) moved out of the ground, props and bodies.

    Inside a prop the camera climbs onto it when the subject is seen from above its top anyway
    (a rooftop), otherwise it slides along its line of sight toward the subject until clear.
    """
    floor = presets()["min_camera_height_m"]
    margin, radius = presets()["clearance"]["prop_margin_m"], presets()["clearance"]["body_radius_m"]
    out = positions.copy()
    out[:, 1] = np.maximum(out[:, 1], floor)
    for prop in props:
        inside = _inside_box(out, prop, margin)
        if not inside.any():
            continue
        top = np.broadcast_to(np.asarray(prop.center, float), out.shape)[:, 1] + prop.size[1] / 2
        climb = inside & (top < aim[:, 1])
        out[climb, 1] = top[climb] + floor
        for f in np.flatnonzero(inside & ~climb):
            steps = np.linspace(0.0, 1.0, 64)[:, None]
            line = out[f] + steps * (aim[f] - out[f])
            clear = ~_inside_box(line, prop, margin)
            out[f] = line[np.argmax(clear)] if clear.any() else out[f]
    for actor in actors:
        pelvis = actor.joints[:, J["pelvis"]]
        away = horizontal(out - pelvis)
        dist = np.linalg.norm(away, axis=1)
        head_y = actor.joints[:, J["head"], 1] + 0.2
        bump = (dist < radius) & (out[:, 1] < head_y)
        if bump.any():
            safe = np.where(dist[:, None] > 1e-6, away / np.maximum(dist, 1e-6)[:, None], [1.0, 0.0, 0.0])
            out[bump] = pelvis[bump] * [1, 0, 1] + safe[bump] * radius + [0, 1, 0] * out[bump]
    return out
