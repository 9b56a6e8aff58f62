"""One worker's renderer for a shot: the set uploaded once, then any frame on demand.

Once per shot: the set's shadow map, then its static light baked into a lightmap atlas
(lightmap.py: ambient, fill, the practicals' diffuse light and the set's own key shadow, texel
by texel). Per frame: 1. pose every actor's capsules (and where they were when the shutter opened);
2. shadow map of the bodies, fitted to what of them is in view; the actors' contact shadows seen
from above (contact.frag, one small texture the set reads with one fetch); the practicals'
screen-tile lists (for the bodies and moving props, the lights reaching what of them a tile
holds; for the baked set, only the lights whose wet mirror image may show there); 3. the scene at
the shading resolution, one sample per pixel, nearest first (bodies, each by a program without
the set's shadow lookup where that shadow is the same over all of it; props; the set in per-material
batches, split into the triangles that may be wet and those that can't, and each frame into those
the actors' shadows may reach and the rest, each drawn by a program without what its triangles
can't need; the sky where nothing else is; then particles) into HDR colour and, when
motion blur, depth of field or control maps need it, a velocity/depth/instance target; 4. post
(_build_post): the bloom's glow and motion blur's fastest velocity nearby at quarter size, motion
blur and depth of field at half size, then at the shading size white balance, exposure, tone map,
grade and grain, and FXAA in the screen tiles the blur doesn't cover whole; 5. a bilinear
resampling to the output size; 6. read back; 7. control maps (depth, instance ids) read from the
scene pass's second target, at the output size.

Cost on llvmpipe (Mesa's CPU rasteriser): it runs the fragment shader on every fragment a
triangle covers and tests depth afterwards (a depth pre-pass, even with early_fragment_tests,
saved nothing), so what counts is fragments rasterised: closed solids (bodies, buildings) cull
their back faces, and the shading resolution is below the output's (render_scale). Inside a shader
it skips nothing but a loop's later turns, where no pixel of a block is still in the loop (an `if`,
even on a uniform, and a `discard` run for every pixel, masked: hence programs compiled without
what a batch can't need): the blur's gathers are loops of 0 taps where a pixel needs none, and
FXAA is drawn only on the tiles that need it (tiles.vert).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import moderngl
import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.body.skeleton import J
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance
from cinemotion.render import gl
from cinemotion.render.animals import animal_rigs
from cinemotion.render.body import ActorRig
from cinemotion.render.human import HumanDraw, HumanRig
from cinemotion.render.environment import EMPTY_PROPS, build_set, environment_table, prop_mesh, setting_name
from cinemotion.render.extras import extras_rigs
from cinemotion.render.lighting import LUMA, resolve_light
from cinemotion.render.lightmap import ATLAS_SIZE, LIGHTMAP_FLOATS, chart_set
from cinemotion.render.look import coc_scale_px, grade_transform, grain_rms, grain_seed, looks_table, post_settings
from cinemotion.render.materials import closed_patterns, material_id, material_patterns, material_table
from cinemotion.render.mesh import capsule_template
from cinemotion.render.particles import ParticleSystem, is_wet

MAX_LIGHTS = 24       # practicals of the set given to the shader, the brightest at the actors first
PREVIEW_LIGHTS = 8    # --preview: the practicals that light the actors most (the rest are skipped)
TILE_PX = 32          # screen tiles of the light lists (shading pixels)
MAX_TILE_LIGHTS = 6   # lights one tile may take (the brightest there first)
# the practicals lit per pixel on an actor (the strongest at its centre: their falloff and direction
# change across the body); the rest go into its irradiance probe (lighting.glsl, u_probe)
PROBE_PIXEL_LIGHTS = 2
# a practical's reach: where its light falls under this share of the light on the actors (the
# shader's window then fades it to 0 there), and at most this far
LIGHT_CUTOFF = 0.04
MAX_LIGHT_REACH_M = 30.0
# bounds of lighting.glsl's wet mirror images, for culling them per tile: the blur of the roughest
# wet surface (the rain soaks upward ones 0.6 of the way to roughness 0.08: 0.01 + 0.1 × 0.41), and
# how far above the ground a wet surface may lie (kerbs, steps) and still find its mirrored lights
MIRROR_BLUR = 0.051
MIRROR_HEIGHT_M = 0.3
MAX_OCCLUDERS = 96  # engineering budget: contact-shadow spheres of the shot's actors
CONTACT_PX = 128    # engineering budget: the contact-shadow texture's texels a side (4 cm over two runners)
CONTACT_LAYER_M = 0.3  # engineering budget: its layers' spacing above the ground (0 … 0.9 m: ground, seats, tables)
MESH_ATTRIBUTES = [("3f", "in_pos"), ("3f", "in_normal"), ("3f", "in_color"), ("1f", "in_material")]
SKY_DEPTH_M = 5.0e4   # the sky writes 6e4 m as its depth (sky.frag): beyond this is 'no surface'
# the post passes' inputs: texture units above the scene pass's (0-7), so theirs are never disturbed
POST_UNITS = {"u_color": 8, "u_color_filtered": 9, "u_aux": 10, "u_packed": 11, "u_velocity": 12, "u_glow": 13,
              "u_overlay": 14, "u_coverage": 15, "u_copy": 16, "u_image": 17}
# rows of a resampled output drawn and read back at a time: a 4K frame's output target 8 MB instead of 33
# (the target is the only one the size of the output; memory, issue 17)
READBACK_BAND_ROWS = 540
FXAA_TILE_PX = 32  # FXAA's screen tiles (shading pixels): those the blur covers whole are not drawn

SHADOW_SIZE = 2048       # the set's map, drawn once: up to 240 m across
BODY_SHADOW_SIZE = 1024  # the bodies', drawn every frame around what of them is in view
PREVIEW_BODY_SHADOW_SIZE = 1024  # --preview: a 480p frame needs a quarter of the texels
# Default shading budget: at least 1280x720 pixels, a quarter of the output above that. A 1080p
# frame is shaded at 2/3 scale, a 4K one at 1/2 (1920x1080), then upsampled (Catmull-Rom).
MIN_SHADED_PIXELS = 1280 * 720
SMALL_CAPSULE_M = 0.012  # capsules thinner than this (fingers, lips, brows, irises) get the coarse mesh


class SceneFigures(Figures):
    occluders: Figure[dict[str, float]]
    occluder_reach_radii: Figure[float]
    body_shadow_taps: Figure[list[list[float]]]
    actor_margin_m: Figure[float]
    rain_soaked_ny: Figure[float]


# Spheres (joint, radius / height) that darken what is under and beside a body: contact shadows.
SCENE_FIGURES = load_table("render/scene.yaml", SceneFigures)
OCCLUDERS = tuple(SCENE_FIGURES.occluders.value.items())
OCCLUDER_REACH = SCENE_FIGURES.occluder_reach_radii.value  # where a sphere's darkening ends, in its radii
BODY_SHADOW_TAPS = SCENE_FIGURES.body_shadow_taps.value   # (texel / pixel up to, taps) of the bodies' shadow
ACTOR_MARGIN_M = SCENE_FIGURES.actor_margin_m.value  # an actor's flesh, hair and hands beyond its joints
RAIN_SOAKED_NY = SCENE_FIGURES.rain_soaked_ny.value  # in the rain, surfaces facing up more than this are wet


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


def shading_fraction(width: int, height: int, scale: float | None) -> float:
    """The shading resolution as a fraction of the output's: `scale` within 0.25–1, None: render_scale's."""
    return render_scale(width, height) if scale is None else float(np.clip(scale, 0.25, 1.0))


class ShotRenderer:
    def __init__(self, ctx: moderngl.Context, shot: ShotPlan, performance: Performance, camera: CameraPath,
                 maps: tuple[str, ...] = (), scale: float | None = None, preview: bool = False,
                 baked: Callable[[], bytes] | None = None, maps_size: tuple[int, int] | None = None):
        """maps_size: the control maps' width and height (None: the frame's).
        preview: the cheap passes, for iterating on a prompt: no motion blur, depth of field,
        bloom or FXAA, and only the PREVIEW_LIGHTS practicals nearest the actors lighting the
        bodies (the set's lightmap and its wet mirror images have them all); the same motion,
        camera, set and exposure as the final render.
        baked: where another renderer of the same shot hands over its `baked_lightmap()` (the set's light is
        the same in every worker: baked once a shot, not once a worker); None: baked here."""
        self._prepare(shot, performance, camera, maps, scale, preview, maps_size)
        self.start(ctx, baked)

    @classmethod
    def prepared(cls, shot: ShotPlan, performance: Performance, camera: CameraPath, maps: tuple[str, ...] = (),
                 scale: float | None = None, preview: bool = False,
                 maps_size: tuple[int, int] | None = None) -> "ShotRenderer":
        """The renderer without its GL objects until start(): the cast's rigs, the light, the set and its
        lightmap charts, all CPU work. A render worker host prepares a shot once, before it forks the
        shot's workers, and each of them inherits it and starts it on its own context."""
        renderer = cls.__new__(cls)
        renderer._prepare(shot, performance, camera, maps, scale, preview, maps_size)
        return renderer

    def start(self, ctx: moderngl.Context, baked: Callable[[], bytes] | None = None) -> None:
        """The GL side on `ctx`: programs, the set's buffers, its shadow map and lightmap (`baked` as in __init__)."""
        self.ctx = ctx
        self._build_gl()
        self._draw_static_shadow()
        self.lightmap = self._lightmap_from(baked()) if baked else self._bake_lightmap()

    def _prepare(self, shot: ShotPlan, performance: Performance, camera: CameraPath, maps: tuple[str, ...],
                 scale: float | None, preview: bool, maps_size: tuple[int, int] | None) -> None:
        self.shot, self.performance, self.camera, self.maps = shot, performance, camera, maps
        self.preview = preview
        # seconds per pass summed over frames, when a benchmark asks (each pass then waits for the GPU)
        self.pass_seconds: dict[str, float] | None = None
        self.pass_cpu_seconds: dict[str, float] = {}  # the same passes' CPU time, all threads (a shared machine's honest figure)
        self._pass_started = self._pass_cpu_started = 0.0
        self.size = (camera.width, camera.height)
        self.maps_size = maps_size or self.size
        self.scale = shading_fraction(*self.size, scale)
        self.internal = tuple(max(2, int(round(v * self.scale))) for v in self.size)
        rng = np.random.default_rng(shot.seed)
        # 1. the cast: who is actor k + 1, in the plan's order
        characters = {a.id: (k + 1, a.character) for k, a in enumerate(shot.actors)}
        self.n_actors = max(len(shot.actors), 1)   # the shaders' probe slots (lighting.glsl's N_ACTORS)
        human = shot.look.body == "human"
        self.rigs = [ActorRig(m, characters[m.actor_id][1], characters[m.actor_id][0], hair_only=human)
                     for m in performance.actors if m.actor_id in characters]
        self.humans = [HumanRig(m, characters[m.actor_id][1], characters[m.actor_id][0])
                       for m in performance.actors if m.actor_id in characters] if human else []
        # background people and animals: capsule figures drawn with the cast, lit as set dressing
        self.extra_rigs = extras_rigs(shot, performance) + animal_rigs(shot, performance)
        # 2. light and set
        view = np.array([camera.rotation[f][2] for f in range(0, camera.n_frames, max(1, camera.n_frames // 12))])
        view_dir = view.mean(axis=0)
        env = shot.environment
        spec = environment_table()["settings"][setting_name(env.setting)]
        indoor = "interior" in spec or "room" in spec
        self.light = resolve_light(shot.look.lighting, view_dir / np.linalg.norm(view_dir), weather=env.weather,
                                   indoor=indoor, fog_boost=float(spec.get("fog_boost", 0.0)))
        self.set = build_set(shot, performance, camera, self.light, rng)
        subject_light = self._subject_light()
        self.exposure = self.light.exposure_for(subject_light)
        self.subject_luma = float(subject_light @ LUMA)
        self.post = post_settings(shot, camera)
        if preview:
            self.post = replace(self.post, shutter=0.0, f_number=None)
        self.particles = ParticleSystem(shot, performance, camera, self.set, rng, lit_by=subject_light)
        self.wetness = 1.0 if is_wet(env) else 0.0
        self.moving_props = [p for p in performance.props if np.ndim(p.center) == 2 and p.kind not in EMPTY_PROPS]
        self._chart_set()

    def _chart_set(self) -> None:
        """The practicals in the order the shaders take them, and the set charted for its lightmap."""
        center, _ = self._shadow_bounds()
        # the practicals that matter most at the actors first: those a tile keeps when it is full
        def at_actors(p) -> float:
            return float(p.color.max()) / (1.0 + float(np.sum((p.position - center) ** 2)))

        self.points = sorted(self.set.points, key=at_actors, reverse=True)[:MAX_LIGHTS]
        # all of them are baked into the set's lightmap (once: no cost per frame) and mirrored in wet
        # ground; a preview lights the bodies (per pixel, through the tiles) with fewer
        self.tile_lights = min(len(self.points), PREVIEW_LIGHTS if self.preview else MAX_LIGHTS)
        reach = np.sqrt([p.color.max() / (LIGHT_CUTOFF * self.subject_luma) for p in self.points])
        self.light_reach = np.minimum(reach, MAX_LIGHT_REACH_M)
        # one surface program per material pattern in the set (see surface.frag's detail())
        patterns = material_patterns()
        # the set with its lightmap coordinates (its static light is baked once: _bake_lightmap)
        path = np.array([self.camera.position(f) for f in range(0, self.camera.n_frames,
                                                                 max(1, self.camera.n_frames // 24))])
        charted = chart_set(self.set.vertices, path)
        set_patterns = patterns[charted[:, 9].astype(int)]
        # and per pattern, its triangles that may be wet apart from those that can't: these are drawn
        # without the wet shading (mirror images, mirrored sky), which llvmpipe runs, masked, for
        # every pixel of a program that has it
        wet = np.repeat(self._may_be_wet(charted), 3)
        batch = set_patterns * 2 + wet
        order = np.argsort(batch, kind="stable")  # keeps near-to-far within a batch
        self.set_vertices = charted[order]
        self.eye = path.mean(axis=0)
        kinds, starts, counts = np.unique(batch[order], return_index=True, return_counts=True)
        self.set_batches = [(f"mesh:{k // 2}:{k % 2}", int(a), int(c)) for k, a, c in zip(kinds, starts, counts)]

    # -- GL resources ---------------------------------------------------------------------------
    def _build_gl(self) -> None:
        ctx = self.ctx
        defines = {"N_LIGHTS": len(self.points), "TILE_PX": TILE_PX, "MAX_TILE_LIGHTS": MAX_TILE_LIGHTS,
                   "N_ACTORS": self.n_actors,
                   "CONTACT_LAYER_M": f"{CONTACT_LAYER_M:.4f}", "N_MATERIALS": len(material_table()),
                   "RAIN_SOAKED_NY": f"{RAIN_SOAKED_NY:.4f}"}
        self.surface = {"mesh": gl.program(ctx, "mesh.vert", "surface.frag", defines),
                        "capsule": gl.program(ctx, "capsule.vert", "surface.frag", defines | {"PATTERN": -2}),
                        # the scalp shell alone discards (over the face): the rest of the body
                        # doesn't carry the test
                        "scalp": gl.program(ctx, "capsule.vert", "surface.frag", defines | {"PATTERN": -2, "SCALP": 1})}
        # and each batch twice: its triangles that the actors' contact shadows or the bodies' shadow
        # may reach this frame, and the rest, drawn without those lookups (_near_actors)
        for key, _, _ in self.set_batches:
            pattern, wet = key.split(":")[1:]
            for near in (1, 0):
                self.surface[f"{key}:{near}"] = gl.program(ctx, "mesh.vert", "surface.frag", defines | {
                    "PATTERN": pattern, "BAKED": 1, "WET": wet, "NEAR_ACTORS": near})
        self.bake_prog = gl.program(ctx, "lightmap.vert", "lightmap.frag", defines)
        self.contact_prog = gl.program(ctx, "fullscreen.vert", "contact.frag", {
            "MAX_OCCLUDERS": MAX_OCCLUDERS, "OCCLUDER_REACH": f"{OCCLUDER_REACH:.4f}",
            "CONTACT_LAYER_M": f"{CONTACT_LAYER_M:.4f}"})
        self.shadow = {"mesh": gl.program(ctx, "mesh.vert", "depth.frag"),
                       "capsule": gl.program(ctx, "capsule.vert", "depth.frag")}
        self.human_draw = HumanDraw(ctx, self.humans, defines, [self._pixel_m(h.motion.joints) for h in self.humans],
                                    self.preview) if self.humans else None
        if self.human_draw:  # its programs take the shared uniforms with the others
            self.surface["human"] = self.human_draw.programs["surface"]
            self.surface["human_known"] = self.human_draw.programs["surface_known"]
            self.shadow["human"] = self.human_draw.programs["shadow"]
        self.sky = gl.program(ctx, "fullscreen.vert", "sky.frag")
        self.fullscreen = ctx.buffer(np.array([-1, -1, 3, -1, -1, 3], "f4"))  # one triangle over the screen
        self.sky_vao = ctx.vertex_array(self.sky, [(self.fullscreen, "2f", "in_pos")])
        self.bloom_levels = bloom_levels(self.internal) if self.light.bloom > 0 and not self.preview else 0
        self.contact_vao = ctx.vertex_array(self.contact_prog, [(self.fullscreen, "2f", "in_pos")])

        static = ctx.buffer(self.set_vertices.tobytes())
        attributes = MESH_ATTRIBUTES + [("2f", "in_lightmap")]
        self.static_shadow_vao = gl.vertex_array(ctx, self.shadow["mesh"], [(static, attributes, False)])
        self.bake_vao = gl.vertex_array(ctx, self.bake_prog, [(static, attributes, False)])
        # the set's triangles, near the actors first in each batch, indexed anew every frame
        self.set_index = ctx.buffer(reserve=len(self.set_vertices) * 4, dynamic=True)
        self.set_batch_vaos = [({near: gl.vertex_array(ctx, self.surface[f"{key}:{near}"], [(static, attributes, False)],
                                                       self.set_index) for near in (1, 0)},
                                first, count, int(key.split(":")[1]) in closed_patterns())
                               for key, first, count in self.set_batches]
        corners = self.set_vertices.reshape(-1, 3, LIGHTMAP_FLOATS)
        self.set_corners = np.ascontiguousarray(self.set_vertices[:, :3], "f4")   # (3T, 3)
        # each triangle's box in x and z, for the contact shadows' box
        self.set_xz = np.concatenate([corners[:, :, [0, 2]].min(axis=1), corners[:, :, [0, 2]].max(axis=1)], axis=1)
        # what the contact shadows may darken: not a wall (contact_occlusion: n.y > 0, as turned to the camera), low enough
        self.set_contact = (np.abs(corners[:, :, 4]).max(axis=1) > 0) & \
            (corners[:, :, 1].min(axis=1) <= self.set.ground_y + 4 * CONTACT_LAYER_M)
        self.prop_vaos = []
        for prop in self.moving_props:
            self.prop_vaos.append(self._mesh_vaos(ctx.buffer(prop_mesh(prop, np.zeros(3)).tobytes())))

        # capsules in two levels of detail: a fine template for limbs, torso and head, a coarse
        # one for fingers and facial features (a few pixels across even in a close-up)
        drawn = self.rigs + self.extra_rigs
        sample = np.concatenate([r.capsules(0) for r in drawn]) if drawn else np.zeros((0, 21))
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
            if program != "scalp":
                vaos["shadow"] = gl.vertex_array(ctx, self.shadow["capsule"], per_instance)
            self.capsule_groups.append((members, rows, prev, vaos))

        # shadow maps: the set's (drawn once) and the bodies' (every frame)
        self.shadow_static = ctx.depth_texture((SHADOW_SIZE, SHADOW_SIZE))
        self.body_shadow_size = PREVIEW_BODY_SHADOW_SIZE if self.preview else BODY_SHADOW_SIZE
        self.shadow_dynamic = ctx.depth_texture((self.body_shadow_size, self.body_shadow_size))
        for tex in (self.shadow_static, self.shadow_dynamic):
            tex.compare_func = "<="
            tex.filter = moderngl.LINEAR, moderngl.LINEAR  # hardware 2x2 PCF on each lookup
            tex.repeat_x = tex.repeat_y = False
        self.fbo_shadow_static = ctx.framebuffer(depth_attachment=self.shadow_static)
        self.contact = ctx.texture((CONTACT_PX, CONTACT_PX), 4)
        self.contact.repeat_x = self.contact.repeat_y = False
        self.fbo_contact = ctx.framebuffer([self.contact])
        self.fbo_shadow_dynamic = ctx.framebuffer(depth_attachment=self.shadow_dynamic)

        w, h = self.internal
        # one sample per pixel, straight into the textures post reads: edges are smoothed as the image
        # is tone-mapped (FXAA in the post pass), which costs a fraction of 4x multisampling in HDR
        # velocity (px), view depth (m) and instance id only where motion blur, depth of field or
        # the control maps read them; full floats for the maps' depth
        targets = 2 if self.post.shutter > 0 or self.post.f_number or self.maps else 1
        self.scene_color = ctx.texture((w, h), 4, dtype="f2")
        self.scene_aux = ctx.texture((w, h), 4, dtype="f4" if self.maps else "f2")
        for tex in (self.scene_color, self.scene_aux):
            tex.repeat_x = tex.repeat_y = False
        self.scene_aux.filter = moderngl.NEAREST, moderngl.NEAREST
        # filtered: the post passes read it between texels (a sampler of their own reads it unfiltered);
        # with the bloom, its mipmap levels too (blurred copies at 1/4 … 1/32 size: the lens' glow)
        self.scene_color.filter = moderngl.LINEAR_MIPMAP_NEAREST if self.bloom_levels else moderngl.LINEAR, moderngl.LINEAR
        scene_depth = ctx.depth_renderbuffer((w, h))
        self.fbo_scene = ctx.framebuffer([self.scene_color, self.scene_aux][:targets], scene_depth)
        # the particles blend over the colour alone; where the aux target is drawn they read its view
        # depth to fade where a surface cuts into them (a target can't be read while it is drawn to:
        # hence a framebuffer without it)
        self.fbo_particles = ctx.framebuffer([self.scene_color], scene_depth)
        self.soft_particles = targets > 1
        self.scene_masks = self.fbo_scene.color_mask
        self.depth_only = ((False,) * 4,) * targets if targets > 1 else (False,) * 4
        tiles = -(-w // TILE_PX), -(-h // TILE_PX)
        self.light_tiles = ctx.texture((tiles[0] * (MAX_TILE_LIGHTS + 1), tiles[1]), 1, dtype="f4")
        self.light_tiles.filter = moderngl.NEAREST, moderngl.NEAREST
        self.mirror_tiles = ctx.texture(self.light_tiles.size, 1, dtype="f4")
        self.mirror_tiles.filter = moderngl.NEAREST, moderngl.NEAREST
        self._build_post()
        self._set_constant_uniforms()

    def _build_post(self) -> None:
        """The passes after the scene, each into its own target, in order: the glow (quarter size)
        where there is bloom; where there is motion blur or depth of field, the fastest velocity
        nearby (quarter size), the blur's input and the blur (half size), and then each screen tile's
        share of the sharp image; post (the shading size,
        into the output where that is the same size); FXAA, in the tiles where the sharp image shows;
        the resampling to the output size where it is larger. Their inputs stay on texture units 8 and
        up, which the scene pass leaves alone."""
        ctx = self.ctx
        w, h = self.internal

        def target(size: tuple[int, int], components: int, dtype: str, filtered: bool = True) -> moderngl.Texture:
            texture = ctx.texture(size, components, dtype=dtype)
            texture.repeat_x = texture.repeat_y = False
            texture.filter = (moderngl.LINEAR,) * 2 if filtered else (moderngl.NEAREST,) * 2
            return texture

        def fullscreen(fragment: str, defines: dict[str, int]) -> tuple[moderngl.Program, moderngl.VertexArray]:
            prog = gl.program(ctx, "fullscreen.vert", fragment, defines)
            self.post_programs.append(prog)
            return prog, ctx.vertex_array(prog, [(self.fullscreen, "2f", "in_pos")])

        def add(name: str, attachments: list, vao: moderngl.VertexArray, **draw) -> None:
            self.post_passes.append((name, ctx.framebuffer(attachments), vao, draw))

        def use(name: str, texture) -> None:
            self.post_inputs.append((POST_UNITS[name], texture))

        lens = {"MOTION_BLUR": int(self.post.shutter > 0), "DEPTH_OF_FIELD": int(bool(self.post.f_number))}
        self.blurs = any(lens.values())
        resample = self.internal != self.size
        fxaa = not self.preview
        self.post_programs: list[moderngl.Program] = []
        self.post_passes: list[tuple[str, moderngl.Framebuffer, moderngl.VertexArray, dict]] = []
        self.post_inputs: list[tuple[int, moderngl.Texture | moderngl.Sampler]] = []
        use("u_color", ctx.sampler(repeat_x=False, repeat_y=False, filter=(moderngl.NEAREST, moderngl.NEAREST),
                                   texture=self.scene_color))
        use("u_color_filtered", self.scene_color)
        use("u_aux", self.scene_aux)
        quarter = (max(1, w // 4), max(1, h // 4))
        overlay = None   # what post adds to the sharp image (premultiplied), where something is added
        if self.bloom_levels:
            overlay = target(quarter, 4, "f2")
            add("glow (quarter size)", [overlay], fullscreen("glow.frag", {"BLOOM_LEVELS": self.bloom_levels})[1])
        if self.blurs:
            if lens["MOTION_BLUR"]:
                velocity = target(quarter, 2, "f2")
                add("velocity (quarter size)", [velocity], fullscreen("velocity.frag", {})[1])
                use("u_velocity", velocity)
            # colour with depth and speed packed: one lookup a tap
            half = (max(1, w // 2), max(1, h // 2))
            packed = target(half, 4, "f4", filtered=False)
            add("blur input (half size)", [packed], fullscreen("blur_input.frag", {})[1])
            use("u_packed", packed)
            if overlay is not None:
                use("u_glow", overlay)
            overlay = target(half, 4, "f2")
            self.blur_prog, vao = fullscreen("blur.frag", lens | {"BLOOM": int(self.bloom_levels > 0)})
            add("blur (half size)", [overlay], vao)
        if overlay is not None:
            use("u_overlay", overlay)
        # FXAA's tiles, and (behind the blur) how much of the sharp image each shows
        self.fxaa_tiles = tiles = (-(-w // FXAA_TILE_PX), -(-h // FXAA_TILE_PX))
        cull = fxaa and self.blurs
        if cull:
            coverage = target(tiles, 1, "f2", filtered=False)
            add("fxaa tiles", [coverage], fullscreen("coverage.frag", {})[1])
            use("u_coverage", coverage)
        self.post_prog, post = fullscreen("post.frag", {"OVERLAY": int(overlay is not None), "FXAA": int(fxaa),
                                                        "GRAIN": int(self.post.grain > 0), "FLIP": int(not resample)})
        # resampled, the output is drawn and read back a band of rows at a time (render)
        self.band_rows = min(self.size[1], READBACK_BAND_ROWS) if resample else self.size[1]
        self.fbo_out = ctx.framebuffer([ctx.renderbuffer((self.size[0], self.band_rows), 4)])
        image = target((w, h), 4, "f1") if resample else self.fbo_out.color_attachments[0]
        if fxaa:
            copy = target((w, h), 4, "f1")
            add("post", [image, copy], post)
            use("u_copy", copy)
            prog = gl.program(ctx, "tiles.vert", "fxaa.frag", {"CULL": int(cull), "FLIP": int(not resample),
                                                                 "SHARPEN": int(resample)})
            self.post_programs.append(prog)
            corners = ctx.buffer(np.array([0, 0, 1, 0, 0, 1, 1, 1], "f4"))
            add("fxaa", [image], ctx.vertex_array(prog, [(corners, "2f", "in_corner")]),
                mode=moderngl.TRIANGLE_STRIP, instances=tiles[0] * tiles[1])
        else:
            add("post", [image], post)
        self.resample_vao = None
        if resample:
            use("u_image", image)
            self.resample_vao = fullscreen("finish.frag", {})[1]

    def _programs(self, kind: str) -> dict:
        return {"surface": self.surface, "shadow": self.shadow}[kind]

    def _mesh_vaos(self, buffer) -> dict:
        return {k: gl.vertex_array(self.ctx, self._programs(k)["mesh"], [(buffer, MESH_ATTRIBUTES, False)])
                for k in ("surface", "shadow")}

    def _may_be_wet(self, vertices: np.ndarray) -> np.ndarray:
        """(T,) bool per triangle of the set's vertices: may surface.frag shade it wet? In the rain,
        where its pattern wets it (asphalt's puddles) or its normal, as interpolated and turned to the
        camera, may face up or down more than RAIN_SOAKED_NY (the rain soaks it); water always."""
        patterns = material_patterns()
        pattern = patterns[vertices[::3, 9].astype(int)]
        normals = vertices[:, 3:6].reshape(-1, 3, 3).astype(float)
        # an interpolated normal is at least sqrt(m) long before it is normalised, for m the least
        # cosine between the corners' normals: its |y| stays under max |y| / sqrt(m)
        m = np.min([np.einsum("ij,ij->i", normals[:, a], normals[:, b]) for a, b in ((0, 1), (1, 2), (0, 2))], axis=0)
        steep = np.abs(normals[:, :, 1]).max(axis=1) < RAIN_SOAKED_NY * np.sqrt(np.maximum(m, 0.0))
        puddled = pattern == patterns[material_id("asphalt")]
        return (pattern == patterns[material_id("water")]) | (self.wetness > 0) & (puddled | ~steep)

    def _shadow_bounds(self) -> tuple[np.ndarray, float]:
        if not self.rigs:
            return self.set.center, 5.0
        pts = np.concatenate([r.motion.joints.reshape(-1, 3) for r in self.rigs])
        lo, hi = pts.min(axis=0) - 1.0, pts.max(axis=0) + 1.0
        return (lo + hi) / 2, float(np.linalg.norm(hi - lo) / 2)

    def _pixel_m(self, joints: np.ndarray) -> float:
        """Metres per shading pixel where an actor's joints (F, J, 3) come nearest the lens over the
        shot: the finest of it the frame shows (inf where it is never in front of the lens)."""
        return min(self._frame_pixel_m(f, joints[min(f, len(joints) - 1)]) for f in range(self.camera.n_frames))

    def _frame_pixel_m(self, f: int, points: np.ndarray) -> float:
        """Metres per shading pixel at frame f where these points (N, 3) come nearest the lens (inf: none
        in front of it)."""
        c = self.camera
        _, z = c.project(f, points)
        z = z[z > c.near]
        return float(z.min()) / (max(c.fx[f], c.fy[f]) * self.scale) if len(z) else np.inf

    def _set_constant_uniforms(self) -> None:
        L = self.light
        static_radius = min(self.set.radius, 120.0)
        self.light_static = gl.orthographic_light(L.key_dir, self.set.center, static_radius)
        self.static_texel = 2 * static_radius / SHADOW_SIZE   # metres
        points = self.points
        values = {
            "u_key_dir": L.key_dir, "u_key_color": L.key_color, "u_fill_dir": L.fill_dir,
            "u_fill_color": L.fill_color, "u_sky_ambient": L.sky_ambient,
            "u_ground_ambient": L.ground_ambient, "u_rim_dir": L.rim_dir, "u_rim_color": L.rim_color,
            "u_fog_color": L.fog_color, "u_fog_density": L.fog_density, "u_fog_height": L.fog_height,
            "u_wetness": self.wetness, "u_window_glow": L.window_glow, "u_horizon": L.horizon, "u_zenith": L.zenith,
            "u_viewport": self.internal, "u_shadow_softness": L.shadow_softness,
            "u_static_texel": self.static_texel,
        }
        for prog in [*self.surface.values(), self.bake_prog]:
            for name, value in values.items():
                _set(prog, name, value)
            _set(prog, "u_shadow_static", 0)
            _set(prog, "u_shadow_dynamic", 1)
            _set(prog, "u_contact", 2)
            _set(prog, "u_ground_y", self.set.ground_y)
            # the baked set reads the lights mirrored at each tile, the rest every light there
            _set(prog, "u_light_tiles", 5 if "u_lightmap" in prog else 3)
            _set(prog, "u_lightmap", 4)
            _write(prog, "u_light_static", gl.gl_matrix(self.light_static))
            _write(prog, "u_materials", material_table().tobytes())
            _write(prog, "u_patterns", material_patterns().tobytes())
            if points:
                _write_array(prog, "u_light_pos", np.array([[*p.position, r] for p, r in zip(points, self.light_reach)]))
                _write_array(prog, "u_light_color", np.array([[*p.color, p.radiance] for p in points]))
                _write_array(prog, "u_light_shape", np.array([[p.radius, p.downward] for p in points]))
        for name, value in {"u_horizon": L.horizon, "u_zenith": L.zenith, "u_sun_dir": L.key_dir,
                            "u_sun_color": L.key_color, "u_sun_size": 0.0004, "u_stars": L.stars,
                            "u_clouds": L.clouds, "u_viewport": self.internal,
                            "u_ground_far": L.fog_color}.items():
            _set(self.sky, name, value)
        p = self.post
        contrast = p.contrast * L.grade["contrast"]
        grade, grade_offset = grade_transform(np.array(p.lift) + np.array(L.grade["lift"]),
                                              np.array(p.gain) * np.array(L.grade["gain"]),
                                              p.saturation * L.grade["saturation"], contrast)
        for name, value in {"u_viewport": self.internal, "u_exposure": self.exposure,
                            "u_white_balance": L.white_balance, "u_bloom": L.bloom,
                            "u_grade": grade.T.ravel(), "u_grade_offset": grade_offset,  # GLSL: column-major
                            "u_contrast": contrast, "u_vignette": p.vignette,
                            "u_grain": grain_rms(p.grain, self.internal[0]), "u_max_coc": p.max_blur_px * self.scale,
                            "u_blur_reach": 0.02 * self.internal[0], "u_sharpen": looks_table()["resample_sharpen"],
                            **POST_UNITS}.items():
            for prog in self.post_programs:
                _set(prog, name, value)
        for prog in self.post_programs:
            if "u_tiles" in prog:
                prog["u_tiles"].value = self.fxaa_tiles

    def _draw_static_shadow(self) -> None:
        self.fbo_shadow_static.use()
        self.fbo_shadow_static.clear(depth=1.0)
        self.ctx.enable(moderngl.DEPTH_TEST)
        prog = self.shadow["mesh"]
        _write(prog, "u_view_proj", gl.gl_matrix(self.light_static))
        _identity_model(prog)
        self.static_shadow_vao.render()
        # kept (around the actors' path) for the per-frame test of whether its shadow falls across
        # an actor at all (_set_shadow)
        depth = np.frombuffer(self.shadow_static.read(), "f4").reshape(SHADOW_SIZE, SHADOW_SIZE)
        if self.rigs:
            joints = np.concatenate([r.motion.joints.reshape(-1, 3) for r in self.rigs])
            reach = np.array([ACTOR_MARGIN_M + self._shadow_reach_m()] * 3)
            x0, y0, x1, y1 = np.clip(self._shadow_texels(joints.min(axis=0) - reach, joints.max(axis=0) + reach),
                                     0, SHADOW_SIZE)
            self.static_depth = depth[y0:y1, x0:x1].copy(), (int(x0), int(y0))

    def _bake_lightmap(self) -> moderngl.Texture:
        """The set's static light into its atlas (see lightmap.py), once: every chart's texels lit by
        the practicals and shadowed by the set's own shadow map; then the gutters filled."""
        ctx = self.ctx
        size = (ATLAS_SIZE, ATLAS_SIZE)
        baked, spare = (ctx.texture(size, 4, dtype="f2") for _ in range(2))
        fbo = ctx.framebuffer([baked])
        fbo.use()
        fbo.clear(0.0, 0.0, 0.0, -1.0)
        ctx.disable(moderngl.DEPTH_TEST | moderngl.CULL_FACE | moderngl.BLEND)
        _set(self.bake_prog, "u_eye", self.eye)
        self.shadow_static.use(0)
        self.bake_vao.render()
        dilate = gl.program(ctx, "fullscreen.vert", "dilate.frag")
        tri = ctx.buffer(np.array([-1, -1, 3, -1, -1, 3], "f4"))
        vao = ctx.vertex_array(dilate, [(tri, "2f", "in_pos")])
        _set(dilate, "u_image", 0)
        # one pass fills the one-texel gutters (and the texels beside a lone triangle's diagonal)
        baked.use(0)
        out = ctx.framebuffer([spare])
        out.use()
        vao.render()
        for obj in (fbo, out, baked, vao, tri, dilate):
            obj.release()
        return _lightmap_sampling(spare)

    def _lightmap_from(self, texels: bytes) -> moderngl.Texture:
        """The lightmap another renderer of this shot baked (its baked_lightmap())."""
        if len(texels) != ATLAS_SIZE * ATLAS_SIZE * 4 * 2:  # RGBA, two bytes a half float
            raise RuntimeError(f"the shot's baked lightmap came incomplete ({len(texels)} bytes)")
        return _lightmap_sampling(self.ctx.texture((ATLAS_SIZE, ATLAS_SIZE), 4, texels, dtype="f2"))

    def baked_lightmap(self) -> bytes:
        """The set's baked lightmap texels (RGBA16F), for another renderer of this shot (`baked`)."""
        return self.lightmap.read()

    # -- per frame ------------------------------------------------------------------------------
    def _capsules(self, f: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This frame's capsule rows, their ends at the shutter's opening, and a bounding sphere
        (centre, radius) of each figure drawn per pixel: actors, background people and animals."""
        drawn = self.rigs + self.extra_rigs
        if not drawn:
            return np.zeros((0, 21), "f4"), np.zeros((0, 6), "f4"), np.zeros((0, 4))
        pieces = [r.capsules(f) for r in drawn]
        rows = np.concatenate(pieces)
        boxes = self._actor_boxes(f)
        for piece in pieces[len(self.rigs):]:
            ends, radius = piece[:, 0:6].reshape(-1, 3), np.repeat(np.maximum(piece[:, 6], piece[:, 7]), 2)[:, None]
            boxes.append(((ends - radius).min(axis=0), (ends + radius).max(axis=0)))
        figures = np.array([[*(lo + hi) / 2, np.linalg.norm(hi - lo) / 2] for lo, hi in boxes])
        ends = rows[:, 0:6]
        if self.post.shutter > 0 and self.camera.n_frames > 1:
            g = f - 1 if f > 0 else f + 1
            other = np.concatenate([r.capsules(g) for r in drawn])[:, 0:6]
            k = self.post.shutter / 2 * (1.0 if f > 0 else -1.0)
            ends = ends + (other - ends) * k
        return rows, np.ascontiguousarray(ends, dtype="f4"), figures

    def _actor_boxes(self, f: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per actor (self.rigs' order), the box (lo, hi) of its joints at frame f and a margin for the
        flesh, hair and hands about them."""
        return [(r.motion.joints[f].min(axis=0) - ACTOR_MARGIN_M, r.motion.joints[f].max(axis=0) + ACTOR_MARGIN_M)
                for r in self.rigs]

    def _shadow_reach_m(self) -> float:
        """How far across the light from a point the set's shadow lookup reads (lighting.glsl's
        shadow_from): the filter's radius and a bilinear texel."""
        return (self.light.shadow_softness + 1.0) * self.static_texel

    def _shadow_texels(self, lo: np.ndarray, hi: np.ndarray) -> tuple[int, int, int, int]:
        """The texels x0, y0, x1, y1 (exclusive ends; not clipped to the map) of the set's shadow map
        that lookups from within a box (lo, hi) may read."""
        corners = np.array([[x, y, z, 1.0] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
        uv = (corners @ self.light_static.T)[:, :2] * 0.5 + 0.5
        reach = self._shadow_reach_m() / self.static_texel
        x0, y0 = np.floor(uv.min(axis=0) * SHADOW_SIZE - reach).astype(int)
        x1, y1 = np.ceil(uv.max(axis=0) * SHADOW_SIZE + reach).astype(int) + 1
        return int(x0), int(y0), int(x1), int(y1)

    def _set_shadow(self, lo: np.ndarray, hi: np.ndarray) -> float:
        """The set's shadow of the key over the whole of an actor's box (lo, hi): 1 (lit) where, along
        every light ray through the box widened by the lookup's reach, the set's map holds nothing
        nearer the light than where the ray leaves the box; 0 (shadowed) where it holds something
        nearer than where each enters it, by more than the lookup's normal offset towards the light;
        else -1: the shadow may fall across the actor, and lighting.glsl looks it up per pixel. The
        box stands on the ground (the ground under the actor's feet is no occluder) and the map's edge
        reads lit, as in the shader. (The normal offset's sideways step, up to 8 texels where the key
        grazes a surface, is left out of the reach: it keeps a surface from shadowing itself.)"""
        reach = self._shadow_reach_m()
        lo = np.array([lo[0] - reach, max(lo[1] - reach, self.set.ground_y), lo[2] - reach])
        hi = hi + reach
        stored, (ox, oy) = self.static_depth
        rect = self._shadow_texels(lo, hi)
        x0, y0 = max(rect[0], ox), max(rect[1], oy)
        x1, y1 = min(rect[2], ox + stored.shape[1]), min(rect[3], oy + stored.shape[0])
        whole = (x0, y0, x1, y1) == rect   # every texel it reads is inside the map (and the kept part)
        if x1 <= x0 or y1 <= y0:
            return -1.0
        # each texel's ray from the light's near plane (along -key) through the box: the slab method
        u, v = np.meshgrid((np.arange(x0, x1) + 0.5) / SHADOW_SIZE, (np.arange(y0, y1) + 0.5) / SHADOW_SIZE)
        ndc = np.stack([u * 2 - 1, v * 2 - 1, -np.ones_like(u), np.ones_like(u)], axis=-1)
        origin = ndc @ np.linalg.inv(self.light_static).T
        origin = origin[..., :3] / origin[..., 3:]
        with np.errstate(divide="ignore", invalid="ignore"):
            t0, t1 = (lo - origin) / -self.light.key_dir, (hi - origin) / -self.light.key_dir
        enter = np.nanmax(np.minimum(t0, t1), axis=-1)
        leave = np.nanmin(np.maximum(t0, t1), axis=-1)
        hit = leave >= enter
        per_m = np.linalg.norm(self.light_static[2, :3]) / 2   # the map's depth (0..1) per metre along the ray
        depth = stored[y0 - oy:y1 - oy, x0 - ox:x1 - ox][hit]
        bias = 0.0004   # lighting.glsl's shadow bias
        if np.all(depth >= leave[hit] * per_m - bias):
            return 1.0
        # the normal offset's step towards the key: (2 + 6 (1 - c)) c texels for n·key = c, 8/3 at most
        offset = 8.0 / 3.0 * (1.0 + self.light.shadow_softness * 0.5) * self.static_texel * per_m
        if whole and np.all(depth < enter[hit] * per_m - offset - bias):
            return 0.0
        return -1.0

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
            return gl.orthographic_light(self.light.key_dir, self.set.center, 5.0), 10.0 / self.body_shadow_size
        pts = np.concatenate([r.motion.joints[f] for r in self.rigs])
        # only the joints in view (with a margin): a close-up's map spends its texels on the face
        uv, z = self.camera.project(f, pts)
        margin = np.array([self.camera.width, self.camera.height]) * 0.25
        seen = (z > 0) & np.all((uv > -margin) & (uv < np.array(self.size) + margin), axis=1)
        if seen.any():
            pts = pts[seen]
        lo, hi = pts.min(axis=0) - ACTOR_MARGIN_M, pts.max(axis=0) + ACTOR_MARGIN_M
        radius = float(np.linalg.norm(hi - lo) / 2)
        return gl.orthographic_light(self.light.key_dir, (lo + hi) / 2, radius), 2 * radius / self.body_shadow_size

    def _subject_light(self) -> np.ndarray:
        """Light (linear RGB) on a grey card at the actors' chests, as an incident meter reads it: mostly
        facing the camera (what the lens sees of them), a quarter the upper hemisphere (so a backlit
        face doesn't blow out the frame), over the shot. The practicals count as the shader sums them."""
        L, cam = self.light, self.camera
        frames = np.linspace(0, cam.n_frames - 1, min(cam.n_frames, 5)).round().astype(int)
        if self.rigs:
            chests = np.array([r.motion.joints[f, J["spine3"]] for f in frames for r in self.rigs])
            eyes = np.array([cam.position(f) for f in frames for _ in self.rigs])
        else:
            eyes = np.array([cam.position(f) for f in frames])
            chests = eyes + np.array([cam.rotation[f][2] for f in frames]) * 4.0
        key_seen = self._key_visible(chests)
        facing = eyes - chests
        facing[:, 1] = 0.0
        facing /= np.linalg.norm(facing, axis=1, keepdims=True) + 1e-9
        total = np.zeros(3)
        for normal, weight in ((facing, 0.75), (np.tile([0.0, 1.0, 0.0], (len(chests), 1)), 0.25)):
            lit = L.sky_ambient * (0.5 + 0.5 * normal[:, 1:2]) + L.ground_ambient * (0.5 - 0.5 * normal[:, 1:2])
            lit = lit + L.fill_color * np.maximum((normal @ L.fill_dir + 0.5) / 1.5, 0.0)[:, None]
            lit = lit + L.key_color * (np.maximum(normal @ L.key_dir, 0.0) * key_seen)[:, None]
            for p in self.set.points:
                d = p.position - chests
                dist2 = np.sum(d * d, axis=1)
                lambert = np.maximum(np.einsum("ij,ij->i", normal, d) / np.sqrt(dist2), 0.0)
                beam = np.maximum(d[:, 1] / np.sqrt(dist2), 0.0) ** p.downward if p.downward > 0 else 1.0
                lit = lit + p.color * (lambert * beam / (1.0 + dist2))[:, None]
            total += lit.mean(axis=0) * weight
        return total

    def _key_visible(self, points: np.ndarray) -> np.ndarray:
        """1 where a ray from the point towards the key misses every triangle of the set, else 0
        (Möller & Trumbore 1997): an actor in a building's shadow is metered in the shade."""
        tri = self.set.vertices[:, :3].reshape(-1, 3, 3).astype(float)
        e1, e2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
        d = self.light.key_dir
        pvec = np.cross(d, e2)
        det = np.einsum("ij,ij->i", e1, pvec)
        usable = np.abs(det) > 1e-9
        tri, e1, e2, pvec, det = tri[usable], e1[usable], e2[usable], pvec[usable], det[usable]
        seen = np.ones(len(points))
        for k, origin in enumerate(points):
            tvec = origin - tri[:, 0]
            u = np.einsum("ij,ij->i", tvec, pvec) / det
            qvec = np.cross(tvec, e1)
            v = (qvec @ d) / det
            t = np.einsum("ij,ij->i", e2, qvec) / det
            if np.any((u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0.05)):
                seen[k] = 0.0
        return seen

    def _light_tiles(self, view_proj: np.ndarray, shaded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per screen tile, the practicals whose light or mirror image reaches it (see lighting.glsl),
        and those whose mirror image alone does: all the baked set still shades per pixel.
        shaded: (K, 4) bounding spheres of what is lit per pixel (figures, moving props): a light
        reaches the tiles of those within its reach."""
        w, h = self.internal
        shape = (self.light_tiles.height, self.light_tiles.width // (MAX_TILE_LIGHTS + 1))
        lights = np.array([p.position for p in self.points]).reshape(-1, 3)
        near = np.linalg.norm(lights[:, None] - shaded[None, :, :3], axis=2) < self.light_reach[:, None] + shaded[None, :, 3]
        covered = _tiles_in(_screen_rects(view_proj, shaded[:, :3], shaded[:, 3], (w, h)), shape)   # (K, ty, tx)
        direct = np.einsum("nk,kyx->nyx", near.astype(np.int32), covered.astype(np.int32)) > 0
        direct[self.tile_lights:] = False   # a preview lights the bodies with the first few only
        mirror = self._mirror_coverage(view_proj, shape) if self.wetness > 0 else np.zeros_like(direct)
        lit_mirror = mirror.copy()
        lit_mirror[self.tile_lights:] = False
        # each tile keeps its first MAX_TILE_LIGHTS lights (the brightest at the actors first)
        return _tile_lists(direct | lit_mirror, MAX_TILE_LIGHTS), _tile_lists(mirror, MAX_TILE_LIGHTS)

    def _body_shadow_taps(self, f: int, texel_m: float) -> int:
        """The bodies' shadow lookups per pixel (lighting.glsl's key_shadow): fewer where the map's
        texel is small beside a shading pixel at the nearest actor, whose bilinear 2x2 comparison
        then already softens an edge over about a pixel."""
        pixel_m = self._frame_pixel_m(f, np.concatenate([r.motion.joints[f] for r in self.rigs])) if self.rigs else np.inf
        if not np.isfinite(pixel_m):
            return int(BODY_SHADOW_TAPS[-1][1])
        return int(next(taps for ratio, taps in BODY_SHADOW_TAPS if texel_m <= ratio * pixel_m))

    def _actor_probes(self, f: int) -> tuple[np.ndarray, np.ndarray]:
        """Per actor (k + 1 for shot.actors[k]) at its joints' centre: the PROBE_PIXEL_LIGHTS practicals
        lighting it most, lit per pixel ((N, 4) int: count, indices), and the rest of the practicals that
        light bodies (a preview's few) summed into L1 spherical harmonics of irradiance ((4N, 3):
        constant, x, y, z terms).
        A light from unit direction l gives the clamped cosine's projection 1/4 + n·l/2 (Ramamoorthi and
        Hanrahan 2001), times lighting.glsl's practical_diffuse falloff and beam at the centre."""
        strongest = np.zeros((self.n_actors, 4), np.int32)
        probes = np.zeros((4 * self.n_actors, 3))
        points = self.points[:self.tile_lights]
        if not points:
            return strongest, probes
        lights = np.array([p.position for p in points])
        colors = np.array([p.color for p in points])
        downward = np.array([p.downward for p in points])
        reach = self.light_reach[:len(points)]
        for rig in self.rigs:
            a = rig.instance - 1
            d = lights - rig.motion.joints[f].mean(axis=0)
            dist2 = np.sum(d * d, axis=1)
            towards = d / np.sqrt(np.maximum(dist2, 1e-12))[:, None]
            window = np.clip(1.0 - (dist2 / reach ** 2) ** 2, 0.0, 1.0)
            beam = np.maximum(-towards[:, 1], 0.0) ** downward   # 0 ** 0 = 1: all round
            light = colors * (window ** 2 / (1.0 + dist2) * beam)[:, None]
            order = np.argsort(-light.max(axis=1), kind="stable")
            pixel = [i for i in order[:PROBE_PIXEL_LIGHTS] if light[i].max() > 0]
            strongest[a, 0] = len(pixel)
            strongest[a, 1:1 + len(pixel)] = pixel
            rest = np.setdiff1d(np.arange(len(points)), pixel)
            probes[4 * a] = 0.25 * light[rest].sum(axis=0)
            probes[4 * a + 1:4 * a + 4] = 0.5 * towards[rest].T @ light[rest]
        return strongest, probes

    def _mirror_coverage(self, view_proj: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
        """(N, tiles_y, tiles_x) bool: the tiles where a practical's mirror image in the wet ground may
        show. lighting.glsl's streak test (m² < 1) at view rays every half tile, where they meet
        the ground, each widened by what the rays it stands for may differ from it (their angle
        times the unfolded distance to the light, and the mirror's shift on a surface up to
        MIRROR_HEIGHT_M above the ground)."""
        w, h = self.internal
        tiles_y, tiles_x = shape
        step = TILE_PX // 2
        px, py = np.meshgrid(np.arange(2 * tiles_x + 1) * step, np.arange(2 * tiles_y + 1) * step)
        ndc = np.stack([px / w * 2 - 1, py / h * 2 - 1], axis=-1).reshape(-1, 2)
        inv = np.linalg.inv(view_proj)
        ends = [np.concatenate([ndc, np.full((len(ndc), 1), z), np.ones((len(ndc), 1))], axis=1) @ inv.T
                for z in (-1.0, 1.0)]
        origin, far = (e[:, :3] / e[:, 3:4] for e in ends)
        ray = far - origin
        ray /= np.linalg.norm(ray, axis=1, keepdims=True)
        t = (self.set.ground_y - origin[:, 1]) / np.where(ray[:, 1] < -1e-6, ray[:, 1], -1e-6)
        hits = np.nonzero((ray[:, 1] < -1e-6) & (t > 0))[0]   # only the rays that meet the ground
        ray, t = ray[hits], t[hits]
        ground = origin[hits] + ray * t[:, None]
        mirror = ray * [1.0, -1.0, 1.0]
        side = np.cross(-ray, [0.0, 1.0, 0.0])
        side /= np.maximum(np.linalg.norm(side, axis=1, keepdims=True), 1e-9)
        squash = (1.0 - 0.75 * (1.0 - np.maximum(-ray[:, 1], 0.0)) ** 2) ** 2
        # a sample stands for the pixels within half a step's diagonal of it
        half_angle = step / np.sqrt(2) / (min(view_proj[0, 0] * w, view_proj[1, 1] * h) / 2)
        lights = np.array([p.position for p in self.points]).reshape(-1, 1, 3)
        d = lights - ground[None]                                              # (N, S, 3)
        along = np.maximum(np.einsum("nsk,sk->ns", d, mirror), 0.0)
        miss = d - mirror[None] * along[..., None]
        across = np.einsum("nsk,sk->ns", miss, side)
        spread = np.array([p.radius for p in self.points])[:, None] + along * MIRROR_BLUR
        m = np.sqrt(across**2 + (np.sum(miss**2, axis=2) - across**2) * squash) / spread
        slack = (half_angle * (t[None] + along) + 2 * MIRROR_HEIGHT_M) / spread
        seen = np.zeros((len(lights), len(ndc)), bool)
        seen[:, hits] = m - slack < 1.0
        seen = seen.reshape(len(lights), 2 * tiles_y + 1, 2 * tiles_x + 1)
        # a tile: any of the 3 x 3 samples on its corners, edges' middles and centre
        rows = seen[:, :-1:2] | seen[:, 1::2] | seen[:, 2::2]
        return rows[:, :, :-1:2] | rows[:, :, 1::2] | rows[:, :, 2::2]

    def _draw_contact(self, f: int) -> np.ndarray:
        """The actors' contact shadows seen from above (contact.frag) over the box of ground their
        spheres reach; that box as the surface shader reads it (x, z of its corner, 1 / its size)."""
        spheres = self._occluders(f) if self.rigs else np.zeros((0, 4), "f4")
        if not len(spheres):
            return np.array([0.0, 0.0, 0.0, 0.0], "f4")   # no box: every uv falls outside it
        reach = OCCLUDER_REACH * spheres[:, 3:4]
        lo = (spheres[:, [0, 2]] - reach).min(axis=0)
        hi = (spheres[:, [0, 2]] + reach).max(axis=0)
        box = np.concatenate([lo, 1.0 / (hi - lo)]).astype("f4")
        _write_array(self.contact_prog, "u_spheres", spheres)
        _set(self.contact_prog, "u_sphere_count", len(spheres))
        _set(self.contact_prog, "u_contact_box", box)
        self.fbo_contact.use()
        self.contact_vao.render()
        return box

    def _near_actors(self, light_dynamic: np.ndarray, contact_box: np.ndarray) -> np.ndarray:
        """(T,) bool per triangle of the set: may the bodies' shadow map (inside its light's box;
        beyond the far end reads lit) or the contact shadows' box reach it this frame?"""
        p = (self.set_corners @ light_dynamic[:3, :3].T.astype("f4") + light_dynamic[:3, 3].astype("f4")).reshape(-1, 3, 3)
        # orthographic: w = 1 (the corners' least and greatest, as elementwise minima: a reduction
        # along the short middle axis is ten times slower)
        lo = np.minimum(np.minimum(p[:, 0], p[:, 1]), p[:, 2])
        hi = np.maximum(np.maximum(p[:, 0], p[:, 1]), p[:, 2])
        near = (hi[:, 0] >= -1.0) & (hi[:, 1] >= -1.0) & (lo[:, 0] <= 1.0) & (lo[:, 1] <= 1.0) & (lo[:, 2] <= 1.0)
        if contact_box[2]:
            x0, z0 = contact_box[:2]
            x1, z1 = x0 + 1.0 / contact_box[2], z0 + 1.0 / contact_box[3]
            xz = self.set_xz
            near |= self.set_contact & (xz[:, 2] >= x0) & (xz[:, 0] <= x1) & (xz[:, 3] >= z0) & (xz[:, 1] <= z1)
        return near

    def _occluders(self, f: int) -> np.ndarray:
        spheres = [np.append(r.motion.joints[f, J[j]], k * r.height) for r in self.rigs for j, k in OCCLUDERS]
        return np.array(spheres[:MAX_OCCLUDERS], "f4").reshape(-1, 4)

    def _pass_done(self, name: str) -> None:
        if self.pass_seconds is None:
            return
        self.ctx.finish()
        now, cpu = time.perf_counter(), time.process_time()
        self.pass_seconds[name] = self.pass_seconds.get(name, 0.0) + now - self._pass_started
        self.pass_cpu_seconds[name] = self.pass_cpu_seconds.get(name, 0.0) + cpu - self._pass_cpu_started
        self._pass_started, self._pass_cpu_started = now, cpu

    def render(self, f: int) -> RenderedFrame:
        ctx = self.ctx
        self._pass_started, self._pass_cpu_started = time.perf_counter(), time.process_time()
        rows, prev_ends, figures = self._capsules(f)
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
        if self.human_draw:
            self.human_draw.update(f, shutter_open)

        self._pass_done("pose")
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
        # the bodies are closed: the faces turned from the light lie behind the ones turned to it,
        # and llvmpipe's cost here is the triangles it sets up (culled: half the pass)
        ctx.enable(moderngl.CULL_FACE)
        if self.human_draw:
            self.human_draw.draw("shadow")
        self._draw_capsules("shadow")
        ctx.disable(moderngl.CULL_FACE)
        for vaos, (model, _) in zip(self.prop_vaos, prop_models):
            _write(self.shadow["mesh"], "u_model", gl.gl_matrix(model))
            vaos["shadow"].render()
        ctx.polygon_offset = 0.0, 0.0

        self._pass_done("body shadow map")
        contact_box = self._draw_contact(f)
        self._pass_done("contact shadows")
        # 3. the scene at the shading resolution
        self.fbo_scene.use()
        # depth alone: the sky writes every pixel nothing else covers (a colour clear is 20 MB of stores)
        self.fbo_scene.color_mask = self.depth_only
        self.fbo_scene.clear(depth=1.0)
        self.fbo_scene.color_mask = self.scene_masks
        self.fbo_scene.use()   # applies the mask again (moderngl leaves a lone attachment's masked)
        ctx.enable(moderngl.DEPTH_TEST)
        self.shadow_static.use(0)
        self.shadow_dynamic.use(1)
        self.lightmap.use(4)
        self.contact.use(2)
        moving = [np.append(model[:3, 3], np.linalg.norm(p.size) / 2) for p, (model, _) in zip(self.moving_props, prop_models)]
        light_tiles, mirror_tiles = self._light_tiles(view_proj, np.concatenate([figures, np.reshape(moving, (-1, 4))]))
        self.light_tiles.write(light_tiles.tobytes())
        self.light_tiles.use(3)
        self.mirror_tiles.write(mirror_tiles.tobytes())
        self.mirror_tiles.use(5)
        probe_lights, probes = self._actor_probes(f)
        self._pass_done("light tiles")
        for prog in self.surface.values():
            _write_array(prog, "u_probe_lights", probe_lights, "i4")
            _write_array(prog, "u_probe", probes)
            _write(prog, "u_view_proj", gl.gl_matrix(view_proj))
            _write(prog, "u_prev_view_proj", gl.gl_matrix(prev_view_proj))
            _set(prog, "u_camera_pos", cam_pos)
            _write(prog, "u_light_dynamic", gl.gl_matrix(light_dynamic))
            _set(prog, "u_dynamic_texel", dynamic_texel)
            _set(prog, "u_body_shadow_taps", self._body_shadow_taps(f, dynamic_texel))
            _set(prog, "u_contact_box", contact_box)
        # nearest first (a GPU's early depth test then spares what is hidden): bodies, props, the
        # set (sorted near to far at build time), then the sky into whatever is left. Capsules
        # are closed: their far halves are culled, as llvmpipe would shade them before the depth
        # test threw them away
        ctx.enable(moderngl.CULL_FACE)
        if self.human_draw:
            # (self.humans are self.rigs' actors, in their order)
            self.human_draw.draw("surface", [self._set_shadow(lo, hi) for lo, hi in self._actor_boxes(f)])
        self._draw_capsules("surface")
        self._pass_done("bodies")
        ctx.disable(moderngl.CULL_FACE)
        for vaos, (model, prev_model) in zip(self.prop_vaos, prop_models):
            _write(self.surface["mesh"], "u_model", gl.gl_matrix(model))
            _write(self.surface["mesh"], "u_prev_model", gl.gl_matrix(prev_model))
            vaos["surface"].render()
        for prog in self.surface.values():
            _identity_model(prog)
        self._pass_done("props")
        near = self._near_actors(light_dynamic, contact_box)
        order = []
        draws = []
        for vaos, first, count, closed in self.set_batch_vaos:
            triangles = np.arange(first // 3, (first + count) // 3)
            for flag in (1, 0):
                mine = triangles[near[triangles] == flag]
                if len(mine):
                    draws.append((vaos[flag], 3 * sum(map(len, order)), 3 * len(mine), closed))
                    order.append(mine)
        if order:
            corners = (np.concatenate(order)[:, None] * 3 + np.arange(3)).astype("u4")
            self.set_index.write(corners.tobytes())
        for vao, first, count, closed in draws:
            if closed:
                ctx.enable(moderngl.CULL_FACE)
            vao.render(first=first, vertices=count)
            ctx.disable(moderngl.CULL_FACE)
        self._pass_done("set")
        ctx.depth_func = "<="
        inv = np.linalg.inv(view_proj)
        prev_rot = prev_view_proj.copy()
        prev_rot[:, 3] = [0, 0, 0, 0]
        _write(self.sky, "u_inv_view_proj", gl.gl_matrix(inv))
        _write(self.sky, "u_prev_view_proj_rot", gl.gl_matrix(prev_rot))
        self.sky_vao.render()
        ctx.depth_func = "<"
        self._pass_done("sky")
        self.fbo_particles.use()
        if self.soft_particles:
            self.scene_aux.use(POST_UNITS["u_aux"])
        self.particles.draw(ctx, f, view_proj, cam_pos, self.light,
                            POST_UNITS["u_aux"] if self.soft_particles else None)
        self._pass_done("particles")

        # 4. the glow, motion blur and depth of field below the shading resolution, then post at it
        # (FXAA, tone map, grade), 5. the resampling to the output size, 6. read back
        if self.bloom_levels:
            self.scene_color.build_mipmaps(0, self.bloom_levels)
            self._pass_done("bloom mipmaps")
        ctx.disable(moderngl.DEPTH_TEST)
        ctx.disable(moderngl.BLEND)
        for unit, texture in self.post_inputs:
            texture.use(unit)
        if self.post.f_number:
            _set(self.blur_prog, "u_focus", float(self.camera.focus_distance_m[f]))
            _set(self.blur_prog, "u_coc_scale", coc_scale_px(self.camera, f, self.post.f_number) * self.scale)
        if self.post.grain:
            _set(self.post_prog, "u_grain_seed", grain_seed(self.shot, f))
        for name, fbo, vao, draw in self.post_passes:
            fbo.use()
            vao.render(**draw)
            self._pass_done(name)
        w, h = self.size
        rgb = np.empty((h, w, 3), np.uint8)  # a writable array of its own, whoever holds the frame
        for top in range(0, h, self.band_rows):
            rows = min(self.band_rows, h - top)
            if self.resample_vao is not None:  # the band's rows of the output: the viewport shifted down by `top`
                self.fbo_out.use()
                ctx.viewport = (0, -top, w, h)
                self.resample_vao.render()
            self.fbo_out.read_into(rgb[top:top + rows], viewport=(0, 0, w, rows), components=3, alignment=1)
        self._pass_done("resample and readback" if self.resample_vao is not None else "readback")
        frame = RenderedFrame(index=f, rgb=rgb)
        if self.maps:
            frame.depth, frame.instance = self._control_maps()
            self._pass_done("control maps")
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

    def _control_maps(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Depth and instance ids from the scene pass's second target (view depth in z, the
        instance in w), brought to the maps' size by nearest neighbour: no second geometry pass."""
        w, h = self.internal
        aux = np.frombuffer(self.scene_aux.read(), np.float32).reshape(h, w, 4)
        # output row r, column c read shading texel (h - 1 - rows[r], cols[c]) (GL rows run bottom up);
        # each map is finished at the shading size, then gathered whole rows first (a copy each)
        mw, mh = self.maps_size
        rows = h - 1 - ((np.arange(mh) + 0.5) * h // mh).astype(int)
        cols = ((np.arange(mw) + 0.5) * w // mw).astype(int)
        depth = instance = None
        if "depth" in self.maps:
            z = aux[..., 2].copy()
            z[(z <= 0) | (z >= SKY_DEPTH_M)] = np.inf
            depth = z.take(rows, axis=0).take(cols, axis=1)
        if "instance" in self.maps:
            instance = np.rint(aux[..., 3]).astype(np.uint8).take(rows, axis=0).take(cols, axis=1)
        return depth, instance

    def release(self) -> None:
        self.ctx.release()


def bloom_levels(size: tuple[int, int]) -> int:
    """Mipmap levels the glow reads: down to about 1/32 of the frame's height."""
    return int(np.clip(np.log2(min(size) / 8), 1, 6))


def _screen_rects(view_proj: np.ndarray, centers: np.ndarray, radii: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(N, 4) int: the screen tiles x0, y0, x1, y1 (exclusive ends, GL orientation) that spheres cover;
    x0 = -1 where a sphere is off screen."""
    signs = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], float)
    corners = centers[:, None] + radii[:, None, None] * signs[None]                    # (N, 8, 3)
    clip = np.concatenate([corners, np.ones(corners.shape[:2] + (1,))], axis=2) @ view_proj.T
    w, h = size
    ndc = clip[..., :2] / np.where(np.abs(clip[..., 3:4]) > 1e-9, clip[..., 3:4], 1e-9)
    lo = (ndc.min(axis=1) * 0.5 + 0.5) * size
    hi = (ndc.max(axis=1) * 0.5 + 0.5) * size
    # a sphere straddling the camera plane covers all of it
    straddles = np.any(clip[..., 3] <= 1e-3, axis=1)
    lo[straddles], hi[straddles] = 0.0, [w - 1, h - 1]
    behind = np.all(clip[..., 3] <= 0, axis=1)
    off = behind | np.any(hi < 0, axis=1) | (lo[:, 0] >= w) | (lo[:, 1] >= h)
    lo, hi = np.maximum(lo, 0), np.minimum(hi, [w - 1, h - 1])
    rects = np.concatenate([lo // TILE_PX, hi // TILE_PX + 1], axis=1).astype(int)
    rects[off] = -1
    return rects


def _tiles_in(rects: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """(N, tiles_y, tiles_x) bool: the tiles inside each of _screen_rects' rects."""
    ty, tx = np.mgrid[0:shape[0], 0:shape[1]]
    x0, y0, x1, y1 = (rects[:, k, None, None] for k in range(4))
    return (x0 >= 0) & (tx >= x0) & (tx < x1) & (ty >= y0) & (ty < y1)


def _tile_lists(covered: np.ndarray, capacity: int) -> np.ndarray:
    """The shader's tile table (tiles_y, tiles_x * (capacity + 1)) float32: per tile its count, then
    the indices of the first `capacity` items covering it, in their order."""
    _, tiles_y, tiles_x = covered.shape
    rank = np.cumsum(covered, axis=0) - 1
    kept = covered & (rank < capacity)
    table = np.zeros((tiles_y, tiles_x, capacity + 1), "f4")
    i, y, x = np.nonzero(kept)
    table[y, x, 1 + rank[i, y, x]] = i
    table[..., 0] = kept.sum(axis=0)
    return table.reshape(tiles_y, -1)


def _lightmap_sampling(texture: moderngl.Texture) -> moderngl.Texture:
    texture.filter = moderngl.LINEAR, moderngl.LINEAR
    texture.repeat_x = texture.repeat_y = False
    return texture


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


def _write_array(prog: moderngl.Program, name: str, values: np.ndarray, dtype: str = "f4") -> None:
    if name not in prog:
        return
    capacity = prog[name].array_length  # the compiler may trim elements the shader never reads
    width = values.shape[1]
    padded = np.zeros((capacity, width), dtype)
    padded[: len(values)] = values[:capacity]
    prog[name].write(padded.tobytes())


def _identity_model(prog: moderngl.Program) -> None:
    eye = gl.gl_matrix(np.eye(4))
    for name in ("u_model", "u_prev_model"):
        if name in prog:
            prog[name].write(eye)
