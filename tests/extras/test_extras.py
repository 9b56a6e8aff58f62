"""Background people: placed behind the cast, moving on their own, never in the cast's way."""

import numpy as np
import pytest

from cinemotion.camera import film
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion.animate import animate

PROMPT = "A woman in a red coat walks along a city street while many pedestrians walk about, 2 seconds"


@pytest.fixture(scope="module")
def shot_and_performance():
    plan = direct(parse(PROMPT))
    shot = plan.shots[0]
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    return plan, shot, performance, film(shot, performance, rng=stream(shot.seed, "camera"))


def test_extras_are_placed_and_recorded(shot_and_performance):
    plan, shot, _, _ = shot_and_performance
    assert [a.id for a in shot.actors] == ["woman"]
    assert len(shot.extras) == shot.environment.extras >= 3
    assert any(n.startswith("extras:") and "capsule" in n for n in plan.notes)
    assert {e["activity"] for e in plan.model_dump()["shots"][0]["extras"]} == {"walk"}  # "walk about"


def test_what_the_extras_do_comes_from_their_verb():
    shot = direct(parse("A man walks through a station while crowds of commuters hurry past, 2 seconds")).shots[0]
    assert shot.environment.extras_activity == "jog"
    assert shot.extras and {e.activity for e in shot.extras} == {"jog"}
    assert [a.id for a in shot.actors] == ["man"]


def test_walking_extras_travel_and_the_lead_only_walks(shot_and_performance):
    _, shot, performance, _ = shot_and_performance
    walkers = [m for e, m in zip(shot.extras, performance.extras) if e.activity == "walk"]
    assert walkers
    for motion in walkers:
        travel = np.linalg.norm(motion.root[-1, [0, 2]] - motion.root[0, [0, 2]])
        assert travel > 1.5  # 2 s at a calm walk (~1.2 m/s)
        assert motion.joints.shape == (shot.n_frames, 22, 3)
        # legs swing: the ankles do not move in lockstep
        ankles = motion.joints[:, [7, 8], 0] - motion.root[:, None, 0]
        assert np.ptp(ankles[:, 0] - ankles[:, 1]) > 0.3
    assert [a.verb for a in shot.actors[0].actions] == ["walk"]
    assert [a.actor_id for a in performance.actors] == ["woman"]


def test_extras_never_come_near_the_cast_nor_between_it_and_the_lens(shot_and_performance):
    _, shot, performance, camera = shot_and_performance
    cast = performance.actors[0].root[:, [0, 2]]
    lens = np.array([camera.position(f)[[0, 2]] for f in range(camera.n_frames)])
    for motion in performance.extras:
        root = motion.root[:, [0, 2]]
        assert np.linalg.norm(root - cast, axis=1).min() > 0.9
        # further from the lens than the cast, every frame: background, never in front
        assert np.all(np.linalg.norm(root - lens, axis=1) > np.linalg.norm(cast - lens, axis=1) + 1.0)


def test_adding_extras_leaves_the_cast_byte_for_byte():
    storyboard = parse(PROMPT)
    alone = storyboard.model_copy(deep=True)
    alone.shots[0].environment.extras = 0
    runs = []
    for board in (storyboard, alone):
        shot = direct(board).shots[0]
        performance = animate(shot, rng=stream(shot.seed, "motion"))
        runs.append((shot, performance, film(shot, performance, rng=stream(shot.seed, "camera"))))
    (with_shot, with_perf, with_cam), (alone_shot, alone_perf, alone_cam) = runs
    assert len(with_perf.extras) > 0 and not alone_perf.extras
    assert with_shot.actors == alone_shot.actors
    assert with_perf.actors[0].joints.tobytes() == alone_perf.actors[0].joints.tobytes()
    assert with_cam.rotation.tobytes() == alone_cam.rotation.tobytes()
    assert with_cam.translation.tobytes() == alone_cam.translation.tobytes()
