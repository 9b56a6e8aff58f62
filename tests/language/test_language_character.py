"""Character descriptions fill a spec.Character; what is not said is drawn from the rng, plausibly."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.errors import InputError
from cinemotion.language import describe_character


def describe(text: str, seed: int = 0):
    return describe_character(text, character_id="c", rng=np.random.default_rng(seed))


def test_the_issue_example():
    c = describe("athletic woman, short black hair, red jacket, grey joggers")
    assert (c.sex, c.build, c.hair_style, c.hair_color) == ("female", "athletic", "short", "#1b1714")
    assert (c.clothing.top, c.clothing.top_color, c.clothing.bottom, c.clothing.bottom_color) == \
           ("jacket", "#c81e1e", "joggers", "#808080")
    assert 1.45 < c.height_m < 1.85  # "short" describes the hair, not her height


@pytest.mark.parametrize("text,expect", [
    ("a tall old man with a grey beard in a navy blue suit and glasses",
     dict(sex="male", age="old", top="suit", top_color="#000080", bottom_color="#000080", accessories=["glasses"])),
    ("little girl with a blonde ponytail, yellow dress, white sneakers",
     dict(sex="female", age="child", hair_style="ponytail", hair_color="#c9a66b", top="dress", shoes_color="#f5f5f5")),
    ("short stocky man, bald, olive skin, 180 cm, green hoodie",
     dict(sex="male", build="heavy", hair_style="bald", skin_color="#d7bd96", height_m=1.8, top_color="#228b22")),
    ("a dark-skinned woman with long hair wearing a black leather jacket and blue jeans",
     dict(sex="female", hair_style="long", skin_color="#604134", top="leather jacket", top_color="#1c1c1c",
          bottom="jeans", bottom_color="#1f4fbf")),
    ("a 6 ft 2 in man", dict(sex="male", height_m=round(74 * 0.0254, 3))),
])
def test_described_traits(text, expect):
    c = describe(text)
    got = {**c.model_dump(), **c.clothing.model_dump()}
    assert {k: got[k] for k in expect} == expect


def test_unspecified_traits_are_drawn_deterministically_within_plausible_ranges():
    a, b = describe("a person", seed=7), describe("a person", seed=7)
    assert a == b
    people = [describe("a person", seed=s) for s in range(200)]
    heights = np.array([p.height_m for p in people])
    assert 1.45 < heights.min() and heights.max() < 2.0 and 0.05 < heights.std() < 0.12
    assert {p.sex for p in people} == {"female", "male"}
    assert len({p.skin_color for p in people}) >= 8 and len({p.clothing.top_color for p in people}) >= 8
    women = [p.height_m for p in people if p.sex == "female"]
    men = [p.height_m for p in people if p.sex == "male"]
    assert np.mean(men) - np.mean(women) > 0.08  # NCD-RisC 2016: ~13 cm


def test_tall_and_short_people_shift_height():
    tall = np.mean([describe("a tall woman", s).height_m for s in range(50)])
    short = np.mean([describe("a short woman", s).height_m for s in range(50)])
    assert tall - short > 0.15


def test_children_are_child_sized_and_old_people_grey():
    kid = describe("a kid", 1)
    assert kid.age == "child" and kid.height_m < 1.5 and kid.voice.pitch > 70
    old = describe("an elderly man", 1)
    assert old.hair_color in ("#9a9893", "#dcdad4", "#b8b8b4")


def test_refuses_non_text():
    with pytest.raises(InputError):
        describe_character(None, character_id="c", rng=np.random.default_rng(0))  # type: ignore[arg-type]
