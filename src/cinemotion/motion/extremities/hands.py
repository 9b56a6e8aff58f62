"""Articulated hands: 21 landmarks per hand (OpenPose order) from the wrist frame and a hand pose.

Each finger is a chain of phalanges from its knuckle; flexion curls it toward the palm, joint by
joint. Poses (open, fist, point, pinch, relaxed, typing, …) are angle sets in hand_poses.yaml,
blended per frame by the weights motion/gesture/layer.py leaves in `motion.expression`
(`hand_<side>_<pose>`, with `press_<side>_<finger>` for keystrokes); what the weights don't
claim is the relaxed hand.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.body.skeleton import Body, J, anthropometry, global_rotations
from cinemotion.direct.plan import PlacedActor, ShotPlan
from cinemotion.motion.performance import ActorMotion

FINGERS = ("index", "middle", "ring", "pinky")
SIDES = ("left", "right")
# hand frame (a toward the fingers, b toward the thumb, c out of the palm) in the rest pose's world axes:
# the hanging hand's fingers point down, thumbs forward, palms toward the thighs (left palm faces −X)
HAND_AXES = {"left": np.array([[0.0, 0.0, -1.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
             "right": np.array([[0.0, 0.0, 1.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])}
N_ANGLES = 3 * len(FINGERS) + 1 + 4  # finger MCP/PIP/DIP, spread, thumb abduction/opposition/MCP/IP


@cache
def hand_table() -> dict:
    return load_table("motion/extremities/hand_poses.yaml")


def pose_names() -> tuple[str, ...]:
    return tuple(hand_table()["poses"])


def pose_vector(name: str) -> np.ndarray:
    """A pose's angles as one vector (degrees): fingers' MCP/PIP/DIP, spread, thumb's four."""
    pose = hand_table()["poses"][name]
    return np.array([*(v for f in FINGERS for v in pose[f]), pose["spread"], *pose["thumb"]], dtype=float)


def _chain(base: np.ndarray, direction: np.ndarray, bend: np.ndarray, flexions: np.ndarray,
           lengths: list[float]) -> list[np.ndarray]:
    """Joint positions (F, 3) down a finger: each phalanx turns from `direction` toward `bend` by the
    cumulative flexion (F, k) in radians."""
    points, position, total = [], base, np.zeros(len(flexions))
    for k, length in enumerate(lengths):
        total = total + flexions[:, k]
        segment = np.cos(total)[:, None] * direction + np.sin(total)[:, None] * bend
        position = position + segment * length
        points.append(position)
    return points


def hand_shape(angles_deg: np.ndarray, hand_length: float) -> np.ndarray:
    """Landmarks (F, 21, 3) in the hand frame (a, b, c) from pose angles (F, N_ANGLES) in degrees."""
    table = hand_table()
    frames = angles_deg.shape[0]
    angles = np.radians(angles_deg)
    a, b, c = np.eye(3)
    out = np.zeros((frames, 21, 3))
    # thumb: abduct from the index side in the palm plane, oppose toward the palm, then flex across it
    abduction, opposition = angles[:, 13], angles[:, 14]
    in_plane = np.cos(abduction)[:, None] * a + np.sin(abduction)[:, None] * b
    thumb_dir = np.cos(opposition)[:, None] * in_plane + np.sin(opposition)[:, None] * c
    across = c - b
    bend = across - np.sum(across * thumb_dir, axis=1, keepdims=True) * thumb_dir
    bend /= np.linalg.norm(bend, axis=1, keepdims=True)
    cmc = np.broadcast_to(np.array(table["thumb"]["cmc"]) * hand_length, (frames, 3))
    thumb_flex = np.stack([np.zeros(frames), angles[:, 15], angles[:, 16]], axis=1)
    out[:, 1] = cmc
    out[:, 2:5] = np.stack(_chain(cmc, thumb_dir, bend, thumb_flex,
                                  [x * hand_length for x in table["thumb"]["phalanges"]]), axis=1)
    for i, name in enumerate(FINGERS):
        spec = table["fingers"][name]
        splay = np.radians(spec["spread_deg"]) * angles_deg[:, 12]
        direction = np.cos(splay)[:, None] * a + np.sin(splay)[:, None] * b
        mcp = np.broadcast_to(spec["mcp"][0] * a + spec["mcp"][1] * b, (frames, 3)) * hand_length
        first = 5 + 4 * i
        out[:, first] = mcp
        out[:, first + 1:first + 4] = np.stack(
            _chain(mcp, direction, np.broadcast_to(c, (frames, 3)), angles[:, 3 * i:3 * i + 3],
                   [x * hand_length for x in spec["phalanges"]]), axis=1)
    return out


def pose_angles(weights: dict[str, np.ndarray], presses: dict[str, np.ndarray], frames: int) -> np.ndarray:
    """Per-frame pose angles (F, N_ANGLES): the weighted poses, the rest relaxed, plus key presses."""
    names = [n for n in weights if n in pose_names() and n != "relaxed"]
    w = np.stack([np.broadcast_to(weights[n], (frames,)) for n in names], axis=1) if names else np.zeros((frames, 0))
    total = w.sum(axis=1, keepdims=True)
    w = np.where(total > 1, w / np.maximum(total, 1e-9), w)
    relaxed = 1 - w.sum(axis=1)
    angles = relaxed[:, None] * pose_vector("relaxed") + sum(
        (w[:, [k]] * pose_vector(n) for k, n in enumerate(names)), np.zeros((frames, N_ANGLES)))
    press_deg = hand_table()["press_deg"]
    for finger, amount in presses.items():
        column = 15 if finger == "thumb" else 3 * FINGERS.index(finger)
        angles[:, column] += press_deg * np.broadcast_to(amount, (frames,))
    return angles


def perform_hands(motion: ActorMotion, actor: PlacedActor, body: Body, shot: ShotPlan) -> None:
    """Set motion.hands (F, 2, 21, 3): world landmarks of the left and right hand in OpenPose order."""
    frames = motion.n_frames
    hand_length = anthropometry()["extra"]["hand_length"] * body.height_m
    globals_ = global_rotations(motion.rotations)
    hands = np.zeros((frames, 2, 21, 3))
    for s, side in enumerate(SIDES):
        weights = {k.removeprefix(f"hand_{side}_"): v for k, v in motion.expression.items()
                   if k.startswith(f"hand_{side}_")}
        presses = {k.removeprefix(f"press_{side}_"): v for k, v in motion.expression.items()
                   if k.startswith(f"press_{side}_")}
        local = hand_shape(pose_angles(weights, presses, frames), hand_length)
        wrist = J[f"{side}_wrist"]
        frame = globals_[:, wrist] @ HAND_AXES[side]  # hand axes in world, per frame
        hands[:, s] = motion.joints[:, wrist][:, None, :] + np.einsum("fij,fkj->fki", frame, local)
    motion.hands = hands
