"""Robustness: any text gives a valid Storyboard or an InputError naming the field; never a crash.

Over 10,000 generated cases in total (random unicode, lexicon word salad, adversarial shapes).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cinemotion.errors import InputError
from cinemotion.language import coach, parse
from cinemotion.language.lexicon import motion_index
from cinemotion.spec import Storyboard

from language_gallery import GALLERY_EN, GALLERY_ZH

def fast(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                    database=None)
WORDS = sorted({" ".join(w) for w in motion_index().words()}) + [
    "then", "while", "as", "before", "after", "and", ",", ".", "'", '"', "who", "at", "over", "across", "onto",
    "the", "a", "two", "three", "4-second", "8 seconds", "for 2 seconds", "at 3 seconds", "motion intensity",
    "9", "negative:", "no", "without", "Mara", "Jake", "rooftop", "gap", "log", "ledge", "—", "\n", "🙂", "跑步"]


def check(text: str) -> None:
    try:
        sb = parse(text)
    except InputError as err:
        assert err.field.split(": ")[-1] in ("prompt", "intensity", "duration"), err  # "shots[1].prompt (shot2): duration"
        return
    assert isinstance(sb, Storyboard)
    Storyboard.model_validate(sb.model_dump())  # every field within the contract
    for shot in sb.shots:
        ids = {a.id for a in shot.actors} | {p.id for p in shot.environment.props}
        for actor in shot.actors:
            for action in actor.actions:
                assert 0 <= action.start_s <= action.end_s <= shot.duration_s + 1e-6
                assert action.target is None or action.target in ids


@fast(3000)
@given(st.text(max_size=300))
def test_random_unicode(text):
    check(text)


@fast(4500)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_lexicon_word_salad(text):
    check(text)


@fast(2000)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
                          st.sampled_from(["'", '"', "“", "‘", "\x00", "\x1b[31m", "\r\n", "\t", "…", "–", "9.5"])),
                max_size=30).map("".join))
def test_adversarial_mixtures(text):
    check(text)


@fast(600)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join))
def test_coach_never_crashes(text):
    try:
        advice = coach(text)
    except InputError as err:
        assert err.field in ("prompt", "intensity", "duration")
        return
    assert 1 <= advice.recommended_intensity <= 10 and advice.enriched_prompt


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "\x00\x01\x02", "🙂" * 50, "A man 🏃 sprints 💨 through the rain 🌧",
    "Un hombre corre por la calle", "一个男人在街上奔跑", "رجل يركض في الشارع", "Мужчина бежит",
    "She says 'unbalanced quote", 'He yells "never closed', "''''''", '"""', "A man.............",
    "a" * 20_000, "A man sprints. " * 1333, "intensity intensity 99999999999999999999",
    "4444444444444444444444 seconds", "A woman waves for 1e308 seconds", "motion intensity -3",
    "A man runs 0.0000001 seconds", "negative: " + "morphing, " * 100, "\u202eA man sprints\u202c",
    "A man\u200b sprints\u00a0fast", "Ａ　ｍａｎ　ｓｐｒｉｎｔｓ", "x" * 100_000, "🙂" * 25_000,
])
def test_adversarial_examples(text):
    check(text)


def test_refusals_name_the_field():
    for text, field in (("", "prompt"), ("x" * 100_000, "prompt"), ("   ", "prompt")):
        with pytest.raises(InputError) as err:
            parse(text)
        assert err.value.field == field and err.value.message


REAL = [p for p, _, _ in GALLERY_EN + GALLERY_ZH]
MARKS = ["镜头1：", "镜头2：", "0-3秒：", "3-700秒：", "Shot 1 (0-3s):", "Shot 2 (3-900s):", "[00:00-00:02]", "t=3s:",
         "不要", "没有", "负面提示词：", "慢动作", "跟拍", "推", "拉", "摇", "移", "1980s", "240fps", "0.3x speed", "，", "。"]


@st.composite
def mutated(draw) -> str:
    """A real gallery prompt (English or Chinese) cut, spliced with another and salted with timing,
    negation and camera marks."""
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(0, 4))):
        k = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["cut", "mark", "splice", "char"]))
        if op == "cut":
            text = text[:k] + text[k + draw(st.integers(0, 12)):]
        elif op == "mark":
            text = text[:k] + draw(st.sampled_from(MARKS)) + text[k:]
        elif op == "splice":
            other = draw(st.sampled_from(REAL))
            text = text[:k] + other[draw(st.integers(0, len(other))):]
        else:
            text = text[:k] + draw(st.characters(codec="utf-8")) + text[k:]
    return text


@fast(1500)
@given(mutated())
def test_mutated_real_prompts_english_and_chinese(text):
    check(text)
