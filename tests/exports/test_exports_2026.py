"""The 2026 generator bundles read back with independent readers (PyAV, json, numpy) and agree with the motion."""

from __future__ import annotations

import json

import av
import numpy as np
import pytest
from typer.testing import CliRunner

from cinemotion.backends.exports import export_plan
from cinemotion.backends.kling_v2 import validate_v2
from cinemotion.body.skeleton import J
from cinemotion.cli import app
from cinemotion.media.contacts import CONTACT_LABELS, rest_heights
from cinemotion.media.formats import formats

WALK = """width: 160
height: 90
seed: 3
shots:
  - id: s1
    prompt: a man walks across the street, tracking shot
    duration_s: 1.6
"""
TWO_SHOTS = """width: 160
height: 90
shots:
  - id: a
    prompt: a woman jogs along the beach, dolly in
    duration_s: 1.0
  - id: b
    prompt: a man and a woman walk side by side, tracking shot
    duration_s: 1.0
"""
TALK = """width: 160
height: 90
shots:
  - id: s1
    prompt: close-up of a woman who says "Hello there, how are you today?"
    duration_s: 3.0
"""


def video(path) -> tuple[list[np.ndarray], float, int, int]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        return frames, float(stream.average_rate), stream.width, stream.height


def storyboard(tmp_path, text: str, name: str = "sb.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    return storyboard(tmp_path_factory.mktemp("walk"), WALK)


def test_contacts_agree_with_the_feet_heights_and_speeds(tmp_path, walk):
    out = tmp_path / "c"
    export_plan(walk, out, fmt="all")
    contacts, joints = np.load(out / "contacts.npz"), None
    assert list(contacts["labels"]) == list(CONTACT_LABELS)
    from cinemotion.backends.exports import load_plan
    from cinemotion.pipeline import film_motions, perform_plan
    plan = load_plan(walk)
    motions = film_motions(perform_plan(plan)[0])
    (actor, shots), = motions.items()
    joints = np.concatenate([m.joints for m in shots])
    flags = contacts[actor]
    assert flags.shape == (len(joints), 4) and flags.dtype == bool
    fps = float(contacts["fps"])
    rest = rest_heights(shots[0].offsets)
    agree, total = 0, 0
    for k, name in enumerate(("left_ankle", "left_foot", "right_ankle", "right_foot")):
        track = joints[:, J[name]]
        speed = np.linalg.norm(np.gradient(track, axis=0), axis=1) * fps
        lift = track[:, 1] - rest[J[name]]
        on = flags[:, k]
        agree += int(np.sum(on & (lift < 0.03) & (speed < 0.3)))
        total += int(on.sum())
    assert total > 0.3 * len(joints), f"a walker is on the ground most of the time: {total} contact flags"
    assert agree / total >= 0.95, f"{agree}/{total} contact frames have the foot down and still"
    # both feet take turns: each is up for part of the walk
    assert flags[:, :2].any(axis=1).mean() < 0.95 and flags[:, 2:].any(axis=1).mean() < 0.95


def test_every_render_writes_contacts(tmp_path, walk):
    result = CliRunner().invoke(app, ["render", str(walk), "-o", str(tmp_path / "w.mp4"), "--no-controls"])
    assert result.exit_code == 0, result.output
    contacts = np.load(tmp_path / "w.cinemotion" / "contacts.npz")
    joints = np.load(tmp_path / "w.cinemotion" / "joints.npz")
    (actor,) = [k for k in joints.files if k != "fps"]
    assert contacts[actor].shape == (joints[actor].shape[0], 4) and contacts[actor].any()


def test_wan_animate_bundle_matches_its_loader(tmp_path, walk):
    t = formats()["wan_animate"]
    out = tmp_path / "wan"
    export_plan(walk, out, fmt="wan-animate")
    pose, fps, w, h = video(out / "src_pose.mp4")
    assert fps == 30 and w % 16 == 0 and h % 16 == 0
    n = len(pose)
    assert n == round(1.6 * 30)
    for name in ("src_face", "src_bg", "src_mask"):
        frames, rate, vw, vh = video(out / f"{name}.mp4")
        assert len(frames) == n and rate == 30
        assert (vw, vh) == ((512, 512) if name == "src_face" else (w, h))
    face = video(out / "src_face.mp4")[0][n // 2]
    assert face.std() > 20, "the face video shows a face, not a flat frame"
    masks = video(out / "src_mask.mp4")[0]
    assert all(0.01 < (m[..., 0] > 127).mean() < 0.5 for m in masks), "the mask covers the character only"
    segments = json.loads((out / "segments.json").read_text())
    assert segments["clip_len"] == t["clip_frames"] == 77 and segments["segments"][0] == {
        "start": 0, "end": 77, "real_end": min(77, n)}
    # keypoints: each drawn joint disc sits where the motion's joint projects, in Wan's colour
    from cinemotion.backends.exports import refilmed, load_storyboard_of
    from cinemotion.media.openpose import project_people
    from cinemotion.pipeline import perform_plan, plan_storyboard
    plan = plan_storyboard(refilmed(load_storyboard_of(walk), fps=30, size=(w, h)))
    performances, cameras = perform_plan(plan)
    (person,) = project_people(performances[0], cameras[0])
    hits = 0
    for f in range(0, n, 8):
        for k in (2, 5, 10, 13):  # shoulders and ankles
            x, y, c = person.body[f, k]
            if c:  # the nearest pixel of the joint's colour within 2 px (1-px discs blur in 4:2:0 video)
                y0, x0 = int(round(y)), int(round(x))
                patch = pose[f][max(y0 - 2, 0):y0 + 3, max(x0 - 2, 0):x0 + 3].reshape(-1, 3).astype(int)
                hits += int(np.abs(patch - np.array(t["colors"][k])).max(axis=1).min() < 100)
    assert hits >= 0.8 * len(range(0, n, 8)) * 4, f"{hits} keypoint discs found where the joints project"


def test_vace_and_ltx_frame_counts_sizes_and_camera_label(tmp_path):
    sb = storyboard(tmp_path, TWO_SHOTS)
    export_plan(sb, tmp_path / "vace", fmt="vace")
    control, fps, w, h = video(tmp_path / "vace" / "control.mp4")
    mask = video(tmp_path / "vace" / "mask.mp4")[0]
    assert fps == 16 and (len(control) - 1) % 4 == 0 and len(control) >= 32 and len(mask) == len(control)
    assert min(m.min() for m in mask) > 240, "VACE's control mask regenerates every pixel"
    grey = control[10]
    assert np.abs(grey[..., 0].astype(int) - grey[..., 2]).mean() < 30 and grey.std() > 5, "depth behind the pose"
    export_plan(sb, tmp_path / "ltx", fmt="ltx")
    manifest = json.loads((tmp_path / "ltx" / "manifest.json").read_text())
    frames, fps, w, h = video(tmp_path / "ltx" / "control.mp4")
    assert (len(frames) - 1) % 8 == 0 and manifest["frames"] == len(frames) and w % 32 == 0 and h % 32 == 0
    assert manifest["shots"][0]["camera_lora"] == "Dolly-In"
    import wave
    with wave.open(str(tmp_path / "ltx" / "audio.wav")) as audio:
        assert abs(audio.getnframes() / audio.getframerate() - 2.0) < 0.05


def test_kling_motion_control_reference_obeys_every_rule(tmp_path):
    sb = storyboard(tmp_path, TWO_SHOTS)
    out = tmp_path / "mc"
    export_plan(sb, out, fmt="kling-motion-control", element=True)
    manifest = json.loads((out / "manifest.json").read_text())
    frames, fps, w, h = video(out / "reference.mp4")
    low, high = formats()["kling_motion_control"]["side_px"]
    assert low < w < high and low < h < high
    assert 3.0 - 1e-6 <= len(frames) / fps <= 30.0, "3–30 s (2 s of storyboard held to 3 s)"
    assert any("held to 3 s" in n for n in manifest["notes"]) and any("joined" in n for n in manifest["notes"])
    assert any("left out" in n for n in manifest["notes"]), "the second person is named as left out"
    side = out / "reference.cinemotion"
    joints = np.load(side / "joints.npz")
    assert [k for k in joints.files if k != "fps"] == [manifest["actor"]], "one person only"
    cams = np.loadtxt(side / "camera.txt")
    assert np.ptp(cams[:, 1:], axis=0).max() < 1e-6, "a locked camera"
    from cinemotion.media.camera_export import read_camera_txt
    _, intrinsics, extrinsics = read_camera_txt(side / "camera.txt")
    body = joints[manifest["actor"]]
    for f in range(0, len(body), 6):
        fx, fy, cx, cy = intrinsics[f] * [w, h, w, h]
        cam = body[f] @ extrinsics[f][:, :3].T + extrinsics[f][:, 3]
        u, v = fx * cam[:, 0] / cam[:, 2] + cx, fy * cam[:, 1] / cam[:, 2] + cy
        assert (cam[:, 2] > 0).all() and (u >= 0).all() and (u < w).all() and (v >= 0).all() and (v < h).all(), \
            f"frame {f}: full body in view"
    request = json.loads((out / "request.json").read_text())
    assert request["endpoint"] == "/motion-control/kling-3.0"
    validate_v2("motion_control", request["body"])
    assert (out / "character.png").stat().st_size > 1000 and json.loads((out / "element.json").read_text())["images"]


def test_lipsync_faces_are_timed_in_ms_with_their_audio_and_a_voice_clip(tmp_path):
    import wave
    sb = storyboard(tmp_path, TALK)
    out = tmp_path / "lips"
    export_plan(sb, out, fmt="lipsync")
    data = json.loads((out / "faces.json").read_text())
    (face,) = data["faces"]
    assert 0 <= face["start_time"] < face["end_time"] <= 3000 and face["end_time"] - face["start_time"] > 500
    with wave.open(str(out / face["sound_file"])) as audio:
        assert abs(audio.getnframes() / audio.getframerate() * 1000 - (face["end_time"] - face["start_time"])) < 30
    (voice,) = data["voices"].values()
    with wave.open(str(out / voice["file"])) as clip:
        seconds = clip.getnframes() / clip.getframerate()
    assert 5.0 <= seconds <= 30.0


def test_unknown_format_and_control_are_refused_by_name(tmp_path, walk):
    result = CliRunner().invoke(app, ["export", str(walk), "--format", "sora", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--format" in result.output and not (tmp_path / "x").exists()
    result = CliRunner().invoke(app, ["export", str(walk), "--format", "ltx", "--control", "canny",
                                      "-o", str(tmp_path / "y")])
    assert result.exit_code == 2 and "--control" in result.output and not (tmp_path / "y").exists()
