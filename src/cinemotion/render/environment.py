"""Procedural sets for the settings (environments.yaml), laid out along the shot's action.

The set is built once per shot from the shot seed: a frame of reference along the actors'
travel, then ground, strips (road, sidewalk, track), buildings with neon, lamps, scattered
trees/cars/rocks, interiors and distant skylines, so a moving camera sees parallax. Anything
tall that would stand between the camera and an actor is left out, the way a set wall is pulled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.errors import InputError
from cinemotion.motion.performance import Performance, PropState
from cinemotion.render import mesh
from cinemotion.render.lighting import Light
from cinemotion.render.materials import linear_color, material_id, material_table


class SetFigures(Figures):
    ground_extent_m: Figure[float]
    set_margin_m: Figure[float]
    neon_intensity: Figure[float]
    street_lamp_beam: Figure[float]


FIGURES = load_table("render/environment.yaml", SetFigures)
GROUND_EXTENT_M = FIGURES.ground_extent_m.value
EMPTY_PROPS = ("gap",)  # a gap is where nothing is: its box only tells the motion where not to land
SET_MARGIN_M = FIGURES.set_margin_m.value
# a neon sign's light on the street: a 2–3 m tube sign of a few hundred watts lights a pool of a
# few metres below it (design value, tuned on the neon stills against the street lamps' ~50 lx)
NEON_INTENSITY = FIGURES.neon_intensity.value
# street luminaires throw their light down and along the road (full cut-off optics, EN 13201-2 /
# IES TM-15 "BUG" ratings): a cos² beam about the vertical stands in for their intensity distribution
STREET_LAMP_BEAM = FIGURES.street_lamp_beam.value


@cache
def environment_table() -> dict:
    return load_table("render/environments.yaml")


SETTINGS = tuple(environment_table()["settings"])


def setting_name(text: str) -> str:
    """The set a setting phrase names ('city street', 'rooftop', 'Running track') or InputError."""
    table = environment_table()
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    key = table["aliases"].get(key, key)
    if key not in table["settings"]:
        raise InputError("environment.setting", f"unknown setting {text!r}; known: {', '.join(SETTINGS)}")
    return key


def _color(hex_color: str) -> np.ndarray:
    return linear_color(hex_color, "environments.yaml")


def _emissive(material: str) -> float:
    return float(material_table()[material_id(material)][3])


@dataclass
class ActionFrame:
    """Path coordinates: origin on the ground, `along` the travel, `lateral` away from the camera."""

    origin: np.ndarray
    along: np.ndarray
    lateral: np.ndarray
    span: tuple[float, float]          # along-range the set must cover
    sightlines: np.ndarray             # (S, 2, 2) camera → actor segments on the ground plane (x, z)
    cameras: np.ndarray                # (C, 3) camera positions

    def world(self, s, q, y=0.0) -> np.ndarray:
        return self.origin + np.multiply.outer(s, self.along) + np.multiply.outer(q, self.lateral) \
            + np.multiply.outer(y, [0.0, 1.0, 0.0])

    def yaw(self) -> float:
        return float(np.arctan2(-self.along[2], self.along[0]))

    def blocks_view(self, center: np.ndarray, radius: float) -> bool:
        """Would a tall object here stand between the camera and an actor, or fill the lens?"""
        p = center[[0, 2]]
        a, b = self.sightlines[:, 0], self.sightlines[:, 1]
        ab = b - a
        t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-9), 0, 1)
        d = np.linalg.norm(a + ab * t[:, None] - p, axis=1)
        # nor loom right in front of the lens: a set piece within reach of the camera is pulled too
        near_lens = np.linalg.norm(self.cameras[:, [0, 2]] - p, axis=1) < radius + 2.5
        return bool(np.any(d < radius + 0.6) or np.any(near_lens))


def action_frame(performance: Performance, camera: CameraPath) -> ActionFrame:
    step = max(1, camera.n_frames // 24)
    frames = np.arange(0, camera.n_frames, step)
    cams = np.array([camera.position(f) for f in frames])
    if performance.actors:
        pts = np.concatenate([a.joints[frames][:, [0, 15]].reshape(-1, 3) for a in performance.actors])
        roots = np.concatenate([a.root for a in performance.actors])
    else:  # an empty set: lay it out in front of the camera
        view = np.array([camera.rotation[f][2] for f in frames]).mean(axis=0)
        pts = cams + view * 5.0
        roots = pts
    origin = np.array([roots[:, 0].mean(), 0.0, roots[:, 2].mean()])
    travel = roots[-1] - roots[0] if len(performance.actors) == 1 else np.ptp(roots, axis=0)
    travel = np.array([travel[0], 0.0, travel[2]])
    if np.linalg.norm(travel) < 1.0:  # standing still: the set runs across the screen
        right = camera.rotation[camera.n_frames // 2][0]
        travel = np.array([right[0], 0.0, right[2]])
    along = travel / (np.linalg.norm(travel) + 1e-12)
    lateral = np.array([-along[2], 0.0, along[0]])
    if (cams.mean(axis=0) - origin) @ lateral > 0:
        lateral = -lateral
    s = (np.concatenate([roots, cams]) - origin) @ along
    n_cam = len(cams)
    per_cam = pts.reshape(-1, n_cam, 2, 3) if performance.actors else pts[None, :, None]
    segments = []
    for actor_pts in per_cam:
        for k in range(actor_pts.shape[1]):
            segments.append(np.stack([cams[:, [0, 2]], actor_pts[:, k][:, [0, 2]]], axis=1))
    return ActionFrame(origin=origin, along=along, lateral=lateral,
                       span=(float(s.min()) - SET_MARGIN_M, float(s.max()) + SET_MARGIN_M),
                       sightlines=np.concatenate(segments), cameras=cams)


@dataclass
class Practical:
    """A light of the set (street lamp, neon sign, ceiling lamp)."""

    position: np.ndarray
    color: np.ndarray        # colour × intensity (inverse-square from `position`)
    radius: float            # of the emitter, m
    radiance: float          # the emitter's radiance per unit of `color`
    downward: float          # beam exponent: intensity × cos^downward of the angle from straight down


@dataclass
class SetBuilder:
    frame: ActionFrame
    rng: np.random.Generator
    light: Light
    parts: list[np.ndarray] = field(default_factory=list)
    points: list[Practical] = field(default_factory=list)

    def add(self, vertices: np.ndarray, center=None, radius: float = 0.0, tall: bool = True) -> bool:
        if center is not None and tall and self.frame.blocks_view(np.asarray(center), radius):
            return False
        self.parts.append(vertices)
        return True

    def light_at(self, position, color, intensity: float, *, radius: float, emission: float, downward: float) -> None:
        """A practical: light of `color` × `intensity` from `position`, drawn as an emitter of this
        radius (m) and emissive strength (its radiance: what a wet street mirrors of it), its beam
        cos^downward around straight down (0: all round)."""
        self.points.append(Practical(np.asarray(position, float), np.asarray(color, float) * intensity,
                                     float(radius), emission / intensity, float(downward)))


@dataclass
class SetPiece:
    """The built set of a shot."""

    vertices: np.ndarray
    points: list[Practical]
    indoor: bool
    ground_y: float
    center: np.ndarray
    radius: float
    fog_boost: float
    setting: str


def build_set(shot: ShotPlan, performance: Performance, camera: CameraPath, light: Light,
              rng: np.random.Generator) -> SetPiece:
    name = setting_name(shot.environment.setting)
    spec = environment_table()["settings"][name]
    frame = action_frame(performance, camera)
    build = SetBuilder(frame, rng, light)
    ground_y = min([0.0] + [float(np.min(np.atleast_2d(p.center)[:, 1]) - p.size[1] / 2)
                            for p in performance.props if p.size[1] > 4.0])
    if ground_y == 0.0:  # feet standing on snow, sand or mud sink into it: its surface lies above their soles
        ground_y = float(environment_table()["soft_ground_m"].get(shot.environment.surface, 0.0))
    for key, make in PIECES.items():
        if key in spec:
            make(build, spec[key], ground_y)
    for prop in performance.props:
        if np.ndim(prop.center) == 1 and prop.kind not in EMPTY_PROPS:
            build.add(prop_mesh(prop))
    # near to far from where the camera mostly stands: the depth test then skips hidden fragments
    eye = frame.cameras.mean(axis=0)
    order = np.argsort([np.linalg.norm(p[:, :3].mean(axis=0) - eye) for p in build.parts], kind="stable")
    g = spec["ground"]  # the ground lies behind everything standing on it: last
    ground = mesh.quad(frame.world(0.0, 0.0, ground_y), [GROUND_EXTENT_M, 0, 0], [0, 0, -GROUND_EXTENT_M],
                       _color(g["color"]), material_id(g["material"]))
    vertices = np.concatenate([build.parts[i] for i in order] + [ground]).astype("f4")
    s0, s1 = frame.span
    center = frame.world((s0 + s1) / 2, 0.0)
    return SetPiece(vertices=vertices, points=build.points, indoor="interior" in spec or "room" in spec,
                    ground_y=ground_y, center=center, radius=float((s1 - s0) / 2 + 30.0),
                    fog_boost=float(spec.get("fog_boost", 0.0)), setting=name)


def prop_mesh(prop: PropState, center=None) -> np.ndarray:
    """A prop's mesh: logs are cylinders along their depth, tall boxes read as buildings."""
    c = np.asarray(prop.center if center is None else center, float)
    size = np.asarray(prop.size, float)
    color = linear_color(prop.color, f"prop {prop.id}: color")
    if prop.kind == "log":
        c_yaw = np.array([np.sin(prop.yaw), 0.0, np.cos(prop.yaw)])
        r = min(size[0], size[1]) / 2
        return mesh.frustum(c - c_yaw * size[2] / 2, c + c_yaw * size[2] / 2, r, r * 0.92, color,
                            material_id("bark"), segments=16)
    if prop.kind == "puddle":
        return mesh.box(c, size, color, material_id("water"), prop.yaw, faces=(2,))
    if size[1] > 4.0:  # a building: windowed walls under a concrete roof
        return np.concatenate([mesh.box(c, size, color, material_id("facade"), prop.yaw, faces=(0, 1, 3, 4, 5)),
                               mesh.box(c, size, color * 1.15, material_id("concrete"), prop.yaw, faces=(2,))])
    material = "facade" if size[1] > 4.0 else "concrete" if prop.kind in ("rooftop", "ledge", "wall",
                                                                         "platform", "barrier") else "wood"
    return mesh.box(c, size, color, material_id(material), prop.yaw)


