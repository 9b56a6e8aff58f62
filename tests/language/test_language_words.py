"""Prompts as people write them: each known misreading, on its prompt and on a paraphrase, read through to the plan
(parse → direct): the actions, their times, the descriptions, the light and what the notes say was approximated."""

from __future__ import annotations

from functools import lru_cache

import pytest

from cinemotion.direct import direct
from cinemotion.direct.plan import Plan
from cinemotion.language import parse


@lru_cache(maxsize=None)
def plan(prompt: str) -> Plan:
    return direct(parse(prompt))


def actions(prompt: str, actor: int = 0):
    return plan(prompt).shots[0].actors[actor].actions


@pytest.mark.parametrize("prompt", ["a street performer juggling", "A busker juggles three balls in the square",
                                    "一个街头艺人在抛接球"])
def test_juggling_is_performed_as_juggling_with_a_note(prompt):
    juggle = next(a for a in actions(prompt) if a.kind == "action")
    assert (juggle.verb, juggle.performer, juggle.guessed_from) == ("juggle", "procedural:hand_work", None)
    notes = plan(prompt).notes
    assert any(n.startswith("juggle: approximated as hand work") and "not drawn" in n for n in notes), notes
    assert not any("shuffle_cards" in n for n in notes)


@pytest.mark.parametrize("prompt,word", [("清晨，一个女人在公园里散步", "清晨"), ("一个老人清晨在河边散步", "清晨"),
                                         ("early morning, a woman walks in the park", "early morning")])
def test_early_morning_is_lit_as_the_nearest_preset_and_says_so(prompt, word):
    shot = plan(prompt).shots[0]
    assert shot.look.lighting == "golden_hour"
    assert any(n.startswith(f"lighting: '{word}' is no preset; lit as golden_hour") for n in plan(prompt).notes)


@pytest.mark.parametrize("prompt", ["golden hour lighting, a man walks", "a woman dances in golden-hour light",
                                    "magic hour light, a man waves"])
def test_a_preset_named_with_a_light_noun_is_that_preset_without_a_note(prompt):
    assert plan(prompt).shots[0].look.lighting == "golden_hour"
    assert not any(n.startswith("lighting:") for n in plan(prompt).notes), plan(prompt).notes


def test_a_described_light_still_says_which_preset_it_came_nearest():
    notes = plan("warm morning light, a man waves").notes
    assert any(n.startswith("lighting: 'warm morning light' is no preset; lit as golden_hour") for n in notes)


@pytest.mark.parametrize("prompt,speed", [("a ballerina spins gracefully", "slow"), ("a dancer spins gracefully", "slow"),
                                          ("a skater twirls elegantly", "normal")])
def test_a_manner_adverb_does_not_turn_a_spin_into_something_else(prompt, speed):
    spin = actions(prompt)[0]
    assert (spin.kind, spin.verb, spin.speed, spin.guessed_from) == ("action", "pirouette", speed, None)


@pytest.mark.parametrize("prompt,description", [
    ("medium full shot of friend waving at the camera", "friend"),
    ("low angle shot of tall athlete sprinting", "tall athlete"),
    ("close-up of girl smiling", "girl"),
])
def test_framing_words_are_not_a_description(prompt, description):
    assert plan(prompt).shots[0].actors[0].character.description.split()[-len(description.split()):] == \
        description.split()
    assert "shot" not in plan(prompt).shots[0].actors[0].character.description


def test_a_counted_group_of_people_is_that_many_with_the_noun_as_description():
    actors = plan("a bunch of friends dance").shots[0].actors
    assert len(actors) == 4 and {a.character.description.split()[-1] for a in actors} == {"friend"}


@pytest.mark.parametrize("prompt,word,verb", [("一个保安站在门口", "保安", "idle"), ("一个理发师挥手", "理发师", "wave"),
                                              ("一个邮递员在街上走", "邮递员", "walk"), ("一个小丑在跳舞", "小丑", "dance")])
