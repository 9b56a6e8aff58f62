"""The set's static light, baked once per shot (render/lightmap.py): the atlas holds, texel by texel,
the light the per-pixel shader used to sum every frame, and its charts cover the set exactly once."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan
from cinemotion.render.gl import create_context
from cinemotion.render.lightmap import ATLAS_SIZE, LIGHTMAP_FLOATS, chart_set
from cinemotion.render.materials import material_table
from cinemotion.render.scene import ShotRenderer

PROMPT = "A man walking down a city street at night, street lamps, wide shot, 1-second duration"


@pytest.fixture(scope="module")
def night_street():
    storyboard = parse(PROMPT, seed=7).model_copy(update={"width": 160, "height": 90})
    plan = direct(storyboard)
    performances, cameras = perform_plan(plan)
    renderer = ShotRenderer(create_context(), plan.shots[0], performances[0], cameras[0])
    lightmap = np.frombuffer(renderer.lightmap.read(), np.float16).reshape(ATLAS_SIZE, ATLAS_SIZE, 4).astype(float)
    yield renderer, lightmap
    renderer.release()


def _area(triangles: np.ndarray) -> float:
    p = triangles[:, :, :3].astype(float)
    return float(np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1).sum() / 2)


def _ambient_fill(renderer: ShotRenderer, normal: np.ndarray) -> np.ndarray:
    """lighting.glsl's ambient_fill in numpy: the sky and bounce hemisphere and the fill."""
    light = renderer.light
    return (light.ground_ambient + (light.sky_ambient - light.ground_ambient) * (normal[1] * 0.5 + 0.5)
            + light.fill_color * max((normal @ light.fill_dir + 0.5) / 1.5, 0.0))


def _practicals(renderer: ShotRenderer, world: np.ndarray, normal: np.ndarray, wrap: float) -> np.ndarray:
    """lighting.glsl's practical_diffuse summed over the shot's practicals, in numpy."""
    total = np.zeros(3)
    for p, reach in zip(renderer.points, renderer.light_reach):
        d = p.position - world
        dist2 = float(d @ d)
        to_light = d / np.sqrt(dist2)
        window = np.clip(1.0 - (dist2 / reach**2) ** 2, 0.0, 1.0)
        beam = max(-to_light[1], 0.0) ** p.downward if p.downward > 0 else 1.0
        lambert = max((normal @ to_light + wrap) / (1.0 + wrap), 0.0)
        total += p.color * lambert * window**2 / (1.0 + dist2) * beam
    return total


def test_the_atlas_holds_the_practicals_light_at_each_texel(night_street):
    renderer, lightmap = night_street
    assert len(renderer.points) >= 4, "a night street has its lamps on"
    triangles = renderer.set_vertices.reshape(-1, 3, LIGHTMAP_FLOATS)
    rng = np.random.default_rng(1)
    checked, worst = 0, 0.0
    for t in rng.permutation(len(triangles)):
        uv = triangles[t, :, 10:12].astype(float) * ATLAS_SIZE
        # a texel centre inside the triangle's chart, and its world point (interpolated as the bake's rasteriser does)
        centre = np.floor(uv.mean(axis=0)) + 0.5
        m = np.array([uv[1] - uv[0], uv[2] - uv[0]]).T
        if abs(np.linalg.det(m)) < 1.0:
            continue
        b1, b2 = np.linalg.solve(m, centre - uv[0])
        bary = np.array([1 - b1 - b2, b1, b2])
        if bary.min() < 0.02:
            continue
        world = bary @ triangles[t, :, :3]
        normal = bary @ triangles[t, :, 3:6]
        normal /= np.linalg.norm(normal)
        if normal @ (renderer.eye - world) < 0:
            normal = -normal
        wrap = float(material_table()[int(round(triangles[t, 0, 9])), 2])
        practicals = _practicals(renderer, world, normal, wrap)
        if practicals.max() < 0.02:
            continue   # out of every lamp's reach
        expected = _ambient_fill(renderer, normal) + practicals
        texel = lightmap[int(centre[1]), int(centre[0])]
        worst = max(worst, float(np.max(np.abs(texel[:3] - expected) / (expected.max() + 0.01))))
        assert 0.0 <= texel[3] <= 1.0, f"key shadow {texel[3]}"
        checked += 1
        if checked == 150:
            break
    assert checked == 150, f"only {checked} lit texels found"
    assert worst < 0.03, f"baked ambient, fill and practicals light off by up to {worst:.1%} of the texel's light"


def test_charts_cover_the_set_once_and_lie_in_the_atlas(night_street):
    renderer, _ = night_street
    source = renderer.set.vertices
    triangles = chart_set(source, np.array([renderer.eye])).reshape(-1, 3, LIGHTMAP_FLOATS)
    assert _area(triangles) == pytest.approx(_area(source.reshape(-1, 3, source.shape[1])), rel=1e-4)
    uv = triangles[:, :, 10:12]
    assert uv.min() >= 0.0 and uv.max() <= 1.0
    # no two charts share a texel: each triangle's texel rectangle (quads pair up, two per chart)
    lo = np.floor(uv.min(axis=1) * ATLAS_SIZE).astype(int)
    hi = np.ceil(uv.max(axis=1) * ATLAS_SIZE).astype(int)
    owner = np.zeros((ATLAS_SIZE, ATLAS_SIZE), np.int32)
    charts = {}
    for (x0, y0), (x1, y1) in zip(lo, hi):
        charts[(x0, y0, x1, y1)] = True
    for x0, y0, x1, y1 in charts:
        owner[y0:y1, x0:x1] += 1
    assert owner.max() == 1, "two charts overlap in the atlas"


def test_a_renderer_handed_the_baked_lightmap_renders_the_frames_of_one_that_baked_it(night_street):
    """A pool's other workers take their slot 0's bake (render/host.py LightmapHandover): the same texels and
    the same frames, bit for bit, as a renderer that baked its own; a torn handover is refused, not drawn."""
    baker, _ = night_street
    shot, performance, camera = baker.shot, baker.performance, baker.camera
    frames = (0, camera.n_frames - 1)
    with baker.ctx:  # each renderer draws in its own context, made current around its calls
        texels = baker.baked_lightmap()
        own = [baker.render(f).rgb.tobytes() for f in frames]
    handed = ShotRenderer(create_context(), shot, performance, camera, baked=lambda: texels)
    try:
        with handed.ctx:
            assert handed.baked_lightmap() == texels
            for f, expected in zip(frames, own):
                assert handed.render(f).rgb.tobytes() == expected, f"frame {f} differs"
    finally:
        handed.release()
    with pytest.raises(RuntimeError, match="incomplete"):
        ShotRenderer(create_context(), shot, performance, camera, baked=lambda: texels[:-8])
