"""Animals as simple figures: a few tapered capsules (torso, neck, head, legs, tail; or a bird's
body and wings) posed from motion/animals.py's path and stride phase, drawn in the cast's instanced
capsule pass. Like extras they are background: instance 0 in the control maps."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.direct.animals import animal_table
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.animals import AnimalMotion
from cinemotion.motion.performance import Performance
from cinemotion.render.body import capsule_rows
from cinemotion.render.extras import BACKGROUND_INSTANCE
from cinemotion.render.materials import linear_color, material_id

UP = np.array([0.0, 1.0, 0.0])  # convention: Y up


@cache
def shape_table() -> dict:
    return load_table("render/animals.yaml")


@dataclass
class AnimalRig:
    """Poses one animal's capsules at any frame (the same `capsules(f)` as a body's ActorRig)."""

    motion: AnimalMotion
    stride_m: float  # one stride cycle's travel at the animal's pace

    def __post_init__(self) -> None:
        spec = animal_table()[self.motion.kind]
        self.length, self.height = spec["length_m"], spec["height_m"]
        self.color = linear_color(spec["color"], f"animal {self.motion.kind}: color")
        h = self.motion.heading_rad
        self.forward = np.array([np.cos(h), 0.0, -np.sin(h)])
        self.side = np.cross(UP, self.forward)  # the animal's left

    def _at(self, f: int, forward_l: float, up_h: float, side_h: float = 0.0) -> np.ndarray:
        return self.motion.root[f] + self.forward * forward_l * self.length + UP * up_h * self.height \
            + self.side * side_h * self.height

    def capsules(self, f: int) -> np.ndarray:
        return self._bird(f) if self.motion.kind == "bird" else self._quadruped(f)

    def _rows(self, a, b, ra, rb, material: str = "hair") -> np.ndarray:
        return capsule_rows(a, b, ra, rb, self.side, UP, self.color, material_id(material), BACKGROUND_INSTANCE)

    def _quadruped(self, f: int) -> np.ndarray:
        shape, H = shape_table()["quadruped"], self.height
        torso = shape["torso"]
        parts = [self._rows(self._at(f, torso["rump"], 0), self._at(f, torso["chest"], 0),
                            torso["radius_h"] * H, torso["radius_h"] * H * 0.9)]
        for name in ("neck", "head", "tail"):
            part = shape[name]
            parts.append(self._rows(self._at(f, *part["from"]), self._at(f, *part["to"]),
                                    part["radius_h"] * H, part["radius_h"] * H * 0.8))
        trot = self.motion.kind in shape_table()["trotters"]
        reach = self.stride_m / 4  # a foot's excursion either side of its hip: 2 × reach per half cycle
        for k, leg in enumerate(shape["legs"]):
            offset = (0.0, 0.5, 0.5, 0.0)[k] if trot else leg["phase"]
            p = 2 * np.pi * (self.motion.phase[f] + offset)
            hip = self._at(f, leg["at"][0], -0.05, leg["at"][1])
            foot = hip + self.forward * reach * np.sin(p)
            foot[1] = shape["lift_h"] * H * max(0.0, np.cos(p)) + shape["leg_radius_h"] * H
            parts.append(self._rows(hip, foot, shape["leg_radius_h"] * H * 1.3, shape["leg_radius_h"] * H * 0.8))
        return np.concatenate(parts)

    def _bird(self, f: int) -> np.ndarray:
        shape, L = shape_table()["bird"], self.length
        body = self._rows(self._at(f, -0.5, 0), self._at(f, 0.5, 0), shape["body_radius_l"] * L,
                          shape["body_radius_l"] * L * 0.7, "matte")
        angle = shape["flap_rad"] * np.cos(2 * np.pi * self.motion.phase[f])
        shoulder = self._at(f, 0.1, 0)
        wings = [self._rows(shoulder, shoulder + (side * np.cos(angle) * self.side + np.sin(angle) * UP)
                            * shape["wing_span_l"] * L, shape["wing_radius_l"] * L, shape["wing_radius_l"] * L * 0.5,
                            "matte") for side in (1.0, -1.0)]
        return np.concatenate([body] + wings)


def animal_rigs(shot: ShotPlan, performance: Performance) -> list[AnimalRig]:
    """One rig per animated animal, in plan order."""
    speeds = {a.id: a.start.speed_mps for a in shot.animals}
    return [AnimalRig(m, speeds[m.animal_id] / animal_table()[m.kind]["stride_hz"]) for m in performance.animals
            if m.animal_id in speeds]
