"""The drawn human: one actor's skinned hm08 body, dressed and coloured from the spec, its face units
driven by the performance, drawn in the vertex shader (human.vert: dual-quaternion skinning).

Garments are shells: the covered regions of the body surface pushed out along their normals by
the garment's thickness (render/body.yaml `garments`), so cloth and skin are one surface and
cannot pass through each other; a skirt or dress adds hm08's skirt helper over the legs.
Hair stays the capsule hair (cap, buns, spring chains) of render/body.py.
"""

from __future__ import annotations

import moderngl
import numpy as np

from cinemotion.body.human.dress import coverage, scalp, vertex_regions
from cinemotion.body.human.face import arkit_weights
from cinemotion.body.human.model import PART_NAMES, HumanBody, bone_names, fit_body, human_table
from cinemotion.body.human.pose import BonePoses, dual_quaternions, pose_bones
from cinemotion.motion.performance import ActorMotion
from cinemotion.render import gl
from cinemotion.render.body import body_table
from cinemotion.render.materials import linear_color, material_id
from cinemotion.spec.models import Character

TEETH = (0.72, 0.68, 0.6)
LIP_TINT = np.array([1.05, 0.62, 0.62])  # the capsule face's lip colour, relative to the skin
SCLERA = (0.8, 0.78, 0.74)
IRIS = (0.035, 0.02, 0.012)
IRIS_COS = np.cos(np.radians(38.0))  # the iris spans ~12 mm of a 24 mm eyeball: ±30°, plus the limbus


SKIRTS = ("skirt", "dress")


def wears_skirt(character: Character) -> bool:
    return character.clothing.bottom.lower() == "skirt" or character.clothing.top.lower() == "dress"


