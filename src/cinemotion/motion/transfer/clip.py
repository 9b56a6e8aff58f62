"""Motion transfer ("Motion Control"): a real performance from a BVH file or a video, retargeted onto the character.

The clip keeps its timing and ground path (speed, cadence, contacts), is turned and moved to start where and
facing how the actor stands, and plays on the motion clock (shot time × time scale); past its end the last
pose holds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation, Slerp

from cinemotion.body.bvh import UNIT_NAMES, BvhClip, read_bvh
from cinemotion.body.contacts import intervals
from cinemotion.body.rig import rig_label
from cinemotion.body.skeleton import Body, make_body
from cinemotion.errors import InputError
from cinemotion.motion.performance import Event
from cinemotion.motion.pose import pelvis_heading
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.motion.transfer.retarget import Retargeted, motion_frames, retarget
from cinemotion.motion.transfer.video_pose import retarget_video, video_duration
from cinemotion.spec.models import MAX_DURATION_S, Action, Actor, CameraMove, Character, Shot, Storyboard

VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".webm", ".mkv")


def _source(action: Action) -> Path:
    if not action.source:
        raise InputError("source", "a transfer action needs a source (a BVH file or a video)")
    path = Path(action.source)
    if path.suffix.lower() not in (".bvh", *VIDEO_SUFFIXES):
        raise InputError("source", f"{path.name}: motion transfer reads BVH files (.bvh) or videos "
                                   f"({', '.join(VIDEO_SUFFIXES)})")
    if not path.is_file():
        kind = "video" if path.suffix.lower() in VIDEO_SUFFIXES else "BVH"
        raise InputError("source", f"no such {kind} file: {path}")
    return path


@lru_cache(maxsize=8)
def _retargeted(path: str, mtime: float, height_m: float, build: str) -> Retargeted:
    if Path(path).suffix.lower() in VIDEO_SUFFIXES:
        return retarget_video(path, make_body(height_m, build))
    return retarget(read_bvh(path), make_body(height_m, build))


def clip_duration(path: str | Path) -> float:
    """Seconds of motion in a BVH file (a leading calibration pose excluded) or a video."""
    if Path(path).suffix.lower() in VIDEO_SUFFIXES:
        return video_duration(path)
    return _bvh_duration(read_bvh(path))


def _bvh_duration(clip: BvhClip) -> float:
    return (clip.n_frames - motion_frames(clip.positions(slice(0, 12))).start) / clip.fps


def rig_notes(clip: BvhClip, name: str) -> list[str]:
    """What was inferred about a BVH file's rig (how its body was found, its unit), for the plan's notes."""
    rig = clip.humanoid()
    how = ("its joint names follow no rig we know, so the body was found by the shape of its hierarchy"
           if rig.convention == "topology" else f"its joints were read by their {rig_label(rig.convention)} names")
    return [f"{name}: {how}; its lengths were read as {UNIT_NAMES[clip.unit]} (from its leg length)", *rig.notes]


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """Play the retargeted clip over the window, placed at the actor's start state."""
    path = _source(action)
    clip = _retargeted(str(path), path.stat().st_mtime, character.height_m, character.build)
    source_t = np.arange(len(clip.root)) / clip.fps
    t = np.clip((times - times[0]) * scene.motion_time_scale, 0.0, source_t[-1])
    rotations = np.stack([Slerp(source_t, Rotation.from_quat(clip.rotations[:, j]))(t).as_quat()
                          for j in range(clip.rotations.shape[1])], axis=1)
    root = np.stack([np.interp(t, source_t, clip.root[:, k]) for k in range(3)], axis=1)
    nearest = np.clip(np.round(t * clip.fps).astype(int), 0, len(clip.contacts) - 1)
    contacts = clip.contacts[nearest]
    # place: the clip's first pose at the actor's spot, turned to face the actor's heading
    turn = Rotation.from_euler("y", start.heading_rad - pelvis_heading(Rotation.from_quat(clip.rotations[0, 0])))
    origin = clip.root[0] * [1, 0, 1]
    root = turn.apply(root - origin) + start.position * [1, 0, 1]
    rotations[:, 0] = (turn * Rotation.from_quat(rotations[:, 0])).as_quat()
    events = []
    for k, side in enumerate(("left", "right")):
        for a, _ in intervals(contacts[:, k]):
            if a == 0:
                continue
            speed = float(np.linalg.norm(root[a] - root[a - 1]) / max(times[a] - times[a - 1], 1e-6)) \
                / scene.motion_time_scale
            events.append(Event(time_s=float(times[a]), kind="foot_strike", actor=actor_id, side=side,
                                position=(float(root[a, 0]), 0.0, float(root[a, 2])),
                                strength=float(np.clip(0.2 + 0.09 * speed, 0.1, 1.0)), speed_mps=speed,
                                surface=scene.surface))
    dt = times[-1] - times[-2] if len(times) > 1 else 1.0
    velocity = (root[-1] - root[-2]) / dt if len(times) > 1 else np.zeros(3)
    velocity[1] = 0.0
    end = BodyState(position=root[-1].copy(), heading_rad=float(pelvis_heading(Rotation.from_quat(rotations[-1, 0]))),
                    velocity=velocity, gait_phase=0.0, verb="transfer", rotations=rotations[-1].copy())
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events, end=end)


def transfer_storyboard(source: str | Path, *, character: str | None = None, seed: int = 0):
    """A one-shot storyboard in which one performer replays a BVH clip, followed by a tracking camera."""
    path = _source(Action(kind="transfer", source=str(source)))
    if path.suffix.lower() in VIDEO_SUFFIXES:
        duration, notes = clip_duration(path), []
    else:
        clip = read_bvh(path)
        duration, notes = _bvh_duration(clip), rig_notes(clip, path.name)
    if duration > MAX_DURATION_S:
        notes.append(f"the clip lasts {duration:.1f} s; its first {MAX_DURATION_S:g} s are performed")
        duration = MAX_DURATION_S
    action = Action(kind="transfer", verb="transfer", source=str(path), start_s=0.0, end_s=duration)
    actor = Actor(id="performer", description=character or "a person", actions=[action])
    shot = Shot(id="shot1", prompt=f"motion transfer from {path.name}", duration_s=duration,
                shot_type="full_body", camera=[CameraMove(move="tracking")], actors=[actor], notes=notes)
    return Storyboard(title=f"transfer {path.name}", seed=seed, shots=[shot])
