"""Post and particles measured on pixels: puffs blend over one another (none hides those behind it) and
fade where a surface cuts into them; the grade as one affine map is the grade step by step."""

from __future__ import annotations

import moderngl
import numpy as np
from render_scenes import look_at_camera, shot

from cinemotion.render import gl
from cinemotion.render.lighting import resolve_light
from cinemotion.render.look import grade_transform
from cinemotion.render.particles import FLOATS, PUFF, ParticleSystem

SIZE = (64, 64)
DEPTH_UNIT = 10


class _Ground:
    ground_y = 0.0


def _puffs(puffs: list[tuple[tuple[float, float, float], tuple[float, float, float]]], wall_m: float | None = None
           ) -> np.ndarray:
    """The RGB (linear) that puffs of 1 m at 0.5 opacity blend over black, drawn in the order given, seen
    from 5 m down the z axis; wall_m: a surface that far from the camera behind them (the aux target's
    view depth), else none drawn."""
    camera = look_at_camera([0.0, 1.0, 5.0], [0.0, 1.0, 0.0], 1, *SIZE)
    plan, performance, camera = shot([], camera, setting="studio")
    system = ParticleSystem(plan, performance, camera, _Ground(), np.random.default_rng(0))
    rows = np.zeros((len(puffs), FLOATS), "f4")
    for row, (position, color) in zip(rows, puffs):
        row[0:3], row[6], row[7:10], row[10], row[11] = position, 1.0, color, 0.5, PUFF
    system.instances = lambda t, light: rows
    ctx = gl.create_context()
    colour = ctx.texture(SIZE, 4, dtype="f4")
    fbo = ctx.framebuffer([colour], ctx.depth_renderbuffer(SIZE))
    fbo.use()
    fbo.clear(0.0, 0.0, 0.0, 0.0, depth=1.0)
    ctx.enable(moderngl.DEPTH_TEST)
    if wall_m is not None:
        aux = ctx.texture(SIZE, 4, np.tile([0.0, 0.0, wall_m, 0.0], SIZE[0] * SIZE[1]).astype("f4").tobytes(), dtype="f4")
        aux.filter = moderngl.NEAREST, moderngl.NEAREST
        aux.use(DEPTH_UNIT)
    view = gl.view_matrix(camera.rotation[0], camera.translation[0])
    proj = gl.projection_matrix(camera.fx[0], camera.fy[0], camera.cx, camera.cy, *SIZE, camera.near, camera.far)
    system.draw(ctx, 0, proj @ view, camera.position(0), resolve_light("studio", np.array([0.0, 0.0, -1.0])),
                DEPTH_UNIT if wall_m is not None else None)
    rgb = np.frombuffer(colour.read(), "f4").reshape(SIZE[1], SIZE[0], 4)[..., :3].copy()
    ctx.release()
    return rgb


def test_a_near_puff_does_not_hide_the_puffs_behind_it():
    # the near puff is drawn first: had it written its quad's depth, the far one would not show behind it
    rgb = _puffs([((0.0, 1.0, 2.0), (1.0, 0.0, 0.0)), ((0.0, 1.0, 0.0), (0.0, 1.0, 0.0))])
    centre = rgb[SIZE[1] // 2, SIZE[0] // 2]
    assert centre[1] > 0.4 and centre[0] > 0.1, centre
    # and no ring where a quad ends: just inside the near puff's rim its cover is nearly gone
    alone = _puffs([((0.0, 1.0, 2.0), (1.0, 1.0, 1.0))])
    row = alone[SIZE[1] // 2]
    assert row.max() > 0.4 and row[row > 0].min() < 0.01 * row.max(), row[:, 0]


def test_a_puff_fades_where_a_surface_cuts_into_it():
    # the puff is 3 m from the camera: a wall 5 cm behind its centre cuts it through the middle
    clear = _puffs([((0.0, 1.0, 2.0), (1.0, 1.0, 1.0))], wall_m=100.0)[SIZE[1] // 2, SIZE[0] // 2, 0]
    cut = _puffs([((0.0, 1.0, 2.0), (1.0, 1.0, 1.0))], wall_m=3.05)[SIZE[1] // 2, SIZE[0] // 2, 0]
    behind = _puffs([((0.0, 1.0, 2.0), (1.0, 1.0, 1.0))], wall_m=2.0)[SIZE[1] // 2, SIZE[0] // 2, 0]
    assert clear > 0.4 and 0.35 * clear < cut < 0.75 * clear and behind == 0.0, (clear, cut, behind)


def test_the_grade_as_one_affine_map_is_the_grade_step_by_step():
    rng = np.random.default_rng(3)
    colors = rng.random((50, 3))
    lift, gain, saturation, contrast = np.array([0.03, 0.02, 0.04]), np.array([1.0, 0.95, 0.9]), 0.85, 1.08
    step = (colors - 0.5) * contrast + 0.5
    luma = step @ np.array([0.2126, 0.7152, 0.0722])
    step = luma[:, None] + (step - luma[:, None]) * saturation
    step = lift + step * (gain - lift)
    matrix, offset = grade_transform(lift, gain, saturation, contrast)
    assert np.allclose(colors @ matrix.T + offset, step, atol=1e-12)
