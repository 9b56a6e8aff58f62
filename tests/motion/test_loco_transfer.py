"""Motion transfer from BVH: placement at the actor's state, timing on the motion clock, refusals."""

from __future__ import annotations


import numpy as np
import pytest
from loco_harness import perform_shot, shot_plan
from mocap_data import MOCAP

from cinemotion.direct.plan import ActorState
from cinemotion.errors import InputError
from cinemotion.motion.transfer.clip import clip_duration, transfer_storyboard
from cinemotion.quality.gait import measure_gait
from cinemotion.spec.models import Action



WALK = MOCAP / "cmu_131_01_start_walk_stop.bvh"


def _transfer(duration: float, *, time_scale: float = 1.0, start: ActorState | None = None, fps: int = 30):
    action = Action(kind="transfer", verb="transfer", source=str(WALK), start_s=0.0, end_s=duration)
    return perform_shot(shot_plan([action], duration, fps=fps, time_scale=time_scale, start=start))


def test_clip_duration_excludes_nothing_but_a_calibration_pose():
    assert clip_duration(WALK) == pytest.approx(994 / 120, abs=0.01)
    jumps = MOCAP / "cmu_01_01_forward_jumps.bvh"
    assert clip_duration(jumps) == pytest.approx(2751 / 120, abs=0.01)  # frame 0 is a reference pose


def test_transfer_starts_where_and_facing_how_the_actor_stands():
    start = ActorState(position=[2.0, 0.0, -1.0], heading_rad=np.pi / 2)
    motion, events = _transfer(8.0, start=start)
    assert np.allclose(motion.root[0, [0, 2]], [2.0, -1.0], atol=1e-6)
    travel = motion.root[-1, [0, 2]] - motion.root[0, [0, 2]]
    assert np.linalg.norm(travel) > 2.0
    assert abs(np.arctan2(-travel[1], travel[0]) - np.pi / 2) < 0.5  # walks the way the actor faces
    assert [e.kind for e in events].count("foot_strike") >= 6
    assert measure_gait(motion.joints, 30)["penetration_mm"] < 0.5


def test_slow_motion_transfer_plays_the_clip_at_half_rate():
    real = _transfer(4.0)[0].root[:, [0, 2]]
    slow = _transfer(8.0, time_scale=0.5)[0].root[:, [0, 2]]
    assert np.allclose(slow[::2][:len(real)], real, atol=0.01)  # same path, twice the frames


@pytest.mark.parametrize("source, phrase", [(None, "needs a source"), ("clip.mp4", "video"),
                                            ("/nonexistent.bvh", "no such")])
def test_bad_sources_are_refused_by_field(source, phrase):
    action = Action(kind="transfer", verb="transfer", source=source, start_s=0.0, end_s=1.0)
    with pytest.raises(InputError) as err:
        perform_shot(shot_plan([action], 1.0, fps=24))
    assert err.value.field == "source" and phrase in err.value.message


def test_transfer_storyboard_is_one_shot_as_long_as_the_clip():
    board = transfer_storyboard(WALK, character="tall woman in a red jacket", seed=3)
    shot = board.shots[0]
    assert shot.duration_s == pytest.approx(994 / 120, abs=0.01)
    assert shot.actors[0].actions[0].kind == "transfer" and board.seed == 3
