"""The fourth fresh set (language_fresh3.py: 30 English, 30 Chinese prompts) field by field, and the misreadings
the third set's report left, each as the mechanism it exposed.

Measured on 2026-12-03 before the fixes of this pass: English 95/113 = 84.1 %, Chinese 80/99 = 80.8 %
(175/212 = 82.5 %); after: English 111/113 = 98.2 %, Chinese 98/99 = 99.0 % (209/212 = 98.6 %, printed by
`pytest -s`). Still missed: "buttons his coat and walks out" dresses while walking (hand work at the body rides on
a gait), 'argue' is a second speak action the expectation did not list, and 在地上旋转的街舞舞者 (a Chinese relative
clause before its noun) loses the dancer.
"""

from __future__ import annotations

from cinemotion.language import parse

from language_fields import score
from language_fresh3 import FRESH3, FRESH3_EN, FRESH3_ZH

FLOOR = 0.95  # the accuracy after this pass (see the module docstring) less a margin for unrelated parser changes


def test_fresh3_prompts_stay_above_the_floor_in_both_languages():
    assert len(FRESH3_EN) == 30 and len(FRESH3_ZH) == 30
    for name, cases in (("English", FRESH3_EN), ("Chinese", FRESH3_ZH)):
        right, total, misses = score(cases)
        print(f"\nfresh3 {name}: {right}/{total} fields right = {right / total:.1%}")
        print("\n".join(misses))
        assert right / total >= FLOOR, f"{name}: {right / total:.1%} < {FLOOR:.0%}:\n" + "\n".join(misses)
    assert FRESH3 == FRESH3_EN + FRESH3_ZH


def verbs(shot) -> dict[str, list[str]]:
    return {a.id: [x.verb for x in a.actions] for a in shot.actors}


def test_a_person_noun_before_the_noun_of_a_thing_is_no_second_person():
    """'a warrior pose' is a pose; 'hugs a child tightly' still hugs a child; 'two warriors pose' still pose."""
    assert [a.id for a in parse("A yoga instructor holds a warrior pose").shots[0].actors] == ["instructor"]
    hug = parse("A mother hugs a child tightly").shots[0]
    assert [a.id for a in hug.actors] == ["mother", "child"] and hug.actors[0].actions[0].target == "child"
    assert len(parse("Two warriors pose for a photo").shots[0].actors) == 2


def test_unlisted_chinese_people_are_named_from_their_gloss():
    assert [a.id for a in parse("一名调酒师在吧台后面摇晃调酒器").shots[0].actors] == ["bartender"]
    assert [a.id for a in parse("一名杂技演员在广场上翻跟头").shots[0].actors] == ["acrobat"]


def test_a_craft_verb_after_an_unlisted_noun_finds_its_actor():
    """No word table knows 'DJ' or 'blacksmith': the catalogue verb after them makes them its performer."""
    for prompt, actor, label in (("A DJ scratches records", "dj", "scratch_records"),
                                 ("A blacksmith quenches a blade in water", "blacksmith", "quench")):
        shot = parse(prompt).shots[0]
        assert verbs(shot) == {actor: [label]}, (prompt, verbs(shot))
        assert shot.actors[0].actions[0].performer == "procedural:hand_work"
        assert any(n.startswith(f"{label}: approximated as hand work") for n in shot.notes), shot.notes


def test_grooming_and_dressing_are_hand_work_at_the_body_and_said_so():
    shot = parse("A businessman adjusts his tie in front of a mirror").shots[0]
    assert verbs(shot) == {"businessman": ["adjust_clothes"]}
    assert not any(n.startswith("ignored") for n in shot.notes), shot.notes
    woman = parse("A woman ties her hair into a ponytail, then puts on a denim jacket").shots[0].actors[0]
    assert [(a.verb, a.start_s) for a in woman.actions] == [("tie_hair", 0.0), ("put_on_clothes", 2.5)]


def test_wiping_ones_eyes_is_never_wiping_a_surface():
    for prompt, expected in (("一个男孩擦擦眼睛", ["wipe_eyes"]),
                             ("A bride wipes her eyes and laughs through her tears", ["wipe_eyes", "laugh"])):
        found = [v for vs in verbs(parse(prompt).shots[0]).values() for v in vs]
        assert found == expected, (prompt, found)


