"""Animals as simple figures: named in the prompt, moving with a gait behind the cast, drawn as background."""

import numpy as np
import pytest

from cinemotion.language import complete
from cinemotion.camera import film
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion.animate import animate
from cinemotion.render import render_frames
from cinemotion.render.animals import animal_rigs

PROMPT = "A man walks along a beach while a dog trots behind him and birds fly in the sky, 2 seconds"


def _perform(storyboard):
    shot = direct(complete(storyboard)).shots[0]
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    return shot, performance, film(shot, performance, rng=stream(shot.seed, "camera"))


@pytest.fixture(scope="module")
def performed():
    return _perform(parse(PROMPT))


def test_the_prompt_names_the_animals_and_a_negated_one_is_left_out():
    shot = parse(PROMPT).shots[0]
    assert shot.environment.animals == ["dog"] + ["bird"] * 6
    assert [a.id for a in shot.actors] == ["man"]
    assert any(n.startswith("animals: 'dog' drawn") for n in shot.notes)
    assert not any(n.startswith("ignored: the dog") for n in shot.notes)
    assert parse("A man walks along a beach, no dogs").shots[0].environment.animals == []
    assert parse("Three horses walk across a field while a man watches").shots[0].environment.animals == ["horse"] * 3
    assert parse("一个女孩在公园里散步，一只狗跟着她").shots[0].environment.animals == ["dog"]


def test_the_dog_trots_behind_the_cast_and_the_birds_fly_above(performed):
    shot, performance, camera = performed
    dog = next(m for m in performance.animals if m.kind == "dog")
    cast = performance.actors[0].root
    assert np.linalg.norm(dog.root[-1, [0, 2]] - dog.root[0, [0, 2]]) > 3.0  # ~2.2 m/s for 2 s
    assert np.linalg.norm(dog.root[:, [0, 2]] - cast[:, [0, 2]], axis=1).min() > 0.9
    lens = np.array([camera.position(f) for f in range(camera.n_frames)])
    assert np.all(np.linalg.norm(dog.root - lens, axis=1) > np.linalg.norm(cast - lens, axis=1))
    assert np.ptp(dog.root[:, 1]) > 0.01  # the back bobs with the stride
    # a trot: diagonal feet together, the two fore feet opposite
    rig = next(r for r in animal_rigs(shot, performance) if r.motion.kind == "dog")
    feet = np.array([rig.capsules(f)[-4:, 3:6] for f in range(shot.n_frames)])  # leg ends: LH, LF, RH, RF
    forward = (feet - dog.root[:, None]) @ rig.forward
    assert np.corrcoef(forward[:, 0], forward[:, 3])[0, 1] > 0.9  # LH with RF
    assert np.corrcoef(forward[:, 1], forward[:, 3])[0, 1] < -0.9  # LF against RF
    birds = [m for m in performance.animals if m.kind == "bird"]
    assert len(birds) == 6 and all(m.root[:, 1].min() > 2.0 for m in birds)


def test_animals_leave_the_cast_byte_for_byte(performed):
    _, with_animals, with_camera = performed
    alone = parse(PROMPT)
    alone.shots[0].environment.animals = []
    _, without, without_camera = _perform(alone)
    assert not without.animals
    assert with_animals.actors[0].joints.tobytes() == without.actors[0].joints.tobytes()
    assert with_camera.translation.tobytes() == without_camera.translation.tobytes()


def test_the_dog_is_drawn_as_background():
    board = parse(PROMPT).model_copy(update={"width": 160, "height": 90})
    frames = []
    for animals in (["dog"], []):
        board.shots[0].environment.animals = animals
        shot, performance, camera = _perform(board)
        stream = render_frames(shot, performance, camera, workers=1, maps=("depth", "instance"))
        frames.append(next(stream))
        stream.close()
    dog, empty = frames
    nearer = dog.depth < empty.depth - 0.3
    assert nearer.sum() >= 5
    assert np.all(dog.instance[nearer] == 0)
