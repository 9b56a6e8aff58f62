"""Perform an open action (kind "action") from its source: a library segment, a procedural performer, or idle.

A capture segment plays on the actor's spot and heading, scaled to the character's height:
    # 1. Time: an activity (`loop`) plays at its captured pace × the speed and intensity words × the shot's time
    #    scale, looping (cross-faded) when the window is longer; one complete action (`once`) is time-warped to fill
    #    the window, within MIN_WARP..MAX_WARP of its captured pace, then holds its last pose
    # 2. Place: the segment's first pose on the actor's ground position, turned to face the actor's heading (a
    #    couple's take: both partners turned about the lead's first pose, so they keep the capture's spacing)
    # 3. Ease in from the pose the body arrives in, and out to standing before a gait or idle (EASE_S)
    # 4. Contacts and footfall events from the capture's contacts
Upper-body actions that overlap a gait ("dribbles a basketball while jogging") are layered: the segment's trunk,
neck and arm rotations replace the gait's, faded in and out over LAYER_FADE_S (layer_actions).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import Body, J
from cinemotion.language.open_actions import layers_on_gait
from cinemotion.motion.library.events import end_state, footfalls
from cinemotion.motion.library.store import Clip, load_library
from cinemotion.motion.perform import perform_procedural
from cinemotion.motion.performance import ActorMotion, Event
from cinemotion.motion.pose import heading_yaw, pelvis_heading
from cinemotion.motion.posture import standing
from cinemotion.core.rates import ease_in_out
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action, Character


class PlayerFigures(Figures):
    speed_rate: Figure[dict[str, float]]
    loop_fade_s: Figure[float]
    ease_s: Figure[float]
    layer_fade_s: Figure[float]
    warp_range: Figure[tuple[float, float]]


FIGURES = load_table("motion/library/player.yaml", PlayerFigures)
SPEED_RATE = FIGURES.speed_rate.value  # playback rate for the manner words
MIN_WARP, MAX_WARP = FIGURES.warp_range.value  # a once-action slowed or hurried beyond these reads as slow or fast motion
LOOP_FADE_S = FIGURES.loop_fade_s.value
EASE_S = FIGURES.ease_s.value  # into the capture from the arriving pose, and out of it to standing (a step's duration)
LAYER_FADE_S = FIGURES.layer_fade_s.value
UPPER_JOINTS = [J[n] for n in ("spine1", "spine2", "spine3", "neck", "head", "left_collar", "right_collar",
                               "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist",
                               "right_wrist")]
GAIT_KINDS = ("locomotion",)


def rate(action: Action, intensity: int) -> float:
    """How much faster than captured the action plays: its speed word, and intensity 1–10 around 5."""
    return SPEED_RATE[action.speed] * (1.0 + 0.04 * (intensity - 5))


def source_times(clip: Clip, elapsed: np.ndarray, window_s: float, action_rate: float) -> np.ndarray:
    """Seconds into the clip (unwrapped for loops: may run past its end) for each elapsed motion second."""
    if clip.mode == "once":
        warp = np.clip(clip.duration_s / max(window_s, 1e-6), MIN_WARP * action_rate, MAX_WARP * action_rate)
        return np.minimum(elapsed * warp, clip.duration_s - 1.0 / clip.fps)
    return elapsed * action_rate


def _sample(clip: Clip, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rotations, root and contacts at clip seconds t (within the clip), interpolated between frames."""
    x = np.clip(t * clip.fps, 0, len(clip.root) - 1)
    a = np.floor(x).astype(int)
    b = np.minimum(a + 1, len(clip.root) - 1)
    w = (x - a)[:, None, None]
    qa, qb = clip.rotations[a], clip.rotations[b]
    qb = np.where(np.sum(qa * qb, axis=-1, keepdims=True) < 0, -qb, qb)
    q = (1 - w) * qa + w * qb  # normalised lerp: neighbouring frames are 1/30 s apart
    q /= np.linalg.norm(q, axis=-1, keepdims=True)
    root = (1 - w[:, 0]) * clip.root[a] + w[:, 0] * clip.root[b]
    return q, root, clip.contacts[np.round(x).astype(int)]