# -- pieces ---------------------------------------------------------------------------------------
def _strips(build: SetBuilder, strips: list, ground_y: float) -> None:
    f = build.frame
    s0, s1 = f.span
    for strip in strips:
        q0, q1 = strip["lateral"]
        h = strip["height"]
        c = f.world((s0 + s1) / 2, (q0 + q1) / 2, ground_y + max(h, 0.004) / 2)
        size = [s1 - s0, max(h, 0.004), q1 - q0]
        faces = (0, 1, 2, 3, 4, 5) if h > 0.01 else (2,)
        build.add(mesh.box(c, size, _color(strip["color"]), material_id(strip["material"]), f.yaw(), faces))


def _buildings(build: SetBuilder, spec: dict, ground_y: float) -> None:
    f, rng = build.frame, build.rng
    neon = [_color(c) for c in environment_table()["neon_colors"]]
    lit = build.light.neon_signs
    for side in (1.0, -1.0):
        s = f.span[0]
        while s < f.span[1]:
            w = rng.uniform(*spec["width"])
            d = rng.uniform(*spec["depth"])
            h = rng.uniform(*spec["height"]) - ground_y
            color = _color(spec["colors"][rng.integers(len(spec["colors"]))])
            q = side * (spec["lateral"] + d / 2)
            center = f.world(s + w / 2, q, ground_y + h / 2)
            footprint = 0.5 * min(w, d)
            placed = build.add(mesh.box(center, [w, h, d], color, material_id("facade"), f.yaw()),
                               center, footprint)
            if placed and spec.get("neon"):
                # shop signs over the doors and the first floor (2.2–5 m), where a street-level
                # camera sees them and the wet street in front mirrors them
                for _ in range(rng.integers(3, 6)):
                    _neon_sign(build, s + w / 2 + rng.uniform(-w / 2.5, w / 2.5), side * spec["lateral"],
                               rng.uniform(2.2, min(5.0, h - 1.0)) + ground_y, neon[rng.integers(len(neon))], lit,
                               side)
            s += w + rng.uniform(*spec["gap"])


