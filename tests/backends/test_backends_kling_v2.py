"""Kling API 2.0: model in the path, contents/settings/options bodies, multi-shot prompts, idempotent tasks."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))
from export_shots import plan_of, shot_plan  # noqa: E402
from kling_server import ACCESS_KEY, SECRET_KEY, VIDEO_BYTES, KlingServer  # noqa: E402

from cinemotion.backends.kling import KlingClient, KlingError, KlingOptions, compile_requests  # noqa: E402
from cinemotion.backends.kling_v2 import validate_v2  # noqa: E402
from cinemotion.errors import InputError  # noqa: E402

SHOT_GRAMMAR = re.compile(r"Shot (\d), (\d+), ([^;]+);")


def _client(url: str) -> KlingClient:
    return KlingClient(ACCESS_KEY, SECRET_KEY, base_url=url, poll_interval_s=0.5, sleep=lambda s: None)


def test_default_request_is_api_2_with_the_model_in_the_path_and_no_model_name():
    (request,) = compile_requests(plan_of(shot_plan(camera=("pan_left",))))
    assert request["endpoint"] == "/text-to-video/kling-3.0-turbo"
    body = request["body"]
    assert set(body) == {"contents", "settings", "options"} and "model_name" not in json.dumps(body)
    assert body["contents"][0]["type"] == "text" and body["contents"][0]["text"].strip()
    assert body["settings"]["duration"] == 3 and body["settings"]["resolution"] in ("720p", "1080p")
    assert body["options"]["external_task_id"].startswith("cinemotion-")


def test_storyboards_use_the_turbo_multi_shot_grammar_with_durations_summing_to_the_total():
    shots = [shot_plan(shot_id=f"s{i}", duration_s=d) for i, d in enumerate((3.0, 2.0, 4.0))]
    (request,) = compile_requests(plan_of(*shots))
    text = request["body"]["contents"][0]["text"]
    found = SHOT_GRAMMAR.findall(text)
    assert [int(n) for n, _, _ in found] == [1, 2, 3], text
    assert [int(m) for _, m, _ in found] == [3, 2, 4]
    assert request["body"]["settings"]["duration"] == 9 and len(text) <= 3072
    assert all(len(words) <= 512 for _, _, words in found)


def test_seven_shots_are_split_and_a_shot_over_15_s_is_refused_by_name():
    shots = [shot_plan(shot_id=f"s{i}", duration_s=2.0) for i in range(7)]
    assert len(compile_requests(plan_of(*shots))) == 7
    with pytest.raises(InputError, match=r"shots\[long\].duration_s.*15 s"):
        compile_requests(plan_of(shot_plan(shot_id="long", duration_s=20.0)))


def test_refused_field_combinations_each_name_the_field():
    good = compile_requests(plan_of(shot_plan()))[0]["body"]
    cases = [({**good, "model_name": "kling-v3"}, "model_name"),
             ({**good, "settings": {**good["settings"], "resolution": "4k"}}, "settings.resolution"),
             ({**good, "settings": {**good["settings"], "duration": 20}}, "settings.duration"),
             ({**good, "settings": {**good["settings"], "aspect_ratio": "4:3"}}, "settings.aspect_ratio"),
             ({**good, "contents": [{"type": "text", "text": "x" * 3100}]}, r"contents\[text\]"),
             ({**good, "options": {}}, "options.external_task_id")]
    for body, field in cases:
        with pytest.raises(InputError, match=field):
            validate_v2("text", body)
    with pytest.raises(InputError, match="image-to-video needs an image"):
        validate_v2("image", good)
    with pytest.raises(InputError, match="--kling-api"):
        compile_requests(plan_of(shot_plan()), KlingOptions(), brushes={"s1": {"static_mask": "x"}})


def test_same_plan_same_idempotency_key_and_a_resubmission_resumes_the_task(tmp_path):
    (first,) = compile_requests(plan_of(shot_plan()))
    (again,) = compile_requests(plan_of(shot_plan()))
    assert first["body"]["options"] == again["body"]["options"]
    with KlingServer() as server:
        client = _client(server.url)
        task = client.submit(first["endpoint"], first["body"])
        assert client.submit(again["endpoint"], again["body"]) == task, "a resubmission must find its task"
        assert sum(method == "POST" for method, _ in server.calls) == 1
        path = client.run(first["endpoint"], first["body"], tmp_path / "k.mp4")
        polls = [c for c in server.calls if c[1].startswith("/tasks/")]
    assert path.read_bytes() == VIDEO_BYTES and polls, server.calls


def test_a_failed_v2_task_reports_the_reason(tmp_path):
    (request,) = compile_requests(plan_of(shot_plan()))
    request["body"]["contents"][0]["text"] = "please fail"
    with KlingServer() as server, pytest.raises(KlingError, match="content moderation"):
        _client(server.url).run(request["endpoint"], request["body"], tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_dry_run_kling_api_2_prints_the_exact_request(monkeypatch):
    from typer.testing import CliRunner

    from cinemotion.cli import app
    monkeypatch.delenv("KLING_ACCESS_KEY", raising=False)
    result = CliRunner().invoke(app, ["render", "a woman jogs along the beach, tracking shot, 4 seconds",
                                      "--backend", "kling", "--dry-run", "--kling-api", "2"])
    assert result.exit_code == 0, result.output
    request = json.loads(result.stdout)
    assert request["endpoint"] == "/text-to-video/kling-3.0-turbo"
    validate_v2("text", request["body"])
    assert request["body"]["settings"]["duration"] == 4
    bad = CliRunner().invoke(app, ["render", "a woman jogs", "--backend", "kling", "--dry-run", "--kling-api", "3"])
    assert bad.exit_code == 2 and "--kling-api" in bad.output
