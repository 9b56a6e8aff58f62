"""Extras on screen: drawn where the set was, counted as background in the instance mask."""

import numpy as np

from cinemotion.language import complete
from cinemotion.camera import film
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion.animate import animate
from cinemotion.render import render_frames

PROMPT = "A man walks along a city street while many pedestrians walk about, 0.5 seconds"


def _first_frame(extras: bool):
    storyboard = parse(PROMPT).model_copy(update={"width": 160, "height": 90})
    if not extras:
        storyboard.shots[0].environment.extras = 0
    shot = direct(complete(storyboard)).shots[0]
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    camera = film(shot, performance, rng=stream(shot.seed, "camera"))
    frames = render_frames(shot, performance, camera, workers=1, maps=("depth", "instance"))
    frame = next(frames)
    frames.close()
    return frame


def test_extras_are_drawn_in_front_of_the_set_and_left_out_of_the_cast_mask():
    crowd, empty = _first_frame(True), _first_frame(False)
    nearer = crowd.depth < empty.depth - 0.5  # something now stands in front of the set there
    assert nearer.sum() >= 10  # the pedestrians cover pixels at 160x90
    assert np.all(crowd.instance[nearer] == 0)  # background, not cast
    assert np.array_equal(crowd.instance > 0, empty.instance > 0)  # the cast's mask is unchanged
    assert np.abs(crowd.rgb[nearer].astype(int) - empty.rgb[nearer].astype(int)).max() > 20