def _neon_sign(build: SetBuilder, s: float, q: float, y: float, color: np.ndarray, lit: bool, side: float) -> None:
    f, rng = build.frame, build.rng
    vertical = rng.random() < 0.5
    size = [0.7, rng.uniform(2.0, 4.0), 0.12] if vertical else [rng.uniform(2.0, 4.5), 0.9, 0.12]
    q_sign = q - side * 0.35
    center = f.world(s, q_sign, y)
    material = material_id("neon") if lit else material_id("matte")
    # a sign sticks out from the wall: its face turned to the street
    yaw = f.yaw() + (np.pi / 2 if vertical else 0.0)
    dims = [size[2], size[1], size[0]] if vertical else size
    build.add(mesh.box(center, dims, color if lit else color * 0.4 + 0.1, material, yaw), center, 0.3, tall=False)
    if lit:
        build.light_at(f.world(s, q_sign - side * 1.2, y), color, NEON_INTENSITY, radius=min(size[:2]) / 2,
                       emission=_emissive("neon"), downward=0.0)


def _lamps(build: SetBuilder, spec: dict, ground_y: float) -> None:
    f = build.frame
    color = _color(spec["color"])
    h = spec["height"]
    steel = np.array([0.12, 0.12, 0.13])
    offset = build.rng.uniform(0, spec["spacing"])
    for side in (1.0, -1.0):
        for s in np.arange(f.span[0] + offset, f.span[1], spec["spacing"]):
            base = f.world(s, side * spec["lateral"], ground_y)
            head = f.world(s, side * (spec["lateral"] - 1.2), ground_y + h)
            pole = mesh.frustum(base, base + [0, h, 0], 0.09, 0.06, steel, material_id("metal"), 8)
            arm = mesh.frustum(base + [0, h, 0], head + [0, 0.1, 0], 0.05, 0.05, steel, material_id("metal"), 6)
            lamp = mesh.box(head, [0.6, 0.15, 0.3], color if build.light.lamps_on else steel * 2,
                            material_id("lamp") if build.light.lamps_on else material_id("metal"), f.yaw())
            if build.add(np.concatenate([pole, arm, lamp]), base, 0.3) and build.light.lamps_on:
                build.light_at(head - [0, 0.4, 0], color, h * h * 0.35, radius=0.35, emission=_emissive("lamp"),
                               downward=STREET_LAMP_BEAM)


