"""Involuntary life under every gesture: breathing whose rate rises after exertion.

Exertion follows the body's own speed (the locomotion already in the track, and the speed it
entered the shot with), rising over seconds and recovering over a minute; the breathing rate
moves between the resting and exerted rates with it, and each breath lifts the chest and shoulders.
Quiet-standing weight shifts live in motion/posture/standing.py; spontaneous blinks in motion/extremities/face.py.
"""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import J
from cinemotion.core import rates


def exertion(root: np.ndarray, fps: float, start_speed_mps: float, table: dict) -> np.ndarray:
    """0..~1.5 per frame: a leaky follower of horizontal root speed (1 = the exertion of a jog)."""
    speed = np.linalg.norm(np.diff(root[:, [0, 2]], axis=0), axis=1) * fps
    speed = np.concatenate([[start_speed_mps], speed]) if len(root) > 1 else np.array([start_speed_mps])
    drive = np.clip(speed / table["exertion_speed_mps"], 0.0, 1.5)
    level = np.empty(len(drive))
    current = min(start_speed_mps / table["exertion_speed_mps"], 1.5)
    for i, d in enumerate(drive):
        tau = table["exertion_rise_s"] if d > current else table["exertion_recovery_s"]
        current += (d - current) * min(1.0, 1.0 / (tau * fps))
        level[i] = current
    return level


def breath_curve(cycles: np.ndarray, inhale_fraction: float) -> np.ndarray:
    """Lung volume 0..1 over breathing cycles: a shorter inhalation, a longer exhalation."""
    u = np.mod(cycles, 1.0)
    inhale = rates.smooth(u / inhale_fraction)
    exhale = 1 - rates.smooth((u - inhale_fraction) / (1 - inhale_fraction))
    return np.where(u < inhale_fraction, inhale, exhale)


def breathing(root: np.ndarray, fps: float, start_speed_mps: float, intensity: int, table: dict,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rotation vectors (F, 22, 3) of breathing and lung volume (F,) 0..1."""
    frames = len(root)
    effort = np.clip(exertion(root, fps, start_speed_mps, table), 0.0, 1.0)
    rest_bpm = rng.uniform(*table["breaths_per_min_rest"])
    bpm = rest_bpm + (table["breaths_per_min_exerted"] - rest_bpm) * effort
    cycles = rng.uniform(0.0, 1.0) + np.cumsum(bpm / 60.0 / fps)
    volume = breath_curve(cycles, table["inhale_fraction"])
    scale = table["stillness_scale"] if intensity <= table["stillness_intensity"] else 1.0

    def amount(key: str) -> np.ndarray:
        lo, hi = table[key]
        return np.radians(lo + (hi - lo) * effort) * volume * scale

    rotvec = np.zeros((frames, len(J), 3))
    chest = amount("trunk_extension_deg")
    rotvec[:, J["spine2"], 0] -= 0.4 * chest  # extension tips the chest back (−x)
    rotvec[:, J["spine3"], 0] -= 0.6 * chest
    rotvec[:, J["neck"], 0] += chest + np.radians(table["neck_counter_deg"]) * volume * scale  # head stays level
    collar = amount("collar_elev_deg")
    for side, sign in (("left", 1.0), ("right", -1.0)):
        rotvec[:, J[f"{side}_collar"], 2] += sign * collar
        rotvec[:, J[f"{side}_shoulder"], 2] -= sign * collar  # the arm keeps hanging as the shoulder rises
    return rotvec, volume
