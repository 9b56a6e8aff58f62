"""Hand work: manual tasks at a surface in front of the body (knead, chop, stir, wipe, sweep, write, …), one routine.

A task is a few numbers (language/open_actions.yaml `hand_work`): the path the working hands trace, its rhythm, the
height and reach of its centre, its size, one hand or both, and the stance. The routine:
    # 1. The stance: a key pose of poses.yaml, eased in from standing (the routine's `enter` keys)
    # 2. The path: the centre at the task's height above the ground and its reach in front of the pelvis, along the
    #    actor's heading; the working hands trace the path's shape at the rhythm, the other hand steadies the work
    # 3. Two-bone IK puts each wrist on its point (perform/contact.py reach_arm), eased in with the stance
"""

from __future__ import annotations

from functools import cache

import numpy as np

from cinemotion.body.skeleton import Body
from cinemotion.core.rates import ease_in_out
from cinemotion.core.tables import load_table
from cinemotion.motion.perform.contact import UP, reach_arm


@cache
def _settings() -> dict:
    """Timing and hand placement shared by every task (poses.yaml `hand_work`, with sources)."""
    return load_table("motion/perform/poses.yaml")["hand_work"]


def _unit_path(path: str, phase: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The working (right) hand's offset and the left hand's (None: it steadies), in path units, columns
    (forward, right, up)."""
    s, c, zero = np.sin(phase), np.cos(phase), np.zeros_like(phase)
    press = (1 - c) / 2  # 0 → 1 → 0 once a cycle
    shapes = {
        "circle": (np.stack([s, c, zero], 1), None),  # stirring, whisking, wiping round
        "chop": (np.stack([zero, zero, (1 + c) / 2], 1), None),  # knife up, then down onto the board
        "stroke": (np.stack([s, zero, zero], 1), None),  # sawing, ironing, peeling: to and fro
        "vertical": (np.stack([zero, zero, s], 1), None),  # brush strokes up and down a canvas
        "scribble": (np.stack([zero, s, zero], 1), None),  # a pen's strokes along the line
        "push": (np.stack([press, zero, -0.4 * press], 1),) * 2,  # kneading: heels of both hands forward and down
        "sweep": (np.stack([0.3 * c, s, zero], 1),) * 2,  # a broom's side-to-side arc, both hands on the handle
        "lift": (np.stack([press, zero, press], 1),) * 2,  # a scoop forward and up (shovel, hanging washing)
        "rub": (np.stack([zero, zero, s], 1), np.stack([zero, zero, -s], 1)),  # palms sliding past each other
        "scrub": (np.stack([s, c, zero], 1), np.stack([-s, -c, zero], 1)),  # both hands round, half a cycle apart
        # juggling's cascade: each hand loops in the frontal plane (catch outside, carry down and in, throw up from
        # inside), the hands half a cycle apart so one throws while the other catches
        "juggle": (np.stack([zero, 0.6 * c, -s], 1), np.stack([zero, 0.6 * c, s], 1)),
        "fold": (np.stack([0.5 * press, -(1 + c) / 2, 0.3 * s], 1), np.stack([0.5 * press, (1 + c) / 2, 0.3 * s], 1)),
    }
    if path not in shapes:
        raise KeyError(f"hand work path {path!r}: not one of {sorted(shapes)}")
    return shapes[path]


def hand_targets(task: dict, body: Body, root: np.ndarray, heading_rad: float,
                 elapsed: np.ndarray) -> dict[str, np.ndarray]:
    """World points (n, 3) each hand's wrist goes to over the window (motion time `elapsed`)."""
    forward = np.array([np.cos(heading_rad), 0.0, -np.sin(heading_rad)])
    right = np.cross(forward, UP)
    axes = np.stack([forward, right, UP])  # path columns (forward, right, up) → world
    centre = root * [1, 0, 1] + forward * task["reach"] * body.height_m + UP * task["height"] * body.height_m
    working, other = _unit_path(task["path"], 2 * np.pi * task["rhythm_hz"] * elapsed)
    two_handed, settings = task["hands"] == "both", _settings()
    spacing = settings["rub_spacing_m"] if task["path"] == "rub" else settings["hand_spacing_m"] if two_handed else 0.0
    right_hand = centre + (working * task["amplitude_m"]) @ axes + right * spacing
    if two_handed:
        left_offset = (other if other is not None else working) * task["amplitude_m"]
        left_hand = centre + left_offset @ axes - right * spacing
    else:
        left_hand = centre + np.asarray(settings["steady_hand_m"]) @ axes
    return {"right": right_hand, "left": left_hand}


def work_hands(task: dict, body: Body, root: np.ndarray, rotations: np.ndarray, heading_rad: float,
               elapsed: np.ndarray) -> None:
    """Put both wrists on the task's path by arm IK, eased in with the stance; rotations (n, 22, 4) in place."""
    weight = np.asarray(ease_in_out(np.clip(elapsed / _settings()["enter_s"], 0.0, 1.0)), float)
    for side, target in hand_targets(task, body, root, heading_rad, elapsed).items():
        reach_arm(body, root, rotations, side, target, weight)


def routine(task: dict) -> dict:
    """The key-pose routine of a task: from standing into its stance."""
    return {"enter": [["stand", 0.0], [task["stance"], _settings()["enter_s"]]]}