def _scatter(build: SetBuilder, items: list, ground_y: float) -> None:
    f, rng = build.frame, build.rng
    for item in items:
        make = SCATTER[item["kind"]]
        colors = [_color(c) for c in item["colors"]]
        for side in (1.0, -1.0):
            s = f.span[0] + rng.uniform(0, item["spacing"][1])
            while s < f.span[1]:
                q = side * rng.uniform(*item["lateral"])
                base = f.world(s, q, ground_y)
                vertices, radius, tall = make(base, colors[rng.integers(len(colors))], rng, f.yaw())
                build.add(vertices, base, radius, tall)
                s += rng.uniform(*item["spacing"])


def _tree(base, color, rng, yaw):
    h = rng.uniform(6.0, 12.0)
    trunk = mesh.frustum(base, base + [0, h * 0.55, 0], 0.22, 0.14, np.array([0.18, 0.12, 0.08]), material_id("bark"), 8)
    crowns = [trunk]
    for k in range(3):
        c = base + [rng.uniform(-1, 1), h * (0.55 + 0.13 * k), rng.uniform(-1, 1)]
        crowns.append(mesh.sphere(c, h * rng.uniform(0.2, 0.28), color * rng.uniform(0.8, 1.2), material_id("foliage"),
                                  scale=(1.0, 0.8, 1.0)))
    return np.concatenate(crowns), h * 0.25, True


