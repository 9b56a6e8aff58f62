"""A seat's place is decided once: direct chooses the seat (which prop, its size, whose), the sitter's posture
stands it where the body sits down, and the performance and plan.json carry that one position."""

import json

import numpy as np

from cinemotion.core.seeds import stream
from cinemotion.language import parse
from cinemotion.media.plan_record import write_plan_record
from cinemotion.motion import animate
from cinemotion.pipeline import plan_storyboard

# direct's nominal speeds put this sitter 2.2 m past where the sprint really ends: only the body knows the spot
PROMPT = "a tall man runs across the park and sits on the bench, 4 seconds"


def test_the_seat_stands_under_the_sitter_and_nowhere_else(tmp_path):
    plan = plan_storyboard(parse(PROMPT))
    shot = plan.shots[0]
    (seat,) = shot.seats
    assert seat.sitter == shot.actors[0].id and not any(p.id == seat.id for p in shot.props)  # no predicted spot
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    (placed,) = [p for p in performance.props if p.id == seat.id]
    pelvis = performance.actor(seat.sitter).root[-1]  # seated at the end of the shot
    # the pelvis over the seat's top, inside its footprint (the seat turned to the sitter's heading)
    local = pelvis[[0, 2]] - placed.center[[0, 2]]
    c, s = np.cos(placed.yaw), np.sin(placed.yaw)
    along, across = local @ [c, -s], local @ [s, c]
    assert abs(along) < seat.size[0] / 2 and abs(across) < seat.size[2] / 2, f"pelvis {along:.2f}, {across:.2f} m off"
    assert placed.center[1] + seat.size[1] / 2 < pelvis[1] < placed.center[1] + seat.size[1] / 2 + 0.5
    path = tmp_path / "plan.json"
    write_plan_record(path, plan, {}, [performance])
    recorded = json.loads(path.read_text())["seats"][shot.shot_id][seat.id]
    assert recorded["center"] == placed.center.tolist() and recorded["yaw_rad"] == placed.yaw
