"""Several characters: bodies never overlap, reactions come after their cause, hair follows the body."""

import numpy as np

from cinemotion.direct.plan import ActorState, PlacedActor, ShotPlan
from cinemotion.direct.reactions import add_reactions
from cinemotion.motion.animate import animate
from cinemotion.physics.capsules import body_distance
from cinemotion.spec.models import Action, Character, Clothing, Environment

from factories import shot_plan


def _shot(actors: list[PlacedActor], duration: float = 3.0, effects=()) -> ShotPlan:
    return shot_plan(actors, duration=duration, fps=30, width=320, height=180, seed=5, shot_type="wide",
                     intensity=7, environment=Environment(effects=list(effects)))


def _actor(actor_id: str, x: float, heading: float, actions: list[Action], **looks) -> PlacedActor:
    return PlacedActor(id=actor_id, character=Character(id=actor_id, **looks), actions=actions,
                       start=ActorState(position=[x, 0.0, 0.0], heading_rad=heading))


def test_charge_makes_the_rival_flinch_and_step_back_after_a_human_delay():
    shot = _shot([
        _actor("hero", 0.0, 0.0, [Action(kind="locomotion", verb="charge", start_s=0.5, end_s=3.0, target="rival")]),
        _actor("rival", 4.0, np.pi, []),
    ])
    add_reactions(shot)
    reactions = [r for r in shot.reactions if r.actor == "rival"]
    assert reactions, "no reaction planned"
    assert all(0.15 <= r.delay_s <= 0.7 for r in reactions), [r.delay_s for r in reactions]
    rival = next(a for a in shot.actors if a.id == "rival")
    assert {"flinch", "step_back"} <= {a.verb for a in rival.actions}
    performance = animate(shot, rng=np.random.default_rng(0))
    moved = np.linalg.norm(performance.actor("rival").root[:, [0, 2]] - performance.actor("rival").root[0, [0, 2]], axis=1)
    onset = np.argmax(moved > 0.02) / shot.fps
    assert onset > 0.5 + 0.15, f"the rival starts moving at {onset:.2f} s, before it could have seen the charge"
    gap = body_distance(performance.actor("hero").joints, performance.actor("rival").joints, 1.72, 1.72)
    assert gap.min() >= 0.0, f"bodies overlap by {-gap.min():.3f} m"


def test_two_walkers_on_a_collision_course_never_interpenetrate():
    shot = _shot([
        _actor("a", 0.0, 0.0, [Action(kind="locomotion", verb="walk", start_s=0.0, end_s=4.0)]),
        _actor("b", 5.0, np.pi, [Action(kind="locomotion", verb="walk", start_s=0.0, end_s=4.0)]),
    ], duration=4.0)
    performance = animate(shot, rng=np.random.default_rng(0))
    gap = body_distance(performance.actor("a").joints, performance.actor("b").joints, 1.72, 1.72)
    assert gap.min() >= 0.0, f"bodies overlap by {-gap.min():.3f} m"


def test_ponytail_trails_behind_a_sprinter_and_hangs_when_still():
    runner = _actor("runner", 0.0, 0.0, [Action(kind="locomotion", verb="sprint", start_s=0.0, end_s=3.0)],
                    hair_style="ponytail", clothing=Clothing(accessories=["scarf"]))
    performance = animate(_shot([runner]), rng=np.random.default_rng(0))
    hair = performance.actor("runner").secondary["hair"]
    assert hair.shape[1:] == (6, 3)
    trailing = hair[-15:, -1, 0] - hair[-15:, 0, 0]  # tip minus root along the running direction (+X)
    assert trailing.mean() < -0.05, f"the ponytail tip should trail behind (got {trailing.mean():.3f} m)"
    assert "scarf" in performance.actor("runner").secondary
    still = _actor("still", 0.0, 0.0, [], hair_style="ponytail")
    hang = animate(_shot([still]), rng=np.random.default_rng(0)).actor("still").secondary["hair"]
    assert hang[-1, -1, 1] < hang[-1, 0, 1] - 0.08, "at rest the ponytail hangs down"