def _pine(base, color, rng, yaw):
    h = rng.uniform(9.0, 20.0)
    parts = [mesh.frustum(base, base + [0, h * 0.3, 0], 0.25, 0.18, np.array([0.16, 0.1, 0.07]), material_id("bark"), 8)]
    for k in range(4):
        y0 = h * (0.2 + 0.19 * k)
        r = h * 0.22 * (1 - 0.2 * k)
        parts.append(mesh.frustum(base + [0, y0, 0], base + [0, y0 + h * 0.32, 0], r, 0.0, color,
                                  material_id("foliage"), 10, cap=False))
    return np.concatenate(parts), h * 0.18, True


def _palm(base, color, rng, yaw):
    h = rng.uniform(6.0, 10.0)
    lean = np.array([rng.uniform(-1, 1), 0, rng.uniform(-1, 1)]) * 0.12
    top = base + [0, h, 0] + lean * h
    parts = [mesh.frustum(base, top, 0.2, 0.14, np.array([0.35, 0.27, 0.18]), material_id("bark"), 8)]
    for k in range(7):
        a = 2 * np.pi * k / 7
        tip = top + np.array([np.cos(a) * 3.0, -1.2, np.sin(a) * 3.0])
        parts.append(mesh.frustum(top, tip, 0.35, 0.02, color, material_id("foliage"), 4))
    return np.concatenate(parts), 1.0, True


def _rock(base, color, rng, yaw):
    r = rng.uniform(0.3, 1.2)
    return mesh.sphere(base + [0, r * 0.3, 0], r, color, material_id("concrete"),
                       scale=(1.0, rng.uniform(0.5, 0.8), rng.uniform(0.7, 1.1))), r, r > 0.6


def _bench(base, color, rng, yaw):
    seat = mesh.box(base + [0, 0.45, 0], [1.8, 0.06, 0.45], color, material_id("wood"), yaw)
    back = mesh.box(base + [0, 0.75, 0], [1.8, 0.4, 0.05], color, material_id("wood"), yaw)
    legs = [mesh.box(base + [dx, 0.22, 0], [0.06, 0.45, 0.4], np.array([0.1, 0.1, 0.1]), material_id("metal"), yaw)
            for dx in (-0.8, 0.8)]
    return np.concatenate([seat, back, *legs]), 0.9, False


def _car(base, color, rng, yaw):
    body = mesh.box(base + [0, 0.55, 0], [4.3, 0.7, 1.8], color, material_id("metal"), yaw)
    cabin = mesh.box(base + [0, 1.15, 0], [2.3, 0.55, 1.6], np.array([0.04, 0.05, 0.06]), material_id("window"), yaw)
    wheels = []
    c, s = np.cos(yaw), np.sin(yaw)
    for dx in (-1.35, 1.35):
        for dz in (-0.85, 0.85):
            p = base + np.array([c * dx + s * dz, 0.33, -s * dx + c * dz])
            axis = np.array([s, 0.0, c]) * 0.12
            # a tyre round at street distances (24 sides) with a metal rim that stands out of it
            wheels.append(mesh.frustum(p - axis, p + axis, 0.33, 0.33, np.array([0.02, 0.02, 0.02]),
                                       material_id("matte"), 24))
            wheels.append(mesh.frustum(p - axis * 1.08, p + axis * 1.08, 0.2, 0.2, np.array([0.45, 0.46, 0.48]),
                                       material_id("metal"), 12))
    return np.concatenate([body, cabin, *wheels]), 1.2, True


