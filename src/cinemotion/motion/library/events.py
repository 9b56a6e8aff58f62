"""What every open-action performer reports: its footfalls and the state it ends in."""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.motion.performance import Event
from cinemotion.motion.pose import pelvis_heading
from cinemotion.motion.segment import BodyState, SceneContext


def touchdowns(flags: np.ndarray) -> np.ndarray:
    """Frames where a contact begins (a rising edge after the first frame)."""
    return np.flatnonzero(flags[1:] & ~flags[:-1]) + 1


def footfalls(root: np.ndarray, contacts: np.ndarray, times: np.ndarray, actor_id: str,
              scene: SceneContext) -> list[Event]:
    """A foot strike at every touchdown after the window's first frame."""
    events = []
    for k, side in enumerate(("left", "right")):
        for a in touchdowns(contacts[:, k]):
            speed = float(np.linalg.norm(root[a] - root[a - 1]) / max(times[a] - times[a - 1], 1e-6))
            events.append(Event(time_s=float(times[a]), kind="foot_strike", actor=actor_id, side=side,
                                position=(float(root[a, 0]), 0.0, float(root[a, 2])),
                                strength=float(np.clip(0.2 + 0.09 * speed, 0.1, 1.0)), speed_mps=speed,
                                surface=scene.surface))
    return events


def end_state(rotations: np.ndarray, root: np.ndarray, times: np.ndarray, verb: str) -> BodyState:
    dt = times[-1] - times[-2] if len(times) > 1 else 1.0
    velocity = (root[-1] - root[-2]) / dt if len(times) > 1 else np.zeros(3)
    velocity[1] = 0.0
    return BodyState(position=root[-1].copy(), heading_rad=float(pelvis_heading(Rotation.from_quat(rotations[-1, 0]))),
                     velocity=velocity, gait_phase=0.0, verb=verb, rotations=rotations[-1].copy())
