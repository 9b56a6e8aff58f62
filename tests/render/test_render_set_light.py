"""The set's per-frame light without per-pixel loops over what doesn't reach a pixel (render/scene.py,
contact.frag, lighting.glsl): the actors' contact shadows drawn once per frame from above hold
Quilez's sphere occlusion of their body spheres, and the wet mirror images culled per tile leave
every frame as it is with every light listed in every tile."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.direct import direct
from cinemotion.language import complete, parse
from cinemotion.pipeline import perform_plan
from cinemotion.render import scene
from cinemotion.render.gl import create_context
from cinemotion.render.scene import CONTACT_LAYER_M, CONTACT_PX, OCCLUDER_REACH, ShotRenderer

SIZE = (240, 136)
PROMPT = "Two runners sprinting side by side down a wet city street in the rain at night, neon signs, 1-second duration"


@pytest.fixture(scope="module")
def rainy_street():
    storyboard = parse(PROMPT, seed=7).model_copy(update={"width": SIZE[0], "height": SIZE[1]})
    plan = direct(complete(storyboard))
    performances, cameras = perform_plan(plan)
    return plan.shots[0], performances[0], cameras[0]


def _quilez(spheres: np.ndarray, points: np.ndarray) -> np.ndarray:
    """contact.frag's occlusion of an upward surface at each point (P, 3), in numpy."""
    d = spheres[None, :, :3] - points[:, None]
    dist = np.linalg.norm(d, axis=2)
    r = spheres[None, :, 3]
    fade = np.clip(2.0 - 2.0 * dist / (OCCLUDER_REACH * r), 0.0, 1.0) * (dist >= r * 0.999)
    return np.prod(1.0 - np.clip(d[..., 1] / dist * r**2 / dist**2, 0.0, 1.0) * 0.9 * fade, axis=1)


def test_the_contact_texture_holds_the_spheres_occlusion_at_each_layer(rainy_street):
    renderer = ShotRenderer(create_context(), *rainy_street)
    try:
        f = 6
        box = renderer._draw_contact(f)
        texels = np.frombuffer(renderer.contact.read(), np.uint8).reshape(CONTACT_PX, CONTACT_PX, 4) / 255.0
        spheres = renderer._occluders(f).astype(float)
        ground_y = renderer.set.ground_y
    finally:
        renderer.release()
    rng = np.random.default_rng(3)
    ij = rng.integers(0, CONTACT_PX, size=(400, 2))
    xz = box[:2] + (ij[:, ::-1] + 0.5) / CONTACT_PX / box[2:]
    for layer in range(4):
        points = np.column_stack([xz[:, 0], np.full(len(xz), ground_y + layer * CONTACT_LAYER_M), xz[:, 1]])
        expected = _quilez(spheres, points)
        got = texels[ij[:, 0], ij[:, 1], layer]
        assert np.max(np.abs(got - expected)) < 0.01, f"layer {layer}: off by {np.max(np.abs(got - expected)):.3f}"
    # the ground right under the runners is darkened, beyond their reach it is not
    under = _quilez(spheres, np.column_stack([spheres[:, 0], np.full(len(spheres), ground_y), spheres[:, 2]]))
    assert under.min() < 0.6 and texels[0, 0, 0] > 0.99


def test_culled_mirror_tiles_leave_the_frame_as_with_every_light_in_every_tile(rainy_street, monkeypatch):
    monkeypatch.setattr(scene, "MAX_TILE_LIGHTS", scene.MAX_LIGHTS)   # no tile list full, either way
    frames, listed = {}, {}
    for culled in (True, False):
        renderer = ShotRenderer(create_context(), *rainy_street)
        try:
            if not culled:
                renderer._mirror_coverage = lambda view_proj, shape, n=len(renderer.points): np.ones((n, *shape), bool)
            vp = renderer._view_proj(12)[0]
            _, _, figures = renderer._capsules(12)
            mirror = renderer._light_tiles(vp, figures)[1]
            listed[culled] = mirror.reshape(*mirror.shape[:1], -1, scene.MAX_LIGHTS + 1)[..., 0].mean()
            frames[culled] = renderer.render(12).rgb.astype(int)
        finally:
            renderer.release()
    assert listed[False] > 4 * listed[True], f"mirrored lights per tile: {listed[True]:.2f} culled, {listed[False]:.2f} all"
    diff = np.abs(frames[True] - frames[False])
    assert diff.max() <= 2, f"culling the mirror tiles changed a pixel by {diff.max()} levels"