def _dumpster(base, color, rng, yaw):
    return mesh.box(base + [0, 0.65, 0], [1.9, 1.3, 1.1], color, material_id("metal"), yaw), 1.0, True


def _puddle(base, color, rng, yaw):
    size = [rng.uniform(0.8, 2.0), 0.004, rng.uniform(0.6, 1.4)]
    return mesh.box(base + [0, 0.004, 0], size, color, material_id("water"), yaw + rng.uniform(0, 3), faces=(2,)), 0.0, False


SCATTER = {"tree": _tree, "pine": _pine, "palm": _palm, "rock": _rock, "bench": _bench, "car": _car,
           "dumpster": _dumpster, "puddle": _puddle}


def _skyline(build: SetBuilder, spec: dict, ground_y: float) -> None:
    rng = build.rng
    for _ in range(spec["count"]):
        angle = rng.uniform(0, 2 * np.pi)
        dist = rng.uniform(*spec["distance"])
        w, d = rng.uniform(12, 35), rng.uniform(12, 35)
        h = rng.uniform(*spec["height"]) - ground_y
        c = build.frame.origin + np.array([np.cos(angle) * dist, ground_y + h / 2, np.sin(angle) * dist])
        color = _color(spec["colors"][rng.integers(len(spec["colors"]))])
        if _shades_action(build, c, max(w, d) / 2, ground_y + h):
            continue  # a distant tower may frame the shot, not put the action in its shadow
        build.add(mesh.box(c, [w, h, d], color, material_id("facade"), rng.uniform(0, np.pi)), c, max(w, d) / 2)


def _shades_action(build: SetBuilder, center: np.ndarray, radius: float, top: float) -> bool:
    """Does a tower (footprint centre, radius, top height) stand across the sun's ray to the action?"""
    sun = build.light.key_dir
    flat = np.array([sun[0], 0.0, sun[2]])
    if np.linalg.norm(flat) < 1e-6:
        return False
    flat /= np.linalg.norm(flat)
    rel = center - build.frame.origin
    along = rel[[0, 2]] @ flat[[0, 2]]
    across = np.linalg.norm(rel[[0, 2]] - along * flat[[0, 2]])
    ray_height = build.frame.origin[1] + along * sun[1] / np.linalg.norm(sun[[0, 2]])
    return along > 0 and across < radius + 15.0 and ray_height < top


def _mountains(build: SetBuilder, spec: dict, ground_y: float) -> None:
    rng = build.rng
    for _ in range(spec["count"]):
        angle = rng.uniform(0, 2 * np.pi)
        dist = rng.uniform(*spec["distance"])
        h = rng.uniform(*spec["height"])
        base = build.frame.origin + np.array([np.cos(angle) * dist, ground_y - 5, np.sin(angle) * dist])
        radius = min(h * 1.6, dist * 0.6)  # a foot that stays clear of the action
        build.add(mesh.frustum(base, base + [0, h, 0], radius, 0.0, _color(spec["color"]), material_id("snow"), 9,
                               cap=False))


def _water_band(build: SetBuilder, q0: float, q1: float, color_hex: str, ground_y: float) -> None:
    f = build.frame
    s0, s1 = f.span
    c = f.world((s0 + s1) / 2, (q0 + q1) / 2, ground_y + 0.02)
    build.add(mesh.box(c, [s1 - s0 + 200, 0.01, q1 - q0], _color(color_hex), material_id("water"), f.yaw(), faces=(2,)))


