"""Motion brushes move what they paint in the procedural performance, and static ones hold it."""

import numpy as np

from cinemotion.body.skeleton import J
from cinemotion.direct.plan import ActorState, PlacedActor, PlacedProp, ShotPlan
from cinemotion.motion.animate import animate
from cinemotion.spec.models import Action, Character, MotionBrush

from factories import shot_plan


def _shot(brushes, props=(), hair="ponytail") -> ShotPlan:
    actor = PlacedActor(id="mara", character=Character(id="mara", hair_style=hair),
                        actions=[Action(kind="idle", verb="idle", start_s=0.0, end_s=2.0)],
                        start=ActorState(position=[0.0, 0.0, 0.0]))
    return shot_plan([actor], duration=2.0, width=320, height=180, seed=3, props=list(props),
                     motion_brushes=brushes)


def test_a_brushed_ball_follows_its_path_up_and_right():
    ball = PlacedProp(id="ball", kind="ball", center=[1.0, 0.11, 0.5], size=[0.22, 0.22, 0.22])
    brush = MotionBrush(region="the ball", path=[[0.0, 0.5, 0.8], [2.0, 0.7, 0.4]])
    performance = animate(_shot([brush], [ball]), rng=np.random.default_rng(0))
    centre = np.asarray(performance.props[0].center)
    assert centre.shape == (48, 3)
    assert centre[-1, 0] - centre[0, 0] > 0.3 and centre[-1, 1] - centre[0, 1] > 0.3  # right and up on screen


def test_a_brushed_hand_reaches_along_the_path():
    brush = MotionBrush(region="mara.right_hand", path=[[0.0, 0.5, 0.5], [1.0, 0.5, 0.35], [2.0, 0.5, 0.3]])
    still = animate(_shot([]), rng=np.random.default_rng(0)).actor("mara").joints
    moved = animate(_shot([brush]), rng=np.random.default_rng(0)).actor("mara").joints
    rise = moved[-1, J["right_wrist"], 1] - still[-1, J["right_wrist"], 1]
    assert rise > 0.25, f"the brushed wrist rose only {rise:.2f} m"
    assert np.allclose(moved[:, J["left_wrist"]], still[:, J["left_wrist"]], atol=1e-6)  # only the painted hand


def test_static_hair_holds_its_shape_and_a_path_pulls_its_tip():
    still = animate(_shot([MotionBrush(region="mara.hair", static=True)]), rng=np.random.default_rng(0))
    hair = still.actor("mara").secondary["hair"]
    shape = hair - hair[:, :1]
    assert np.abs(shape - shape[0]).max() < 1e-6
    pulled = animate(_shot([MotionBrush(region="mara.hair", path=[[0.0, 0.5, 0.5], [2.0, 0.4, 0.5]])]),
                     rng=np.random.default_rng(0)).actor("mara").secondary["hair"]
    free = animate(_shot([]), rng=np.random.default_rng(0)).actor("mara").secondary["hair"]
    assert pulled[-1, -1, 0] < free[-1, -1, 0] - 0.2  # the tip trails to the left of the screen
    assert np.allclose(pulled[:, 0], free[:, 0])  # the root stays on the head
