"""How far the drawn human bodies pass into themselves: per actor, the share of frames whose
deepest penetration (an arm into the trunk, a leg into the other, a leg out through the skirt) is
under 1 cm, and the deepest. Measured on the mesh the renderer draws (body/human/performed.py:
dressed, posed, its contact response in), checked with posed-triangle normals (body/human/contact.py)."""

from __future__ import annotations

import numpy as np

from cinemotion.body.human.contact import measured_triangles, penetration_depth
from cinemotion.body.human.performed import PerformedBody
from cinemotion.core.tables import Figure, Figures, load_table


class PenetrationFigures(Figures):
    limit_m: Figure[float]
    max_checked: Figure[int]


FIGURES = load_table("quality/penetration.yaml", PenetrationFigures)
LIMIT_M = FIGURES.limit_m.value  # a frame passes under this depth
MAX_CHECKED = FIGURES.max_checked.value  # frames checked per actor at most, evenly spread


def penetration_report(shot, performance) -> dict:
    """{actor id: {frames_under_1cm, max_depth_m, worst_frame, frames_checked}} for a shot drawn with human bodies
    ({} for capsule figures: their capsules overlap at the joints by design, and this checks the skinned mesh)."""
    if shot.look.body != "human":
        return {}
    out = {}
    for placed in shot.actors:
        motion = performance.actor(placed.id)
        if motion.joints is None or not len(motion.joints):
            continue
        body = PerformedBody(motion, placed.character)
        groups = body.separation.groups  # contact_groups(body.body, body.skirt), as the response found them
        triangles = measured_triangles(body.body, groups)
        posed = np.union1d(body.separation.vertices, triangles)  # what the response and the check read
        frames = np.arange(0, body.n_frames, -(-body.n_frames // MAX_CHECKED))
        depths = np.array([penetration_depth(body.body, body.world_positions(f, posed), groups, triangles)
                           for f in frames])
        out[placed.id] = {"frames_under_1cm": round(float((depths < LIMIT_M).mean()), 4),
                          "max_depth_m": round(float(depths.max()), 4), "worst_frame": int(frames[depths.argmax()]),
                          "frames_checked": len(frames)}
    return out