def test_an_unlisted_chinese_role_keeps_its_word(prompt, word, verb):
    actor = plan(prompt).shots[0].actors[0]
    assert word in actor.character.description and actor.actions[0].verb == verb
    assert any(n.startswith(f"actors: '{word}' is in no word table; read as a person") for n in plan(prompt).notes)


def test_an_unlisted_chinese_noun_counted_after_a_verb_is_no_person():
    shot = plan("一个男人拿起一个陶罐走开").shots[0]
    assert [a.character.description for a in shot.actors] == ["man"]


@pytest.mark.parametrize("prompt,first,then", [
    ("He buttons his coat and walks out", "adjust_clothes", "walk"),
    ("A woman drinks her coffee and walks to the door", "drink", "walk"),
    ("他扣好外套，然后走了出去", "adjust_clothes", "walk"),
    ("一个女人系好鞋带接着跑步", "tie_shoelaces", "run"),
])
def test_hand_work_and_then_a_walk_run_in_order(prompt, first, then):
    a, b = actions(prompt)
    assert (a.verb, b.verb) == (first, then)
    assert a.start_s == 0 and b.start_s == pytest.approx(a.end_s) and b.end_s == plan(prompt).shots[0].duration_s


@pytest.mark.parametrize("prompt", ["A man walks and waves", "A woman runs and looks back", "A woman waves and walks away"])
def test_a_gesture_joined_to_a_gait_still_rides_on_it(prompt):
    gait, gesture = sorted(actions(prompt), key=lambda a: a.kind != "locomotion")
    assert gait.kind == "locomotion" and gesture.kind == "gesture"
    assert (gait.start_s, gait.end_s) == (gesture.start_s, gesture.end_s)


def test_a_chinese_storyboard_keeps_its_unlisted_role_across_the_cut_and_runs_its_clauses_in_order():
    prompt = "镜头1：清晨，一个保安在门口站着。镜头2：他扣好外套，然后走进大楼。"
    first, second = plan(prompt).shots
    assert [a.character.description.split()[0] for a in first.actors + second.actors] == ["保安", "保安"]
    assert first.look.lighting == "golden_hour"
    buttons, walk = second.actors[0].actions
    assert (buttons.verb, walk.verb) == ("adjust_clothes", "walk") and walk.start_s == pytest.approx(buttons.end_s)


@pytest.mark.parametrize("prompt,who", [
    ("Shot 1 (0-3s): Wide shot, two friends meet in a park. Shot 2 (3-6s): Medium full shot of friend waving, "
     "then he walks away.", "friend1"),
    ("Shot 1: two kids run across the park. Shot 2: the kid jumps.", "kid1"),
])
def test_a_noun_in_a_later_shot_is_one_of_the_people_filmed_under_it(prompt, who):
    first, second = plan(prompt).shots
    assert [a.id for a in second.actors] == [who] and who in [a.id for a in first.actors]
    assert second.actors[0].character == next(a.character for a in first.actors if a.id == who)
    assert len(plan(prompt).storyboard.characters) == len(first.actors)  # no one new was cast


@pytest.mark.parametrize("prompt,verb,direction", [
    ("一个男人走开。", "walk", "away"), ("A man walks away.", "walk", "away"),
    ("一个女孩跑出去。", "run", None), ("他出去了。", "walk", None), ("He goes out.", "walk", None),
    ("She went out into the street.", "walk", None),
])
def test_walking_away_and_going_out_are_walks(prompt, verb, direction):
    (action,) = actions(prompt)
    assert (action.kind, action.verb, action.direction) == ("locomotion", verb, direction)
    assert not any(n.startswith("not read") for n in plan(prompt).notes)


@pytest.mark.parametrize("prompt,place", [("一个男人走出大楼。", "大楼"), ("A man walks out of the building.", "building"),
                                          ("A woman hurries past a tall apartment building.", "apartment building")])
def test_a_building_is_filmed_from_its_street(prompt, place):
    env = plan(prompt).shots[0].environment
    assert (env.setting, env.place) == ("city_street", place)
    assert not any(n.startswith("not read") for n in plan(prompt).notes)


