"""Kling: compiled requests validate against the published schema; the client signs, polls, retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))
from export_shots import performance_of, plan_of, shot_plan, tracking_camera  # noqa: E402
from kling_server import ACCESS_KEY, SECRET_KEY, VIDEO_BYTES, KlingServer  # noqa: E402

from cinemotion.backends.kling import (  # noqa: E402
    KlingClient, KlingError, KlingOptions, camera_control, compile_requests, make_token,
)
from cinemotion.backends.kling_schema import validate_request  # noqa: E402
from cinemotion.errors import InputError  # noqa: E402
from cinemotion.media.trajectories import brush_tracks, kling_motion_brush  # noqa: E402
from cinemotion.spec.models import MotionBrush  # noqa: E402

V1 = KlingOptions(api=1)  # the /v1/videos endpoints, for older accounts
MOVES = ("static", "pan_left", "pan_right", "tilt_up", "tilt_down", "tracking", "dolly_in", "dolly_out",
         "zoom_in", "zoom_out", "dolly_zoom", "orbit", "crane_up", "crane_down", "handheld", "truck_left",
         "truck_right", "pedestal_up", "pedestal_down", "whip_pan_left", "whip_pan_right", "rack_focus", "fpv")


@pytest.mark.parametrize("move", MOVES)
def test_every_camera_move_compiles_to_a_valid_request(move):
    plan = plan_of(shot_plan(camera=(move,), duration_s=4.0))
    (request,) = compile_requests(plan, V1)
    body = request["body"]
    validate_request(request["endpoint"], dict(body))
    control = body.get("camera_control")
    # kling-v3 makes 4 s; kling-v1 (the camera-control model) makes 5 s or 10 s: the shorter that holds 4 s
    assert body["duration"] == ("5" if control else "4") and body["aspect_ratio"] == "16:9"
    assert body["model_name"] == ("kling-v1" if control else "kling-v3")
    if move in ("static", "handheld", "dolly_zoom", "rack_focus", "fpv"):
        assert control is None
    elif control["type"] == "simple":
        moving = {k: v for k, v in control["config"].items() if v}
        assert len(moving) == 1 and all(-10 <= v <= 10 for v in moving.values())
    else:
        assert "config" not in control


def test_kling_axes_follow_its_docs_not_film_words():
    # Kling's "tilt" turns about the vertical axis (+ right) and its "pan" about the horizontal (+ up).
    pan_right = camera_control(shot_plan(camera=("pan_right",)))["config"]
    tilt_up = camera_control(shot_plan(camera=("tilt_up",)))["config"]
    zoom_in = camera_control(shot_plan(camera=("zoom_in",)))["config"]
    assert pan_right["tilt"] > 0 and tilt_up["pan"] > 0 and zoom_in["zoom"] < 0


def test_several_shots_become_one_multi_shot_request():
    shots = [shot_plan(f"s{i}", index=i, duration_s=d, camera=("static",), prompt=f"a man walks, shot {i}")
             for i, d in enumerate((2.0, 3.0, 4.0))]
    (request,) = compile_requests(plan_of(*shots), V1)
    body = request["body"]
    assert body["multi_shot"] is True and body["model_name"] == "kling-v3"
    assert [s["duration"] for s in body["multi_prompt"]] == ["2", "3", "4"] and body["duration"] == "9"
    assert [s["index"] for s in body["multi_prompt"]] == [1, 2, 3]
    assert all(len(s["prompt"]) <= 2500 for s in body["multi_prompt"])


def test_more_than_six_shots_are_sent_one_by_one():
    shots = [shot_plan(f"s{i}", index=i, duration_s=1.0, camera=("static",)) for i in range(7)]
    requests = compile_requests(plan_of(*shots), V1)
    assert len(requests) == 7 and not any(r["body"].get("multi_shot") for r in requests)


def test_long_prompts_are_cut_to_kling_limit_at_a_word():
    plan = plan_of(shot_plan(prompt="a man walks slowly " * 300, camera=("static",)))
    (request,) = compile_requests(plan, V1)
    prompt = request["body"]["prompt"]
    assert len(prompt) <= 2500 and not prompt.endswith(" ")


def _png() -> str:
    from PIL import Image
    import io
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_motion_brush_goes_to_image2video_and_excludes_camera_control():
    brushes = (MotionBrush(region="mara.hair", path=[[0.0, 0.5, 0.2], [1.0, 0.7, 0.2]]),
               MotionBrush(region=[[0.0, 0.0], [0.2, 0.0], [0.2, 0.2]], static=True))
    shot = shot_plan(brushes=brushes, camera=("pan_left",))
    payload = kling_motion_brush(brush_tracks(shot, performance_of(shot), tracking_camera()), 160, 90)
    options = KlingOptions(first_frames={shot.shot_id: _png()}, api=1)
    (request,) = compile_requests(plan_of(shot), options, brushes={shot.shot_id: payload})
    body = request["body"]
    assert request["endpoint"] == "image2video" and body["model_name"] == "kling-v1"
    assert "camera_control" not in body and len(body["dynamic_masks"]) == 1 and "static_mask" in body
    points = body["dynamic_masks"][0]["trajectories"]
    assert 2 <= len(points) <= 77 and all(isinstance(p["x"], int) and isinstance(p["y"], int) for p in points)
    # origin bottom-left: the path's y = 0.2 of the height from the top is 0.8 of it from the bottom
    assert points[0] == {"x": 80, "y": 72}


def _valid() -> dict:
    return {"model_name": "kling-v1", "prompt": "a man walks", "cfg_scale": 0.5, "mode": "std", "duration": "5",
            "aspect_ratio": "16:9"}


REFUSALS = [
    ("text2video", {"cfg_scale": 1.5}, "cfg_scale"),
    ("text2video", {"mode": "fast"}, "mode"),
    ("text2video", {"duration": "7"}, "duration"),
    ("text2video", {"aspect_ratio": "4:3"}, "aspect_ratio"),
    ("text2video", {"prompt": "x" * 2501}, "prompt"),
    ("text2video", {"prompt": ""}, "prompt"),
    ("text2video", {"fps": 24}, "fps"),
    ("text2video", {"camera_control": {"type": "simple", "config": {"pan": 3, "zoom": 2}}}, "camera_control.config"),
    ("text2video", {"camera_control": {"type": "simple", "config": {"roll": 11}}}, "camera_control.config.roll"),
    ("text2video", {"camera_control": {"type": "down_back", "config": {"zoom": 2}}}, "camera_control.config"),
    ("text2video", {"camera_control": {"type": "spin"}}, "camera_control.type"),
    ("text2video", {"model_name": "kling-v2-6", "camera_control": {"type": "forward_up"}}, "camera_control"),
    ("text2video", {"sound": "on"}, "sound"),
    ("text2video", {"model_name": "kling-v3", "multi_shot": True, "shot_type": "customize", "duration": "6",
                    "multi_prompt": [{"index": 1, "prompt": "a", "duration": "2"},
                                     {"index": 2, "prompt": "b", "duration": "3"}]}, "duration"),
    ("text2video", {"model_name": "kling-v3", "multi_shot": True, "duration": "7", "multi_prompt": [
        {"index": i + 1, "prompt": "a", "duration": "1"} for i in range(7)]}, "multi_prompt"),
    ("text2video", {"multi_prompt": [{"index": 1, "prompt": "a", "duration": "5"}]}, "multi_prompt"),
]


@pytest.mark.parametrize("endpoint,change,field", REFUSALS)
def test_schema_refuses_naming_the_field(endpoint, change, field):
    with pytest.raises(InputError) as caught:
        validate_request(endpoint, {**_valid(), **change})
    assert caught.value.field == field, str(caught.value)


def _mask(points: int = 5) -> dict:
    return {"mask": "iVBOR", "trajectories": [{"x": i, "y": 2 * i} for i in range(points)]}


@pytest.mark.parametrize("change,field", [
    ({"dynamic_masks": [_mask()], "camera_control": {"type": "forward_up"}}, "camera_control"),
    ({"static_mask": "iVBOR", "image_tail": "iVBOR"}, "dynamic_masks"),
    ({"dynamic_masks": [_mask()] * 7}, "dynamic_masks"),
    ({"dynamic_masks": [_mask(78)]}, "dynamic_masks[0].trajectories"),
    ({"dynamic_masks": [_mask(1)]}, "dynamic_masks[0].trajectories"),
    ({"dynamic_masks": [{"mask": "iVBOR", "trajectories": [{"x": 1.5, "y": 2}, {"x": 3, "y": 4}]}]},
     "dynamic_masks[0].trajectories[0]"),
    ({"aspect_ratio": "16:9"}, "aspect_ratio"),
])
def test_image2video_exclusions_and_brush_limits(change, field):
    body = {k: v for k, v in _valid().items() if k != "aspect_ratio"} | {"image": "iVBOR"} | change
    with pytest.raises(InputError) as caught:
        validate_request("image2video", body)
    assert caught.value.field == field, str(caught.value)


def test_image2video_with_a_brush_is_accepted():
    body = {k: v for k, v in _valid().items() if k != "aspect_ratio"}
    validate_request("image2video", body | {"image": "iVBOR", "static_mask": "iVBOR", "dynamic_masks": [_mask(77)]})


def test_token_is_an_hs256_jwt_of_the_keys():
    now = 1_800_000_000
    token = make_token(ACCESS_KEY, SECRET_KEY, now=now)
    head, body, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    expected = hmac.new(SECRET_KEY.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(pad(signature)) == expected
    assert json.loads(base64.urlsafe_b64decode(pad(head))) == {"alg": "HS256", "typ": "JWT"}
    assert json.loads(base64.urlsafe_b64decode(pad(body))) == {"iss": ACCESS_KEY, "exp": now + 1800, "nbf": now - 5}


def _client(url: str, sleeps: list[float]) -> KlingClient:
    return KlingClient(ACCESS_KEY, SECRET_KEY, base_url=url, poll_interval_s=0.5, sleep=sleeps.append)


def test_client_submits_polls_and_downloads(tmp_path):
    (request,) = compile_requests(plan_of(shot_plan(camera=("pan_left",))), V1)
    sleeps: list[float] = []
    with KlingServer() as server:
        path = _client(server.url, sleeps).run(request["endpoint"], request["body"], tmp_path / "kling.mp4")
        polls = [c for c in server.calls if c[0] == "GET" and c[1].startswith("/v1/")]
    assert path.read_bytes() == VIDEO_BYTES
    assert len(polls) == 3 and sleeps == [0.5, 0.5], (polls, sleeps)  # submitted → processing → succeed


def test_client_retries_rate_limits_and_server_errors_with_backoff(tmp_path):
    sleeps: list[float] = []
    with KlingServer() as server:
        server.fail_next = [429, 503, 500]
        task_id = _client(server.url, sleeps).submit("text2video", _valid())
    assert task_id == "task1" and sleeps == [1.0, 2.0, 4.0]


def test_client_gives_up_after_its_retries():
    with KlingServer() as server:
        server.fail_next = [429] * 3
        client = KlingClient(ACCESS_KEY, SECRET_KEY, base_url=server.url, max_retries=2, sleep=lambda s: None)
        with pytest.raises(KlingError, match="HTTP 429"):
            client.submit("text2video", _valid())


def test_a_rejected_request_says_why():
    with KlingServer() as server:
        client = KlingClient(ACCESS_KEY, "wrong-secret", base_url=server.url, sleep=lambda s: None)
        with pytest.raises(KlingError, match="HTTP 401.*bad signature"):
            client.submit("text2video", _valid())
        client = _client(server.url, [])
        posts = sum(method == "POST" for method, _ in server.calls)
        # A request our validator would refuse is refused before it is sent, naming the field …
        with pytest.raises(InputError, match="cfg_scale"):
            client.submit("text2video", _valid() | {"cfg_scale": 2})
        assert sum(method == "POST" for method, _ in server.calls) == posts
        # … and Kling's own refusal of one that got through is passed on with its code and reason.
        with pytest.raises(KlingError, match=r"HTTP 400 \(code 1201\): invalid parameter cfg_scale"):
            client._call("POST", "/v1/videos/text2video", _valid() | {"cfg_scale": 2})


def test_a_failed_task_reports_kling_reason(tmp_path):
    with KlingServer() as server:
        with pytest.raises(KlingError, match="content moderation"):
            _client(server.url, []).run("text2video", _valid() | {"prompt": "please fail"}, tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_dry_run_prints_only_request_json_and_needs_no_keys(monkeypatch):
    from typer.testing import CliRunner

    from cinemotion.cli import app
    monkeypatch.delenv("KLING_ACCESS_KEY", raising=False)
    monkeypatch.delenv("KLING_SECRET_KEY", raising=False)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["render", "a woman jogs along the beach, tracking shot, 4 seconds",
                                      "--backend", "kling", "--dry-run", "--kling-api", "1"])
    assert result.exit_code == 0, result.output
    request = json.loads(result.stdout)
    validate_request(request["endpoint"], request["body"])
    assert request["body"]["camera_control"]["config"]["horizontal"] != 0
    assert time.perf_counter() - started < 30


def test_dry_run_with_a_motion_brush_sends_our_first_frame_to_image2video(tmp_path):
    from typer.testing import CliRunner

    from cinemotion.cli import app
    storyboard = tmp_path / "brush.yaml"
    storyboard.write_text(
        "width: 160\nheight: 90\nshots:\n  - id: s1\n    prompt: a woman waves, her hair blowing in the wind\n"
        "    duration_s: 1\n    motion_brushes:\n      - region: woman.hair\n        path: [[0, 0.5, 0.2], [1, 0.7, 0.2]]\n")
    result = CliRunner().invoke(app, ["render", str(storyboard), "--backend", "kling", "--dry-run",
                                      "--kling-api", "1"])
    assert result.exit_code == 0, result.output
    request = json.loads(result.stdout)
    body = request["body"]
    validate_request(request["endpoint"], body)
    assert request["endpoint"] == "image2video" and "camera_control" not in body
    from PIL import Image
    import io
    image = Image.open(io.BytesIO(base64.b64decode(body["image"])))
    assert image.size == (160, 90) and np.asarray(image).std() > 5, "the first frame is a real render"
    (mask,) = body["dynamic_masks"]
    assert mask["trajectories"][0] == {"x": 80, "y": 72}
