"""The pose video's pixels and the trajectory exports (Tora text, Kling brush payloads)."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
from export_shots import performance_of, plan_of, shot_plan, tracking_camera
from PIL import Image

from cinemotion.errors import InputError
from cinemotion.media.openpose import COCO18, project_people
from cinemotion.media.pose_video import COLORS, LIMBS, pose_frames
from cinemotion.media.trajectories import (
    brush_tracks, joint_tracks, kling_motion_brush, kling_trajectory, tora_text, write_trajectories,
)
from cinemotion.spec.models import MotionBrush

W, H = 512, 288  # the annotator's own scale, so its 4-pixel sticks are 4 pixels here


def _scene():
    shot = shot_plan(width=W, height=H)
    return shot, performance_of(shot), tracking_camera(width=W, height=H, dolly_m=2.5)


def test_pose_video_draws_controlnet_limb_colours_and_joint_discs():
    shot, performance, camera = _scene()
    frames = list(pose_frames(shot, performance, camera))
    assert len(frames) == shot.n_frames and frames[0].shape == (H, W, 3) and frames[0].dtype == np.uint8
    person = project_people(performance, camera)[0]
    f = 12
    body = person.body[f]
    # A joint disc is drawn in its keypoint colour: the left knee (COCO index 12) is (0, 85, 255).
    x, y = np.round(body[COCO18.index("left_knee"), :2]).astype(int)
    assert tuple(frames[f][y, x]) == COLORS[12]
    # A limb is drawn at 60 % of its colour: find each limb's colour a quarter of the way along it.
    found = 0
    for (i, j), colour in zip(LIMBS, COLORS):
        a, b = body[i - 1], body[j - 1]
        if a[2] and b[2] and np.linalg.norm(a[:2] - b[:2]) > 20:
            x, y = np.round(a[:2] + 0.25 * (b[:2] - a[:2]) + 0.5).astype(int) - 0
            patch = frames[f][y - 1:y + 2, x - 1:x + 2].reshape(-1, 3)
            found += any(tuple(p) == tuple(int(c * 0.6) for c in colour) for p in patch)
    assert found >= 8, f"only {found} limbs showed their ControlNet colour"
    # The background stays black, and nothing but the skeleton is drawn.
    assert np.all(frames[f][:5, :5] == 0) and 0 < np.mean(frames[f].any(axis=2)) < 0.1


def test_wan_style_adds_the_feet():
    shot, performance, camera = _scene()
    plain = next(pose_frames(shot, performance, camera))
    wan = next(pose_frames(shot, performance, camera, style="wan"))
    heel = project_people(performance, camera)[0].feet[0, 2]
    assert heel[2] == 1.0
    x, y = np.round(heel[:2]).astype(int)
    assert wan[y, x].any() and (wan.any(axis=2).sum() > plain.any(axis=2).sum())
    with pytest.raises(InputError, match="pose style"):
        next(pose_frames(shot, performance, camera, style="dwpose"))


def _png(b64: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))))


def test_brush_tracks_export_to_tora_and_kling():
    shot = shot_plan(brushes=(MotionBrush(region=[[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]],
                                          path=[[0.0, 0.3, 0.3], [0.5, 0.6, 0.3], [1.0, 0.6, 0.7]]),
                              MotionBrush(region="mara.hair", static=True)))
    performance, camera = performance_of(shot), tracking_camera()
    moving, static = brush_tracks(shot, performance, camera)
    assert static.points is None and static.mask.any()
    area = moving.mask.mean()
    assert abs(area - 0.16) < 0.02, f"the polygon covers {area:.3f} of the frame, expected 0.16"
    lines = tora_text(moving, 160, 90).splitlines()
    xy = np.array([line.split() for line in lines], float)
    assert len(xy) == 24 and np.allclose(xy[0], [0.3 * 256, 0.3 * 256]), xy[0]
    assert np.all((xy >= 0) & (xy < 256))
    half = int(0.5 * 24)  # the path reaches (0.6, 0.3) at t = 0.5 s
    assert np.allclose(xy[half], [0.6 * 256, 0.3 * 256], atol=0.01)
    payload = kling_motion_brush([moving, static], 160, 90)
    assert _png(payload["static_mask"]).shape == (90, 160)
    (dynamic,) = payload["dynamic_masks"]
    mask = _png(dynamic["mask"])
    assert mask.shape == (90, 160) and set(np.unique(mask)) == {0, 255}
    points = dynamic["trajectories"]
    assert len(points) == 24 and points[0] == {"x": 48, "y": 63}  # (0.3 W, H − 0.3 H), origin bottom-left


def test_joint_tracks_follow_the_projected_joint():
    shot, performance, camera = _scene()
    tracks = joint_tracks(shot, performance, camera, ("left_wrist",))
    (track,) = tracks
    person = project_people(performance, camera)[0]
    assert np.allclose(track.points, person.body[:, COCO18.index("left_wrist"), :2], atol=1e-6)
    x, y = np.round(track.points[0]).astype(int)
    assert track.mask[y, x], "the mask covers the joint on the first frame"


def test_kling_trajectories_keep_between_2_and_77_points():
    long = np.stack([np.linspace(0, 159, 240), np.linspace(0, 89, 240)], axis=1)
    points = kling_trajectory(long, 160, 90)
    assert len(points) == 77 and points[0] == {"x": 0, "y": 89} and points[-1] == {"x": 159, "y": 1}
    assert len(kling_trajectory(long[:1], 160, 90)) == 2


def test_too_many_moving_regions_for_kling_are_refused():
    shot, performance, camera = _scene()
    tracks = joint_tracks(shot, performance, camera, ("pelvis", "head", "left_wrist", "right_wrist",
                                                      "left_ankle", "right_ankle", "neck"))
    with pytest.raises(InputError, match="at most 6"):
        kling_motion_brush(tracks, W, H)


@pytest.mark.parametrize("brush,field", [
    (MotionBrush(region="nobody.hair", path=[[0, 0.1, 0.1], [1, 0.2, 0.2]]), "motion_brushes[0].region"),
    (MotionBrush(region="mara.tail", path=[[0, 0.1, 0.1], [1, 0.2, 0.2]]), "motion_brushes[0].region"),
    (MotionBrush(region="mara.hair", path=[[0, 0.1, 0.1]]), "motion_brushes[0].path"),
    (MotionBrush(region="mara.hair", path=[[0, 0.1, 0.1], [1, 1.4, 0.2]]), "motion_brushes[0].path"),
    (MotionBrush(region="mara.hair"), "motion_brushes[0].path"),
    (MotionBrush(region=[[0, 0], [1, 1]], path=[[0, 0.1, 0.1], [1, 0.2, 0.2]]), "motion_brushes[0].region"),
])
def test_bad_brushes_are_refused_naming_the_field(brush, field):
    shot = shot_plan(brushes=(brush,))
    with pytest.raises(InputError) as caught:
        brush_tracks(shot, performance_of(shot), tracking_camera())
    assert caught.value.field == f"shot1.{field}", caught.value.field


def test_write_trajectories_lays_out_files_per_shot(tmp_path):
    shots = [shot_plan("s1", brushes=(MotionBrush(region="mara.left_hand", path=[[0, 0.2, 0.5], [1, 0.8, 0.5]]),)),
             shot_plan("s2", index=1)]
    written = write_trajectories(tmp_path, plan_of(*shots), [performance_of(s) for s in shots],
                                 [tracking_camera(), tracking_camera()])
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert "trajectories/s1/mara.left_hand.txt" in names and "trajectories/s2/mara.pelvis.txt" in names
    s1 = json.loads((tmp_path / "trajectories/s1/kling_motion_brush.json").read_text())
    s2 = json.loads((tmp_path / "trajectories/s2/kling_motion_brush.json").read_text())
    assert len(s1["dynamic_masks"]) == 1, "the user's brush, not the joint tracks, makes shot 1's Kling brush"
    assert len(s2["dynamic_masks"]) == 3, "without brushes, the tracked joints do"


def test_scenery_and_props_can_be_brushed():
    from cinemotion.motion.performance import PropState
    shot = shot_plan(brushes=(MotionBrush(region="clouds", path=[[0, 0.2, 0.1], [1, 0.4, 0.1]]),
                              MotionBrush(region="the ball", path=[[0, 0.5, 0.8], [1, 0.9, 0.5]])))
    performance, camera = performance_of(shot), tracking_camera(dolly_m=0.0, zoom=1.0)
    performance.props.append(PropState(id="ball1", kind="ball", center=np.array([0.0, 0.11, 1.0]),
                                       size=np.array([0.22, 0.22, 0.22])))
    clouds, ball = brush_tracks(shot, performance, camera)
    # The camera stands 1.2 m up looking down at (0, 1, 0) from 5 m: the horizon is just above the centre.
    rows = clouds.mask.mean(axis=1)
    assert rows[0] == 1.0 and rows[-1] == 0.0 and 0.3 < clouds.mask.mean() < 0.5
    centre = camera.project(0, np.array([[0.0, 0.11, 1.0]]))[0][0]
    x, y = np.round(centre).astype(int)
    assert ball.mask[y, x] and ball.mask.mean() < 0.05
