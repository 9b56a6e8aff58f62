"""Control frames made in the render workers: what the pipeline forwards to the control encoders is, frame for
frame, what the stages make of a frame rendered in this process; above 1080p the control videos are at the
shading size, and the identity meter still reads the film-sized instance map the renderer would have made."""

import json
import os
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from cinemotion.media.controls import CONTROL_VIDEOS, MASK_COLORS, ControlVideos, _frame_sized, inverse_depth_gray
from cinemotion.media.encode import VideoEncoder
from cinemotion.media.pose_video import PoseDrawing
from cinemotion.pipeline import RenderOptions, render_storyboard, sidecar_dir
from cinemotion.quality.identity import identity_samples
from cinemotion.render import RenderWorkers, control_size, render_frames
from cinemotion.render.frames import resized_camera
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer
from cinemotion.spec.models import Action, Actor, Shot, Storyboard

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from render_scenes import actor_motion, look_at_camera, shot  # noqa: E402

MAPS = ("instance", "depth")


class Recorder:
    """A control encoder's stand-in: the raw frames spliced into it, read off the worker's pipe."""

    def __init__(self):
        self.frames: list[bytes] = []

    def splice_from(self, fd: int, nbytes: int) -> None:
        chunks, left = [], nbytes
        while left:
            chunk = os.read(fd, left)
            assert chunk, "the pipe ended inside a control frame"
            chunks.append(chunk)
            left -= len(chunk)
        self.frames.append(b"".join(chunks))


def _shots():
    walking = shot([actor_motion("mara", 4, velocity=(1.2, 0.0)), actor_motion("ben", 4, start=(1.0, -1.0))],
                   look_at_camera([0.5, 1.4, 4.5], [0, 1, 0], 4, width=192, height=108), setting="city_street")
    standing = shot([actor_motion("mara", 3)], look_at_camera([-2.0, 1.6, 3.0], [0, 1, 0], 3, width=192, height=108),
                    lighting="golden_hour", seed=11)
    return [walking, standing]


def test_the_workers_send_the_control_frames_and_identity_samples_the_stages_make_here():
    shots = _shots()
    size = (shots[0][2].width, shots[0][2].height)
    recorders = {name: Recorder() for name in CONTROL_VIDEOS}
    with RenderWorkers(2) as pool:
        pool.submit(shots, MAPS, finish=ControlVideos(size, controls=True))
        pooled = [list(pool.frames(i, recorders)) for i in range(len(shots))]
    expected: dict[str, list[bytes]] = {name: [] for name in CONTROL_VIDEOS}
    sampled = 0
    for (plan, performance, camera), finished in zip(shots, pooled):
        pose = PoseDrawing(performance, camera)
        assert [f.index for f in finished] == list(range(camera.n_frames))
        for here, there in zip(render_frames(plan, performance, camera, workers=1, maps=MAPS), finished):
            assert here.rgb.tobytes() == there.rgb.tobytes()
            samples = identity_samples(plan, performance, camera, here.index, here.rgb, here.instance)
            assert samples.keys() == there.identity.keys()
            assert all(np.array_equal(samples[k], there.identity[k]) for k in samples)
            sampled += bool(samples)
            expected["pose"].append(pose.frame(here.index).tobytes())
            expected["masks"].append(here.instance.tobytes())  # coloured by its encoder
            expected["depth"].append(inverse_depth_gray(here.depth).tobytes())
    assert sampled == 2, "frame 0 of each shot is sampled for identity, with the actors in view"
    for name in CONTROL_VIDEOS:  # every frame, in film order across the two slots and the two shots
        assert recorders[name].frames == expected[name], f"{name} frames differ from the stages' own"
    assert any(np.frombuffer(f, np.uint8).any() for f in recorders["pose"].frames), "no skeleton drawn"


def test_without_control_videos_the_workers_send_the_film_frames_alone():
    shots = _shots()[1:]
    with RenderWorkers(2) as pool:
        pool.submit(shots, finish=ControlVideos((192, 108), controls=False))
        finished = list(pool.frames(0))  # nowhere to forward: no streams come
    alone = list(render_frames(*shots[0], workers=1))
    assert [f.rgb.tobytes() for f in finished] == [f.rgb.tobytes() for f in alone]
    assert all(f.identity == {} for f in finished)  # no instance ids, nothing for the meter (as before)


