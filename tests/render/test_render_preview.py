"""--preview: a 480p film with the cheap passes, the same motion and camera, the final render's sidecars."""

import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from cinemotion.render import preview_camera
from render_scenes import look_at_camera

PROMPT = ("A man jogging down a wet city street at night in the rain, neon signs, tracking shot, "
          "cinematic depth of field, motion blur")
VIDEOS = {"pose.mp4", "masks.mp4", "depth.mp4"}
# qa.json's identity colours are measured on the rendered pixels, so they are the one part of a
# sidecar that follows the video; every other figure in it describes the plan and the motion
PIXEL_MEASURES = {"colours_lab", "max_delta_e", "colour_consistency"}


def test_preview_camera_films_the_same_frame_at_480p():
    camera = look_at_camera([0.5, 1.6, -4.0], [0.0, 1.0, 0.0], 3, width=1920, height=1080, hfov_deg=40)
    small = preview_camera(camera)
    assert (small.width, small.height) == (854, 480)
    points = np.array([[0.0, 1.0, 0.0], [1.2, 0.3, 2.0], [-2.0, 2.5, 1.0]])
    for f in range(3):
        big_uv, big_z = camera.project(f, points)
        small_uv, small_z = small.project(f, points)
        # the same place in the frame, as a fraction of its width and height (pixel edges at -0.5)
        assert np.allclose((small_uv + 0.5) / [854, 480], (big_uv + 0.5) / [1920, 1080], atol=1e-12)
        assert np.array_equal(small_z, big_z)
    assert preview_camera(look_at_camera([0, 1.6, -4], [0, 1, 0], 2, width=640, height=360)).width == 640


def _render(cwd: Path, name: str, *extra: str) -> Path:
    cmd = [sys.executable, "-m", "cinemotion.cli", "render", PROMPT, "-o", f"{name}.mp4", "--size", "1280x720",
           "--fps", "12", "--duration", "1", "--seed", "5", *extra]
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return cwd / name


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _without_pixel_measures(value):
    if isinstance(value, dict):
        return {k: _without_pixel_measures(v) for k, v in value.items() if k not in PIXEL_MEASURES}
    return value


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("preview")
    return _render(out, "final"), _render(out, "preview", "--preview")


def test_preview_sidecars_are_byte_identical_to_the_final_renders(renders):
    final, preview = (Path(f"{r}.cinemotion") for r in renders)
    names = sorted(str(p.relative_to(final)) for p in final.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(preview)) for p in preview.rglob("*") if p.is_file())
    assert {"plan.json", "joints.npz", "camera.txt", "openpose.json", "audio/mix.wav"} <= set(names)
    for name in names:
        if name in VIDEOS or name == "qa.json":
            continue
        assert (final / name).read_bytes() == (preview / name).read_bytes(), name
    qa = [_without_pixel_measures(json.loads((d / "qa.json").read_text())) for d in (final, preview)]
    assert qa[0] == qa[1]
    for name in VIDEOS:  # the control videos follow the film: 480p
        assert _frames(preview / name)[0].shape == (480, 854, 3), name


def test_preview_is_the_final_shot_at_480p(renders):
    final, preview = (_frames(Path(f"{r}.mp4")) for r in renders)
    assert len(final) == len(preview) == 12
    assert final[0].shape == (720, 1280, 3) and preview[0].shape == (480, 854, 3)
    for f in (0, 6, 11):  # same motion, same camera: the downsized final frame is the preview's
        small = np.asarray(Image.fromarray(final[f]).resize((854, 480), Image.BILINEAR), float)
        assert np.abs(small - preview[f]).mean() < 6.0, f