def _sea(build: SetBuilder, spec: dict, ground_y: float) -> None:
    _water_band(build, spec["lateral"], GROUND_EXTENT_M, spec["color"], ground_y)


def _river(build: SetBuilder, spec: dict, ground_y: float) -> None:
    _water_band(build, spec["lateral"][0], spec["lateral"][1], spec["color"], ground_y)


def _stands(build: SetBuilder, spec: dict, ground_y: float) -> None:
    f = build.frame
    s0, s1 = f.span
    seats = [_color(c) for c in spec["seat_colors"]]
    for row in range(spec["rows"]):
        q = spec["lateral"] + row * spec["depth"]
        h = (row + 1) * spec["rise"]
        c = f.world((s0 + s1) / 2, q + spec["depth"] / 2, ground_y + h / 2)
        build.add(mesh.box(c, [s1 - s0, h, spec["depth"]], _color(spec["color"]), material_id("concrete"), f.yaw()))
        c = f.world((s0 + s1) / 2, q + spec["depth"] * 0.3, ground_y + h + 0.2)
        build.add(mesh.box(c, [s1 - s0, 0.4, 0.4], seats[row % len(seats)], material_id("matte"), f.yaw()))


def _panel_wall(build: SetBuilder, s0: float, s1: float, q: float, height: float, color: np.ndarray,
                ground_y: float, panel: float = 1.0, window: bool = False) -> None:
    """A wall along `along` at lateral q, in panels, so a panel in the camera's way can be left out."""
    f = build.frame
    for s in np.arange(s0, s1, panel):
        c = f.world(s + panel / 2, q, ground_y + height / 2)
        build.add(mesh.box(c, [panel, height, 0.12], color, material_id("plaster"), f.yaw()), c, panel / 2)
        if window and int(np.floor(s / panel)) % 3 == 1:
            w = f.world(s + panel / 2, q - np.sign(q) * 0.07, ground_y + 1.6)
            build.add(mesh.box(w, [panel * 0.8, 1.4, 0.02], np.array([0.9, 0.95, 1.0]), material_id("window"), f.yaw()),
                      w, panel / 2)


def _cross_wall(build: SetBuilder, s: float, q0: float, q1: float, height: float, color, ground_y: float) -> None:
    f = build.frame
    for q in np.arange(q0, q1, 1.0):
        c = f.world(s, q + 0.5, ground_y + height / 2)
        build.add(mesh.box(c, [0.12, height, 1.0], color, material_id("plaster"), f.yaw()), c, 0.5)


def _ceiling(build: SetBuilder, s0, s1, q0, q1, height, color, spacing, ground_y) -> None:
    f = build.frame
    c = f.world((s0 + s1) / 2, (q0 + q1) / 2, ground_y + height)
    build.add(mesh.box(c, [s1 - s0, 0.05, q1 - q0], color, material_id("plaster"), f.yaw(), faces=(3,)))
    warm = np.array([1.0, 0.93, 0.82])
    for s in np.arange(s0 + spacing / 2, s1, spacing):
        for q in np.arange(q0 + spacing / 2, q1, spacing) if q1 - q0 > spacing else [(q0 + q1) / 2]:
            p = f.world(s, q, ground_y + height - 0.03)
            build.add(mesh.box(p, [1.2, 0.02, 0.6], warm, material_id("lamp"), f.yaw(), faces=(3,)))
            build.light_at(p - [0, 0.2, 0], warm, 3.0, radius=0.6, emission=_emissive("lamp"), downward=1.0)


