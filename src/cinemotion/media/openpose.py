"""OpenPose keypoints in the ControlNet JSON dialect: COCO-18 body, face-70 and hands-21 in pixels.

One object per film frame: `{"people": [{"pose_keypoints_2d": [x, y, c] * 18, "face_keypoints_2d":
[x, y, c] * 70, "hand_left_keypoints_2d": [x, y, c] * 21, "hand_right_keypoints_2d": …}],
"canvas_width": W, "canvas_height": H}`. A visible point has confidence exactly 1.0; a point that
is missing, behind the camera or outside the canvas is written 0, 0, 0 (the loaders' "absent").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.media.bvh_export import standing_height
from cinemotion.body.skeleton import J, global_rotations
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import Plan, ShotPlan
from cinemotion.media.atomic import atomic_path
from cinemotion.motion.performance import ActorMotion, Performance

COCO18 = ("nose", "neck", "right_shoulder", "right_elbow", "right_wrist", "left_shoulder", "left_elbow",
          "left_wrist", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
          "right_eye", "left_eye", "right_ear", "left_ear")
FEET = ("left_big_toe", "left_small_toe", "left_heel", "right_big_toe", "right_small_toe", "right_heel")
# face-70 landmarks standing for COCO's head points: nose tip (iBUG 30), pupils (68 right, 69 left),
# and the jaw line's top ends beside the ears (iBUG 0 right, 16 left).
FACE_HEAD_POINTS = {"nose": 30, "right_eye": 68, "left_eye": 69, "right_ear": 0, "left_ear": 16}
N_FACE, N_HAND = 70, 21  # format: OpenPose face-70 and hand-21 keypoints


@cache
def _table() -> dict:
    return load_table("media/openpose.yaml")


@dataclass
class PersonKeypoints:
    """One actor's keypoints over a shot: pixel x, y and confidence (1 visible, 0 absent)."""

    actor_id: str
    body: np.ndarray  # (F, 18, 3)
    feet: np.ndarray  # (F, 6, 3) FEET order
    face: np.ndarray  # (F, 70, 3)
    hands: np.ndarray  # (F, 2, 21, 3) left, right


def body_points_world(motion: ActorMotion) -> tuple[np.ndarray, np.ndarray]:
    """COCO-18 (F, 18, 3) and foot (F, 6, 3) keypoints in world metres."""
    joints = motion.joints
    frames = joints.shape[0]
    table = _table()
    height = standing_height(motion.offsets)
    glob = global_rotations(motion.rotations)
    out = np.zeros((frames, len(COCO18), 3))
    for k, name in enumerate(COCO18):
        if name in J:
            out[:, k] = joints[:, J[name]]
    # OpenPose's neck is the midpoint of the shoulders, not SMPL's neck-base joint.
    out[:, COCO18.index("neck")] = 0.5 * (joints[:, J["left_shoulder"]] + joints[:, J["right_shoulder"]])
    if motion.face is not None:
        for name, index in FACE_HEAD_POINTS.items():
            out[:, COCO18.index(name)] = motion.face[:frames, index]
    else:
        scale = height / table["reference_height_m"] / 1000.0
        head = J["head"]
        for name, local in table["head"].items():
            out[:, COCO18.index(name)] = joints[:, head] + glob[:, head] @ (np.asarray(local) * scale)
    feet = np.zeros((frames, len(FEET), 3))
    for k, name in enumerate(FEET):
        side, part = name.split("_", 1)
        local = np.asarray(table["foot_fraction_of_height"][part], float) * height
        if side == "left":
            local[0] = -local[0]
        ankle = J[f"{side}_ankle"]
        feet[:, k] = joints[:, ankle] + glob[:, ankle] @ local
    return out, feet


def _project(camera: CameraPath, frame: int, points: np.ndarray) -> np.ndarray:
    """(N, 3) world points → (N, 3) pixel x, y, confidence; absent points are all zeros."""
    uv, z = camera.project(frame, points)
    finite = np.all(np.isfinite(points), axis=1)
    inside = (finite & (z > camera.near) & (uv[:, 0] >= 0) & (uv[:, 0] < camera.width)
              & (uv[:, 1] >= 0) & (uv[:, 1] < camera.height))
    out = np.zeros((len(points), 3))
    out[inside, :2] = uv[inside]
    out[inside, 2] = 1.0
    return out


def project_people(performance: Performance, camera: CameraPath) -> list[PersonKeypoints]:
    """Every actor's keypoints in this shot's pixels, frame by frame through the camera."""
    frames = min(performance.n_frames, camera.n_frames)
    people = []
    for motion in performance.actors:
        body, feet = body_points_world(motion)
        face = motion.face if motion.face is not None else np.full((frames, N_FACE, 3), np.nan)
        hands = motion.hands if motion.hands is not None else np.full((frames, 2, N_HAND, 3), np.nan)
        person = PersonKeypoints(motion.actor_id, np.zeros((frames, 18, 3)), np.zeros((frames, 6, 3)),
                                 np.zeros((frames, N_FACE, 3)), np.zeros((frames, 2, N_HAND, 3)))
        for f in range(frames):
            points = np.concatenate([body[f], feet[f], face[f], hands[f].reshape(-1, 3)])
            pix = _project(camera, f, points)
            person.body[f], person.feet[f] = pix[:18], pix[18:24]
            person.face[f] = pix[24:24 + N_FACE]
            person.hands[f] = pix[24 + N_FACE:].reshape(2, N_HAND, 3)
        people.append(person)
    return people


def _flat(points: np.ndarray) -> list[float]:
    # Three decimals of a pixel is far below what any consumer resolves; confidences stay 1.0 / 0.0. Rounded
    # as whole thousandths, then divided: the nearest float to each 3-decimal value, as round(v, 3) gives (the
    # same on 2 million random pixels), for the whole array at once
    return (np.rint(points.reshape(-1) * 1000) / 1000).tolist()


def openpose_frames(shot: ShotPlan, performance: Performance, camera: CameraPath) -> list[dict]:
    """One ControlNet OpenPose JSON object per frame of the shot, one person per actor (shot order)."""
    people = project_people(performance, camera)
    frames = min(performance.n_frames, camera.n_frames)
    return [{
        "people": [{
            "pose_keypoints_2d": _flat(p.body[f]),
            "face_keypoints_2d": _flat(p.face[f]),
            "hand_left_keypoints_2d": _flat(p.hands[f, 0]),
            "hand_right_keypoints_2d": _flat(p.hands[f, 1]),
        } for p in people],
        "canvas_width": int(camera.width),
        "canvas_height": int(camera.height),
    } for f in range(frames)]


def write_openpose(path: str | Path, plan: Plan, performances: list[Performance],
                   cameras: list[CameraPath]) -> None:
    """openpose.json: the film's frames (shots in order) as one JSON list, written atomically."""
    frames: list[dict] = []
    for shot, performance, camera in zip(plan.shots, performances, cameras):
        frames.extend(openpose_frames(shot, performance, camera))
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(frames, separators=(",", ":")))
