"""Hand-built shots for the renderer's tests: a plan, a performance and a look-at camera."""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.skeleton import make_body
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import ActorMotion, Event, Performance
from cinemotion.spec.models import Character, Clothing, Environment, Look

from factories import placed_actor, shot_plan


def character(cid: str = "mara", **kw) -> Character:
    clothing = Clothing(top="t-shirt", top_color="#c03030", bottom="trousers", bottom_color="#2040a0",
                        shoes_color="#f0f0f0")
    return Character(id=cid, skin_color="#e0a080", hair_color="#201008", clothing=clothing, **kw)


def actor_motion(actor_id: str, n_frames: int, start=(0.0, 0.0), velocity=(0.0, 0.0), yaw: float = 0.0,
                 height: float = 1.72, arm_raise_deg: float = 0.0) -> ActorMotion:
    """A rest-pose actor (arms optionally raised sideways) sliding along a straight line, facing +Z turned by yaw."""
    body = make_body(height)
    t = np.arange(n_frames)[:, None] / 24.0
    root = np.column_stack([start[0] + velocity[0] * t[:, 0], np.full(n_frames, body.rest[0, 1]),
                            start[1] + velocity[1] * t[:, 0]])
    rot = np.tile([0.0, 0.0, 0.0, 1.0], (n_frames, 22, 1))
    rot[:, 0] = Rotation.from_euler("y", yaw).as_quat()
    if arm_raise_deg:
        rot[:, 16] = Rotation.from_euler("z", np.radians(arm_raise_deg)).as_quat()   # left shoulder
        rot[:, 17] = Rotation.from_euler("z", -np.radians(arm_raise_deg)).as_quat()  # right shoulder
    return ActorMotion(actor_id=actor_id, character_id=actor_id, offsets=body.offsets, rotations=rot, root=root,
                       contacts=np.ones((n_frames, 2), bool))


def look_at_camera(eye, target, n_frames: int, width: int = 160, height: int = 90, hfov_deg: float = 50.0,
                   f_number: float = 8.0, eye_velocity=(0.0, 0.0, 0.0)) -> CameraPath:
    eye = np.asarray(eye, float) + np.outer(np.arange(n_frames) / 24.0, eye_velocity)
    target = np.asarray(target, float) + np.outer(np.arange(n_frames) / 24.0, eye_velocity)
    rotations, translations = [], []
    for e, g in zip(eye, target):
        z = g - e
        z /= np.linalg.norm(z)
        x = np.cross([0.0, -1.0, 0.0], z)  # OpenCV: x right, y down, z forward (x = y × z)
        x /= np.linalg.norm(x)
        y = np.cross(z, x)
        r = np.stack([x, y, z])
        rotations.append(r)
        translations.append(-r @ e)
    fx = width / 2 / np.tan(np.radians(hfov_deg) / 2)
    return CameraPath(width=width, height=height, fps=24.0, rotation=np.array(rotations),
                      translation=np.array(translations), fx=np.full(n_frames, fx), fy=np.full(n_frames, fx),
                      cx=(width - 1) / 2, cy=(height - 1) / 2,
                      focus_distance_m=np.linalg.norm(target - eye, axis=1), f_number=f_number)


def shot(actors: list[ActorMotion], camera: CameraPath, *, setting: str = "studio", lighting: str = "daylight",
         weather: str = "clear", effects: tuple[str, ...] = (), surface: str = "concrete",
         look: dict | None = None, negative: tuple[str, ...] = (), seed: int = 7, events: list[Event] | None = None,
         characters: list[Character] | None = None) -> tuple[ShotPlan, Performance, CameraPath]:
    n = camera.n_frames
    chars = characters or [character(a.actor_id) for a in actors]
    plan = shot_plan(
        [placed_actor(a.actor_id, character=c) for a, c in zip(actors, chars)], duration=n / 24,
        width=camera.width, height=camera.height, shot_id="s1", seed=seed,
        environment=Environment(setting=setting, weather=weather, effects=list(effects), surface=surface),
        look=Look(lighting=lighting, **(look or {"motion_blur": False})), negative=list(negative),
    )
    performance = Performance(shot_id="s1", fps=24, n_frames=n, actors=actors, events=events or [],
                              wind=np.array([1.0, 0.0, 0.3]))
    return plan, performance, camera
