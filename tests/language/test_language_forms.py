"""Prompts as people write them (issue #16): timing forms, negation, who is in the shot, Chinese."""

from __future__ import annotations

import pytest

from cinemotion.language import coach, parse


@pytest.mark.parametrize("prompt,durations", [
    ("Shot 1 (0-3s): a boxer throws a jab. Shot 2 (3-6s): he wipes sweat from his forehead, slow dolly out",
     [3.0, 3.0]),
    ("[00:00-00:02] Wide shot: a hiker on a ridge.\n[00:02-00:05] Close-up of the hiker's face.", [2.0, 3.0]),
    ("0–3s: a woman runs. 3–5s: she stops and waves.", [3.0, 2.0]),
    ("t=0s: a man walks. t=4s: he jumps. t=6s: he waves", [4.0, 2.0, 5.0]),
    ("CUT 1 — a woman sprints down the alley. CUT 2 — she glances back.", [5.0, 5.0]),
    ("Look 1, 0–4 seconds: a man walks. Look 2, 4–7.5 seconds: he waves.", [4.0, 3.5]),
    ("镜头1：女孩在街上奔跑。镜头2：她挥手。", [5.0, 5.0]),
    ("0-3秒：女孩奔跑。3-5秒：她挥手。", [3.0, 2.0]),
])
def test_every_timing_form_becomes_shots_and_durations(prompt, durations):
    board = parse(prompt)
    assert [s.duration_s for s in board.shots] == durations


def test_each_shot_of_a_multi_shot_prompt_has_its_own_camera():
    board = parse("Shot 1 (0-3s): a boxer throws a jab, tracking shot. Shot 2 (3-6s): he wipes sweat, slow dolly out")
    assert [[c.move for c in s.camera] for s in board.shots] == [["tracking"], ["dolly_out"]]


@pytest.mark.parametrize("prompt,seconds", [
    ("A tired factory worker in the 1980s walks home", 5.0),
    ("A dancer in the 80s spins, 24fps", 5.0),
    ("A woman walks, over the 8-second duration", 8.0),
    ("A man jogs. Clip runtime: 10 seconds", 10.0),
    ("A runner sprints, shot at 24 fps, 6 seconds", 6.0),
])
def test_a_decade_or_a_frame_rate_is_not_a_duration(prompt, seconds):
    assert parse(prompt).shots[0].duration_s == seconds


@pytest.mark.parametrize("prompt,scale", [
    ("A man jogs at 0.3x speed", 0.3), ("240fps slow-motion moments of a sprinter", 0.1),
    ("A woman runs in slow motion", 0.5), ("No slow motion, a woman runs", 1.0), ("一个人在跑步，慢动作", 0.5),
])
def test_playback_speed(prompt, scale):
    assert parse(prompt).shots[0].time_scale == scale


def test_negations_rule_out_what_they_name():
    shot = parse("No slow motion. NO motion blur. Never tripod-locked. A man runs through the rain.").shots[0]
    assert shot.time_scale == 1.0 and shot.look.motion_blur is False and "motion blur" in shot.negative
    assert [c.move for c in shot.camera] != ["static"]
    assert any("ruled out" in n for n in shot.notes)
    assert parse("A woman walks without rain, no snow").shots[0].environment.weather == "clear"
    assert parse("A woman walks. Negative prompt: morphing, extra limbs").shots[0].negative == ["morphing",
                                                                                                  "extra limbs"]
    zh = parse("一个女孩在街上奔跑，不要慢动作，负面提示词：变形，模糊").shots[0]
    assert zh.time_scale == 1.0


def test_background_people_are_extras_and_named_casts_are_cast():
    shot = parse("A stylish woman walks down a Tokyo street. Many pedestrians walk about.").shots[0]
    assert [a.id for a in shot.actors] == ["woman"] and shot.environment.extras > 0
    assert any("extras" in n for n in shot.notes)
    assert [a.id for a in parse("YURI and RENA walk side by side down the corridor.").shots[0].actors] == \
        ["yuri", "rena"]
    assert [a.id for a in parse("A and B walk toward each other.").shots[0].actors] == ["a", "b"]
    assert [a.id for a in parse("Two pedestrians cross the road").shots[0].actors] == ["pedestrian1", "pedestrian2"]


@pytest.mark.parametrize("prompt", ["She runs her hand over the carvings.", "Shot on film with step-printing, she smiles.",
                                    "He says \"you walk into mine\" and smiles."])
def test_a_motion_word_that_is_not_the_subjects_motion_is_not_an_action(prompt):
    verbs = {x.verb for a in parse(prompt).shots[0].actors for x in a.actions}
    assert not verbs & {"run", "walk", "step_back"}


def test_chinese_prompt_reads_actor_motion_camera_and_time():
    shot = parse("一个女孩在雨中的街道上奔跑，跟拍镜头，慢动作，5秒").shots[0]
    assert [(a.id, [x.verb for x in a.actions]) for a in shot.actors] == [("girl", ["run"])]
    assert [c.move for c in shot.camera] == ["tracking"] and shot.time_scale == 0.5 and shot.duration_s == 5.0
    assert (shot.environment.weather, shot.environment.setting, shot.environment.place) == ("rain", "city_street", "街道")


@pytest.mark.parametrize("words,field,value", [
    ("冲刺", "verb", "sprint"), ("慢跑", "verb", "jog"), ("跛行", "verb", "limp"), ("蹒跚", "verb", "stagger"),
    ("挥手", "verb", "wave"), ("耸肩", "verb", "shrug"), ("捂脸", "verb", "facepalm"), ("指向远方", "verb", "point"),
    ("跟拍", "move", "tracking"), ("镜头推进", "move", "dolly_in"), ("镜头拉远", "move", "dolly_out"),
    ("镜头向左摇", "move", "pan_left"), ("镜头升起", "move", "crane_up"), ("镜头下降", "move", "crane_down"),
    ("环绕拍摄", "move", "orbit"), ("希区柯克变焦", "move", "dolly_zoom"), ("手持镜头", "move", "handheld"),
    ("特写", "shot", "close_up"), ("近景", "shot", "medium_close_up"), ("中景", "shot", "medium"),
    ("全景", "shot", "full_body"), ("远景", "shot", "wide"),
])
def test_the_chinese_lexicon_covers_the_vocabulary(words, field, value):
    shot = parse(f"一个男人{words}").shots[0]
    got = {"verb": [x.verb for a in shot.actors for x in a.actions], "move": [c.move for c in shot.camera],
           "shot": [shot.shot_type]}[field]
    assert value in got


def test_the_coach_answers_in_the_prompts_language():
    zh = coach("一个女孩在街上奔跑")
    assert any("\u4e00" <= ch <= "\u9fff" for d in zh.diagnostics for ch in d.message)
    en = coach("a girl runs down the street")
    assert not any("\u4e00" <= ch <= "\u9fff" for d in en.diagnostics for ch in d.message)