def _interior(build: SetBuilder, spec: dict, ground_y: float) -> None:
    f = build.frame
    s0, s1 = f.span
    hw, h = spec["half_width"], spec["height"]
    camera_q = (f.cameras - f.origin) @ f.lateral
    for q in (-hw, hw):
        if np.all(camera_q * np.sign(q) > abs(q)):
            continue  # the camera films from beyond this wall: leave it out, as a set's fourth wall
        _panel_wall(build, s0, s1, q, h, _color(spec["wall"]), ground_y)
    door = _color(spec["doors"])
    for s in np.arange(s0, s1, spec["door_spacing"]):
        for q in [side * (hw - 0.07) for side in (-1.0, 1.0) if not np.all(camera_q * side > hw)]:
            c = f.world(s, q, ground_y + 1.05)
            build.add(mesh.box(c, [0.95, 2.1, 0.05], door, material_id("wood"), f.yaw()), c, 0.5)
    _ceiling(build, s0, s1, -hw, hw, h, _color(spec["ceiling"]), spec["light_spacing"], ground_y)


def _room(build: SetBuilder, spec: dict, ground_y: float) -> None:
    f, rng = build.frame, build.rng
    m = spec["margin"]
    roots = f.sightlines[:, 1]
    pts = np.concatenate([roots, f.cameras[:, [0, 2]]])
    rel = pts - f.origin[[0, 2]]
    s = rel @ f.along[[0, 2]]
    q = rel @ f.lateral[[0, 2]]
    s0, s1 = s.min() - m, s.max() + m
    q0, q1 = q.min() - m, max(q.max(), 0.0) + m
    wall = _color(spec["wall"])
    _panel_wall(build, s0, s1, q1, spec["height"], wall, ground_y, window=spec.get("window_wall", False))
    _panel_wall(build, s0, s1, q0, spec["height"], wall, ground_y)
    for edge in (s0, s1):
        _cross_wall(build, edge, q0, q1, spec["height"], wall, ground_y)
    _ceiling(build, s0, s1, q0, q1, spec["height"], _color(spec["ceiling"]), 3.0, ground_y)
    for item in spec["furniture"]:
        size = np.array(item["size"])
        s = s0 + 0.6
        while s < s1 - size[0]:
            c = f.world(s + size[0] / 2, q1 - 0.1 - size[2] / 2, ground_y + size[1] / 2)
            build.add(mesh.box(c, size[[0, 1, 2]], _color(item["color"]), material_id("wood"), f.yaw()), c,
                      size[0] / 2)
            s += size[0] + rng.uniform(*item["spacing"])


def _cyclorama(build: SetBuilder, spec: dict, ground_y: float) -> None:
    """A seamless studio backdrop: the floor curving up into a wall behind the subject."""
    f = build.frame
    color = _color(spec["color"])
    d, r, w, h = spec["distance"], spec["radius"], spec["width"], spec["height"]
    s_mid = 0.0
    angles = np.linspace(0, np.pi / 2, 9)
    profile = [(d - r + r * np.sin(a), r - r * np.cos(a)) for a in angles] + [(d, h)]
    for (q_a, y_a), (q_b, y_b) in zip(profile[:-1], profile[1:]):
        c = f.world(s_mid, (q_a + q_b) / 2, ground_y + (y_a + y_b) / 2)
        u = f.along * w
        v = f.lateral * (q_b - q_a) / 2 + np.array([0, (y_b - y_a) / 2, 0])
        build.add(mesh.quad(c, v, u, color, material_id("backdrop")))


def _rooftop_details(build: SetBuilder, spec: dict, ground_y: float) -> None:
    """Water tanks and vents on walkable roofs come from the props; here: the street far below."""
    f = build.frame
    s0, s1 = f.span
    for q in (-12.0, 12.0):
        c = f.world((s0 + s1) / 2, q, ground_y + 0.1)
        build.add(mesh.box(c, [s1 - s0, 0.2, 4.0], _color(spec["color"]), material_id("concrete"), f.yaw()))


PIECES = {
    "strips": _strips, "river": _river, "sea": _sea, "buildings": _buildings, "lamps": _lamps,
    "scatter": _scatter, "stands": _stands, "interior": _interior, "room": _room, "cyclorama": _cyclorama,
    "skyline": _skyline, "mountains": _mountains, "rooftop_details": _rooftop_details,
}
