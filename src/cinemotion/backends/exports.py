"""`cinemotion export`: the plan handed to other tools and generators, each in the form its own loader reads.

Control exports (OpenPose JSON, BVH, camera paths, trajectories, foot contacts) need no video; the generator
bundles (Wan2.2-Animate, VACE, LTX-2, Kling Motion Control, lip-sync preparation) re-film the plan at the frame
rate and size their model takes and write what its preprocessing would have written.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from cinemotion.audio import score, write_wav
from cinemotion.backends.kling_motion import write_kling_motion_control
from cinemotion.backends.lipsync import write_lipsync
from cinemotion.direct import Plan
from cinemotion.errors import InputError
from cinemotion.language import enrich_storyboard
from cinemotion.media.atomic import atomic_dir
from cinemotion.media.bvh_export import write_bvh
from cinemotion.media.camera_export import write_camera_motionctrl, write_camera_realestate10k, write_camera_txt
from cinemotion.media.contacts import write_contacts
from cinemotion.media.controls import (
    LTX_CONTROLS,
    inverse_depth_rgb,
    ltx_camera_lora,
    ltx_frame_count,
    ltx_size,
    pose_over_depth,
    vace_frame_count,
)
from cinemotion.media.encode import VideoEncoder
from cinemotion.media.formats import formats
from cinemotion.media.openpose import PersonKeypoints, project_people, write_openpose
from cinemotion.media.plan_record import RECORD_KEYS
from cinemotion.media.pose_video import pose_frames
from cinemotion.media.trajectories import write_trajectories
from cinemotion.media.wan_animate import face_camera, write_wan_animate
from cinemotion.pipeline import film_motions, perform_plan, plan_storyboard
from cinemotion.render import render_frames
from cinemotion.spec import Storyboard, load_storyboard

CONTROL_FORMATS = ("openpose", "bvh", "camera", "trajectories", "contacts")
BUNDLES = ("wan-animate", "vace", "ltx", "kling-motion-control", "lipsync")
FORMATS = (*CONTROL_FORMATS, *BUNDLES, "all")  # "all": every control export (no video)


def load_storyboard_of(path: Path) -> Storyboard:
    """A plan.json (as written beside a render) or a storyboard file → the Storyboard it plans."""
    if not path.is_file():
        raise InputError("plan", f"{path} does not exist")
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as err:
            raise InputError("plan", f"{path} is not valid JSON: {err}") from None
        if isinstance(data, dict) and "cinemotion_version" in data:
            try:
                return Plan.model_validate({k: v for k, v in data.items() if k not in RECORD_KEYS}).storyboard
            except ValidationError as err:
                raise InputError("plan", str(err.errors()[0]["msg"])) from None
    return enrich_storyboard(load_storyboard(path))


def load_plan(path: Path) -> Plan:
    return plan_storyboard(load_storyboard_of(path))


def refilmed(storyboard: Storyboard, *, fps: int | None = None, size: tuple[int, int] | None = None) -> Storyboard:
    """The same storyboard at another frame rate or size (what a generator's loader takes)."""
    update = {}
    if fps is not None:
        update["fps"] = fps
    if size is not None:
        update["width"], update["height"] = size
    return Storyboard.model_validate({**storyboard.model_dump(), **update})


def divisible(width: int, height: int, multiple: int) -> tuple[int, int]:
    return max(multiple, round(width / multiple) * multiple), max(multiple, round(height / multiple) * multiple)


def _film(plan: Plan, maps: tuple[str, ...]):
    performances, cameras = perform_plan(plan)
    return performances, cameras, [render_frames(s, p, c, maps=maps) for s, p, c in zip(plan.shots, performances,
                                                                                             cameras)]


def _held(frames, count: int):
    """The frames, then the last one held until `count` (generators want 4n+1 / 8k+1 frames)."""
    last = None
    for n, frame in enumerate(frames):  # noqa: B007 (n counts the frames for the hold below)
        last = frame
        yield frame
    for _ in range(count - n - 1):
        yield last


def write_wan_bundle(storyboard: Storyboard, out: Path) -> dict:
    t = formats()["wan_animate"]
    plan = plan_storyboard(refilmed(storyboard, fps=t["fps"], size=divisible(storyboard.width, storyboard.height,
                                                                    t["size_divisor"])))
    performances, cameras, shots = _film(plan, ("instance",))
    first = plan.shots[0]
    if not first.actors:
        raise InputError("wan-animate", "the first shot has no one in it to animate")

    def frames():
        offset = 0
        for shot, shot_frames in zip(plan.shots, shots):
            for frame in shot_frames:
                frame.index += offset
                yield frame
            offset += shot.n_frames

    people = []
    for performance, camera in zip(performances, cameras):
        shot_people = project_people(performance, camera)
        people.append(next((p for p in shot_people if p.actor_id == first.actors[0].id), shot_people[0]))
    lead = first.actors[0].id

    def faces():
        for shot, performance in zip(plan.shots, performances):
            motion = next((m for m in performance.actors if m.actor_id == lead), performance.actors[0])
            for frame in render_frames(shot, performance, face_camera(motion, plan.fps)):
                yield frame.rgb

    count = write_wan_animate(out, frames(), faces(), [_concatenated(people)], VideoEncoder, width=plan.width,
                              height=plan.height, fps=plan.fps)
    return {"model": "Wan2.2-Animate-14B", "frames": count, "fps": plan.fps, "size": [plan.width, plan.height],
            "actor": first.actors[0].id}


def _concatenated(people):
    """One actor's keypoints over the whole film (shots in order)."""
    return PersonKeypoints(people[0].actor_id, *(np.concatenate([getattr(p, k) for p in people])
                                                 for k in ("body", "feet", "face", "hands")))


def write_vace_bundle(storyboard: Storyboard, out: Path) -> dict:
    t = formats()["vace"]
    plan = plan_storyboard(refilmed(storyboard, fps=t["fps"]))
    performances, cameras, shots = _film(plan, ("depth",))
    total = sum(s.n_frames for s in plan.shots)
    count = vace_frame_count(total)

    def blended():
        for shot, performance, camera, frames in zip(plan.shots, performances, cameras, shots):
            for pose, frame in zip(pose_frames(shot, performance, camera), frames):
                yield pose_over_depth(pose, frame.depth)

    with VideoEncoder(out / "control.mp4", plan.width, plan.height, plan.fps) as control, \
            VideoEncoder(out / "mask.mp4", plan.width, plan.height, plan.fps) as mask:
        white = np.full((plan.height, plan.width, 3), 255, np.uint8)
        for image in _held(blended(), count):
            control.write(image)
            mask.write(white)
    return {"model": "Wan2.1-VACE", "frames": count, "held_frames": count - total, "fps": plan.fps,
            "size": [plan.width, plan.height], "control": "pose over inverse depth", "mask": "all white: generate"}


def write_ltx_bundle(storyboard: Storyboard, out: Path, control: str = "pose") -> dict:
    if control not in LTX_CONTROLS:
        raise InputError("--control", f"{control!r} is not one of {', '.join(LTX_CONTROLS)}")
    plan = plan_storyboard(refilmed(storyboard, size=ltx_size(storyboard.width, storyboard.height)))
    performances, cameras, shots = _film(plan, ("depth",))
    total = sum(s.n_frames for s in plan.shots)
    count = ltx_frame_count(total)

    def controls():
        for shot, performance, camera, frames in zip(plan.shots, performances, cameras, shots):
            poses = pose_frames(shot, performance, camera)
            for pose, frame in zip(poses, frames):
                yield pose if control == "pose" else inverse_depth_rgb(frame.depth)

    with VideoEncoder(out / "control.mp4", plan.width, plan.height, plan.fps) as video:
        for image in _held(controls(), count):
            video.write(image)
    soundtrack = score(plan, performances, cameras, rng=np.random.default_rng(plan.seed))
    write_wav(out / "audio.wav", soundtrack.mix, soundtrack.sample_rate)
    return {"model": "LTX-2 IC-LoRA union control", "control": control, "frames": count,
            "held_frames": count - total, "fps": plan.fps, "size": [plan.width, plan.height],
            "shots": [{"id": s.shot_id, "camera_lora": ltx_camera_lora(c.moves),
                       "prompt": s.prompt} for s, c in zip(plan.shots, cameras)]}


def _control_exports(tmp: Path, fmt: str, plan: Plan, units: str) -> None:
    performances, cameras = perform_plan(plan)
    motions = film_motions(performances)
    if fmt in ("openpose", "all"):
        write_openpose(tmp / "openpose.json", plan, performances, cameras)
    if fmt in ("bvh", "all"):
        for actor_id, actor_motions in motions.items():
            write_bvh(tmp / f"{actor_id}.bvh", actor_motions, plan.fps, units=units)
    if fmt in ("camera", "all"):
        write_camera_txt(tmp / "camera.txt", cameras)
        write_camera_realestate10k(tmp / "camera_realestate10k.txt", cameras)
        write_camera_motionctrl(tmp / "camera_motionctrl.json", cameras)
    if fmt in ("trajectories", "all"):
        write_trajectories(tmp, plan, performances, cameras)
    if fmt in ("contacts", "all"):
        write_contacts(tmp / "contacts.npz", motions, plan.fps)


def export_plan(path: Path, out_dir: Path, *, fmt: str = "all", units: str = "m", control: str = "pose",
                element: bool = False) -> list[Path]:
    """Write the chosen export of a plan into out_dir (atomically); returns the files written."""
    if fmt not in FORMATS:
        raise InputError("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if units not in ("m", "cm"):
        raise InputError("--units", f"{units!r} is not m or cm")
    storyboard = load_storyboard_of(Path(path))
    with atomic_dir(out_dir) as tmp:
        if fmt in BUNDLES:
            writers = {"wan-animate": lambda: write_wan_bundle(storyboard, tmp),
                       "vace": lambda: write_vace_bundle(storyboard, tmp),
                       "ltx": lambda: write_ltx_bundle(storyboard, tmp, control),
                       "kling-motion-control": lambda: write_kling_motion_control(storyboard, tmp, element=element),
                       "lipsync": lambda: write_lipsync(plan_storyboard(storyboard), tmp)}
            manifest = writers[fmt]()
            (tmp / "manifest.json").write_text(json.dumps({"format": fmt, **manifest}, indent=2))
        else:
            _control_exports(tmp, fmt, plan_storyboard(storyboard), units)
        names = sorted(p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file())
    return [out_dir / n for n in names]
