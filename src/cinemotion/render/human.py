"""The drawn human: one actor's performed hm08 body (body/human/performed.py: fitted, dressed,
its face units and contact response per frame) coloured from the spec and drawn in the vertex
shader (human.vert: dual-quaternion skinning). Hair stays the capsule hair (cap, buns, spring
chains) of render/body.py.
"""

from __future__ import annotations

import moderngl
import numpy as np

from cinemotion.body.human.face import mouth_interior, mouth_light
from cinemotion.body.human.model import PART_NAMES, bone_names, clustered_proxy
from cinemotion.body.human.performed import PerformedBody
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.motion.performance import ActorMotion
from cinemotion.render import gl
from cinemotion.render.body import body_table, skin_albedo
from cinemotion.render.materials import linear_color, material_id
from cinemotion.spec.models import Character


class FaceColourFigures(Figures):
    teeth: Figure[tuple[float, float, float]]
    lip_tint: Figure[tuple[float, float, float]]
    sclera: Figure[tuple[float, float, float]]
    iris: Figure[tuple[float, float, float]]
    iris_half_angle_deg: Figure[float]
    sole: Figure[tuple[float, float, float]]
    sole_mix: Figure[float]
    shadow_proxy_cell_m: Figure[float]
    lod_pixels: Figure[float]
    preview_lod_pixels: Figure[float]
    min_lod_cell_m: Figure[float]


FIGURES = load_table("render/human.yaml", FaceColourFigures)
TEETH = FIGURES.teeth.value
LIP_TINT = np.array(FIGURES.lip_tint.value)  # the capsule face's lip colour, relative to the skin
SCLERA = FIGURES.sclera.value
IRIS = FIGURES.iris.value
SOLE, SOLE_MIX = np.array(FIGURES.sole.value), FIGURES.sole_mix.value
IRIS_COS = np.cos(np.radians(FIGURES.iris_half_angle_deg.value))  # the iris's edge, from the eye's axis
LAYER_MATERIAL = {"shoes": "leather", "bottom": "cloth", "top": "cloth"}
# the colour pass's level of detail: the clustering cell, in shading pixels where the actor comes
# nearest the lens (a final render's, a preview's), and the least cell worth a second mesh
LOD_PIXELS = FIGURES.lod_pixels.value
PREVIEW_LOD_PIXELS = FIGURES.preview_lod_pixels.value
MIN_LOD_CELL_M = FIGURES.min_lod_cell_m.value


