"""Bad input is refused up front: exit 2, one sentence naming the field, nothing written, no traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CLI = [sys.executable, "-m", "cinemotion.cli"]
PROMPT = "a man walks across the room, 1-second duration"
SHOT = {"duration_s": 1.0, "actors": [{"id": "mara", "actions": [{"kind": "locomotion", "verb": "walk"}]}]}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CINEMOTION_DEBUG": ""})


def assert_refused(result: subprocess.CompletedProcess, field: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-1500:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert field in lines[0], f"{field!r} not named in {lines[0]!r}"
    assert "Traceback" not in result.stderr


def storyboard(tmp_path: Path, **shot_update) -> dict:
    return {"shots": [{**SHOT, **shot_update}]}


def write(tmp_path: Path, data, name: str = "board.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, allow_nan=True))
    return name


def _nested(depth: int) -> str:
    return '{"shots": [{"notes": ' + "[" * depth + "]" * depth + "}]}"


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)) + "shots: [{duration_s: 1, notes: *i}]\n"

BAD_DOCUMENTS = {
    "nan amount": ({"shots": [{**SHOT, "camera": [{"move": "orbit", "amount": float("nan")}]}]}, "amount"),
    "infinite duration": ({"shots": [{**SHOT, "duration_s": float("inf")}]}, "duration_s"),
    "huge number": ({"shots": [{**SHOT, "camera": [{"move": "orbit", "amount": 1e308}]}]}, "amount"),
    "tiny time_scale": (storyboard(None, time_scale=1e-9), "time_scale"),
    "huge time_scale": (storyboard(None, time_scale=1e9), "time_scale"),
    "deep nesting": (_nested(20_000), "nested"),
    "nesting past the limit": (_nested(40), "nested"),
    "lone surrogate": ('{"title": "\\ud800", "shots": [{"duration_s": 1}]}', "title"),
    "unknown gesture verb": (storyboard(None, actors=[{"id": "a", "actions": [{"kind": "gesture", "verb": "juggle"}]}]),
                             "gesture verb"),
    "unknown emotion": (storyboard(None, actors=[{"id": "a", "actions": [{"kind": "idle", "emotion": "smug"}]}]),
                        "emotion"),
    "unknown jump category": (storyboard(None, actors=[{"id": "a", "actions": [{"kind": "jump", "verb": "leap",
                                                                              "category": "sideways"}]}]),
                              "jump category"),
    "unknown surface": (storyboard(None, environment={"surface": "lava"}), "surface"),
    "unknown weather": (storyboard(None, environment={"weather": "meteor shower"}), "weather"),
    "unknown effect": (storyboard(None, environment={"effects": ["glitter"]}), "effect"),
    "duplicate actor ids": (storyboard(None, actors=[{"id": "a"}, {"id": "a"}]), "actor id 'a'"),
    "aspect ratio 0:0": (storyboard(None, look={"aspect_ratio": "0:0"}), "aspect_ratio"),
    "aspect ratio words": (storyboard(None, look={"aspect_ratio": "wide"}), "aspect_ratio"),
    "too many actions per actor": (storyboard(None, actors=[{"id": "a", "actions": [{"kind": "idle"}] * 65}]),
                                   "actions"),
    "too many actions in all": ({"shots": [{"id": f"s{i}", "duration_s": 1, "actors": [
        {"id": f"a{k}", "actions": [{"kind": "idle"}] * 40} for k in range(8)]} for i in range(4)]}, "actions"),
    "too many actors": (storyboard(None, actors=[{"id": f"a{k}"} for k in range(9)]), "actors"),
    "too many shots": ({"shots": [{"id": f"s{i}", "duration_s": 1} for i in range(65)]}, "shots"),
    "negative seed": ({"seed": -1, "shots": [{"duration_s": 1}]}, "seed"),
    "not a mapping": ("[1, 2, 3]", "storyboard"),
}


@pytest.mark.parametrize("name", BAD_DOCUMENTS)
def test_bad_storyboard_is_refused_naming_the_field(name, tmp_path):
    data, field = BAD_DOCUMENTS[name]
    assert_refused(cli("parse", write(tmp_path, data), "--json", cwd=tmp_path), field)


def test_alias_bomb_is_refused_quickly(tmp_path):
    (tmp_path / "bomb.yaml").write_text(ALIAS_BOMB)
    assert_refused(cli("parse", "bomb.yaml", cwd=tmp_path), "expands to more than")


def test_oversized_storyboard_is_refused_before_reading(tmp_path):
    big = {"shots": [{"duration_s": 1, "notes": ["x" * 1000] * 2500}]}
    assert_refused(cli("parse", write(tmp_path, big), cwd=tmp_path), "bytes")


def test_valid_open_words_are_not_refused(tmp_path):
    """A known vocabulary is enforced; an aspect ratio, a cinemascope format and a YAML storyboard still pass."""
    board = storyboard(None, look={"aspect_ratio": "2.39:1"}, environment={"surface": "asphalt", "weather": "rain",
                                                                           "effects": ["puddles"]})
    (tmp_path / "ok.yaml").write_text(yaml.safe_dump(board))
    result = cli("parse", "ok.yaml", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["shots"][0]["environment"]["surface"] == "asphalt"


@pytest.mark.parametrize("args,field", [
    (["-o", "film.txt"], "--output"),
    (["-o", "[/x].txt"], "[/x].txt"),
    (["-o", "folder.mp4"], "is a directory"),
    (["-o", "afile/film.mp4"], "which is a file"),
    (["-o", "/proc/film.mp4"], "cannot write into /proc"),
    (["--seed", "-1"], "--seed"),
    (["--size", ""], "--size"),
])
def test_bad_render_options_are_refused_before_any_work(args, field, tmp_path):
    (tmp_path / "folder.mp4").mkdir()
    (tmp_path / "afile").write_text("")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert_refused(cli("render", PROMPT, *args, cwd=tmp_path), field)
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "a refused render wrote something"


def test_transfer_refuses_a_non_mp4_output(tmp_path):
    (tmp_path / "walk.bvh").write_text("HIERARCHY\n")
    assert_refused(cli("transfer", "walk.bvh", "-o", "out.txt", cwd=tmp_path), "--output")
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("prompt,field", [
    ("a man jogs, intensity 99999999999999999999", "99999999999999999999"),
    ("a man \udcff walks", "UTF-8"),
])
def test_bad_prompts_are_refused_quoting_them_exactly(prompt, field, tmp_path):
    result = subprocess.run([*CLI, "parse", prompt.encode("utf-8", "surrogateescape")], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert_refused(result, field)


@pytest.mark.parametrize("prompt,expect", [
    ("0.0001 s craning up", lambda shot: shot["camera"][0]["move"] == "crane_up"),
    ("a man walks 31m forward, 2-second duration", lambda shot: shot["duration_s"] == 2.0),
    ("a man walks \x1b[31m fast, 2-second duration", lambda shot: shot["duration_s"] == 2.0),
])
def test_odd_prompts_are_understood_not_crashed(prompt, expect, tmp_path):
    result = cli("parse", prompt, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-1500:]
    assert expect(json.loads(result.stdout)["shots"][0]), result.stdout
