"""The performance's face channels (blinks, visemes, expressions) as the 52 ARKit face units."""

from __future__ import annotations

import numpy as np

from cinemotion.body.human.model import bone_names, face_unit_names, human_table
from cinemotion.body.human.pose import BonePoses
from cinemotion.core.tables import Figure, Figures, load_table


class FaceCurveFigures(Figures):
    full_look_deg: Figure[float]


FULL_LOOK_RAD = np.radians(load_table("body/human/face.yaml", FaceCurveFigures).full_look_deg.value)


def arkit_weights(expression: dict[str, np.ndarray], n_frames: int,
                  gaze: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """(F, 52) weights in 0..1, Live Link Face's unit order; channels not in the table move nothing.
    `gaze`: eyeLook* curves (gaze_units) for exports; the renderer turns the eyeballs by their bones."""
    units = face_unit_names()
    out = np.zeros((n_frames, len(units)))
    for unit, curve in (gaze or {}).items():
        out[:, units.index(unit)] = curve
    for channel, targets in human_table()["channel_units"].items():
        if channel not in expression:
            continue
        curve = np.clip(np.asarray(expression[channel], float), 0.0, 1.0)
        for unit, gain in targets.items():
            out[:, units.index(unit)] += gain * curve
    return np.clip(out, 0.0, 1.0)


def gaze_units(poses: BonePoses) -> dict[str, np.ndarray]:
    """The eyeLook* curves (F,) of the eyes' turn in the head: yaw and pitch of each eye's forward
    axis in the head's frame, 1.0 at FULL_LOOK_RAD (ARKit's curves saturate near the eyes' range)."""
    names = bone_names()
    head = poses.rotations[:, names.index("head")]
    out = {}
    for side, eye in (("Left", "left_eye"), ("Right", "right_eye")):
        ahead = np.einsum("fji,fj->fi", head, poses.rotations[:, names.index(eye)] @ np.array([0.0, 0.0, 1.0]))
        yaw = np.arctan2(ahead[:, 0], ahead[:, 2])      # + towards the body's left (+X)
        pitch = np.arctan2(ahead[:, 1], np.hypot(ahead[:, 0], ahead[:, 2]))
        # the left eye looks "in" (to the nose) when it turns right, the right eye when it turns left
        inward = -yaw if side == "Left" else yaw
        for unit, value in ((f"eyeLookIn{side}", inward), (f"eyeLookOut{side}", -inward),
                            (f"eyeLookUp{side}", pitch), (f"eyeLookDown{side}", -pitch)):
            out[unit] = np.clip(value / FULL_LOOK_RAD, 0.0, 1.0)
    return out
