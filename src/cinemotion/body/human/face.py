"""The performance's face channels (blinks, visemes, expressions) as the 52 ARKit face units, and
how much light reaches into the mouth."""

from __future__ import annotations

import numpy as np

from cinemotion.body.human.model import PART_NAMES, HumanBody, bone_names, face_unit_names, human_table
from cinemotion.body.human.pose import BonePoses
from cinemotion.core.tables import Figure, Figures, load_table


class FaceCurveFigures(Figures):
    full_look_deg: Figure[float]
    speech_lip_opening_m: Figure[float]


FIGURES = load_table("body/human/face.yaml", FaceCurveFigures)
FULL_LOOK_RAD = np.radians(FIGURES.full_look_deg.value)


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


def mouth_interior(body: HumanBody) -> np.ndarray:
    """(V,) True on what lies inside the mouth: the teeth, the tongue and the body's own skin behind
    the lips (within the lips' width and height, between their mean depth and the back of the
    tongue, facing in towards the mouth's axis, where the cheeks and chin beside it face out; the
    nape behind, at the lips' height too, lies beyond the tongue)."""
    p, n = body.positions, body.normals
    lips = body.lips > 0.5
    centre = p[lips].mean(axis=0)
    lo, hi = p[lips].min(axis=0), p[lips].max(axis=0)
    skin = body.part == PART_NAMES.index("body")
    helpers = np.isin(body.part, [PART_NAMES.index("teeth"), PART_NAMES.index("tongue")])
    within = (((p[:, :2] > lo[:2]) & (p[:, :2] < hi[:2])).all(axis=1)
              & (p[:, 2] < centre[2]) & (p[:, 2] > p[helpers, 2].min()))
    to_axis = np.column_stack([centre[0] - p[:, 0], centre[1] - p[:, 1], np.zeros(len(p))])
    facing_in = np.einsum("vi,vi->v", n, to_axis) > 0
    return helpers | (skin & within & facing_in)


def mouth_light(body: HumanBody, interior: np.ndarray) -> np.ndarray:
    """(V,) 0..1 the share of the light outside the face that reaches each point inside the mouth
    (`interior`: mouth_interior's; 1 elsewhere): the view factor through the lips' opening, a rectangle the
    lips' width across and `speech_lip_opening_m` high, from a point on its axis at the depth the
    point lies behind the lips (a differential area facing a parallel rectangle: Howell, "A
    catalog of radiation heat transfer configuration factors", B-3). A cavity is lit only through
    its mouth, so the front teeth take ~70% and the tongue and back teeth 10-25%: the lit pink
    slab and white block of the unshaded mouth (docs/stills/speaking_closeup.png) fall dark."""
    p = body.positions
    lips = body.lips > 0.5
    half_width = (p[lips, 0].max() - p[lips, 0].min()) / 2
    half_height = FIGURES.speech_lip_opening_m.value / 2
    depth = np.maximum(p[lips, 2].mean() - p[:, 2], 1e-6)
    a, b = half_width / depth, half_height / depth
    ra, rb = np.sqrt(1 + a * a), np.sqrt(1 + b * b)
    seen = (2 / np.pi) * (a / ra * np.arctan(b / ra) + b / rb * np.arctan(a / rb))
    return np.where(interior, np.clip(seen, 0.0, 1.0), 1.0)