class HumanRig:
    """One actor's body: fitted once, then bone transforms and face units for any frame."""

    def __init__(self, motion: ActorMotion, character: Character, instance: int):
        self.motion, self.character, self.instance = motion, character, instance
        c = character
        self.body: HumanBody = fit_body(motion.offsets, c.sex, c.age, c.build)
        self.poses: BonePoses = pose_bones(self.body, motion.rotations, motion.joints, motion.hands, motion.gaze)
        self.bones = dual_quaternions(self.poses.matrices(self.body)).astype("f4")  # (F, B, 8)
        self.face = arkit_weights(motion.expression, motion.n_frames).astype("f4")   # (F, 52)
        self.colors, self.materials, shell = self._dress()
        self.bind = self.body.positions + self.body.normals * shell[:, None]
        parts = np.array(PART_NAMES)[self.body.part]
        drop = set() if wears_skirt(c) else {"skirt"}
        keep = ~np.isin(parts[self.body.triangles], list(drop)).any(axis=1)
        self.triangles = np.ascontiguousarray(self.body.triangles[keep], dtype="i4")

    def _dress(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-vertex linear colour, material id and shell offset (m)."""
        c = self.character
        garments = body_table()["garments"]
        top_name = c.clothing.top.lower() if c.clothing.top.lower() in garments["top"] else garments["default_top"]
        bottom_name = (c.clothing.bottom.lower() if c.clothing.bottom.lower() in garments["bottom"]
                       else garments["default_bottom"])
        skin = linear_color(c.skin_color, f"character {c.id}: skin_color")
        hair = linear_color(c.hair_color, f"character {c.id}: hair_color")
        top = linear_color(c.clothing.top_color, f"character {c.id}: clothing.top_color")
        bottom = linear_color(c.clothing.bottom_color, f"character {c.id}: clothing.bottom_color")
        shoes = linear_color(c.clothing.shoes_color, f"character {c.id}: clothing.shoes_color")
        shell_mm = garments["shell_mm"]
        n = len(self.body.positions)
        colors = np.tile(skin, (n, 1))
        materials = np.full(n, material_id("skin"), dtype="f4")
        shell = np.zeros(n)
        regions = vertex_regions(self.body)
        skin_part, skirt_part = self.body.part == 0, self.body.part == PART_NAMES.index("skirt")
        top_covers, bottom_covers = garments["top"][top_name], garments["bottom"][bottom_name]
        # painted from the inside out, each layer reaching on under the ones over it (no skin where
        # their hems meet): shoes, the bottom, then the top (a coat or dress falls over the trousers)
        layers = ((garments["shoes"], shoes, "shoes", "leather"), (bottom_covers, bottom, bottom_name, "cloth"),
                  (top_covers, top, top_name, "cloth"))
        for k, (own, color, name, material) in enumerate(layers):
            over = [r for covers, *_ in layers[k + 1:] for r in covers]
            cover = coverage(self.body, own + over)  # the colour reaches under the layers above
            colors = colors * (1 - cover[:, None]) + color * cover[:, None]
            materials[cover > 0.5] = material_id(material)
            thickness = shell_mm.get(name, shell_mm["default"]) / 1000.0
            # the shell only where the garment itself is; a skirt or dress hangs as the skirt
            # helper, and the body it covers stays where it is
            body_shell = 0.0 if name in SKIRTS else coverage(self.body, own) * thickness
            shell[skin_part] = np.maximum(shell, body_shell)[skin_part]
            if name != "shoes":
                shell[skirt_part & (cover > 0)] = thickness
        parts = np.array(PART_NAMES)[self.body.part]
        colors[parts == "lashes"], materials[parts == "lashes"] = hair, material_id("hair")
        colors[parts == "teeth"], materials[parts == "teeth"] = TEETH, material_id("eye")
        colors[parts == "tongue"], materials[parts == "tongue"] = skin * np.array([1.0, 0.45, 0.45]), material_id("lips")
        skirt_color = top if c.clothing.top.lower() == "dress" else bottom
        colors[parts == "skirt"], materials[parts == "skirt"] = skirt_color, material_id("cloth")
        if c.hair_style != "bald":
            cover = scalp(self.body, regions)
            colors = colors * (1 - cover[:, None]) + hair * cover[:, None]
            materials[cover > 0.5] = material_id("hair")
            shell += cover * human_table()["scalp"]["shell_mm"] / 1000.0
        lips, brows = self.body.lips[:, None], self.body.brows[:, None]
        colors = colors * (1 - lips) + skin * LIP_TINT * lips
        materials[self.body.lips > 0.5] = material_id("lips")
        colors = colors * (1 - brows) + hair * brows
        materials[self.body.brows > 0.5] = material_id("hair")
        eyes = parts == "eyes"
        # the iris where the eyeball faces forward (rest pose: +Z)
        for side in ("left_eye", "right_eye"):
            b = bone_names().index(side)
            mine = eyes & (self.body.bone_index[:, 0] == b)
            d = self.body.positions[mine] - self.body.rest_heads[b]
            d /= np.linalg.norm(d, axis=1, keepdims=True)
            colors[mine] = np.where((d[:, 2] > IRIS_COS)[:, None], IRIS, SCLERA)
        materials[eyes] = material_id("eye")
        return colors.astype("f4"), materials, shell

    def bind_positions(self, f: int) -> np.ndarray:
        """The dressed bind pose with this frame's face units (V, 3) float32."""
        out = self.bind.astype("f4")
        out[self.body.face_vertices] += np.tensordot(self.face[f], self.body.face_deltas, axes=1)
        return out

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
    """GL resources for the human bodies of a shot: one VAO per actor per pass."""

    ATTRIBUTES = [("3f", "in_normal"), ("3f", "in_color"), ("1f", "in_material"), ("4f", "in_bones"),
                  ("4f", "in_weights")]

    def __init__(self, ctx: moderngl.Context, rigs: list[HumanRig], surface_defines: dict):
        self.ctx, self.rigs = ctx, rigs
        n_bones = rigs[0].bones.shape[1] if rigs else 1
        defines = {"N_BONES": n_bones}
        self.programs = {"surface": gl.program(ctx, "human.vert", "surface.frag",
                                               surface_defines | defines | {"PATTERN": -2}),
                         "shadow": gl.program(ctx, "human.vert", "depth.frag", defines)}
        self.actors = []
        for rig in rigs:
            b = rig.body
            static = np.concatenate([b.normals, rig.colors, rig.materials[:, None],
                                     b.bone_index.astype("f4"), b.bone_weight], axis=1).astype("f4")
            static_buffer = ctx.buffer(np.ascontiguousarray(static).tobytes())
            positions = ctx.buffer(reserve=len(b.positions) * 12, dynamic=True)
            index = ctx.buffer(rig.triangles.tobytes())
            vaos = {k: gl.vertex_array(ctx, prog, [(positions, [("3f", "in_pos")], False),
                                                   (static_buffer, self.ATTRIBUTES, False)], index)
                    for k, prog in self.programs.items()}
            self.actors.append((rig, positions, vaos))

    def update(self, f: int, prev_f: float) -> None:
        """This frame's face units and bones (and the bones at the shutter's opening)."""
        self._frame = []
        for rig, positions, _ in self.actors:
            positions.write(rig.bind_positions(f).tobytes())
            self._frame.append((rig.bones_at(f), rig.bones_at(prev_f)))

    def draw(self, kind: str) -> None:
        prog = self.programs[kind]
        for (rig, _, vaos), (now, before) in zip(self.actors, self._frame):
            prog["u_bones"].write(now.reshape(-1, 4).tobytes())
            if "u_prev_bones" in prog:
                prog["u_prev_bones"].write(before.reshape(-1, 4).tobytes())
            if "u_instance" in prog:
                prog["u_instance"].value = rig.instance
            vaos[kind].render(moderngl.TRIANGLES)