def test_the_masks_encoder_colours_instance_ids_as_the_rgb_frames_would_be_encoded(tmp_path):
    ids = np.zeros((6, 48, 64), np.uint8)
    for i, frame in enumerate(ids):
        frame[8:40, 4 + 3 * i:30 + 3 * i] = 1 + i % 2
        frame[20:30, 40:60] = 7 + i  # 9 and up: past the palette, its last colour
    lookup = MASK_COLORS[np.minimum(ids, len(MASK_COLORS) - 1)]
    with VideoEncoder(tmp_path / "ids.mp4", 64, 48, 24, palette=MASK_COLORS, flat=True) as indexed, \
            VideoEncoder(tmp_path / "rgb.mp4", 64, 48, 24, flat=True) as rgb:
        for frame, coloured in zip(ids, lookup):
            indexed.write(frame)
            rgb.write(coloured)
    assert (tmp_path / "ids.mp4").read_bytes() == (tmp_path / "rgb.mp4").read_bytes()


def test_control_videos_are_the_frame_size_up_to_1080p_and_the_shading_size_above():
    camera = look_at_camera([0, 1.5, 4], [0, 1, 0], 2, width=3840, height=2160)
    assert control_size(camera, None) == (1920, 1080)  # 4K shades at 1/2
    assert control_size(camera, 0.3) == (1152, 648)
    assert control_size(camera, 0.33) == (1268, 712)  # even sizes for H.264, though 0.33 shades 1267x713
    assert control_size(look_at_camera([0, 1.5, 4], [0, 1, 0], 2, width=2560, height=1440), None) == (1280, 720)
    for width, height in ((1920, 1080), (1280, 720)):
        assert control_size(look_at_camera([0, 1.5, 4], [0, 1, 0], 2, width=width, height=height), 0.5) == (width, height)


def test_a_camera_resized_for_the_controls_projects_where_the_film_does_scaled():
    camera = look_at_camera([0.5, 1.4, 4.5], [0, 1, 0], 2, width=3840, height=2160)
    small = resized_camera(camera, 1920, 1080)
    points = np.array([[0.0, 1.0, 0.0], [0.4, 1.7, -0.3], [-1.0, 0.2, 0.5]])
    full, _ = camera.project(1, points)
    half, _ = small.project(1, points)
    # pixel centres at integer coordinates: the image edges (-0.5, size - 0.5) map onto each other
    np.testing.assert_allclose(half, (full + 0.5) / 2 - 0.5, atol=1e-9)


def test_maps_at_the_shading_size_give_back_the_frame_sized_instance_map():
    plan, performance, camera = _shots()[0]
    full = ShotRenderer(create_context(), plan, performance, camera, MAPS, scale=0.5)
    try:
        frame = full.render(1)
    finally:
        full.release()
    shading = ShotRenderer(create_context(), plan, performance, camera, MAPS, scale=0.5, maps_size=(96, 54))
    try:
        small = shading.render(1)
    finally:
        shading.release()
    assert small.instance.shape == small.depth.shape == (54, 96) and small.rgb.shape == frame.rgb.shape
    assert (small.instance > 0).any()
    assert np.array_equal(_frame_sized(small.instance, frame.rgb.shape[:2]), frame.instance)
    assert np.array_equal(_frame_sized(small.depth, frame.rgb.shape[:2]), frame.depth)


@pytest.fixture(scope="module")
def rendered_1440p(tmp_path_factory) -> Path:
    storyboard = Storyboard(seed=5, fps=12, width=2560, height=1440, shots=[Shot(duration_s=0.25, actors=[
        Actor(id="ann", actions=[Action(kind="locomotion", verb="walk")])])])
    out = tmp_path_factory.mktemp("1440p") / "film.mp4"
    render_storyboard(storyboard, out, options=RenderOptions(workers=1))
    return out


def test_above_1080p_the_control_videos_are_at_the_shading_size_and_plan_json_says_so(rendered_1440p):
    side = sidecar_dir(rendered_1440p)
    sizes = {}
    for name in ("film", *CONTROL_VIDEOS):
        path = rendered_1440p if name == "film" else side / f"{name}.mp4"
        with av.open(str(path)) as container:
            frames = list(container.decode(video=0))
            sizes[name] = (frames[0].width, frames[0].height, len(frames))
    assert sizes == {"film": (2560, 1440, 3), "pose": (1280, 720, 3), "masks": (1280, 720, 3),
                     "depth": (1280, 720, 3)}
    record = json.loads((side / "plan.json").read_text())["render"]
    assert (record["width"], record["height"], record["controls_size"]) == (2560, 1440, [1280, 720])
    with av.open(str(side / "masks.mp4")) as container:
        masks = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert (masks.max(axis=2) > 128).mean() > 0.005, "the walker's mask is in the masks video"
    qa = json.loads((side / "qa.json").read_text())
    assert qa["identity"]["ann"]["colours_lab"], "the identity meter sampled the film-sized frame"
