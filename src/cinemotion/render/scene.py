"""One worker's renderer for a shot: the set uploaded once, then any frame on demand.

Per frame: 1. pose every actor's capsules (and where they were when the shutter opened);
2. shadow map of the bodies, fitted to what of them is in view (the set's own shadow map was
drawn once); 3. the multisampled scene at the shading resolution, nearest first (bodies, props,
the set in per-material batches, the sky where nothing else is, then particles) into HDR colour
and, when motion blur or depth of field need it, a velocity/depth buffer; 4. resolve; 5. post
(motion blur, depth of field, tone map, grade, grain), then a Catmull-Rom upsampling to the
output size; 6. read back; 7. control maps (depth, instance ids) from the same camera at the
output size, when asked.

Cost on llvmpipe (Mesa's CPU rasteriser): it runs the fragment shader on every fragment a
triangle covers and tests depth afterwards (a depth pre-pass, even with early_fragment_tests,
saved nothing), so what counts is fragments rasterised: closed solids (bodies, buildings) cull
their back faces, and the shading resolution is below the output's (render_scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import moderngl
import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.body.skeleton import J
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance
from cinemotion.render import gl
from cinemotion.render.body import ActorRig
from cinemotion.render.human import HumanDraw, HumanRig
from cinemotion.render.environment import EMPTY_PROPS, build_set, environment_table, prop_mesh, setting_name
from cinemotion.render.lighting import resolve_light
from cinemotion.render.look import coc_scale_px, grain_seed, post_settings
from cinemotion.render.materials import closed_patterns, material_id, material_patterns, material_table
from cinemotion.render.mesh import capsule_template
from cinemotion.render.particles import ParticleSystem, is_wet

MAX_POINTS = 8
BODY_POINTS = 4   # lamps that light the actors: the nearest few carry almost all of their light
MAX_OCCLUDERS = 96
SHADOW_SIZE = 2048       # the set's map, drawn once: up to 240 m across
BODY_SHADOW_SIZE = 2048  # the bodies', drawn every frame around what of them is in view
# Default shading budget: at least 1280x720 pixels, a quarter of the output above that. A 1080p
# frame is shaded at 2/3 scale, a 4K one at 1/2 (1920x1080), then upsampled (Catmull-Rom).
MIN_SHADED_PIXELS = 1280 * 720
SMALL_CAPSULE_M = 0.012  # capsules thinner than this (fingers, lips, brows, irises) get the coarse mesh
# Spheres (joint, radius / height) that darken what is under and beside a body: contact shadows.
OCCLUDERS = (("pelvis", 0.085), ("spine3", 0.09), ("head", 0.06), ("left_knee", 0.045), ("right_knee", 0.045),
             ("left_ankle", 0.04), ("right_ankle", 0.04), ("left_foot", 0.035), ("right_foot", 0.035))


@dataclass
class RenderedFrame:
    index: int
    rgb: np.ndarray                      # (H, W, 3) uint8
    depth: np.ndarray | None = None      # (H, W) float32 metres along the optical axis; inf: sky
    instance: np.ndarray | None = None   # (H, W) uint8: 0 background, k + 1 for shot.actors[k]


def render_scale(width: int, height: int) -> float:
    """Default internal resolution as a fraction of the output: native up to 1280x720, then
    max(1280x720, a quarter of the output) pixels: 1080p → 2/3, 1440p and 4K → 1/2."""
    pixels = width * height
    return min(1.0, float(np.sqrt(max(MIN_SHADED_PIXELS, pixels / 4) / pixels)))


def msaa_samples(width: int, height: int, ctx: moderngl.Context) -> int:
    # 4x up to 1080p; 2x above (4K has four times the pixels to cover the same edges)
    return min(ctx.max_samples, 4 if width * height <= 1920 * 1088 else 2)


class ShotRenderer:
    def __init__(self, ctx: moderngl.Context, shot: ShotPlan, performance: Performance, camera: CameraPath,
                 maps: tuple[str, ...] = (), scale: float | None = None):
        self.ctx, self.shot, self.performance, self.camera, self.maps = ctx, shot, performance, camera, maps
        self.size = (camera.width, camera.height)
        self.scale = render_scale(*self.size) if scale is None else float(np.clip(scale, 0.25, 1.0))
        self.internal = tuple(max(2, int(round(v * self.scale))) for v in self.size)
        rng = np.random.default_rng(shot.seed)
        # 1. the cast: who is actor k + 1, in the plan's order
        characters = {a.id: (k + 1, a.character) for k, a in enumerate(shot.actors)}
        human = shot.look.body == "human"
        self.rigs = [ActorRig(m, characters[m.actor_id][1], characters[m.actor_id][0], hair_only=human)
                     for m in performance.actors if m.actor_id in characters]
        self.humans = [HumanRig(m, characters[m.actor_id][1], characters[m.actor_id][0])
                       for m in performance.actors if m.actor_id in characters] if human else []
        # 2. light and set
        view = np.array([camera.rotation[f][2] for f in range(0, camera.n_frames, max(1, camera.n_frames // 12))])
        view_dir = view.mean(axis=0)
        env = shot.environment
        spec = environment_table()["settings"][setting_name(env.setting)]
        indoor = "interior" in spec or "room" in spec
        self.light = resolve_light(shot.look.lighting, view_dir / np.linalg.norm(view_dir), weather=env.weather,
                                   indoor=indoor, fog_boost=float(spec.get("fog_boost", 0.0)))
        self.set = build_set(shot, performance, camera, self.light, rng)
        self.post = post_settings(shot, camera)
        self.particles = ParticleSystem(shot, performance, camera, self.set, rng)
        self.wetness = 1.0 if is_wet(env) else 0.0
        self.moving_props = [p for p in performance.props if np.ndim(p.center) == 2 and p.kind not in EMPTY_PROPS]
        self._build_gl()
        self._draw_static_shadow()

    # -- GL resources ---------------------------------------------------------------------------
    def _build_gl(self) -> None:
        ctx = self.ctx
        center, _ = self._shadow_bounds()
        self.points = sorted(self.set.points, key=lambda p: float(np.linalg.norm(p[0] - center)))[:MAX_POINTS]
        defines = {"N_POINTS": len(self.points), "BODY_POINTS": min(len(self.points), BODY_POINTS),
                   "MAX_OCCLUDERS": MAX_OCCLUDERS, "N_MATERIALS": len(material_table())}
        # one surface program per material pattern in the set (see surface.frag's detail())
        patterns = material_patterns()
        set_patterns = patterns[self.set.vertices[:, 9].astype(int)]
        order = np.argsort(set_patterns, kind="stable")  # keeps near-to-far within a pattern
        self.set_vertices = self.set.vertices[order]
        kinds, starts, counts = np.unique(set_patterns[order], return_index=True, return_counts=True)
        self.set_batches = [(f"mesh:{k}", int(a), int(c)) for k, a, c in zip(kinds, starts, counts)]
        self.surface = {"mesh": gl.program(ctx, "mesh.vert", "surface.frag", defines),
                        "capsule": gl.program(ctx, "capsule.vert", "surface.frag", defines | {"PATTERN": -2}),
                        # the scalp shell alone discards (over the face): the rest of the body
                        # doesn't carry the test
                        "scalp": gl.program(ctx, "capsule.vert", "surface.frag", defines | {"PATTERN": -2, "SCALP": 1})}
        for key, _, _ in self.set_batches:
            self.surface[key] = gl.program(ctx, "mesh.vert", "surface.frag", defines | {"PATTERN": key[5:]})
        self.shadow = {"mesh": gl.program(ctx, "mesh.vert", "depth.frag"),
                       "capsule": gl.program(ctx, "capsule.vert", "depth.frag")}
        self.mapping = {"mesh": gl.program(ctx, "mesh.vert", "maps.frag"),
                        "capsule": gl.program(ctx, "capsule.vert", "maps.frag")}
        self.human_draw = HumanDraw(ctx, self.humans, defines) if self.humans else None
        if self.human_draw:  # its programs take the shared uniforms with the others
            for table, kind in ((self.surface, "surface"), (self.shadow, "shadow"), (self.mapping, "maps")):
                table["human"] = self.human_draw.programs[kind]
        self.sky = gl.program(ctx, "fullscreen.vert", "sky.frag")
        self.upscaled = self.internal != self.size
        self.post_prog = gl.program(ctx, "fullscreen.vert", "post.frag", {
            "MOTION_BLUR": int(self.post.shutter > 0), "DEPTH_OF_FIELD": int(bool(self.post.f_number)),
            "GRAIN": int(self.post.grain > 0), "FLIP": int(not self.upscaled)})
        tri = ctx.buffer(np.array([-1, -1, 3, -1, -1, 3], "f4"))
        self.sky_vao = ctx.vertex_array(self.sky, [(tri, "2f", "in_pos")])
        self.post_vao = ctx.vertex_array(self.post_prog, [(tri, "2f", "in_pos")])
        if self.upscaled:
            self.upscale_prog = gl.program(ctx, "fullscreen.vert", "upscale.frag")
            self.upscale_vao = ctx.vertex_array(self.upscale_prog, [(tri, "2f", "in_pos")])

        static = ctx.buffer(self.set_vertices.tobytes())
        self.static_vaos = self._mesh_vaos(static)
        attributes = [("3f", "in_pos"), ("3f", "in_normal"), ("3f", "in_color"), ("1f", "in_material")]
        self.set_batch_vaos = [(gl.vertex_array(ctx, self.surface[key], [(static, attributes, False)]), first, count,
                                int(key[5:]) in closed_patterns()) for key, first, count in self.set_batches]
        self.prop_vaos = []
        for prop in self.moving_props:
            self.prop_vaos.append(self._mesh_vaos(ctx.buffer(prop_mesh(prop, np.zeros(3)).tobytes())))

        # capsules in two levels of detail: a fine template for limbs, torso and head, a coarse
        # one for fingers and facial features (a few pixels across even in a close-up)
        sample = np.concatenate([r.capsules(0) for r in self.rigs]) if self.rigs else np.zeros((0, 21))
        # eyeballs keep the fine mesh: a close-up looks straight at them
        small = (np.maximum(sample[:, 6], sample[:, 7]) < SMALL_CAPSULE_M) & \
            (sample[:, 19].round().astype(int) != material_id("eye"))
        scalp = sample[:, 19].round().astype(int) == material_id("scalp_hair")
        self.capsule_groups = []
        for template, members, program in ((capsule_template(10, 16), np.nonzero(~small & ~scalp)[0], "capsule"),
                                           (capsule_template(6, 8), np.nonzero(small & ~scalp)[0], "capsule"),
                                           (capsule_template(10, 16), np.nonzero(scalp)[0], "scalp")):
            if not len(members):
                continue
            rows = ctx.buffer(reserve=len(members) * 21 * 4, dynamic=True)
            prev = ctx.buffer(reserve=len(members) * 6 * 4, dynamic=True)
            per_instance = [(ctx.buffer(template.tobytes()), [("3f", "in_dir"), ("1f", "in_end")], False),
                            (rows, [("3f", "in_a"), ("3f", "in_b"), ("4f", "in_shape"), ("3f", "in_side"),
                                    ("3f", "in_up"), ("3f", "in_color"), ("2f", "in_ids")], True),
                            (prev, [("3f", "in_prev_a"), ("3f", "in_prev_b")], True)]
            # the scalp shell casts no shadow: cut open over the face only as it is shaded, its
            # shadow would darken the face it covers (the head inside casts the body's shadow)
            vaos = {"surface": gl.vertex_array(ctx, self.surface[program], per_instance)}
            for k in ("shadow", "maps") if program != "scalp" else ("maps",):
                vaos[k] = gl.vertex_array(ctx, self._programs(k)["capsule"], per_instance)
            self.capsule_groups.append((members, rows, prev, vaos))

        # shadow maps: the set's (drawn once) and the bodies' (every frame)
        self.shadow_static = ctx.depth_texture((SHADOW_SIZE, SHADOW_SIZE))
        self.shadow_dynamic = ctx.depth_texture((BODY_SHADOW_SIZE, BODY_SHADOW_SIZE))
        for tex in (self.shadow_static, self.shadow_dynamic):
            tex.compare_func = "<="
            tex.filter = moderngl.LINEAR, moderngl.LINEAR  # hardware 2x2 PCF on each lookup
            tex.repeat_x = tex.repeat_y = False
        self.fbo_shadow_static = ctx.framebuffer(depth_attachment=self.shadow_static)
        self.occluder_texture = ctx.texture((MAX_OCCLUDERS, 1), 4, dtype="f4")
        self.occluder_texture.filter = moderngl.NEAREST, moderngl.NEAREST
        self.fbo_shadow_dynamic = ctx.framebuffer(depth_attachment=self.shadow_dynamic)

        w, h = self.internal
        samples = msaa_samples(w, h, ctx)
        # velocity (px) and depth (m) only where motion blur or depth of field read them
        targets = 2 if self.post.shutter > 0 or self.post.f_number else 1
        self.fbo_ms = ctx.framebuffer([ctx.renderbuffer((w, h), 4, samples=samples, dtype="f2")
                                       for _ in range(targets)], ctx.depth_renderbuffer((w, h), samples=samples))
        self.resolved_color = ctx.texture((w, h), 4, dtype="f2")
        self.resolved_aux = ctx.texture((w, h), 4, dtype="f2")  # half floats do for px and m
        resolved = [self.resolved_color, self.resolved_aux][:targets]
        for tex in resolved:
            tex.repeat_x = tex.repeat_y = False
            # post runs at the scene's resolution (exact texels); a last pass upsamples
            tex.filter = moderngl.NEAREST, moderngl.NEAREST
        self.fbo_resolved = ctx.framebuffer(resolved)
        if self.upscaled:
            self.post_image = ctx.texture((w, h), 4)
            self.post_image.repeat_x = self.post_image.repeat_y = False
            self.fbo_post = ctx.framebuffer([self.post_image])
        w, h = self.size
        self.fbo_out = ctx.framebuffer([ctx.renderbuffer((w, h), 4)])
        if self.maps:
            self.fbo_maps = ctx.framebuffer([ctx.renderbuffer((w, h), 1, dtype="f4"), ctx.renderbuffer((w, h), 1)],
                                            ctx.depth_renderbuffer((w, h)))
        self._set_constant_uniforms()

    def _programs(self, kind: str) -> dict:
        return {"surface": self.surface, "shadow": self.shadow, "maps": self.mapping}[kind]

    def _mesh_vaos(self, buffer) -> dict:
        attributes = [("3f", "in_pos"), ("3f", "in_normal"), ("3f", "in_color"), ("1f", "in_material")]
        return {k: gl.vertex_array(self.ctx, self._programs(k)["mesh"], [(buffer, attributes, False)])
                for k in ("surface", "shadow", "maps")}

    def _shadow_bounds(self) -> tuple[np.ndarray, float]:
        if not self.rigs:
            return self.set.center, 5.0
        pts = np.concatenate([r.motion.joints.reshape(-1, 3) for r in self.rigs])
        lo, hi = pts.min(axis=0) - 1.0, pts.max(axis=0) + 1.0
        return (lo + hi) / 2, float(np.linalg.norm(hi - lo) / 2)

    def _set_constant_uniforms(self) -> None:
        L = self.light
        static_radius = min(self.set.radius, 120.0)
        self.light_static = gl.orthographic_light(L.sun_dir, self.set.center, static_radius)
        points = self.points
        values = {
            "u_sun_dir": L.sun_dir, "u_sun_color": L.sun_color, "u_sky_ambient": L.sky_ambient,
            "u_ground_ambient": L.ground_ambient, "u_rim_dir": L.rim_dir, "u_rim_color": L.rim_color,
            "u_fog_color": L.fog_color, "u_fog_density": L.fog_density, "u_fog_height": L.fog_height,
            "u_wetness": self.wetness, "u_window_glow": L.window_glow, "u_horizon": L.horizon, "u_zenith": L.zenith,
            "u_viewport": self.internal, "u_shadow_softness": L.shadow_softness,
            "u_static_texel": 2 * static_radius / SHADOW_SIZE,
        }
        for prog in self.surface.values():
            for name, value in values.items():
                _set(prog, name, value)
            _set(prog, "u_shadow_static", 0)
            _set(prog, "u_shadow_dynamic", 1)
            _set(prog, "u_occluders", 2)
            _write(prog, "u_light_static", gl.gl_matrix(self.light_static))
            _write(prog, "u_materials", material_table().tobytes())
            _write(prog, "u_patterns", material_patterns().tobytes())
            if points:
                _write_array(prog, "u_point_pos", np.array([p for p, _ in points]))
                _write_array(prog, "u_point_color", np.array([c for _, c in points]))
        for name, value in {"u_horizon": L.horizon, "u_zenith": L.zenith, "u_sun_dir": L.sun_dir,
                            "u_sun_color": L.sun_color, "u_sun_size": 0.0004, "u_stars": L.stars,
                            "u_clouds": L.clouds, "u_viewport": self.internal,
                            "u_ground_far": L.fog_color}.items():
            _set(self.sky, name, value)
        p = self.post
        for name, value in {"u_viewport": self.internal, "u_exposure": L.exposure,
                            "u_lift": np.array(p.lift) + np.array(L.grade["lift"]),
                            "u_gain": np.array(p.gain) * np.array(L.grade["gain"]),
                            "u_saturation": p.saturation * L.grade["saturation"],
                            "u_contrast": p.contrast * L.grade["contrast"], "u_vignette": p.vignette,
                            "u_grain": p.grain, "u_max_coc": p.max_blur_px * self.scale,
                            "u_blur_reach": 0.02 * self.internal[0],
                            "u_color": 0, "u_aux": 1}.items():
            _set(self.post_prog, name, value)

    def _draw_static_shadow(self) -> None:
        self.fbo_shadow_static.use()
        self.fbo_shadow_static.clear(depth=1.0)
        self.ctx.enable(moderngl.DEPTH_TEST)
        prog = self.shadow["mesh"]
        _write(prog, "u_view_proj", gl.gl_matrix(self.light_static))
        _identity_model(prog)
        self.static_vaos["shadow"].render()

    # -- per frame ------------------------------------------------------------------------------
    def _capsules(self, f: int) -> tuple[np.ndarray, np.ndarray]:
        """This frame's capsule rows and their ends at the shutter's opening."""
        if not self.rigs:
            return np.zeros((0, 21), "f4"), np.zeros((0, 6), "f4")
        rows = np.concatenate([r.capsules(f) for r in self.rigs])
        ends = rows[:, 0:6]
        if self.post.shutter > 0 and self.camera.n_frames > 1:
            g = f - 1 if f > 0 else f + 1
            other = np.concatenate([r.capsules(g) for r in self.rigs])[:, 0:6]
            k = self.post.shutter / 2 * (1.0 if f > 0 else -1.0)
            ends = ends + (other - ends) * k
        return rows, np.ascontiguousarray(ends, dtype="f4")

    def _view_proj(self, f: float) -> tuple[np.ndarray, np.ndarray]:
        c = self.camera
        i = int(np.floor(f))
        j = min(i + 1, c.n_frames - 1)
        t = f - i
        view = gl.view_matrix(c.rotation[i], c.translation[i]) * (1 - t) + gl.view_matrix(c.rotation[j], c.translation[j]) * t
        fx = c.fx[i] * (1 - t) + c.fx[j] * t
        fy = c.fy[i] * (1 - t) + c.fy[j] * t
        proj = gl.projection_matrix(fx, fy, c.cx, c.cy, c.width, c.height, c.near, c.far)
        return proj @ view, view

    def _body_light(self, f: int) -> tuple[np.ndarray, float]:
        """The bodies' shadow map for this frame: a light frustum around the parts of them in view
        now (the whole path would spread the map's texels over the length of a run)."""
        if not self.rigs:
            return gl.orthographic_light(self.light.sun_dir, self.set.center, 5.0), 10.0 / BODY_SHADOW_SIZE
        pts = np.concatenate([r.motion.joints[f] for r in self.rigs])
        # only the joints in view (with a margin): a close-up's map spends its texels on the face
        uv, z = self.camera.project(f, pts)
        margin = np.array([self.camera.width, self.camera.height]) * 0.25
        seen = (z > 0) & np.all((uv > -margin) & (uv < np.array(self.size) + margin), axis=1)
        if seen.any():
            pts = pts[seen]
        lo, hi = pts.min(axis=0) - 0.35, pts.max(axis=0) + 0.35
        radius = float(np.linalg.norm(hi - lo) / 2)
        return gl.orthographic_light(self.light.sun_dir, (lo + hi) / 2, radius), 2 * radius / BODY_SHADOW_SIZE

    def _occluders(self, f: int) -> np.ndarray:
        spheres = [np.append(r.motion.joints[f, J[j]], k * r.height) for r in self.rigs for j, k in OCCLUDERS]
        return np.array(spheres[:MAX_OCCLUDERS], "f4").reshape(-1, 4)

    def render(self, f: int) -> RenderedFrame:
        ctx = self.ctx
        rows, prev_ends = self._capsules(f)
        n = len(rows)
        for members, row_buffer, prev_buffer, _ in self.capsule_groups:
            row_buffer.write(np.ascontiguousarray(rows[members], dtype="f4").tobytes())
            prev_buffer.write(np.ascontiguousarray(prev_ends[members], dtype="f4").tobytes())
        view_proj, view = self._view_proj(f)
        shutter_open = max(f - self.post.shutter / 2, 0.0) if f > 0 else f
        prev_view_proj = self._view_proj(shutter_open)[0] if self.post.shutter > 0 else view_proj
        if f == 0 and self.post.shutter > 0 and self.camera.n_frames > 1:
            ahead = self._view_proj(min(self.post.shutter / 2, self.camera.n_frames - 1))[0]
            prev_view_proj = view_proj - (ahead - view_proj)
        cam_pos = self.camera.position(f)
        prop_models = [self._prop_model(p, f) for p in self.moving_props]

        # 2. the bodies' shadow map
        ctx.enable(moderngl.DEPTH_TEST)
        ctx.disable(moderngl.BLEND)
        self.fbo_shadow_dynamic.use()
        self.fbo_shadow_dynamic.clear(depth=1.0)
        light_dynamic, dynamic_texel = self._body_light(f)
        for prog in self.shadow.values():
            _write(prog, "u_view_proj", gl.gl_matrix(light_dynamic))
        # slope-scaled offset: limbs the light grazes don't shadow themselves (acne)
        ctx.polygon_offset = 2.0, 2.0
        if self.human_draw:
            self.human_draw.update(f, shutter_open)
            self.human_draw.draw("shadow")
        self._draw_capsules("shadow")
        for vaos, (model, _) in zip(self.prop_vaos, prop_models):
            _write(self.shadow["mesh"], "u_model", gl.gl_matrix(model))
            vaos["shadow"].render()
        ctx.polygon_offset = 0.0, 0.0

        # 3. the scene, multisampled, at the internal resolution
        self.fbo_ms.use()
        self.fbo_ms.clear(0.0, 0.0, 0.0, 1.0, depth=1.0)
        ctx.enable(moderngl.DEPTH_TEST)
        self.shadow_static.use(0)
        self.shadow_dynamic.use(1)
        occluders = self._occluders(f) if self.rigs else np.zeros((0, 4), "f4")
        if len(occluders):
            self.occluder_texture.write(np.ascontiguousarray(occluders, "f4").tobytes(), viewport=(len(occluders), 1))
        self.occluder_texture.use(2)
        for prog in self.surface.values():
            _write(prog, "u_view_proj", gl.gl_matrix(view_proj))
            _write(prog, "u_prev_view_proj", gl.gl_matrix(prev_view_proj))
            _set(prog, "u_camera_pos", cam_pos)
            _set(prog, "u_n_occluders", len(occluders))
            _write(prog, "u_light_dynamic", gl.gl_matrix(light_dynamic))
            _set(prog, "u_dynamic_texel", dynamic_texel)
            if len(occluders):
                lo, hi = occluders[:, :3].min(axis=0), occluders[:, :3].max(axis=0)
                _set(prog, "u_occluder_bounds", [*(lo + hi) / 2, np.linalg.norm(hi - lo) / 2 + 2.5])
        # nearest first (a GPU's early depth test then spares what is hidden): bodies, props, the
        # set (sorted near to far at build time), then the sky into whatever is left. Capsules
        # are closed: their far halves are culled, as llvmpipe would shade them before the depth
        # test threw them away
        ctx.enable(moderngl.CULL_FACE)
        if self.human_draw:
            self.human_draw.draw("surface")
        self._draw_capsules("surface")
        ctx.disable(moderngl.CULL_FACE)
        for vaos, (model, prev_model) in zip(self.prop_vaos, prop_models):
            _write(self.surface["mesh"], "u_model", gl.gl_matrix(model))
            _write(self.surface["mesh"], "u_prev_model", gl.gl_matrix(prev_model))
            vaos["surface"].render()
        for prog in self.surface.values():
            _identity_model(prog)
        for vao, first, count, closed in self.set_batch_vaos:
            if closed:
                ctx.enable(moderngl.CULL_FACE)
            vao.render(first=first, vertices=count)
            ctx.disable(moderngl.CULL_FACE)
        ctx.depth_func = "<="
        inv = np.linalg.inv(view_proj)
        prev_rot = prev_view_proj.copy()
        prev_rot[:, 3] = [0, 0, 0, 0]
        _write(self.sky, "u_inv_view_proj", gl.gl_matrix(inv))
        _write(self.sky, "u_prev_view_proj_rot", gl.gl_matrix(prev_rot))
        self.sky_vao.render()
        ctx.depth_func = "<"
        self.particles.draw(ctx, f, view_proj, cam_pos, self.light)

        # 4. resolve, 5. post, 6. read back
        ctx.copy_framebuffer(self.fbo_resolved, self.fbo_ms)
        (self.fbo_post if self.upscaled else self.fbo_out).use()
        ctx.disable(moderngl.DEPTH_TEST)
        ctx.disable(moderngl.BLEND)
        if self.post.f_number:
            _set(self.post_prog, "u_focus", float(self.camera.focus_distance_m[f]))
            _set(self.post_prog, "u_coc_scale", coc_scale_px(self.camera, f, self.post.f_number) * self.scale)
        if self.post.grain:
            _set(self.post_prog, "u_grain_seed", grain_seed(self.shot, f))
        self.resolved_color.use(0)
        self.resolved_aux.use(1)
        self.post_vao.render()
        if self.upscaled:
            self.fbo_out.use()
            self.post_image.use(0)
            self.upscale_vao.render()
        w, h = self.size
        rgb = np.empty((h, w, 3), np.uint8)  # a writable array of its own, whoever holds the frame
        self.fbo_out.read_into(rgb, components=3, alignment=1)
        frame = RenderedFrame(index=f, rgb=rgb)
        if self.maps:
            frame.depth, frame.instance = self._control_maps(view_proj, view, prop_models, n)
        return frame

    def _draw_capsules(self, kind: str) -> None:
        for members, _, _, vaos in self.capsule_groups:
            if kind in vaos:
                vaos[kind].render(instances=len(members))

    def _prop_model(self, prop, f: int) -> tuple[np.ndarray, np.ndarray]:
        centers = np.asarray(prop.center)
        model = np.eye(4)
        model[:3, 3] = centers[min(f, len(centers) - 1)]
        prev = np.eye(4)
        prev[:3, 3] = centers[max(min(f, len(centers) - 1) - 1, 0)] * self.post.shutter / 2 + \
            model[:3, 3] * (1 - self.post.shutter / 2)
        return model, prev

    def _control_maps(self, view_proj, view, prop_models, n) -> tuple[np.ndarray | None, np.ndarray | None]:
        ctx = self.ctx
        self.fbo_maps.use()
        self.fbo_maps.clear(depth=1.0)
        ctx.enable(moderngl.DEPTH_TEST)
        for prog in self.mapping.values():
            _write(prog, "u_view_proj", gl.gl_matrix(view_proj))
            _write(prog, "u_view", gl.gl_matrix(view))
        _identity_model(self.mapping["mesh"])
        self.static_vaos["maps"].render()
        for vaos, (model, _) in zip(self.prop_vaos, prop_models):
            _write(self.mapping["mesh"], "u_model", gl.gl_matrix(model))
            vaos["maps"].render()
        self._draw_capsules("maps")
        if self.human_draw:
            self.human_draw.draw("maps")
        w, h = self.size
        depth = instance = None
        if "depth" in self.maps:
            raw = np.frombuffer(self.fbo_maps.read(components=1, attachment=0, dtype="f4"), np.float32)
            depth = raw.reshape(h, w)[::-1].copy()
            depth[depth <= 0] = np.inf
        if "instance" in self.maps:
            raw = np.frombuffer(self.fbo_maps.read(components=1, attachment=1), np.uint8)
            instance = raw.reshape(h, w)[::-1].copy()
        return depth, instance

    def release(self) -> None:
        self.ctx.release()


def _set(prog: moderngl.Program, name: str, value) -> None:
    if name not in prog:
        return
    if isinstance(value, int):
        prog[name].value = value
        return
    arr = np.asarray(value, dtype="f4")
    prog[name].value = tuple(arr.tolist()) if arr.ndim else float(arr)


def _write(prog: moderngl.Program, name: str, data: bytes) -> None:
    if name in prog:
        prog[name].write(data)


def _write_array(prog: moderngl.Program, name: str, values: np.ndarray) -> None:
    if name not in prog:
        return
    capacity = prog[name].array_length  # the compiler may trim elements the shader never reads
    width = values.shape[1]
    padded = np.zeros((capacity, width), "f4")
    padded[: len(values)] = values[:capacity]
    prog[name].write(padded.tobytes())


def _identity_model(prog: moderngl.Program) -> None:
    eye = gl.gl_matrix(np.eye(4))
    for name in ("u_model", "u_prev_model"):
        if name in prog:
            prog[name].write(eye)
