"""The motion-prompt guide's own prompts, end to end: every example (tests/language/guide_prompts.py) parses to
the fields its row asks for, is directed into a plan and coached; and each misreading found there, fixed by a
general rule, on the guide's prompt and on a paraphrase."""

from __future__ import annotations

from functools import lru_cache

import pytest

from cinemotion.direct import direct
from cinemotion.direct.plan import Plan
from cinemotion.language import coach, parse

from guide_prompts import GUIDE_PROMPTS
from language_cases import GUIDE_GESTURE
from language_fields import fields, wrong_fields


@lru_cache(maxsize=None)
def plan(prompt: str) -> Plan:
    return direct(parse(prompt))


def codes(prompt: str) -> set[str]:
    return {d.code for d in coach(prompt).diagnostics}


@pytest.mark.parametrize("prompt,where,expected", GUIDE_PROMPTS, ids=[f"{k}-{c[1]}" for k, c in enumerate(GUIDE_PROMPTS)])
def test_every_guide_prompt_reads_as_its_row_asks(prompt, where, expected):
    storyboard = plan(prompt).storyboard
    assert not wrong_fields(fields(storyboard, expected), expected), where
    shot = plan(prompt).shots[0]
    assert shot.n_frames == round(shot.duration_s * shot.fps)  # directed: every actor placed, the frames counted
    assert len(shot.actors) == len(storyboard.shots[0].actors)


def test_the_fixture_covers_every_table_row_and_the_four_prompts():
    where = [w for _, w, _ in GUIDE_PROMPTS]
    for row in ("running table", "jump table", "gesture table", "step 1", "step 2", "step 3", "step 4", "step 5",
                "troubleshooting", "collisions", "environmental physics"):
        assert any(w.startswith(row) for w in where), row
    assert sum("the guide's prompt" in w or "the fluid prompt" in w or "the stiff prompt" in w for w in where) == 4


# --- rain, snow and falling leaves fall outdoors: with no place named they choose an outdoor set --------------
@pytest.mark.parametrize("prompt,setting,cause", [
    ("A tired hiker trudging through the snow.", "snowy_slope", "snow"),           # the guide's physical-state row
    ("Snow falling, an old woman walks slowly home.", "snowy_slope", "snow"),
    ("A man running in the rain, dust rising.", "city_street", "rain"),            # the guide's rain and dust
    ("In the pouring rain, a girl runs for cover.", "city_street", "rain"),
    ("A woman walking through falling leaves.", "park", "falling leaves"),         # the guide's falling leaves
    ("Autumn leaves swirl around a boy as he skips along.", "park", "falling leaves"),
])
def test_weather_with_no_place_is_filmed_outdoors_and_says_so(prompt, setting, cause):
    shot = plan(prompt).shots[0]
    assert shot.environment.setting == setting and shot.environment.place is None
    assert any(n.startswith("place: none named;") and n.endswith(f"outdoors for the {cause}")
               for n in plan(prompt).storyboard.shots[0].notes)
    assert "in a studio" not in coach(prompt).enriched_prompt


@pytest.mark.parametrize("prompt,setting", [
    ("A man jogging on the beach in the rain.", "beach"),      # a named place wins over the weather
    ("A man dancing in a smoke-filled studio.", "studio"),     # smoke and fog a studio makes
    ("A woman walking in the wind.", "studio"),
])
def test_a_named_place_or_studio_weather_keeps_its_set(prompt, setting):
    shot = plan(prompt).storyboard.shots[0]
    assert shot.environment.setting == setting
    assert not any(n.startswith("place: none named") for n in shot.notes)


def test_a_later_shot_in_the_rain_stays_where_the_scene_is():
    storyboard = parse("Shot 1: a woman walks in the park. Shot 2: rain falls as she runs.")
    assert [s.environment.setting for s in storyboard.shots] == ["park", "park"]
    assert not any(n.startswith("place: none named") for s in storyboard.shots for n in s.notes)


# --- the guide's step 3: a pacing phrase is timing, as a duration is ------------------------------------------
@pytest.mark.parametrize("prompt", ["A man jumping, ultra slow motion.", "A man turns his head, quick snap.",
                                    "A dancer spins in slow motion.", "一个女孩慢动作跳起来"])
def test_a_pacing_phrase_satisfies_the_coachs_timing(prompt):
    assert "missing_timing" not in codes(prompt)


@pytest.mark.parametrize("prompt", ["A man running.", "A woman waves slowly."])
def test_no_duration_and_no_pacing_still_asks_for_timing(prompt):
    assert "missing_timing" in codes(prompt)


# --- "a precise gesture" names no action: performed as the guide's example, and said ---------------------------
@pytest.mark.parametrize("prompt,words", [(GUIDE_GESTURE, "precise gesture"),
                                          ("A woman makes a careful gesture with her hands.", "careful gesture")])
def test_a_gesture_named_only_by_its_manner_is_performed_as_the_example_with_a_note(prompt, words):
    action = plan(prompt).shots[0].actors[0].actions[0]
    assert (action.kind, action.verb) == ("gesture", "thread_needle")
    assert any(n == f"action: '{words}' names no particular action; performed as thread_needle, the guide's example "
               "of one" for n in plan(prompt).notes)


def test_threading_a_needle_by_name_has_no_stand_in_note():
    assert not any("names no particular action" in n for n in plan("A tailor threading a needle.").notes)
