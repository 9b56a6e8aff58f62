"""The decimated body the shadow map draws (model.clustered_proxy, render/human.py HumanDraw), its
back faces culled as the scene draws it, casts the full body's shadow: depth seen from the key light
within a centimetre or two of the full mesh's (both sides drawn), over the same silhouette."""

from __future__ import annotations

import moderngl
import numpy as np
from render_scenes import actor_motion, character

from cinemotion.render import gl
from cinemotion.render.gl import create_context
from cinemotion.render.human import FIGURES, HumanDraw, HumanRig
from cinemotion.render.scene import CONTACT_LAYER_M

MAP_PX = 512
RADIUS_M = 1.2  # the light's view: a sphere around the body (metres per depth unit: 3 radii)


def _shadow_depths(arm_raise_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Shadow-map depths (metres from the light's near plane; nan where empty) of the full mesh and the proxy."""
    ctx = create_context(threads=1)
    rig = HumanRig(actor_motion("mara", 2, arm_raise_deg=arm_raise_deg), character(), 1)
    draw = HumanDraw(ctx, [rig], {"N_LIGHTS": 1, "TILE_PX": 32, "MAX_TILE_LIGHTS": 6, "N_MATERIALS": 32,
                                  "CONTACT_LAYER_M": CONTACT_LAYER_M})
    light = gl.orthographic_light(np.array([0.4, 0.8, -0.45]), np.array([0.0, 0.9, 0.0]), RADIUS_M)
    full_prog = gl.program(ctx, "human.vert", "depth.frag", {"N_BONES": rig.bones.shape[1]})
    full = gl.vertex_array(ctx, full_prog, [(ctx.buffer(rig.bind_positions(0).tobytes()), [("3f", "in_pos")], False),
                                            (ctx.buffer(np.concatenate([rig.body.bone_index.astype("f4"),
                                                                        rig.body.bone_weight], axis=1).tobytes()),
                                             [("4f", "in_bones"), ("4f", "in_weights")], False)],
                           ctx.buffer(rig.triangles.tobytes()))
    depth = ctx.depth_texture((MAP_PX, MAP_PX))
    fbo = ctx.framebuffer(depth_attachment=depth)
    ctx.enable(moderngl.DEPTH_TEST)
    draw.update(0, 0.0)
    out = []
    # the full mesh both sides; the proxy as the scene's body shadow map draws it, back faces culled
    for prog, render, cull in ((full_prog, lambda: full.render(moderngl.TRIANGLES), False),
                               (draw.programs["shadow"], lambda: draw.draw("shadow"), True)):
        fbo.use()
        fbo.clear(depth=1.0)
        prog["u_view_proj"].write(gl.gl_matrix(light))
        prog["u_bones"].write(rig.bones_at(0).reshape(-1, 4).tobytes())
        if cull:
            ctx.enable(moderngl.CULL_FACE)
        render()
        ctx.disable(moderngl.CULL_FACE)
        z = np.frombuffer(depth.read(), np.float32).reshape(MAP_PX, MAP_PX).astype(float)
        out.append(np.where(z < 1.0, z * 3 * RADIUS_M, np.nan))
    ctx.release()
    return out[0], out[1]


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
