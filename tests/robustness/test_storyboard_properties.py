"""Property tests: whatever document or prompt a user hands the CLI, it answers exit 0, or exit 2 with one
sentence naming what is wrong, and never a traceback.

Documents are real storyboards (parsed from prompts, and a multi-shot one written by hand) with random
mutations: a value replaced by a wrong type, a huge or non-finite number, odd unicode or a deep nest, a key
removed or added. The examples are bounded so the suite stays CI-friendly.
"""

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from cinemotion.cli import app
from cinemotion.language import parse
from cinemotion.spec.vocabulary import CAMERA_MOVES, EMOTIONS, SHOT_TYPES

RUNNER = CliRunner()
HAND_WRITTEN = {
    "title": "chase", "seed": 4, "fps": 24, "width": 320, "height": 180,
    "characters": [{"id": "mara", "sex": "female", "build": "athletic", "clothing": {"top": "jacket"}}],
    "shots": [
        {"id": "a", "duration_s": 2, "camera": [{"move": "tracking"}, {"move": "crane_up", "start_s": 1,
                                                                        "duration_s": 1, "amount": 2}],
         "actors": [{"id": "mara", "character": "mara", "actions": [
             {"kind": "locomotion", "verb": "sprint", "speed": "fast", "end_s": 1.5},
             {"kind": "jump", "verb": "leap", "category": "horizontal", "start_s": 1.5}]}],
         "environment": {"setting": "rooftop", "surface": "concrete", "weather": "wind", "effects": ["wind"],
                         "props": [{"id": "gap", "kind": "gap", "relation": "across"}]}},
        {"id": "b", "duration_s": 1.5, "transition": "crossfade", "shot_type": "close_up",
         "actors": [{"id": "mara", "actions": [{"kind": "gesture", "verb": "wave", "emotion": "joy"}]}],
         "look": {"lighting": "golden hour", "aspect_ratio": "16:9", "depth_of_field": "shallow"}},
    ],
}
BASES = [HAND_WRITTEN] + [parse(p, seed=1).model_dump(mode="json") for p in (
    "A man jogging across a concrete parking garage, tracking shot, 2-second duration",
    "Two friends: Ana waves at Ben, then Ben walks toward her, slow motion, 3-second duration")]

odd_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12) | st.sampled_from(
    ["\ud800", "\x1b[31m", "[/x]", "[bold]", "31m", "", " ", "🏃" * 50, "ｊｏｇ", "1e309", "NaN", "-0"])
leaves = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10**18, max_value=10**40)
          | st.floats(allow_nan=True, allow_infinity=True) | odd_text)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


NEST = "__nest_{}__"  # a placeholder, expanded in the file's text (a 30000-deep list can't be json.dumps'ed)


def _as_text(doc: dict) -> str:
    text = json.dumps(doc, allow_nan=True)
    for depth in (30, 3000, 30000):
        text = text.replace(json.dumps(NEST.format(depth)), "[" * depth + "0" + "]" * depth)
    return text


@st.composite
def mutated(draw) -> dict:
    doc = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(1, 3))):
        node, path = doc, []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], (dict, list)):
                break
            node, path = node[key], [*path, key]
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            continue
        change = draw(st.sampled_from(["replace", "delete", "add", "nest"]))
        if change == "replace":
            node[key] = draw(values)
        elif change == "delete":
            del node[key]
        elif change == "add" and isinstance(node, dict):
            node[draw(st.text(max_size=10))] = draw(values)
        elif change == "nest":
            node[key] = NEST.format(draw(st.sampled_from([30, 3000, 30000])))
    return doc


def _assert_answered(result, what: str) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{what}: {type(result.exception).__name__}: {result.exception}") from result.exception
    assert result.exit_code in (0, 2), (result.exit_code, result.output[-800:])
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=mutated())
def test_any_mutated_storyboard_is_parsed_or_refused(doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("board") / "board.json"
    path.write_text(_as_text(doc))
    _assert_answered(RUNNER.invoke(app, ["parse", str(path), "--json"]), json.dumps(doc)[:300])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400))
def test_any_yaml_text_is_parsed_or_refused(text, tmp_path_factory):
    path = tmp_path_factory.mktemp("board") / "board.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    _assert_answered(RUNNER.invoke(app, ["parse", str(path)]), repr(text[:200]))


words = st.sampled_from(["jog", "leap", "across", "wave", "slowly", "2-second", "duration", "camera", "orbits",
                         "0.0001", "s", "31m", "intensity", "99999999999999999999", "并且", "跑步", "\x1b[31m",
                         "[/x]", "then", "she", "rooftop", "-1", "1e308", "NaN", "m", "min", "."])
prompts = st.lists(words | st.text(max_size=6), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prompt=prompts)
def test_any_prompt_is_parsed_or_refused(prompt):
    _assert_answered(RUNNER.invoke(app, ["parse", "--json", "--", prompt]), repr(prompt))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(move=st.sampled_from(CAMERA_MOVES), emotion=st.sampled_from(EMOTIONS), shot_type=st.sampled_from(SHOT_TYPES),
       intensity=st.integers(1, 10))
def test_valid_variations_render(move, emotion, shot_type, intensity, tmp_path_factory):
    doc = json.loads(json.dumps(HAND_WRITTEN))
    doc["shots"][0].update(camera=[{"move": move}], shot_type=shot_type, intensity=intensity)
    doc["shots"][1]["actors"][0]["actions"][0]["emotion"] = emotion
    folder = tmp_path_factory.mktemp("render")
    (folder / "board.json").write_text(json.dumps(doc))
    result = subprocess.run([sys.executable, "-m", "cinemotion.cli", "render", "board.json", "-o", "film.mp4",
                             "--size", "160x90", "--fps", "12", "--duration", "1", "--no-controls"], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (folder / "film.mp4").stat().st_size > 0 and not list(Path(folder).glob(".*part"))
