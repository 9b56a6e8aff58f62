"""The drawn body: one actor's tapered capsules (body, clothing, hair, hands, face) for a frame.

Every shape is a capsule instance (two ends, two radii, an elliptical cross-section oriented by a
joint frame); the vertex shader turns one template mesh into all of them, so a whole cast is one
instanced draw. Rows follow CAPSULE_COLUMNS.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.body.human.dress import garment_names, garment_table
from cinemotion.body.skeleton import J, global_rotations
from cinemotion.motion.performance import ActorMotion
from cinemotion.render.materials import linear_color, material_id
from cinemotion.spec.models import Character

# a, b: ends; ra, rb: radii; sx, sz: cross-section scales; side, up: the frame's x and y axes
CAPSULE_COLUMNS = ("ax ay az bx by bz ra rb sx sz sidex sidey sidez upx upy upz r g b material instance").split()
N_COLUMNS = len(CAPSULE_COLUMNS)
HAND_BONES = [(0, 1), (0, 5), (0, 9), (0, 13), (0, 17)]  # layout: hand-21's palm edges


@cache
def body_table() -> dict:
    return load_table("render/body.yaml")


@cache
def feature_table() -> dict:
    return load_table("render/features.yaml")


REC709_LUMA = np.array([0.2126, 0.7152, 0.0722])  # standard: ITU-R BT.709 luma weights


def skin_albedo(character: Character) -> np.ndarray:
    """The linear diffuse albedo (3,) of the character's skin colour (body.yaml `skin`: a swatch of
    how skin looks eased to what skin reflects; dark tones keep their luminance)."""
    t = body_table()["skin"]
    color = linear_color(character.skin_color, f"character {character.id}: skin_color")
    luma = max(float(color @ REC709_LUMA), 1e-6)
    # the swatch's chroma (its log colour over its luminance) pulled towards measured skin's, the
    # light or dark skin patch by this luminance (between them, by log luminance): a near-white
    # swatch gains skin's red, a dark one its warmth, and the tones still keep their order
    light, dark = (linear_color(t[k], f"body.yaml skin.{k}") for k in ("light_patch", "dark_patch"))
    reach = np.log(light @ REC709_LUMA) - np.log(dark @ REC709_LUMA)
    w = float(np.clip((np.log(luma) - np.log(dark @ REC709_LUMA)) / reach, 0.0, 1.0))
    reference = np.exp((1 - w) * np.log(dark) + w * np.log(light))
    pull = t["chroma_pull"]
    chroma = np.exp((1 - pull) * np.log(np.maximum(color, 1e-6) / luma)
                    + pull * np.log(reference / float(reference @ REC709_LUMA)))
    knee = t["max_luminance"]
    return chroma / float(chroma @ REC709_LUMA) * knee * np.tanh(luma / knee)


def capsule_rows(a, b, ra, rb, side, up, color, material, instance, sx=1.0, sz=1.0) -> np.ndarray:
    """Rows (N, N_COLUMNS) from broadcastable arrays of ends, radii, frames and colours."""
    a, b = np.atleast_2d(a), np.atleast_2d(b)
    n = max(len(a), len(b))
    rows = np.zeros((n, N_COLUMNS), dtype="f4")
    rows[:, 0:3], rows[:, 3:6] = a, b
    rows[:, 6], rows[:, 7], rows[:, 8], rows[:, 9] = ra, rb, sx, sz
    rows[:, 10:13], rows[:, 13:16] = side, up
    rows[:, 16:19] = color
    rows[:, 19], rows[:, 20] = material, instance
    return rows


def _end(spec: list) -> tuple[int, int, float]:
    if len(spec) == 1:
        return J[spec[0]], J[spec[0]], 0.0
    return J[spec[0]], J[spec[1]], float(spec[2])


@dataclass
class ActorRig:
    """Everything needed to pose one actor's capsules at any frame (built once per worker)."""

    motion: ActorMotion
    character: Character
    instance: int  # k + 1 for shot.actors[k]
    hair_only: bool = False  # the human body (render/human.py) draws the rest

    def __post_init__(self) -> None:
        table = body_table()
        h = self.character.height_m
        self.height = h
        self.frames = global_rotations(self.motion.rotations)  # (F, 22, 3, 3)
        c = self.character
        self.skin = skin_albedo(c)
        self.hair = linear_color(c.hair_color, f"character {c.id}: hair_color")
        top = linear_color(c.clothing.top_color, f"character {c.id}: clothing.top_color")
        bottom = linear_color(c.clothing.bottom_color, f"character {c.id}: clothing.bottom_color")
        shoes = linear_color(c.clothing.shoes_color, f"character {c.id}: clothing.shoes_color")
        self.top = top
        garments = garment_table()
        top_name, bottom_name = garment_names(c)
        covers_top, covers_bottom = set(garments["top"][top_name]), set(garments["bottom"][bottom_name])
        segs = list(table["segments"].values())
        ends_a = [_end(s["a"]) for s in segs]
        ends_b = [_end(s["b"]) for s in segs]
        self.seg_a = np.array([(p, q) for p, q, _ in ends_a]), np.array([t for *_, t in ends_a])
        self.seg_b = np.array([(p, q) for p, q, _ in ends_b]), np.array([t for *_, t in ends_b])
        self.seg_frame = np.array([J[s["frame"]] for s in segs])
        self.seg_off_a = np.array([s.get("offset_a", [0, 0, 0]) for s in segs]) * h
        self.seg_off_b = np.array([s.get("offset_b", [0, 0, 0]) for s in segs]) * h
        radii = np.array([s["r"] for s in segs]) * h
        self.seg_sx = np.array([s.get("sx", 1.0) for s in segs])
        self.seg_sz = np.array([s.get("sz", 1.0) for s in segs])
        colors, mats, grow = [], [], []
        for s in segs:
            region = s["region"]
            if region == "foot" and region in garments["shoes"]:
                colors.append(shoes), mats.append(material_id("leather")), grow.append(1.0)
            elif region in covers_top:  # a coat or dress falls over the trousers
                colors.append(top), mats.append(material_id("cloth")), grow.append(table["cloth_thickness"])
            elif region in covers_bottom:
                colors.append(bottom), mats.append(material_id("cloth")), grow.append(table["cloth_thickness"])
            else:
                colors.append(self.skin), mats.append(material_id("skin")), grow.append(1.0)
        self.seg_radii = radii * np.array(grow)[:, None]
        self.seg_color, self.seg_material = np.array(colors), np.array(mats)
        hair = table["hair"]
        # the human body brings its own scalp shell, curls' volume in it: only the shapes beyond it come from here
        styles = [n for n in hair["styles"][c.hair_style] if not (self.hair_only and n in hair["in_scalp"])]
        self.hair_shapes = [hair[name] for name in styles]
        if "hair" in self.motion.secondary:  # the spring chain replaces the static hanging shapes
            self.hair_shapes = [s for name, s in zip(styles, self.hair_shapes) if name in ("cap", "curls", "bun")]

    # -- per frame ------------------------------------------------------------------------------
    def capsules(self, f: int) -> np.ndarray:
        """All capsule rows of this actor at frame f."""
        joints = self.motion.joints[f]
        frames = self.frames[f]
        if self.hair_only:
            parts = [self._hair(joints, frames), self._chains(f, frames)]
        else:
            parts = [self._segments(joints, frames), self._hair(joints, frames), self._hands(f, joints, frames),
                     self._face(f, joints, frames), self._chains(f, frames)]
        parts = [p for p in parts if len(p)]
        return np.concatenate(parts) if parts else np.zeros((0, N_COLUMNS), "f4")

    def _segments(self, joints, frames) -> np.ndarray:
        (ia, ta), (ib, tb) = self.seg_a, self.seg_b
        rot = frames[self.seg_frame]
        a = joints[ia[:, 0]] * (1 - ta[:, None]) + joints[ia[:, 1]] * ta[:, None]
        b = joints[ib[:, 0]] * (1 - tb[:, None]) + joints[ib[:, 1]] * tb[:, None]
        a = a + np.einsum("nij,nj->ni", rot, self.seg_off_a)
        b = b + np.einsum("nij,nj->ni", rot, self.seg_off_b)
        return capsule_rows(a, b, self.seg_radii[:, 0], self.seg_radii[:, 1], rot[:, :, 0], rot[:, :, 1],
                            self.seg_color, self.seg_material, self.instance, self.seg_sx, self.seg_sz)

    def _in_head(self, joints, frames, local) -> np.ndarray:
        return joints[J["head"]] + np.asarray(local) * self.height @ frames[J["head"]].T

    def _hair(self, joints, frames) -> np.ndarray:
        rot = frames[J["head"]]
        rows = [capsule_rows(self._in_head(joints, frames, s["a"]), self._in_head(joints, frames, s["b"]),
                             s["r"][0] * self.height, s["r"][1] * self.height, rot[:, 0], rot[:, 1],
                             self.hair, material_id(s.get("material", "hair")), self.instance, s.get("sx", 1.0))
                for s in self.hair_shapes]
        return np.concatenate(rows) if rows else np.zeros((0, N_COLUMNS), "f4")

    def hand_landmarks(self, f: int, joints, frames) -> np.ndarray:
        """(2, 21, 3) world hand landmarks: the performance's, or a relaxed hand on the wrist frame."""
        if self.motion.hands is not None:
            return self.motion.hands[f]
        template = np.array(feature_table()["hand"]["landmarks"]) * self.height
        mirror = np.array([-1.0, 1.0, 1.0])
        return np.stack([joints[J[w]] + (template * m) @ frames[J[w]].T
                         for w, m in (("left_wrist", 1.0), ("right_wrist", mirror))])

    def _hands(self, f: int, joints, frames) -> np.ndarray:
        spec = feature_table()["hand"]
        hands = self.hand_landmarks(f, joints, frames)
        h = self.height
        rows = []
        for pts in hands:
            across = pts[5] - pts[17]
            across /= np.linalg.norm(across) + 1e-9
            along = pts[9] - pts[0]
            along /= np.linalg.norm(along) + 1e-9
            thick = spec["palm_thickness"] * h
            # the palm: a flat capsule from the wrist to the knuckles, widened across the hand
            breadth = np.linalg.norm(pts[5] - pts[17]) / 2 + 0.3 * thick
            rows.append(capsule_rows(pts[0] + 0.2 * (pts[9] - pts[0]), (pts[5] + pts[17]) / 2 * 0.6 + pts[9] * 0.4,
                                     thick * 1.1, thick, across, along, self.skin, material_id("skin"),
                                     self.instance, breadth / thick, 1.0))
            rows.append(capsule_rows(pts[0], pts[1], thick * 0.9, spec["fingers"]["thumb"]["r"][0] * h,
                                     across, along, self.skin, material_id("skin"), self.instance))
            for finger in spec["fingers"].values():
                chain = finger["chain"]
                r = np.linspace(finger["r"][0], finger["r"][1], len(chain)) * h
                rows.append(capsule_rows(pts[chain[:-1]], pts[chain[1:]], r[:-1], r[1:], across, along,
                                         self.skin, material_id("skin"), self.instance))
        return np.concatenate(rows)

    def _face(self, f: int, joints, frames) -> np.ndarray:
        spec = feature_table()["face"]
        h = self.height
        rot = frames[J["head"]]
        side, up, fwd = rot[:, 0], rot[:, 1], rot[:, 2]
        weight = {k: float(v[f]) for k, v in self.motion.expression.items()}
        skin, inst = self.skin, self.instance
        rows = []

        def head(p):
            return self._in_head(joints, frames, p)

        def mirrored(p, s):
            return [p[0] * s, p[1], p[2]]

        landmarks = self.motion.face[f] if self.motion.face is not None else None
        eye = spec["eye"]
        for s, name in ((1.0, "left"), (-1.0, "right")):
            if landmarks is not None:
                contour = landmarks[42:48] if s > 0 else landmarks[36:42]  # face-70: 36–41 is the right eye
                centre = contour.mean(axis=0) - fwd * eye["radius"] * h * 0.7
            else:
                centre = head(mirrored(eye["center"], s))
            r = eye["radius"] * h
            rows.append(capsule_rows(centre, centre, r, r, side, up, [0.8, 0.78, 0.74], material_id("eye"), inst))
            look = fwd
            if self.motion.gaze is not None:
                to = self.motion.gaze[f] - centre
                to /= np.linalg.norm(to) + 1e-9
                look = to if to @ fwd > 0.5 else fwd
            ir = eye["iris_radius"] * h
            # the iris: a disc (a sphere flattened along the view) whose rim meets the eyeball's
            # surface, so it shows as a flat circle on the eye, not a bead standing out of it
            iris = centre + look * np.sqrt(r * r - ir * ir)
            rows.append(capsule_rows(iris, iris, ir, ir, side, up, [0.035, 0.02, 0.012], material_id("eye"), inst,
                                     1.0, eye["iris_flatten"]))
            blink = float(np.clip(weight.get(f"blink_{name}", weight.get("blink", 0.0)), 0.0, 1.0))
            # lids: skin shells a little larger than the eyeball; where they stand in front of it
            # they hide it, leaving the almond opening between them; the upper one slides down to blink
            open_at, shut_at = eye["upper_lid"]
            lid_r = r * eye["lid_scale"]
            for offset in (open_at + (shut_at - open_at) * blink, eye["lower_lid"]):
                lid = centre + up * offset * r
                rows.append(capsule_rows(lid, lid, lid_r, lid_r, side, up, skin, material_id("skin"), inst,
                                         eye["lid_widen"], 1.0))
            brow = spec["brow"]
            if landmarks is not None:
                pts = landmarks[22:27] if s > 0 else landmarks[17:22]
                rows.append(capsule_rows(pts[:-1], pts[1:], brow["radius"] * h, brow["radius"] * h, side, up,
                                         self.hair, material_id("hair"), inst))
            else:
                lift = up * (brow["raise"] * weight.get("brow_raise", 0.0)) * h
                knit = (up * -brow["furrow"] - side * s * brow["furrow"] * 0.5) * weight.get("brow_furrow", 0.0) * h
                rows.append(capsule_rows(head(mirrored(brow["inner"], s)) + lift + knit,
                                         head(mirrored(brow["outer"], s)) + lift, brow["radius"] * h * 1.2,
                                         brow["radius"] * h * 0.8, side, up, self.hair, material_id("hair"), inst))
            ear = spec["ear"]
            c = head(mirrored(ear["center"], s))
            rows.append(capsule_rows(c - up * ear["half_height"] * h, c + up * ear["half_height"] * h,
                                     ear["radius"] * h * 0.8, ear["radius"] * h, side, up, skin,
                                     material_id("skin"), inst, ear["flatten"], 1.0))
        nose = spec["nose"]
        if landmarks is not None:
            bridge, tip = landmarks[27], landmarks[30]
        else:
            bridge, tip = head(nose["bridge"]), head(nose["tip"])
        rows.append(capsule_rows(bridge, tip, nose["r"][0] * h, nose["r"][1] * h, side, up, skin,
                                 material_id("skin"), inst))
        wing = tip - up * nose["r"][1] * h * 0.6 - fwd * nose["r"][1] * h * 0.9
        rows.append(capsule_rows(wing - side * nose["wing_half_width"] * h, wing + side * nose["wing_half_width"] * h,
                                 nose["wing_radius"] * h, nose["wing_radius"] * h, side, up, skin,
                                 material_id("skin"), inst))
        rows.append(self._mouth(landmarks, weight, head, side, up, fwd))
        return np.concatenate(rows)

    def _mouth(self, landmarks, weight, head, side, up, fwd) -> np.ndarray:
        m = feature_table()["face"]["mouth"]
        h, inst = self.height, self.instance
        lips = self.skin * np.array([1.05, 0.62, 0.62])
        r = m["lip_radius"] * h
        if landmarks is not None:
            outer = landmarks[48:60]
            inner = landmarks[60:68]
            opening = float(np.linalg.norm(inner[2] - inner[6]))
            centre = inner.mean(axis=0)
            rows = [capsule_rows(outer, np.roll(outer, -1, axis=0), r * 0.9, r * 0.9, side, up, lips,
                                 material_id("lips"), inst)]
            half = np.linalg.norm(outer[0] - outer[6]) / 2 * 0.8
        else:
            wide = 1.0 + m["widen"] * weight.get("mouth_wide", 0.0)
            half = m["half_width"] * h * wide
            drop = m["jaw_drop"] * h * weight.get("jaw_open", 0.0)
            corner_lift = (m["smile_lift"] * weight.get("smile", 0.0) - m["frown_drop"] * weight.get("frown", 0.0)) * h
            centre = head(m["center"])
            mid_top, mid_bottom = centre + up * r * 0.6, centre - up * (r * 0.9 + drop)
            rows = []
            for s in (1.0, -1.0):
                corner = centre + side * s * half + up * corner_lift - fwd * r * 0.8
                rows.append(capsule_rows(mid_top, corner, r, r * 0.55, side, up, lips, material_id("lips"), inst))
                rows.append(capsule_rows(mid_bottom, corner, r * 1.15, r * 0.55, side, up, lips,
                                         material_id("lips"), inst))
            opening = drop + r * 0.3
        cavity = centre - fwd * r * 0.9
        rows.append(capsule_rows(cavity - side * half * 0.8, cavity + side * half * 0.8, max(opening * 0.5, r * 0.35),
                                 max(opening * 0.5, r * 0.35), side, up, [0.05, 0.012, 0.012],
                                 material_id("cavity"), inst))
        return np.concatenate(rows)

    def _chains(self, f: int, frames) -> np.ndarray:
        """Spring chains (hair, scarf, coat tail) as tubes, root to tip, in hair or clothing colour."""
        rows = []
        up = frames[J["neck"]][:, 1]
        rh = np.array(body_table()["hair"]["chain_radius"]) * self.height
        for name, chain in self.motion.secondary.items():
            pts = chain[f]
            if len(pts) < 2:
                continue
            r = np.linspace(rh[0], rh[1], len(pts))
            if name == "hair":
                color, material = self.hair, material_id("hair")
            else:
                color, material, r = self.top * 0.85, material_id("cloth"), r * 1.4
            rows.append(capsule_rows(pts[:-1], pts[1:], r[:-1], r[1:], frames[J["neck"]][:, 0], up,
                                     color, material, self.instance, 1.6 if name != "hair" else 1.3))
        return np.concatenate(rows) if rows else np.zeros((0, N_COLUMNS), "f4")
