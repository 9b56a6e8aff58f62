"""Motion brushes in the procedural performance: the painted region's content follows the drawn path.

A brush names a region (a prop id or kind, "actor.hair", "actor.scarf", "actor.right_hand", …)
and a path of [t_s, x, y] points in normalised image coordinates, or `static`. The path's
displacement from its first point is read in the shot's picture plane (screen right = the
default shot's +X, screen up = +Y), scaled by the height of world the shot type shows, and then:
a prop moves along it; a hand reaches along it (arm IK); hair or a scarf is pulled along it with
the pull growing toward the tip; a static brush on a chain freezes it to its root's motion.
Polygon regions and scenery need no change here: the exports carry them as masks.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import J, make_body
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.jump.phases import place_hand
from cinemotion.motion.performance import ActorMotion, Performance


class BrushFigures(Figures):
    frame_height_m: Figure[dict[str, float]]


FIGURES = load_table("motion/brush.yaml", BrushFigures)
FRAME_HEIGHT_M = FIGURES.frame_height_m.value  # height of world (m) each shot size shows at the subject
HANDS = {"left_hand": "left", "left_wrist": "left", "right_hand": "right", "right_wrist": "right"}


def path_displacement(path: list[list[float]], times: np.ndarray, shot_type: str) -> np.ndarray:
    """World displacement (F, 3) of a brush path from its first point, held before and after it."""
    pts = np.asarray(path, dtype=float)
    order = np.argsort(pts[:, 0], kind="stable")
    t, x, y = pts[order].T
    scale = FRAME_HEIGHT_M.get(shot_type, FRAME_HEIGHT_M["full_body"])
    dx = np.interp(times, t, x - x[0]) * scale * 16 / 9
    dy = -np.interp(times, t, y - y[0]) * scale
    return np.stack([dx, dy, np.zeros_like(dx)], axis=1)


def _pull_chain(chain: np.ndarray, displacement: np.ndarray | None) -> np.ndarray:
    """Pull a chain (F, n, 3) along a displacement, none at the root and all at the tip; None freezes it."""
    weights = np.linspace(0.0, 1.0, chain.shape[1])[None, :, None]
    if displacement is None:
        return chain[:, :1] + (chain[:1] - chain[:1, :1])  # the first frame's shape, carried by the root
    return chain + weights * displacement[:, None, :]


def _reach(motion: ActorMotion, height_m: float, build: str, side: str, displacement: np.ndarray) -> None:
    """Move a hand along the displacement by arm IK."""
    body = make_body(height_m, build)
    target = motion.joints[:, J[f"{side}_wrist"]] + displacement
    motion.rotations = place_hand(motion.rotations, motion.root, body, side, target)
    motion.refresh_joints()


def apply_brushes(performance: Performance, shot: ShotPlan) -> None:
    """Make each brushed region of the shot follow its path (or hold still when static)."""
    times = performance.times
    for brush in shot.motion_brushes:
        if not isinstance(brush.region, str):
            continue
        displacement = None if brush.static or not brush.path else \
            path_displacement(brush.path, times, shot.shot_type)
        owner, _, part = brush.region.partition(".")
        motion = next((m for m in performance.actors if m.actor_id == owner), None)
        if motion is None:
            name = brush.region.removeprefix("the ").strip()
            for prop in performance.props:
                if displacement is not None and name in (prop.id, prop.kind):
                    prop.center = np.asarray(prop.center, float)[None, :] + displacement
            continue
        placed = next(a for a in shot.actors if a.id == owner)
        if part in motion.secondary:
            motion.secondary[part] = _pull_chain(motion.secondary[part], displacement).astype(np.float32)
        elif part in HANDS and displacement is not None:
            _reach(motion, placed.character.height_m, placed.character.build, HANDS[part], displacement)