def play(clip: Clip, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The clip at (unwrapped) seconds t: loops repeat with the root carried on and the seam cross-faded."""
    period = clip.duration_s - 1.0 / clip.fps
    lap = np.floor(t / period).astype(int) if clip.mode == "loop" else np.zeros(len(t), int)
    local = t - lap * period
    q, root, contacts = _sample(clip, local)
    travel = (clip.root[-1] - clip.root[0]) * [1, 0, 1]
    root = root + lap[:, None] * travel
    fade = LOOP_FADE_S
    near_start = (lap > 0) & (local < fade)
    if near_start.any():  # blend from the end of the previous lap into the new one
        end_q, end_root, _ = _sample(clip, np.full(int(near_start.sum()), period))
        w = (local[near_start] / fade)[:, None]
        end_root = end_root + (lap[near_start] - 1)[:, None] * travel
        q_new = q[near_start]
        end_q = np.where(np.sum(end_q * q_new, axis=-1, keepdims=True) < 0, -end_q, end_q)
        blended = (1 - w[:, :, None]) * end_q + w[:, :, None] * q_new
        q[near_start] = blended / np.linalg.norm(blended, axis=-1, keepdims=True)
        root[near_start] = (1 - w) * end_root + w * root[near_start]
    return q, root, contacts


def _origin(clip: Clip) -> tuple[np.ndarray, float]:
    """Ground point and heading the clip is placed by: its own first pose, or the lead's for a couple's take."""
    lead = clip
    if clip.partner is not None and clip.description.endswith("(follow)"):
        lead = load_library().of_clip(clip.partner) or clip
    return lead.root[0] * [1, 0, 1], float(pelvis_heading(Rotation.from_quat(lead.rotations[0, 0])))


def _blend(rotations: np.ndarray, root: np.ndarray, frames: slice, pose: np.ndarray, height: float,
           weight: np.ndarray) -> None:
    """Pull frames toward a pose (22, 4) and a pelvis height by weight (n,) (1: all the way); in place."""
    clip = Rotation.from_quat(rotations[frames].reshape(-1, 4))
    target = Rotation.from_quat(np.repeat(pose[None], len(weight), axis=0).reshape(-1, 4))
    delta = (clip.inv() * target).as_rotvec() * np.repeat(weight, pose.shape[0])[:, None]
    rotations[frames] = (clip * Rotation.from_rotvec(delta)).as_quat().reshape(len(weight), -1, 4)
    root[frames, 1] += (height - root[frames, 1]) * weight


def ease_in(rotations: np.ndarray, root: np.ndarray, start: BodyState, fps: float) -> None:
    """Begin from the pose the body arrives in, easing into the capture over EASE_S (no pop at the seam)."""
    if start.rotations is None:
        return
    n = min(len(root), int(round(EASE_S * fps)))
    weight = 1.0 - ease_in_out(np.arange(n) / max(n, 1))
    _blend(rotations, root, slice(0, n), start.rotations, float(start.position[1]), weight)


def ease_out(rotations: np.ndarray, root: np.ndarray, body: Body, fps: float) -> None:
    """End standing at rest (facing as the capture ends), so the gait or idle that follows starts from it."""
    n = min(len(root), int(round(EASE_S * fps)))
    rest = np.tile([0.0, 0.0, 0.0, 1.0], (rotations.shape[1], 1))
    rest[0] = heading_yaw(float(pelvis_heading(Rotation.from_quat(rotations[-1, 0])))).as_quat()
    weight = ease_in_out(np.arange(1, n + 1) / n)
    _blend(rotations, root, slice(len(root) - n, len(root)), rest, float(body.rest[0, 1]), weight)


def perform_capture(clip: Clip, action: Action, *, actor_id: str, body: Body, start: BodyState,
                    times: np.ndarray, scene: SceneContext, next_action: Action | None = None) -> Segment:
    elapsed = (times - times[0]) * scene.motion_time_scale
    window = (times[-1] - times[0] + 1.0 / scene.shot.fps) * scene.motion_time_scale
    t = source_times(clip, elapsed, window, rate(action, scene.intensity))
    rotations, root, contacts = play(clip, t)
    scale = body.height_m / clip.reference_height_m
    origin, heading = _origin(clip)
    turn = Rotation.from_euler("y", start.heading_rad - heading)
    root = turn.apply((root - origin) * scale) + start.position * [1, 0, 1]
    rotations[:, 0] = (turn * Rotation.from_quat(rotations[:, 0])).as_quat()
    ease_in(rotations, root, start, scene.shot.fps)
    if next_action is not None and next_action.kind != "action":
        ease_out(rotations, root, body, scene.shot.fps)
    events = footfalls(root, contacts, times, actor_id, scene)
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events,
                   end=end_state(rotations, root, times, "action"))


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """The body-track window of an open action (see module docstring); no performer: standing idle."""
    performer = action.performer or ""
    if performer.startswith("capture:"):
        clip = load_library().find(performer)
        if clip is not None:
            return perform_capture(clip, action, actor_id=actor_id, body=body, start=start, times=times, scene=scene,
                                   next_action=next_action)
    if performer.startswith("procedural:"):
        return perform_procedural(performer.removeprefix("procedural:"), action, actor_id=actor_id, body=body,
                                  start=start, times=times, scene=scene)
    return standing.perform(action.model_copy(update={"kind": "idle", "verb": "idle"}), actor_id=actor_id, body=body,
                        character=character, start=start, times=times, next_action=next_action, scene=scene,
                        rng=rng)


def layered(action: Action, actions: list[Action]) -> bool:
    """An upper-body action during a gait of the same actor is a layer on that gait, not a body window."""
    if action.kind != "action" or not layers_on_gait(action.verb):
        return False
    end = action.end_s if action.end_s is not None else float("inf")
    return any(a.kind in GAIT_KINDS and a.start_s < end and (a.end_s is None or a.end_s > action.start_s)
               for a in actions)


def _layer_rotations(action: Action, actor_id: str, body: Body, times: np.ndarray,
                     scene: SceneContext) -> tuple[np.ndarray, list[Event]] | None:
    """Local rotations (n, 22, 4) of an upper-body action over the window, and its events (a held prop)."""
    performer = action.performer or ""
    if performer.startswith("procedural:"):
        still = BodyState(position=np.zeros(3), heading_rad=0.0, velocity=np.zeros(3))
        segment = perform_procedural(performer.removeprefix("procedural:"), action, actor_id=actor_id, body=body,
                                     start=still, times=times, scene=scene)
        return segment.rotations, [e for e in segment.events if e.kind != "foot_strike"]
    clip = load_library().find(performer)
    if clip is None:
        return None
    elapsed = (times - times[0]) * scene.motion_time_scale
    window = (times[-1] - times[0] + 1.0 / scene.shot.fps) * scene.motion_time_scale
    rotations, _, _ = play(clip, source_times(clip, elapsed, window, rate(action, scene.intensity)))
    return rotations, []


def layer_actions(motion: ActorMotion, actions: list[Action], body: Body, scene: SceneContext) -> list[Event]:
    """Upper-body actions over the gait: their trunk and arm rotations, faded in and out; their events."""
    fps = scene.shot.fps
    events: list[Event] = []
    for action in actions:
        if not layered(action, actions):
            continue
        first = int(round(action.start_s * fps))
        last = min(len(motion.root), int(round((action.end_s or len(motion.root) / fps) * fps)))
        if last - first < 2:
            continue
        layer = _layer_rotations(action, motion.actor_id, body, np.arange(first, last) / fps, scene)
        if layer is None:
            continue
        rotations, layer_events = layer
        events += layer_events
        u = np.arange(last - first) / fps
        fade = np.clip(np.minimum(u, u[-1] - u) / LAYER_FADE_S, 0.0, 1.0)
        for j in UPPER_JOINTS:
            gait = Rotation.from_quat(motion.rotations[first:last, j])
            delta = (gait.inv() * Rotation.from_quat(rotations[:, j])).as_rotvec() * fade[:, None]
            motion.rotations[first:last, j] = (gait * Rotation.from_rotvec(delta)).as_quat()
    motion.refresh_joints()
    return events