class HumanRig(PerformedBody):
    """One actor's body as drawn: the performed body, its per-vertex colours and materials."""

    def __init__(self, motion: ActorMotion, character: Character, instance: int):
        super().__init__(motion, character)
        self.instance = instance
        self.colors, self.materials = self._paint()

    def _paint(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-vertex linear colour and material id."""
        c = self.character
        skin = skin_albedo(c)
        hair = linear_color(c.hair_color, f"character {c.id}: hair_color")
        garment = {"top": linear_color(c.clothing.top_color, f"character {c.id}: clothing.top_color"),
                   "bottom": linear_color(c.clothing.bottom_color, f"character {c.id}: clothing.bottom_color"),
                   "shoes": linear_color(c.clothing.shoes_color, f"character {c.id}: clothing.shoes_color")}
        n = len(self.body.positions)
        colors = np.tile(skin, (n, 1))
        materials = np.full(n, material_id("skin"), dtype="f4")
        for layer in self.dressing.layers:  # from the skin out, each painted over the one under it
            cover = layer.cover[:, None]
            colors = colors * (1 - cover) + garment[layer.slot] * cover
            materials[layer.cover > 0.5] = material_id(LAYER_MATERIAL[layer.slot])
        sole = self.dressing.sole > 0.5
        colors[sole] = garment["shoes"] * (1 - SOLE_MIX) + SOLE * SOLE_MIX
        parts = np.array(PART_NAMES)[self.body.part]
        look = body_table()["skin"]
        # the lash helper is a solid band where real lashes are a fringe of hairs with skin between;
        # the lower lid's (below its eye's centre) are fewer and shorter, and at the upper's density
        # read as a drawn line under the eye
        lashes = parts == "lashes"
        lower = lashes & (self.body.positions[:, 1] < self.body.rest_heads[bone_names().index("left_eye"), 1])
        for mine, density in ((lashes & ~lower, look["lash_density"]), (lower, look["lower_lash_density"])):
            colors[mine] = hair * density + skin * (1 - density)
        materials[lashes] = material_id("hair")
        colors[parts == "teeth"], materials[parts == "teeth"] = TEETH, material_id("eye")
        colors[parts == "tongue"], materials[parts == "tongue"] = skin * np.array([1.0, 0.45, 0.45]), material_id("lips")
        skirt_color = garment["top"] if c.clothing.top.lower() == "dress" else garment["bottom"]
        colors[parts == "skirt"], materials[parts == "skirt"] = skirt_color, material_id("cloth")
        cover = self.dressing.scalp
        colors = colors * (1 - cover[:, None]) + hair * cover[:, None]
        materials[cover > 0.5] = material_id("hair")
        lips, brows = self.body.lips[:, None], self.brows()[:, None]
        colors = colors * (1 - lips) + skin * LIP_TINT * lips
        materials[self.body.lips > 0.5] = material_id("lips")
        colors = colors * (1 - brows) + hair * brows
        materials[brows[:, 0] > 0.5] = material_id("hair")
        # inside the mouth: the skin there is the lips' mucosa, and all of it is lit only through
        # the lips' opening (the shadow map's proxy is far too coarse to shade it) and takes the
        # cavity's response, which the rim's back light never reaches (surface.frag): the rim
        # grazing the tongue's top and the teeth read as a grey-white slab in the open mouth
        inside = mouth_interior(self.body)
        colors[inside & (parts == "body")] = skin * LIP_TINT
        materials[inside] = material_id("cavity")
        colors = colors * mouth_light(self.body, inside)[:, None]
        eyes = parts == "eyes"
        # the iris where the eyeball faces forward (rest pose: +Z)
        for side in ("left_eye", "right_eye"):
            b = bone_names().index(side)
            mine = eyes & (self.body.bone_index[:, 0] == b)
            d = self.body.positions[mine] - self.body.rest_heads[b]
            d /= np.linalg.norm(d, axis=1, keepdims=True)
            colors[mine] = np.where((d[:, 2] > IRIS_COS)[:, None], IRIS, SCLERA)
        materials[eyes] = material_id("eye")
        return colors.astype("f4"), materials

    def brows(self) -> np.ndarray:
        """(V,) 0..1 how much brow hair covers each vertex: the brows' shape cut into the skin
        (dress.brow_shape), at `brow_density` of the hair colour (skin shows between the hairs)."""
        return self.dressing.brows * body_table()["skin"]["brow_density"]

    def bones_at(self, f: float) -> np.ndarray:
        """(B, 8) dual quaternions at a (fractional) frame; between frames, the nearer frame's
        with its rotations and translations blended (for the shutter's opening)."""
        i = int(np.floor(f))
        j = min(i + 1, len(self.bones) - 1)
        t = f - i
        a, b = self.bones[i], self.bones[j].copy()
        b[np.einsum("bi,bi->b", a[:, :4], b[:, :4]) < 0] *= -1.0
        return (a * (1 - t) + b * t).astype("f4")


class HumanDraw:
    """GL resources for the human bodies of a shot: per actor, the mesh each pass draws. The
    shadow map draws a vertex-clustered copy (model.clustered_proxy), and so does the colour pass
    where the actor is small in frame (surface_cell): on llvmpipe a pass costs what its triangles
    cost to set up and the 4x4 pixel blocks each of them touches, not only what they cover."""

    ATTRIBUTES = [("3f", "in_normal"), ("3f", "in_color"), ("1f", "in_material"), ("4f", "in_bones"),
                  ("4f", "in_weights")]

    def __init__(self, ctx: moderngl.Context, rigs: list[HumanRig], surface_defines: dict, pixel_m: list[float],
                 preview: bool = False):
        """pixel_m: per rig, metres per shading pixel where the actor comes nearest the lens."""
        self.ctx, self.rigs = ctx, rigs
        n_bones = rigs[0].bones.shape[1] if rigs else 1
        defines = {"N_BONES": n_bones, "CAVITY": material_id("cavity")}
        body = surface_defines | defines | {"PATTERN": -2}
        # the colour pass's two programs: the set's shadow looked up per pixel, or the same over the
        # whole actor (lighting.glsl's SET_SHADOW_KNOWN), as scene.py's _set_shadow finds it each frame
        self.programs = {"surface": gl.program(ctx, "human.vert", "surface.frag", body),
                         "surface_known": gl.program(ctx, "human.vert", "surface.frag", body | {"SET_SHADOW_KNOWN": 1}),
                         "shadow": gl.program(ctx, "human.vert", "depth.frag", defines)}
        self.pass_programs = {"surface": ("surface", "surface_known"), "shadow": ("shadow",)}
        self.actors = []
        for rig, size in zip(rigs, pixel_m):
            cells = {"shadow": FIGURES.shadow_proxy_cell_m.value, "surface": surface_cell(size, preview)}
            meshes = {kind: self._mesh(rig, kind, cell) for kind, cell in cells.items()}
            self.actors.append((rig, meshes))

    def _mesh(self, rig: HumanRig, kind: str, cell_m: float | None) -> tuple[np.ndarray | None, moderngl.Buffer,
                                                                            dict[str, moderngl.VertexArray]]:
        """The vertices kept (None: all), their per-frame position buffer and a VAO per program of the pass."""
        b = rig.body
        keep, triangles = (None, rig.triangles) if cell_m is None else self.proxy(rig, cell_m)
        static = np.concatenate([b.normals, rig.colors, rig.materials[:, None],
                                 b.bone_index.astype("f4"), b.bone_weight], axis=1).astype("f4")
        if keep is not None:
            static = static[keep]
        static_buffer = self.ctx.buffer(np.ascontiguousarray(static).tobytes())
        positions = self.ctx.buffer(reserve=len(static) * 12, dynamic=True)
        index = self.ctx.buffer(np.ascontiguousarray(triangles, dtype="i4").tobytes())
        vaos = {name: gl.vertex_array(self.ctx, self.programs[name], [(positions, [("3f", "in_pos")], False),
                                                                      (static_buffer, self.ATTRIBUTES, False)], index)
                for name in self.pass_programs[kind]}
        return keep, positions, vaos

    @staticmethod
    def proxy(rig: HumanRig, cell_m: float) -> tuple[np.ndarray, np.ndarray]:
        """The vertices kept and the triangles over them of the rig's body clustered at cell_m (its
        dressed bind pose: the one deterministic shape every frame starts from)."""
        b = rig.body
        return clustered_proxy(rig.bind, rig.triangles, b.part, b.bone_index, b.bone_weight, cell_m)

    def update(self, f: int, prev_f: float) -> None:
        """This frame's face units and bones (and the bones at the shutter's opening)."""
        self._frame = []
        for rig, meshes in self.actors:
            bind = rig.bind_positions(f)
            for keep, positions, _ in meshes.values():
                positions.write(np.ascontiguousarray(bind if keep is None else bind[keep], dtype="f4"))
            self._frame.append((rig.bones_at(f), rig.bones_at(prev_f)))

    def draw(self, kind: str, set_shadow: list[float] | None = None) -> None:
        """set_shadow (the colour pass): per actor, the set's shadow of the key over the whole of it
        (1 lit, 0 shadowed), or -1 where it is looked up per pixel (for every actor if None)."""
        for k, ((rig, meshes), (now, before)) in enumerate(zip(self.actors, self._frame)):
            name = "surface_known" if kind == "surface" and set_shadow is not None and set_shadow[k] >= 0 else kind
            prog = self.programs[name]
            if name == "surface_known":
                prog["u_set_shadow"].value = set_shadow[k]
            prog["u_bones"].write(now.reshape(-1, 4).tobytes())
            if "u_prev_bones" in prog:
                prog["u_prev_bones"].write(before.reshape(-1, 4).tobytes())
            if "u_instance" in prog:
                prog["u_instance"].value = rig.instance
            meshes[kind][2][name].render(moderngl.TRIANGLES)


def surface_cell(pixel_m: float, preview: bool = False) -> float | None:
    """The clustering cell (m) of the body the colour pass draws, by its size in frame: LOD_PIXELS
    shading pixels (a preview's PREVIEW_LOD_PIXELS) where it comes nearest the lens; None (the full
    mesh) where that is under MIN_LOD_CELL_M, as in every close-up and medium shot."""
    cell = pixel_m * (PREVIEW_LOD_PIXELS if preview else LOD_PIXELS)
    return cell if cell >= MIN_LOD_CELL_M else None
