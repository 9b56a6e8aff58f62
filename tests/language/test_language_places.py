"""Any place: named in English or Chinese, in a prompt or a storyboard file, it resolves to a built set."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from cinemotion.language import parse
from cinemotion.language.lexicon import table
from cinemotion.language.places import built_sets, settle_place, settle_places
from cinemotion.pipeline import RenderOptions, check_limits
from cinemotion.render import render_still
from cinemotion.render.environment import environment_table, setting_name
from cinemotion.spec.models import Environment, Shot, Storyboard

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from render_scenes import actor_motion, look_at_camera, shot  # noqa: E402

NEW_SETS = ("gym", "warehouse", "station", "desert", "cafe")


def test_the_table_is_wide_and_every_set_is_built():
    entries = {k: e for k, e in table("places")["places"].items() if e["set"]}
    english = {w for e in entries.values() for w in e["words"]}
    chinese = {w for e in entries.values() for w in e["zh"]}
    assert len(entries) >= 100 and len(english) >= 400 and len(chinese) >= 300
    for name in {e["set"] for e in entries.values()} | set(built_sets()):
        setting_name(name)  # the renderer builds it (by name or alias)
    for kind in {p for e in entries.values() for p in e.get("props", [])}:
        assert kind in table_props(), kind


def table_props() -> dict:
    import yaml

    from cinemotion.direct import layout
    return yaml.safe_load(Path(layout.__file__).with_name("props.yaml").read_text())["kinds"]


@pytest.mark.parametrize("prompt,place,setting", [
    ("A boxer throws jabs at a heavy bag in a gym", "gym", "gym"),
    ("Elena dashes through the train station, glancing back", "train station", "station"),
    ("A woman waits on the subway platform", "subway platform", "station"),
    ("A man orders a drink at the bar", "bar", "cafe"),
    ("A nomad walks across the desert at dawn", "desert", "desert"),
    ("Workers carry boxes through a warehouse", "warehouse", "warehouse"),
    ("一个男人在健身房里慢跑", "健身房", "gym"),
    ("女孩在火车站台上挥手", "火车站台", "station"),
])
def test_a_named_place_keeps_the_users_words_and_gets_the_nearest_set(prompt, place, setting):
    env = parse(prompt).shots[0].environment
    assert (env.place, env.setting) == (place, setting)


def test_the_plan_notes_what_a_place_was_rendered_as_with_its_dressing():
    shot_ = parse("A boxer throws jabs at a heavy bag in a gym").shots[0]
    assert any("'gym' rendered as an interior sports hall" in n and "heavy bag" in n for n in shot_.notes)
    assert ("heavy_bag", "dressing") in [(p.kind, p.relation) for p in shot_.environment.props]


def test_a_negated_place_is_not_the_setting():
    assert parse("A man jogs, not in a gym, no gym").shots[0].environment.setting != "gym"


@pytest.mark.parametrize("setting,built,known", [
    ("indoor gymnasium", "gym", True), ("train station", "station", True), ("Beach bar", "beach", True),
    ("健身房", "gym", True), ("moon base hall", "corridor", True), ("月球基地站", "station", False),
    ("the surface of Europa", "studio", False),
])
def test_a_storyboard_setting_outside_the_sets_resolves_with_a_note(setting, built, known):
    env, note = settle_place(Environment(setting=setting))
    assert env.setting == built and env.place == setting and note and f"'{setting}'" in note
    assert ("not a place this renderer knows" in note) != known


def test_a_built_set_is_left_alone():
    env = Environment(setting="park")
    assert settle_place(env) == (env, None)


def test_render_checks_never_refuse_a_place():
    board = Storyboard(shots=[Shot(id=f"s{k}", prompt="", environment=Environment(setting=s))
                              for k, s in enumerate(["gym", "train station", "moon base", "健身房"])])
    check_limits(board, RenderOptions(allow_long=True))  # no InputError
    settled = settle_places(board)
    assert [s.environment.setting for s in settled.shots] == ["gym", "station", "studio", "gym"]
    assert [bool(s.notes) for s in settled.shots] == [False, True, True, True]  # a built set needs no note


@pytest.mark.parametrize("setting", NEW_SETS)
def test_each_new_set_renders_its_own_surroundings(setting):
    n = 1
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 1.5, -5.0], [0.0, 1.0, 0.0], n, 160, 90)
    plan, performance, cam = shot([actor], camera, setting=setting, lighting="daylight")
    rgb = render_still(plan, performance, cam, 0).astype(float)
    studio = render_still(*shot([actor], camera, setting="studio", lighting="daylight"), 0).astype(float)
    assert rgb.std() > 8 and np.abs(rgb - studio).mean() > 10, f"{setting} looks like an empty studio"
    interior = "room" in environment_table()["settings"][setting]
    top = rgb[:8].mean()
    assert (top < 200) if interior else True  # a room's ceiling closes the frame's top, not a bright sky
