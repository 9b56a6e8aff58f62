"""The whole pipeline: Storyboard → plan → performance → camera → frames + sound → MP4 + sidecars."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cinemotion.audio import score, write_srt, write_stems
from cinemotion.camera import film
from cinemotion.camera.path import CameraPath
from cinemotion.core.seeds import stream
from cinemotion.direct import Plan, direct
from cinemotion.errors import InputError
from cinemotion.language import complete
from cinemotion.media.aac import encode_aac
from cinemotion.media.atomic import atomic_dir, atomic_path, check_destination
from cinemotion.media.body_glb import write_body_glbs
from cinemotion.media.bvh_export import write_bvh
from cinemotion.media.camera_export import write_camera_motionctrl, write_camera_realestate10k, write_camera_txt
from cinemotion.media.contacts import write_contacts
from cinemotion.media.controls import inverse_depth_rgb
from cinemotion.media.encode import VideoEncoder
from cinemotion.media.face_arkit import write_face_arkit
from cinemotion.media.openpose import write_openpose
from cinemotion.media.plan_record import write_plan_record
from cinemotion.media.pose_video import pose_frames
from cinemotion.media.trajectories import write_trajectories
from cinemotion.motion import animate
from cinemotion.motion.handover import handover_states
from cinemotion.motion.performance import Performance
from cinemotion.quality import report
from cinemotion.quality.identity import IdentityMeter
from cinemotion.render import lighting_name, preview_camera, render_frames, setting_name
from cinemotion.render.look import film_name
from cinemotion.spec.models import MAX_DURATION_S, Storyboard

Progress = Callable[[int, int, str], None]
CROSSFADE_S = 0.5


@dataclass
class RenderOptions:
    workers: int = 2
    controls: bool = True  # pose.mp4, masks.mp4, depth.mp4 beside the film
    allow_long: bool = False  # lift the 15 s generation limit
    scale: float | None = None  # shading resolution / output resolution; None: the renderer's default
    preview: bool = False  # 480p with the cheap passes (videos only: the sidecars are the final render's)


@dataclass
class RenderResult:
    video: Path
    sidecars: Path
    plan: Plan
    qa: dict = field(default_factory=dict)
    video_size: tuple[int, int] = (0, 0)  # the video's width and height (--preview: 480p)


def sidecar_dir(video: Path) -> Path:
    return video.with_name(video.stem + ".cinemotion")


def check_limits(storyboard: Storyboard, options: RenderOptions) -> None:
    """Refuse up front what can't be rendered, naming the field."""
    if storyboard.width % 2 or storyboard.height % 2:
        raise InputError("size", f"{storyboard.width}x{storyboard.height}: H.264 needs even width and height")
    for i, shot in enumerate(complete(storyboard).shots):
        try:
            setting_name(shot.environment.setting)  # the language stage settled any place on a built set
            lighting_name(shot.look.lighting)
            if shot.look.film:
                film_name(shot.look.film)
        except InputError as error:
            raise InputError(f"shots[{i}].{error.field}", error.message) from None
    if options.scale is not None and not 0.25 <= options.scale <= 1.0:
        raise InputError("--scale", f"{options.scale:g} is outside 0.25–1")
    limit = 600.0 if options.allow_long else MAX_DURATION_S
    if storyboard.duration_s > limit + 1e-9:
        hint = "" if options.allow_long else " (pass --allow-long for more)"
        raise InputError("duration", f"{storyboard.duration_s:g} s is longer than the {limit:g} s limit{hint}")


def plan_storyboard(storyboard: Storyboard) -> Plan:
    """The language stage's last step (language.complete), then direct: a storyboard from anywhere → its plan."""
    return direct(complete(storyboard))


def perform_plan(plan: Plan) -> tuple[list[Performance], list[CameraPath]]:
    """Animate and film every shot (small data: joint curves and camera poses).

    Across a cut each actor starts where the previous shot's performance left it (motion.handover); the plan is
    not edited: each performance records the start states it was given, and plan.json records them as `handover`.
    """
    performances, cameras = [], []
    for i, shot in enumerate(plan.shots):
        start_states = handover_states(performances[-1], shot) if i else {}
        performance = animate(shot, rng=stream(shot.seed, "motion"), start_states=start_states)
        performances.append(performance)
        cameras.append(film(shot, performance, rng=stream(shot.seed, "camera")))
    return performances, cameras