def test_a_pronoun_in_a_later_shot_is_the_person_an_earlier_shot_filmed():
    board = parse("Shot 1: a boxer jumps rope in a locker room. Shot 2: he shadowboxes. Shot 3: he walks to the ring.")
    assert [[a.id for a in s.actors] for s in board.shots] == [["boxer"], ["boxer"], ["boxer"]]
    assert len({a.character for s in board.shots for a in s.actors}) == 1
    kids = parse("Shot 1 (3 seconds): two kids race across a playground. Shot 2 (2 seconds): they stop and laugh.")
    assert [sorted(a.id for a in s.actors) for s in kids.shots] == [["kid1", "kid2"], ["kid1", "kid2"]]
    girl = parse("镜头1：一个女孩在雨中奔跑。镜头2：她停下来，抬头看天空。")
    assert [[a.id for a in s.actors] for s in girl.shots] == [["girl"], ["girl"]]
    men = parse("镜头一：两个男人在街上争吵。镜头二：其中一个推了另一个一把。")  # 镜头一: a header too
    assert len(men.shots) == 2 and verbs(men.shots[1])["man1"] == ["push"], [verbs(s) for s in men.shots]


def test_standing_up_then_and_is_a_sequence():
    for prompt in ("A man stands up and waves", "A man stands up from the sofa and then waves goodbye",
                   "一个男人从沙发上站起来，然后挥手告别"):
        rise, wave = parse(prompt).shots[0].actors[0].actions
        assert rise.posture == "stand" and wave.verb == "wave" and wave.start_s >= rise.end_s > 0, prompt
    walk = parse("A man walks and waves").shots[0].actors[0].actions  # a gait and a gesture still overlap
    assert [a.start_s for a in walk] == [0.0, 0.0]


def test_a_couple_is_two_people_and_the_woman_is_one_of_them():
    shot = parse("A couple hugs at the airport, then the woman walks away, half a minute").shots[0]
    assert shot.duration_s == 30.0
    assert sorted(a.id for a in shot.actors) == ["person", "woman"], [a.id for a in shot.actors]
    woman = next(a for a in shot.actors if a.id == "woman")
    assert [(a.verb, a.start_s, a.end_s) for a in woman.actions] == [("hug", 0.0, 15.0), ("walk", 15.0, 30.0)]
    assert len(parse("一对情侣在舞厅里跳华尔兹").shots[0].actors) == 2
    assert len(parse("A couple of friends walk").shots[0].actors) == 2


def test_a_guessed_verb_says_what_it_acted_on():
    shot = parse("A teenager rides a skateboard down a ramp").shots[0]
    assert any(n.startswith("guessed: 'rides a skateboard'") for n in shot.notes), shot.notes


def test_durations_written_as_fractions_of_a_minute():
    assert parse("A man walks, half a minute").shots[0].duration_s == 30.0
    assert parse("A man walks for a minute and a half").shots[0].duration_s == 90.0
    assert parse("一名杂技演员在广场上翻跟头，一分半钟").shots[0].duration_s == 90.0


def test_camera_jargon_without_a_framing_of_its_own_is_filmed_nearest_and_said_so():
    ots = parse("Over-the-shoulder shot of a lawyer arguing with a judge").shots[0]
    assert ots.shot_type == "medium_close_up" and sorted(a.id for a in ots.actors) == ["judge", "lawyer"]
    assert any(n.startswith("camera: over-the-shoulder") and "no shoulder" in n for n in ots.notes), ots.notes
    pov = parse("主观镜头，一名骑行者沿山路飞驰").shots[0]
    assert [c.move for c in pov.camera] == ["handheld"]
    assert any(n.startswith("camera: pov ('主观镜头')") for n in pov.notes), pov.notes


def test_two_people_arguing_speak_at_each_other():
    shot = parse("A man and a woman argue in a kitchen").shots[0]
    assert {a.id: [x.target for x in a.actions] for a in shot.actors} == {"man": ["woman"], "woman": ["man"]}
