"""The decimated body the shadow map draws (model.clustered_proxy, render/human.py HumanDraw), its
back faces culled as the scene draws it, casts the full body's shadow: depth seen from the key light
within a centimetre or two of the full mesh's (both sides drawn), over the same silhouette."""

from __future__ import annotations

import moderngl
import numpy as np
from render_scenes import actor_motion, character

from cinemotion.render import gl
from cinemotion.render.gl import create_context
from cinemotion.render.human import FIGURES, HumanDraw, HumanRig, surface_cell
from cinemotion.render.scene import CONTACT_LAYER_M, RAIN_SOAKED_NY

MAP_PX = 512
RADIUS_M = 1.2  # the light's view: a sphere around the body (metres per depth unit: 3 radii)


DEFINES = {"N_LIGHTS": 1, "N_ACTORS": 1, "TILE_PX": 32, "MAX_TILE_LIGHTS": 6, "N_MATERIALS": 32,
           "CONTACT_LAYER_M": CONTACT_LAYER_M, "RAIN_SOAKED_NY": RAIN_SOAKED_NY}


def _depths(rig: HumanRig, meshes: list[tuple[np.ndarray | None, np.ndarray, bool]], direction) -> list[np.ndarray]:
    """Depths (metres from the view's near plane; nan where empty) of the rig's body seen along a
    direction in an orthographic view of RADIUS_M around it, one map per (vertices kept or None,
    triangles over them, back faces culled) mesh."""
    ctx = create_context(threads=1)
    prog = gl.program(ctx, "human.vert", "depth.frag", {"N_BONES": rig.bones.shape[1]})
    view = gl.orthographic_light(np.asarray(direction, float), np.array([0.0, 0.9, 0.0]), RADIUS_M)
    skin = np.concatenate([rig.body.bone_index.astype("f4"), rig.body.bone_weight], axis=1)
    depth = ctx.depth_texture((MAP_PX, MAP_PX))
    fbo = ctx.framebuffer(depth_attachment=depth)
    ctx.enable(moderngl.DEPTH_TEST)
    prog["u_view_proj"].write(gl.gl_matrix(view))
    prog["u_bones"].write(rig.bones_at(0).reshape(-1, 4).tobytes())
    out = []
    for keep, triangles, cull in meshes:
        kept = slice(None) if keep is None else keep
        vao = gl.vertex_array(ctx, prog, [(ctx.buffer(np.ascontiguousarray(rig.bind_positions(0)[kept]).tobytes()),
                                           [("3f", "in_pos")], False),
                                          (ctx.buffer(np.ascontiguousarray(skin[kept]).tobytes()),
                                           [("4f", "in_bones"), ("4f", "in_weights")], False)],
                              ctx.buffer(np.ascontiguousarray(triangles, dtype="i4").tobytes()))
        fbo.use()
        fbo.clear(depth=1.0)
        if cull:
            ctx.enable(moderngl.CULL_FACE)
        vao.render(moderngl.TRIANGLES)
        ctx.disable(moderngl.CULL_FACE)
        z = np.frombuffer(depth.read(), np.float32).reshape(MAP_PX, MAP_PX).astype(float)
        out.append(np.where(z < 1.0, z * 3 * RADIUS_M, np.nan))
    ctx.release()
    return out


def _shadow_depths(arm_raise_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Shadow-map depths of the full mesh (both sides drawn) and of the proxy as the scene's body
    shadow map draws it, back faces culled."""
    rig = HumanRig(actor_motion("mara", 2, arm_raise_deg=arm_raise_deg), character(), 1)
    keep, triangles = HumanDraw.proxy(rig, FIGURES.shadow_proxy_cell_m.value)
    full, proxy = _depths(rig, [(None, rig.triangles, False), (keep, triangles, True)], [0.4, 0.8, -0.45])
    return full, proxy


def test_the_proxy_is_a_fraction_of_the_body():
    rig = HumanRig(actor_motion("mara", 2), character(), 1)
    keep, triangles = HumanDraw.proxy(rig, FIGURES.shadow_proxy_cell_m.value)
    assert len(keep) < 0.3 * len(rig.bind) and len(triangles) < 0.35 * len(rig.triangles)
    assert np.array_equal(keep, np.unique(keep)) and triangles.max() == len(keep) - 1


def test_proxy_shadow_falls_where_the_body_is():
    for arms in (0.0, 80.0):
        full, proxy = _shadow_depths(arms)
        covered_full, covered_proxy = ~np.isnan(full), ~np.isnan(proxy)
        # the same silhouette, to within its edge pixels (a texel is 4.7 mm here)
        assert (covered_full ^ covered_proxy).sum() < 0.03 * covered_full.sum(), arms
        both = covered_full & covered_proxy
        gap = np.abs(full[both] - proxy[both])
        assert np.median(gap) < 0.005 and np.percentile(gap, 95) < 0.01, (arms, np.median(gap),
                                                                          np.percentile(gap, 95))


def test_a_body_small_in_frame_draws_fewer_triangles_with_the_same_outline():
    """The colour pass's level of detail (human.surface_cell): a body at 2 cm a shading pixel (a wide
    shot's) draws a third of the triangles, a close-up's (half a millimetre) the full mesh; clustered
    at one pixel, the body seen at that pixel size has the full mesh's outline and depth."""
    rig = HumanRig(actor_motion("mara", 2, arm_raise_deg=30.0), character(), 1)
    draw = HumanDraw(create_context(threads=1), [rig, rig], DEFINES, [0.02, 0.0005])
    (_, wide), (_, close) = draw.actors
    assert close["surface"][0] is None
    assert len(wide["surface"][0]) < 0.35 * len(rig.bind)
    pixel_m = 2 * RADIUS_M / MAP_PX  # 4.7 mm: the body 370 px tall, a full-body shot's size at 1080p
    keep, triangles = HumanDraw.proxy(rig, surface_cell(pixel_m))
    assert len(triangles) < 0.8 * len(rig.triangles)
    full, lod = _depths(rig, [(None, rig.triangles, True), (keep, triangles, True)], [0.0, 0.1, 1.0])
    covered_full, covered_lod = ~np.isnan(full), ~np.isnan(lod)
    outline = (covered_full ^ covered_lod).sum() / covered_full.sum()
    both = covered_full & covered_lod
    gap = np.abs(full[both] - lod[both])
    assert outline < 0.005 and np.percentile(gap, 99) < pixel_m, (outline, np.percentile(gap, 99))