def _film_frames(plan: Plan, performances: list[Performance], cameras: list[CameraPath],
                 workers: int, maps: tuple[str, ...], meter=None, scale: float | None = None,
                 preview: bool = False) -> Iterator:
    """Every shot's rendered frames in film order (frame count = sum of the shots').

    A crossfade dissolves the outgoing shot's last half second into the incoming shot's
    first frame, so the film keeps its length and the soundtrack stays in sync.
    """
    tail: list = []
    for i, (shot, performance, camera) in enumerate(zip(plan.shots, performances, cameras)):
        frames = render_frames(shot, performance, camera, workers=workers, maps=maps, scale=scale, preview=preview)
        if meter is not None:  # measure identity on each shot's own frames, before a transition blends them
            frames = (meter.add(i, f) or f for f in frames)
        if tail:
            first = next(frames)
            for j, held in enumerate(tail):
                w = (j + 1) / (len(tail) + 1)
                held.rgb = (held.rgb * (1 - w) + first.rgb * w).round().astype(np.uint8)
                yield held
            tail = []
            yield first
        nxt = plan.shots[i + 1] if i + 1 < len(plan.shots) else None
        hold = 0
        if nxt is not None and nxt.transition == "crossfade":
            hold = min(int(round(CROSSFADE_S * shot.fps)), shot.n_frames // 2)
        for frame in frames:
            tail.append(frame)
            if len(tail) > hold:
                yield tail.pop(0)
    yield from tail


def _masks_rgb(instance: np.ndarray) -> np.ndarray:
    palette = np.array([[0, 0, 0], [255, 64, 64], [64, 200, 255], [255, 220, 64], [120, 255, 120],
                        [220, 120, 255], [255, 150, 60], [60, 255, 210], [255, 255, 255]], np.uint8)
    return palette[np.minimum(instance, len(palette) - 1)]


def film_motions(performances: list[Performance]) -> dict:
    """Each actor's motions across the film, shot by shot (an actor absent from a shot is skipped)."""
    motions: dict[str, list] = {}
    for performance in performances:
        for actor in performance.actors:
            motions.setdefault(actor.actor_id, []).append(actor)
    return motions


def film_characters(plan: Plan) -> dict:
    """Each actor's character (from the first shot the actor is in)."""
    characters: dict = {}
    for shot in plan.shots:
        for actor in shot.actors:
            characters.setdefault(actor.id, actor.character)
    return characters


def coached_texts(plan: Plan) -> tuple[str, str]:
    """prompt.txt and negative.txt: the coaching direct carried on each shot (the raw prompts if any was refused)."""
    prompted = [s for s in plan.shots if s.prompt]
    negative = {n for s in plan.shots for n in s.negative}
    if all(s.coaching for s in prompted):
        prompts = [s.coaching.prompt for s in prompted]
        negative |= {w for s in prompted for w in s.coaching.negative}
    else:
        prompts = [s.prompt for s in prompted]
    return "\n\n".join(prompts) + "\n", ", ".join(sorted(negative)) + "\n"


def _write_sidecars(out_dir: Path, plan: Plan, performances: list[Performance],
                    cameras: list[CameraPath], soundtrack, identity: dict, audio: dict,
                    options: RenderOptions) -> dict:
    write_plan_record(out_dir / "plan.json", plan, {
        "width": plan.width, "height": plan.height, "fps": plan.fps, "scale": options.scale,
        "workers": options.workers, "controls": options.controls, "backend": "procedural"}, performances)
    prompt, negative = coached_texts(plan)
    (out_dir / "prompt.txt").write_text(prompt)
    (out_dir / "negative.txt").write_text(negative)

    np.savez_compressed(out_dir / "joints.npz", fps=np.float32(plan.fps), **{
        k: np.concatenate([m.joints.astype(np.float32) for m in v]) for k, v in film_motions(performances).items()})
    for actor_id, motions in film_motions(performances).items():
        write_bvh(out_dir / f"{actor_id}.bvh", motions, plan.fps)
    write_contacts(out_dir / "contacts.npz", film_motions(performances), plan.fps)
    write_body_glbs(out_dir, film_motions(performances), film_characters(plan), plan.fps)
    write_face_arkit(out_dir, film_motions(performances), film_characters(plan), plan.fps)
    write_openpose(out_dir / "openpose.json", plan, performances, cameras)
    write_camera_txt(out_dir / "camera.txt", cameras)
    write_camera_realestate10k(out_dir / "camera_realestate10k.txt", cameras)
    write_camera_motionctrl(out_dir / "camera_motionctrl.json", cameras)
    write_trajectories(out_dir, plan, performances, cameras)
    write_srt(out_dir / "subtitles.srt", soundtrack.subtitles)
    qa = {**report(plan, performances, cameras), "identity": identity, "audio": audio}
    (out_dir / "qa.json").write_text(json.dumps(_finite(qa), indent=2, default=float, allow_nan=False))
    return qa


def _finite(value):
    """`value` with every NaN or infinity (a metric that could not be measured) as null: valid JSON."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


def render_storyboard(storyboard: Storyboard, out: str | Path, *, workers: int = 2,
                      progress: Progress | None = None, options: RenderOptions | None = None) -> RenderResult:
    """Render a storyboard to `out` (MP4) with its sidecars in `out.cinemotion/`."""
    options = options or RenderOptions(workers=workers)
    out = Path(out)
    report = progress or (lambda done, total, stage: None)
    # 1. Complete the storyboard (language stage); check limits and the destination before anything is written
    storyboard = complete(storyboard)
    check_limits(storyboard, options)
    check_destination(out)
    # 2. Direct: who is where, doing what, when
    report(0, 1, "planning")
    plan = direct(storyboard)
    total = sum(s.n_frames for s in plan.shots)
    # 3. Animate and film every shot
    report(0, total, "animating")
    performances, cameras = perform_plan(plan)
    # 4. Score the soundtrack on the film clock
    report(0, total, "scoring")
    soundtrack = score(plan, performances, cameras, rng=stream(plan.seed, "audio"))
    # 5. Render frames, streamed to the encoders; 6. write sidecars; 7. move into place atomically
    maps = ("instance", "depth") if options.controls else ()
    # the videos are filmed by `filming` (a 480p copy of each camera for --preview); the sidecars
    # always describe the final render's cameras, so they don't depend on the flag
    filming = [preview_camera(c) for c in cameras] if options.preview else cameras
    width, height = filming[0].width, filming[0].height
    meter = IdentityMeter(plan, performances, filming)
    with atomic_dir(sidecar_dir(out)) as side, atomic_path(out) as video_tmp:
        soundtrack, aac = encode_aac(soundtrack, side / ".film.m4a")  # true peak set on what a player decodes
        write_stems(side / "audio", soundtrack)
        encoders = {"film": VideoEncoder(video_tmp, width, height, plan.fps, audio_wav=aac.path)}
        if options.controls:
            for name in ("pose", "masks", "depth"):
                encoders[name] = VideoEncoder(side / f"{name}.mp4", width, height, plan.fps)
        try:
            poses = _pose_frames(plan, performances, filming) if options.controls else None
            frames = _film_frames(plan, performances, filming, options.workers, maps, meter, options.scale,
                                  options.preview)
            for done, frame in enumerate(frames, start=1):
                encoders["film"].write(frame.rgb)
                if options.controls:
                    encoders["pose"].write(next(poses))
                    encoders["masks"].write(_masks_rgb(frame.instance))
                    encoders["depth"].write(inverse_depth_rgb(frame.depth))
                report(done, total, "rendering")
            for encoder in encoders.values():
                encoder.close()
        except BaseException:
            for encoder in encoders.values():
                encoder.abort()
            raise
        aac.path.unlink()
        report(total, total, "writing sidecars")
        qa = _write_sidecars(side, plan, performances, cameras, soundtrack,
                             identity=meter.report(stream(plan.seed, "identity")), options=options,
                             audio={"true_peak_dbtp": round(aac.true_peak_dbtp, 2),
                                    "extra_limiting_db": round(aac.extra_limiting_db, 2)})
    return RenderResult(video=out, sidecars=sidecar_dir(out), plan=plan, qa=qa, video_size=(width, height))


def _pose_frames(plan: Plan, performances: list[Performance], cameras: list[CameraPath]) -> Iterator[np.ndarray]:
    for shot, performance, camera in zip(plan.shots, performances, cameras):
        yield from pose_frames(shot, performance, camera)


__all__ = ["RenderOptions", "RenderResult", "check_limits", "coached_texts", "film_motions", "perform_plan",
           "plan_storyboard", "render_storyboard", "sidecar_dir"]
