"""Motion transfer from video: a render of our own walker, read back, keeps its cadence, speed and contacts."""

import numpy as np
import pytest

from cinemotion.language import complete
from cinemotion.body.skeleton import forward_kinematics, make_body
from cinemotion.body.contacts import detect_contacts, intervals
from cinemotion.quality.gait import measure_gait, planted_slide_mm

pytest.importorskip("mediapipe")  # the `reference` extra


def _mean_cadence_spm(joints: np.ndarray, fps: float) -> float:
    """Steps per minute between the first and the last foot strike (either foot) of the clip."""
    contacts = detect_contacts(joints, fps)
    strikes = sorted(a for k in range(2) for a, _ in intervals(contacts[:, k]) if a > 0)
    return 60.0 * (len(strikes) - 1) / ((strikes[-1] - strikes[0]) / fps)


@pytest.fixture(scope="module")
def walk_video(tmp_path_factory):
    """A 3 s 320x240 render of a 1.72 m character walking, and the joints it was rendered from."""
    from cinemotion.direct import direct
    from cinemotion.media.encode import VideoEncoder
    from cinemotion.pipeline import perform_plan
    from cinemotion.render import render_frames
    from cinemotion.spec.models import Action, Actor, CameraMove, Character, Shot, Storyboard

    walk = Action(kind="locomotion", verb="walk", category="plain")
    shot = Shot(id="walk", duration_s=3.0, shot_type="full_body", camera=[CameraMove(move="tracking")],
                actors=[Actor(id="kit", character="kit", actions=[walk])])
    plan = direct(complete(Storyboard(seed=2, width=320, height=240, characters=[Character(id="kit", height_m=1.72)],
                             shots=[shot])))
    performances, cameras = perform_plan(plan)
    path = tmp_path_factory.mktemp("video") / "walk.mp4"
    encoder = VideoEncoder(path, 320, 240, plan.fps)
    for frame in render_frames(plan.shots[0], performances[0], cameras[0], workers=1):
        encoder.write(frame.rgb)
    encoder.close()
    return path, performances[0].actors[0].joints, float(plan.fps)


def test_video_transfer_keeps_cadence_speed_and_planted_feet(walk_video):
    from cinemotion.motion.transfer.video_pose import retarget_video

    path, source, fps = walk_video
    body = make_body(1.72)
    clip = retarget_video(path, body)
    joints = forward_kinematics(body.offsets, clip.root, clip.rotations)
    want, got = measure_gait(source, fps), measure_gait(joints, clip.fps)
    speed_error = got["speed_mps"] / want["speed_mps"] - 1
    cadence_error = _mean_cadence_spm(joints, clip.fps) / _mean_cadence_spm(source, fps) - 1
    # a monocular estimate has no metric scale: speed and step length follow the estimated body size (+6 to
    # +11 % measured on this render across skeleton revisions); a 3 s clip holds five strikes, and one frame of strike
    # timing is 2 % of them
    assert abs(speed_error) < 0.12, f"speed {got['speed_mps']:.3f} m/s, rendered {want['speed_mps']:.3f}"
    assert abs(cadence_error) < 0.06, f"cadence off by {cadence_error:+.1%}"
    assert abs(got["step_length_m"] / want["step_length_m"] - 1) < 0.12, (got["step_length_m"], want["step_length_m"])
    assert got["flight_fraction"] < 0.15, "a walk keeps a foot on the ground"
    # planted feet stay put (mm of drift per 1/20 s while flat on the ground)
    assert planted_slide_mm(joints, clip.fps, clip.contacts) < 3.0, planted_slide_mm(joints, clip.fps, clip.contacts)


def test_transfer_action_reads_a_video_source(walk_video):
    from cinemotion.motion.transfer.clip import clip_duration, transfer_storyboard

    path, _, _ = walk_video
    assert clip_duration(path) == pytest.approx(3.0, abs=0.05)
    board = transfer_storyboard(path, seed=1)
    assert board.shots[0].actors[0].actions[0].source == str(path)


def test_a_video_without_a_person_is_refused(tmp_path):
    from cinemotion.errors import InputError
    from cinemotion.media.encode import VideoEncoder
    from cinemotion.motion.transfer.video_pose import read_video_motion

    path = tmp_path / "empty.mp4"
    encoder = VideoEncoder(path, 64, 64, 24)
    for k in range(12):
        encoder.write(np.full((64, 64, 3), 20 * k, np.uint8))
    encoder.close()
    with pytest.raises(InputError) as err:
        read_video_motion(path)
    assert err.value.field == "source" and "person" in err.value.message
