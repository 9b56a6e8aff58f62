"""What a jump goes over: only an obstacle on its path (direct chooses it, plan.json says when there is none), and
no joint ever inside the box it clears, from the first step of the approach to the landing."""

import numpy as np
import pytest

from cinemotion.body.skeleton import J
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language import complete, parse
from cinemotion.motion import animate
from cinemotion.pipeline import plan_storyboard
from cinemotion.spec.models import Action, Actor, Environment, Prop, Shot, Storyboard

from jump_shots import joints_inside


@pytest.mark.parametrize("prompt", ["vaults over a barrier", "hurdles a bench", "jumps over a low wall",
                                    "a man jogs and vaults over a barrier"])
def test_no_joint_enters_the_obstacle_on_any_frame(prompt):
    plan = plan_storyboard(parse(prompt))
    shot = plan.shots[0]
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    (motion,) = performance.actors
    obstacle = next(p for p in performance.props if p.id == shot.actors[0].actions[-1].target)
    inside = joints_inside(motion.joints, obstacle.center, obstacle.size, obstacle.yaw)
    assert not len(inside), f"{len(inside)} joint-frames inside the {obstacle.id}: {inside[:6].tolist()}"
    # and the jump went over it: the feet end past its far face, the pelvis never stepping back along the way
    far = obstacle.center[0] + obstacle.size[0] / 2
    assert (motion.joints[-1, [J["left_ankle"], J["right_ankle"]], 0] > far).all()
    assert np.diff(motion.joints[:, J["pelvis"], 0]).min() > -0.01


def _vault(props: list[Prop]):
    runner = Actor(id="carl", description="an athletic man", actions=[
        Action(kind="locomotion", verb="jog", start_s=0.0, end_s=1.0),
        Action(kind="jump", verb="vault", start_s=1.0, end_s=3.0)])
    storyboard = Storyboard(seed=5, fps=24, width=160, height=90, shots=[Shot(
        duration_s=3.0, actors=[runner], environment=Environment(setting="park", props=props))])
    plan = direct(complete(storyboard))
    shot = plan.shots[0]
    return plan, shot, animate(shot, rng=stream(shot.seed, "motion")).actor("carl")


ASIDE = Prop(id="barrier", kind="barrier", relation="over", position_m=[4.5, 0.5, 3.0])  # 3 m beside his path
AHEAD = Prop(id="wall", kind="wall", relation="over", position_m=[5.0, 0.55, 0.0])  # across it


def test_a_vault_takes_the_obstacle_on_its_path_not_the_first_of_its_kind():
    plan, shot, carl = _vault([ASIDE, AHEAD])
    assert shot.actors[0].actions[-1].target == "wall" and not any("carl" in n for n in plan.notes)
    pelvis = carl.joints[:, J["pelvis"]]
    assert abs(pelvis[pelvis[:, 1].argmax(), 0] - 5.0) < 0.3  # the apex over the wall, on his line


def test_a_vault_with_nothing_on_its_path_says_so_and_ignores_the_prop_aside():
    plan, shot, carl = _vault([ASIDE])
    _, _, bare = _vault([])
    assert shot.actors[0].actions[-1].target is None
    assert any("carl's vault" in n and "open ground" in n for n in plan.notes), plan.notes
    assert carl.joints.tobytes() == bare.joints.tobytes()  # the barrier beside the path changes nothing


def test_a_named_obstacle_off_the_path_is_noted_and_not_jumped():
    runner = Actor(id="carl", description="an athletic man", actions=[
        Action(kind="locomotion", verb="jog", start_s=0.0, end_s=1.0),
        Action(kind="jump", verb="vault", target="barrier", start_s=1.0, end_s=3.0)])
    storyboard = Storyboard(seed=5, fps=24, width=160, height=90, shots=[Shot(
        duration_s=3.0, actors=[runner], environment=Environment(setting="park", props=[ASIDE]))])
    plan = direct(complete(storyboard))
    assert plan.shots[0].actors[0].actions[-1].target is None
    assert any("barrier stands off its path" in n for n in plan.notes), plan.notes
