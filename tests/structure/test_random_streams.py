"""Independent random streams: adding an actor or a prop changes nothing that does not depend on it.

Each actor's body, gestures, face and springs draw from its own named stream of the shot's motion stream,
props from the shot's props stream (core/seeds.py); the first actor keeps its place when others join.
"""

import numpy as np

from cinemotion.body.skeleton import J
from cinemotion.language import complete
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.motion import animate
from cinemotion.spec.models import Action, Actor, Character, Environment, Prop, Shot, Storyboard

from jumps.jump_shots import joints_inside

ALICE = Actor(id="alice", character="alice", actions=[
    Action(kind="locomotion", verb="walk", start_s=0.0, end_s=1.2),
    Action(kind="gesture", verb="wave", start_s=1.2, end_s=2.0),
])
BOB = Actor(id="bob", description="a tall man", actions=[  # draws too: weight shifts when he stops, a wave
    Action(kind="locomotion", verb="jog", start_s=0.0, end_s=1.0),
    Action(kind="gesture", verb="wave", start_s=1.0, end_s=2.0),
])
BENCH = Prop(id="bench", kind="bench", position_m=[-6.0, 0.0, 3.0])  # behind her, off her path
CARL = Actor(id="carl", description="an athletic man", actions=[  # jogs beside her, then vaults what is in his way
    Action(kind="locomotion", verb="jog", start_s=0.0, end_s=0.8),
    Action(kind="jump", verb="vault", target="barrier", start_s=0.8, end_s=2.0),
])
BARRIER = Prop(id="barrier", kind="barrier", relation="over", size_m=[0.3, 1.0, 1.0])  # on his path, short of hers


def _storyboard(actors: list[Actor], props: list[Prop] = ()) -> Storyboard:
    return Storyboard(seed=11, fps=24, width=160, height=90, characters=[
        Character(id="alice", sex="female", hair_style="ponytail")], shots=[Shot(
        duration_s=2.0, actors=actors, environment=Environment(setting="park", effects=["wind"], props=list(props)))])


def _perform(actors: list[Actor], props: list[Prop] = ()):
    shot = direct(complete(_storyboard(actors, props))).shots[0]
    return shot, animate(shot, rng=stream(shot.seed, "motion"))


def _tracks(performance, actor_id: str) -> dict[str, np.ndarray]:
    motion = performance.actor(actor_id)
    tracks = {"joints": motion.joints, "rotations": motion.rotations, "face": motion.face, "hands": motion.hands}
    tracks |= {f"expression.{k}": v for k, v in motion.expression.items()}
    tracks |= {f"secondary.{k}": v for k, v in motion.secondary.items()}
    return tracks


def _assert_identical(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    changed = [k for k in a if a[k].tobytes() != b[k].tobytes()]
    assert not changed, f"changed: {changed}"


def test_a_second_actor_who_does_not_interact_changes_nothing_of_the_first():
    alone_shot, alone = _perform([ALICE])
    pair_shot, pair = _perform([ALICE, BOB])
    assert len(pair.actors) == 2 and np.ptp(pair.actor("bob").joints[:, 0, 0]) > 0.5  # bob really ran beside her
    assert _tracks(alone, "alice")["secondary.hair"].size  # her ponytail swung in the wind (springs draw from her stream)
    _assert_identical(_tracks(alone, "alice"), _tracks(pair, "alice"))
    assert [p.model_dump() for p in alone_shot.props] == [p.model_dump() for p in pair_shot.props]


def test_a_prop_off_the_path_changes_no_actor():
    _, bare = _perform([ALICE, BOB])
    _, dressed = _perform([ALICE, BOB], [BENCH])
    for actor_id in ("alice", "bob"):
        _assert_identical(_tracks(bare, actor_id), _tracks(dressed, actor_id))


def test_a_prop_in_the_way_changes_that_actor_only():
    _, bare = _perform([ALICE, CARL])
    shot, dressed = _perform([ALICE, CARL], [BARRIER])
    barrier = next(p for p in shot.props if p.id == "barrier")
    _assert_identical(_tracks(bare, "alice"), _tracks(dressed, "alice"))  # not in her way
    apex = {}
    for name, performance in (("bare", bare), ("dressed", dressed)):
        pelvis = performance.actor("carl").joints[:, 0]
        apex[name] = pelvis[pelvis[:, 1].argmax(), 0]
    # the vault moves to the barrier: its apex over the bar, not where a vault with nothing to clear peaks
    assert abs(apex["dressed"] - barrier.center[0]) < 0.3 < abs(apex["bare"] - barrier.center[0]), apex


CRATE = Prop(id="crate", kind="crate", position_m=[1.5, 0.5, 0.0])  # across her line, 1 m wide: clear of bob's


def test_a_prop_in_a_walkers_way_stops_her_short_of_it_and_changes_no_one_else():
    _, bare = _perform([ALICE, BOB])
    shot, blocked = _perform([ALICE, BOB], [CRATE])
    crate = next(p for p in shot.props if p.id == "crate")
    walked_through = joints_inside(bare.actor("alice").joints, crate.center, crate.size, crate.yaw_rad)
    assert len(walked_through), "the crate is in her way: without it she walks where it stands"
    inside = joints_inside(blocked.actor("alice").joints, crate.center, crate.size, crate.yaw_rad)
    assert not len(inside), f"{len(inside)} joint-frames inside the crate"
    walk = next(a for a in shot.actors[0].actions if a.kind == "locomotion")
    assert walk.end_s < 1.2  # her walk, ending at it, was ended before it, and the plan says so
    plan = direct(complete(_storyboard([ALICE, BOB], [CRATE])))
    assert any("alice's walk stops" in n and "crate" in n for n in plan.notes), plan.notes
    _assert_identical(_tracks(bare, "bob"), _tracks(blocked, "bob"))  # not in his way


def test_a_walk_that_carries_on_past_a_prop_in_its_way_steps_around_it():
    dora = Actor(id="dora", description="a woman", actions=[Action(kind="locomotion", verb="walk", start_s=0.0,
                                                                   end_s=4.0)])
    bench = Prop(id="bench", kind="bench", position_m=[2.5, 0.225, 0.3], size_m=[0.5, 0.45, 1.8])  # across her line
    storyboard = Storyboard(seed=11, fps=24, width=160, height=90, shots=[Shot(
        duration_s=4.0, actors=[dora], environment=Environment(setting="park", props=[bench]))])
    plan = direct(complete(storyboard))
    shot = plan.shots[0]
    joints = animate(shot, rng=stream(shot.seed, "motion")).actor("dora").joints
    placed = next(p for p in shot.props if p.id == "bench")
    inside = joints_inside(joints, placed.center, placed.size, placed.yaw_rad)
    assert not len(inside), f"{len(inside)} joint-frames inside the bench"
    assert joints[-1, J["pelvis"], 0] > placed.center[0] + 1.0  # she carried on past it, not stopped before it
    assert any("dora's walk steps around the bench" in n for n in plan.notes), plan.notes
    pelvis = joints[:, J["pelvis"]]
    assert np.linalg.norm(np.diff(pelvis[:, [0, 2]], axis=0), axis=1).max() * shot.fps < 2.0  # a walk, no jumps
