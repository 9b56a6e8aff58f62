"""The whole path, as a user runs it: prompt → MP4 with sound and sidecars; bad input refused."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
import yaml

PROMPT = "A woman jogging through a park at golden hour, tracking shot, 2-second duration"
CLI = [sys.executable, "-m", "cinemotion.cli"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def decode(path: Path) -> tuple[list[str], np.ndarray, float, dict]:
    """Frame hashes, audio samples, duration and stream codecs of an MP4."""
    with av.open(str(path)) as container:
        codecs = {s.type: s.codec_context.name for s in container.streams}
        duration = float(container.duration / av.time_base)
        frames = [hashlib.sha256(f.to_ndarray(format="rgb24").tobytes()).hexdigest()
                  for f in container.decode(video=0)]
    with av.open(str(path)) as container:
        audio = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    return frames, audio, duration, codecs


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render")
    result = run("render", PROMPT, "-o", "jog.mp4", "--size", "320x180", "--fps", "24", "--seed", "3", cwd=out)
    assert result.returncode == 0, result.stderr
    return out


def test_render_writes_h264_aac_of_the_requested_length(rendered):
    frames, audio, duration, codecs = decode(rendered / "jog.mp4")
    assert codecs == {"video": "h264", "audio": "aac"}
    assert len(frames) == 48
    assert abs(duration - 2.0) <= 1 / 24 + 0.03  # AAC priming may add a few ms
    assert np.abs(audio).max() > 0.01  # footsteps and ambience are audible


def test_sidecars_describe_the_render(rendered):
    side = rendered / "jog.cinemotion"
    plan = json.loads((side / "plan.json").read_text())
    assert plan["seed"] == 3 and plan["shots"][0]["n_frames"] == 48
    joints = np.load(side / "joints.npz")
    actor = [k for k in joints.files if k != "fps"][0]
    assert joints[actor].shape == (48, 22, 3) and joints[actor].dtype == np.float32
    assert float(joints["fps"]) == 24
    lines = (side / "camera.txt").read_text().strip().splitlines()
    assert len(lines) == 48 and all(len(line.split()) == 19 for line in lines)
    for name in ("prompt.txt", "negative.txt", "qa.json", "openpose.json", f"{actor}.bvh", "pose.mp4",
                 "masks.mp4", "depth.mp4", "audio/mix.wav", "audio/effects.wav"):
        assert (side / name).stat().st_size > 0, name
    assert not list(rendered.glob(".*part*")), "temporary files left behind"


def test_same_seed_same_bytes(rendered, tmp_path):
    result = run("render", PROMPT, "-o", "again.mp4", "--size", "320x180", "--fps", "24", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = decode(rendered / "jog.mp4"), decode(tmp_path / "again.mp4")
    assert first[0] == second[0], "decoded frames differ between identical renders"
    assert np.array_equal(first[1], second[1]), "decoded audio differs between identical renders"


@pytest.mark.parametrize("args,field", [
    (["--size", "5000x5000"], "--size"),
    (["--size", "321x180"], "--size"),
    (["--size", "wide"], "--size"),
    (["--duration", "0"], "--duration"),
    (["--duration", "900"], "duration"),
    (["--fps", "500"], "--fps"),
    (["--backend", "magic"], "--backend"),
])
def test_bad_options_are_refused_naming_the_field(tmp_path, args, field):
    result = run("render", PROMPT, "-o", "bad.mp4", *args, cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert field in result.stderr
    assert not list(tmp_path.iterdir()), "a refused render must write nothing"


def test_bad_storyboards_are_refused(tmp_path):
    (tmp_path / "broken.yaml").write_text("shots: [duration_s: 3\n")
    result = run("render", "broken.yaml", "-o", "x.mp4", cwd=tmp_path)
    assert result.returncode == 2 and "not valid YAML" in result.stderr
    (tmp_path / "wrong.yaml").write_text(yaml.safe_dump({"shots": [{"duration_s": -1}]}))
    result = run("render", "wrong.yaml", "-o", "x.mp4", cwd=tmp_path)
    assert result.returncode == 2 and "duration_s" in result.stderr
    result = run("render", "missing.yaml", "-o", "x.mp4", cwd=tmp_path)
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not list(tmp_path.glob("*.mp4"))


def test_version_and_schema():
    assert run("--version", cwd=Path.cwd()).stdout.startswith("cinemotion ")
    schema = json.loads(run("schema", cwd=Path.cwd()).stdout)
    assert "shots" in schema["properties"]