@pytest.mark.parametrize("prompt", ["A man leaps from one building to another.",
                                    "A man bounding across a gap between buildings."])
def test_a_jump_between_buildings_stays_on_the_rooftops(prompt):
    env = plan(prompt).shots[0].environment
    assert env.setting == "rooftop" and env.place is None


@pytest.mark.parametrize("prompt", ["一个老人在湖边钓鱼。", "A man fishing by the lake.",
                                    "A fisherman casts a line from the pier."])
def test_fishing_is_performed_as_hand_work_holding_a_rod(prompt):
    (action,) = actions(prompt)
    assert (action.kind, action.verb, action.performer) == ("action", "fish", "procedural:hand_work")
    assert any(n.startswith("fish: approximated as hand work") and "holding a fishing rod" in n
               for n in plan(prompt).notes)


def test_a_fish_held_up_is_not_fishing():
    assert all(a.verb != "fish" for a in actions("A boy holds up a fish and laughs."))


@pytest.mark.parametrize("prompt,sex", [("Ties her apron, then walks to the counter.", "female"),
                                        ("Ties his apron, then walks to the counter.", "male"),
                                        ("She ties her apron, then walks to the counter.", "female")])
def test_a_prompt_that_opens_on_its_verb_casts_the_possessives_owner_as_its_one_performer(prompt, sex):
    (actor,) = plan(prompt).shots[0].actors
    assert actor.character.sex == sex
    apron, walk = actor.actions
    assert (apron.verb, apron.performer, walk.verb) == ("tie_apron", "procedural:hand_work", "walk")
    assert walk.start_s == pytest.approx(apron.end_s)


@pytest.mark.parametrize("prompt,verb", [("Picks up her bag and walks out.", "pick_up"),
                                         ("Walks toward her friend.", "walk")])
def test_an_opening_verb_with_a_possessive_is_the_owners_action(prompt, verb):
    performer = plan(prompt).shots[0].actors[0]
    assert performer.character.sex == "female" and performer.actions[0].verb == verb
    assert not any(n.startswith("actors: no person named") for n in plan(prompt).notes)


def test_a_sentence_opening_on_a_possessive_names_its_person():
    (actor,) = plan("Her friend waves.").shots[0].actors
    assert actor.id == "friend" and actor.actions[0].verb == "wave"


@pytest.mark.parametrize("prompt,lighting", [
    ("A man walks down the street in warm sunlight.", "golden_hour"),   # warm sun with no hour: the low sun
    ("A man walks down the street in warm sunlight at noon.", "daylight"),  # the sun at noon is high
    ("Warm sunlight at midday, a woman jogs.", "daylight"),
    ("A woman jogs in warm sunlight in the late afternoon.", "golden_hour"),
])
def test_warm_sunlight_is_lit_by_the_hour_the_prompt_gives(prompt, lighting):
    assert plan(prompt).shots[0].look.lighting == lighting
    assert any(n.startswith("lighting: '") and f"lit as {lighting}" in n for n in plan(prompt).notes)


def test_a_house_drawn_as_the_office_set_says_so_and_a_room_does_not():
    """The set is only silent when the prompt's own word names what is drawn."""
    from cinemotion.language import parse

    def place_notes(prompt: str) -> list[str]:
        return [n for n in parse(prompt, seed=1).shots[0].notes if n.startswith("place")]

    assert place_notes("A mail carrier jogs up the porch steps of a suburban house") == [
        "place: 'house' rendered as an office room with desks"]
    assert place_notes("一个人在房子里走路") == ["place: '房子' rendered as an office room with desks"]
    assert place_notes("A man reads in a small room") == []


def test_a_persons_description_ends_where_a_place_begins():
    from cinemotion.language import parse

    def described(prompt: str) -> list[str]:
        return [c.description for c in parse(prompt, seed=1).characters]

    assert described("一个老奶奶在公园里打太极拳，清晨的薄雾") == ["old woman"]
    assert described("A woman in a red coat in the park waves") == ["woman in a red coat"]
    assert described("A girl in a white dress dances in the kitchen") == ["girl in a white dress"]
