"""Hand-built plans, performances and cameras for the export tests (no other stage involved)."""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.skeleton import J, N_JOINTS, make_body
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import Plan, ShotPlan
from cinemotion.motion.performance import ActorMotion, Performance
from cinemotion.spec.models import CameraMove, MotionBrush

import factories
from factories import placed_actor


def walking_actor(actor_id: str = "mara", frames: int = 24, fps: float = 24.0, height_m: float = 1.7,
                  heading_turns: float = 0.75, x0: float = 0.0) -> ActorMotion:
    """A body swinging its limbs while it walks along +X and turns through `heading_turns` of a circle."""
    body = make_body(height_m)
    t = np.arange(frames) / fps
    phase = 2 * np.pi * 0.9 * t
    rot = np.zeros((frames, N_JOINTS, 3))  # rotation vectors
    rot[:, J["pelvis"], 1] = np.pi / 2 + 2 * np.pi * heading_turns * t / t[-1]
    rot[:, J["pelvis"], 0] = 0.05 * np.sin(2 * phase)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        rot[:, J[f"{side}_hip"], 0] = sign * 0.5 * np.sin(phase)
        rot[:, J[f"{side}_knee"], 0] = 0.6 + 0.55 * np.sin(phase + sign)  # flexion past 90° at peaks
        rot[:, J[f"{side}_ankle"], 0] = 0.2 * np.cos(phase)
        rot[:, J[f"{side}_shoulder"], 0] = -sign * 0.4 * np.sin(phase)
        rot[:, J[f"{side}_shoulder"], 2] = sign * 0.25
        rot[:, J[f"{side}_elbow"], 0] = -0.5 - 0.3 * np.sin(phase)
        rot[:, J[f"{side}_wrist"], 1] = 0.3 * np.sin(phase)
    rot[:, J["spine2"], 1] = 0.15 * np.sin(phase)
    rot[:, J["head"], 0] = 0.1 * np.cos(phase)
    quats = Rotation.from_rotvec(rot.reshape(-1, 3)).as_quat().reshape(frames, N_JOINTS, 4)
    root = np.stack([x0 + 1.3 * t, body.rest[0, 1] + 0.02 * np.cos(2 * phase), 0.2 * np.sin(phase / 2)], axis=1)
    return ActorMotion(actor_id=actor_id, character_id=actor_id, offsets=body.offsets, rotations=quats,
                       root=root, contacts=np.zeros((frames, 2), bool))


def looking_at(eye: np.ndarray, target: np.ndarray) -> np.ndarray:
    """World-to-camera rotation (OpenCV axes) of a camera at `eye` looking at `target`, Y up."""
    forward = (target - eye) / np.linalg.norm(target - eye)
    right = np.cross(forward, [0.0, 1.0, 0.0])
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    return np.stack([right, down, forward])


def tracking_camera(frames: int = 24, fps: float = 24.0, width: int = 160, height: int = 90,
                    dolly_m: float = 1.0, zoom: float = 1.2) -> CameraPath:
    """A camera 5 m in front of the walker, trucking along +X with it and zooming in a little."""
    rotation = np.zeros((frames, 3, 3))
    translation = np.zeros((frames, 3))
    for f in range(frames):
        x = 1.3 * f / fps
        eye = np.array([x, 1.2, 5.0 - dolly_m * f / frames])
        rotation[f] = looking_at(eye, np.array([x, 1.0, 0.0]))
        translation[f] = -rotation[f] @ eye
    fx = width * 1.1 * np.linspace(1.0, zoom, frames)
    return CameraPath(width=width, height=height, fps=fps, rotation=rotation, translation=translation,
                      fx=fx, fy=fx.copy(), cx=width / 2, cy=height / 2, focus_distance_m=np.full(frames, 5.0),
                      moves=[{"move": "tracking", "start_s": 0.0, "end_s": frames / fps, "amount": None}])


def shot_plan(shot_id: str = "shot1", *, index: int = 0, duration_s: float = 1.0, fps: int = 24,
              width: int = 160, height: int = 90, actors: tuple[str, ...] = ("mara",),
              camera: tuple[str, ...] = ("tracking",), prompt: str = "a woman walks along the street",
              brushes: tuple[MotionBrush, ...] = (), negative: tuple[str, ...] = ()) -> ShotPlan:
    return factories.shot_plan(
        [placed_actor(a) for a in actors], duration=duration_s, fps=fps, width=width, height=height,
        shot_id=shot_id, index=index, seed=7, camera=[CameraMove(move=m) for m in camera],
        motion_brushes=list(brushes), prompt=prompt, negative=list(negative))


def plan_of(*shots: ShotPlan) -> Plan:
    return factories.plan_of(list(shots), seed=7)


def performance_of(shot: ShotPlan, **actor_kwargs) -> Performance:
    actors = [walking_actor(a.id, shot.n_frames, shot.fps, x0=0.8 * i, **actor_kwargs)
              for i, a in enumerate(shot.actors)]
    return Performance(shot_id=shot.shot_id, fps=shot.fps, n_frames=shot.n_frames, actors=actors)
