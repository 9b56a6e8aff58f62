"""One actor's human body through a performance: fitted, dressed, posed and kept apart from itself.

What the renderer draws (render/human.py adds colours and GL buffers), the exports write and
quality measures: per frame, the dressed bind pose with the face units and the contact response,
which the vertex shader's dual-quaternion skinning then poses. The response is found on the
CPU-skinned mesh and carried back into the bind pose through each vertex's own rigid blend
(x ↦ R x + t, so a world push d is the bind push Rᵀ d), so the shader lands exactly on it.
"""

from __future__ import annotations

import numpy as np

from cinemotion.body.actor_motion import ActorMotion
from cinemotion.body.human.contact import Separation, separate_parts, separation
from cinemotion.body.human.dress import Dressing, dress, wears_skirt
from cinemotion.body.human.face import arkit_weights
from cinemotion.body.human.model import PART_NAMES, HumanBody, fit_body
from cinemotion.body.human.pose import BonePoses, blend_bones, dual_quaternions, pose_bones, rotate
from cinemotion.spec.models import Character

CONJUGATE = np.array([-1.0, -1.0, -1.0, 1.0])  # a unit quaternion's inverse: its vector part negated
DRESSED_KEPT = 16  # memory limit: dressed bodies a process keeps (a storyboard's cast, a few each)
_dressed: dict[tuple[bytes, str], tuple[HumanBody, Dressing]] = {}


def dressed_body(offsets: np.ndarray, character: Character) -> tuple[HumanBody, Dressing]:
    """The character's body fitted to the motion's bone offsets and dressed: built once a process
    (about a second of CPU each), so the exports, the quality check and the renderer share it, and a
    render worker host that builds it before forking hands it to every worker. Never mutated."""
    key = dressing_key(offsets, character)
    if key not in _dressed:
        c = character
        _keep(key, dress(fit_body(offsets, c.sex, c.age, c.build), c))
    return _dressed[key]


def adopt_dressed(offsets: np.ndarray, character: Character, dressed: tuple[HumanBody, Dressing]) -> None:
    """Keep a body dressed_body built in another process (a render worker host gets its caller's, pickled),
    so dressed_body here returns it instead of building it again."""
    _keep(dressing_key(offsets, character), dressed)


def dressing_key(offsets: np.ndarray, character: Character) -> tuple[bytes, str]:
    """What a dressed body depends on: the bone offsets it is fitted to and the character it dresses."""
    return np.ascontiguousarray(offsets, dtype=np.float64).tobytes(), character.model_dump_json()


def _keep(key: tuple[bytes, str], dressed: tuple[HumanBody, Dressing]) -> None:
    if key not in _dressed and len(_dressed) >= DRESSED_KEPT:
        _dressed.pop(next(iter(_dressed)))
    _dressed[key] = dressed


class PerformedBody:
    """One actor's body: fitted and dressed once, then its bones, face units and contacts for any frame."""

    def __init__(self, motion: ActorMotion, character: Character):
        self.motion, self.character = motion, character
        c = character
        self.body: HumanBody
        self.dressing: Dressing
        self.body, self.dressing = dressed_body(motion.offsets, c)
        self.poses: BonePoses = pose_bones(self.body, motion.rotations, motion.joints, motion.hands, motion.gaze)
        self.bones = dual_quaternions(self.poses.matrices(self.body)).astype("f4")  # (F, B, 8)
        self.face = arkit_weights(motion.expression, motion.n_frames).astype("f4")   # (F, 52)
        self.bind = (self.body.positions + self.body.normals * self.dressing.shell[:, None]).astype("f4")
        self.skirt = wears_skirt(c)
        parts = np.array(PART_NAMES)[self.body.part]
        keep = self.skirt | ~(parts[self.body.triangles] == "skirt").any(axis=1)
        self.triangles = np.ascontiguousarray(self.body.triangles[keep], dtype="i4")
        self.separation: Separation = separation(self.body, self.skirt, self.triangles)

    @property
    def n_frames(self) -> int:
        return len(self.bones)

    def bind_positions(self, f: int) -> np.ndarray:
        """The dressed bind pose at frame f (V, 3) float32: face units and the contact response in.
        Only the vertices the response reads are posed here (the shader poses them all)."""
        bind = self.morphed(f)
        sep = self.separation
        real, t = blend_bones(self.body, self.bones[f], sep.vertices)
        world = np.zeros(bind.shape)
        world[sep.vertices] = rotate(real, bind[sep.vertices]) + t
        push = separate_parts(sep, world)
        moved = np.flatnonzero(push.any(axis=1))
        bind[moved] += rotate(real[np.searchsorted(sep.vertices, moved)] * CONJUGATE, push[moved])
        return bind

    def world_positions(self, f: int) -> np.ndarray:
        """(V, 3) the posed mesh at frame f, as the vertex shader places it."""
        bind = self.morphed(f)
        real, t = blend_bones(self.body, self.bones[f])
        world = rotate(real, bind) + t
        return world + separate_parts(self.separation, world)

    def morphed(self, f: int) -> np.ndarray:
        """The dressed bind pose with frame f's face units (V, 3) float32."""
        bind = self.bind.copy()
        units = np.nonzero(self.face[f])[0]  # most frames move a few units (a blink, a smile)
        if len(units):
            bind[self.body.face_vertices] += np.tensordot(self.face[f, units], self.body.face_deltas[units], axes=1)
        return bind
