"""The set's batches, each drawn by a program without the shading its triangles can't need: those
that can't be wet (scene.py's _may_be_wet) without the wet shading (in the rain the road is wet and
the facades' walls are not, a dry shot's set is dry but for water), and each frame those out of the
actors' reach (_near_actors) without their contact and body shadows. The frames are those of every
triangle drawn with all of it."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan
from cinemotion.render.gl import create_context
from cinemotion.render.lightmap import LIGHTMAP_FLOATS
from cinemotion.render.materials import material_id
from cinemotion.render.scene import ShotRenderer

RAIN = "A man running down a city street in the rain at night, neon signs, 1-second duration"
DRY = "A man running down a city street at night, neon signs, 1-second duration"


def _renderer(prompt: str) -> ShotRenderer:
    plan = direct(parse(prompt, seed=7).model_copy(update={"width": 256, "height": 144}))
    performances, cameras = perform_plan(plan)
    return ShotRenderer(create_context(), plan.shots[0], performances[0], cameras[0])


def _wet_by_material(renderer: ShotRenderer) -> dict[str, set[bool]]:
    triangles = renderer.set_vertices.reshape(-1, 3, LIGHTMAP_FLOATS)
    wet = renderer._may_be_wet(renderer.set_vertices)
    return {name: set(wet[triangles[:, 0, 9].round() == material_id(name)].tolist()) for name in ("asphalt", "facade")}


@pytest.fixture(scope="module")
def rain():
    renderer = _renderer(RAIN)
    yield renderer
    renderer.release()


def test_in_the_rain_the_road_is_wet_and_the_walls_are_not(rain):
    by_material = _wet_by_material(rain)
    assert by_material["asphalt"] == {True}
    assert False in by_material["facade"], "the facades' walls are dry"
    dry_keys = [key for key, _, _ in rain.set_batches if key.endswith(":0")]
    assert dry_keys, "the dry triangles are drawn in batches of their own"


def test_a_dry_shots_set_is_dry():
    renderer = _renderer(DRY)
    try:
        assert renderer.wetness == 0.0
        assert not renderer._may_be_wet(renderer.set_vertices).any()
    finally:
        renderer.release()


def test_the_dry_batches_draw_the_wet_programs_pixels(rain, monkeypatch):
    frames = (0, rain.camera.n_frames - 1)
    with rain.ctx:
        drawn = [rain.render(f).rgb for f in frames]
    monkeypatch.setattr(ShotRenderer, "_may_be_wet", lambda self, vertices: np.ones(len(vertices) // 3, bool))
    every_batch_wet = _renderer(RAIN)
    try:
        with every_batch_wet.ctx:
            for f, rgb in zip(frames, drawn):
                # the same pixels but where two of the set's surfaces meet, which the batches' draw
                # order decides
                difference = np.abs(rgb.astype(int) - every_batch_wet.render(f).rgb.astype(int)).max(axis=2)
                assert (difference > 0).mean() < 0.001
    finally:
        every_batch_wet.release()


def test_the_set_out_of_the_actors_reach_draws_the_near_programs_pixels(rain):
    frames = (0, rain.camera.n_frames - 1)
    with rain.ctx:
        drawn = [rain.render(f).rgb for f in frames]
        near = rain._near_actors(*rain._body_light(0)[:1], rain._draw_contact(0))
        assert 0 < near.sum() < 0.2 * len(near), "the ground about the actor is near it, the street beyond is not"
        rain._near_actors = lambda light, box: np.ones(len(rain.set_corners) // 3, bool)
        try:
            for f, rgb in zip(frames, drawn):
                assert np.array_equal(rgb, rain.render(f).rgb)
        finally:
            del rain._near_actors
