"""The set's shadow over an actor's body, decided per frame (scene.py's _set_shadow): where it is the
same over the whole actor (in the open sun, or indoors under the ceiling) the body's program takes it
as a uniform instead of looking it up per pixel, and the frame's actor pixels are those the per-pixel
lookup gives."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer

PROMPTS = {
    "open sun": ("A man walking across an empty beach on a sunny afternoon, full body shot, 1-second duration", 1.0),
    "indoors": ("A woman walking in an office room on a sunny afternoon, full body shot, 1-second duration", 0.0),
}


@pytest.fixture(scope="module", params=sorted(PROMPTS))
def case(request):
    prompt, expected = PROMPTS[request.param]
    storyboard = parse(prompt, seed=7).model_copy(update={"width": 320, "height": 180})
    plan = direct(storyboard)
    performances, cameras = perform_plan(plan)
    assert plan.shots[0].look.body == "human"
    renderer = ShotRenderer(create_context(), plan.shots[0], performances[0], cameras[0], maps=("instance",))
    yield renderer, expected
    renderer.release()


def test_the_set_shadow_over_an_actor_is_decided_once_a_frame(case):
    renderer, expected = case
    frames = range(0, renderer.camera.n_frames, 6)
    decided = {renderer._set_shadow(lo, hi) for f in frames for lo, hi in renderer._actor_boxes(f)}
    assert decided == {expected}


def test_a_decided_set_shadow_draws_the_per_pixel_lookups_pixels(case):
    renderer, _ = case
    f = renderer.camera.n_frames // 2
    decided = renderer.render(f)
    renderer._set_shadow = lambda lo, hi: -1.0   # every actor looked up per pixel
    try:
        looked_up = renderer.render(f)
    finally:
        del renderer._set_shadow
    body = decided.instance > 0
    assert body.sum() > 500, "the actor is in frame"
    difference = np.abs(decided.rgb.astype(int) - looked_up.rgb.astype(int)).max(axis=2)
    assert difference[body].mean() < 0.5
    # above the feet, the same pixels; at the soles the per-pixel lookup also reads the ground beside
    # them as an occluder (its texels are 7 cm), which the decision leaves out
    rows = np.nonzero(body.any(axis=1))[0]
    above_feet = body & (np.arange(body.shape[0])[:, None] < rows.min() + 0.9 * (rows.max() - rows.min()))
    assert np.percentile(difference[above_feet], 99.5) <= 2
