"""The general mechanisms of the second language pass, one behaviour each (issue #3)."""

from __future__ import annotations

from cinemotion.language import parse


def actors(text: str) -> dict[str, list[str]]:
    return {a.id: [x.verb for x in a.actions] for a in parse(text).shots[0].actors}


def test_a_possessive_person_is_the_person():
    storyboard = parse("Close-up of an elderly man's hands shuffling a deck of cards slowly.")
    shot = storyboard.shots[0]
    assert [(a.id, a.actions[0].verb, a.actions[0].speed) for a in shot.actors] == [("man", "shuffle_cards", "slow")]
    assert storyboard.characters[0].age == "old"


def test_headings_and_noun_modifiers_are_not_people():
    storyboard = parse("Subject: a female sprinter. Action: bolting off the starting line.")
    assert actors("Subject: a female sprinter. Action: bolting off the starting line.") == {"sprinter": ["bolt"]}
    assert storyboard.characters[0].sex == "female"
    assert parse("A middle-aged man waves.").characters[0].age == "adult"


def test_a_different_role_noun_is_a_different_person():
    assert actors("A chef shouts at the waiter.") == {"chef": ["speak"], "waiter": ["idle"]}
    assert actors("A mother and her daughter walk. The mother waves.") == {"mother": ["walk", "wave"],
                                                                           "daughter": ["walk"]}


def test_a_pronoun_may_point_ahead_to_the_person_it_means():
    assert actors("The camera orbits around her as a dancer spins.") == {"dancer": ["pirouette"]}  # an open action


def test_a_jump_meets_its_direct_object_and_a_prop_noun_is_not_a_verb():
    for text in ("A traceur vaults a concrete wall.", "A man hurdles a fence.", "A hurdler clears a hurdle."):
        assert [(p.kind, p.relation) for p in parse(text).shots[0].environment.props][0][1] == "over", text
    props = parse("A woman leaps onto the ledge of the building.").shots[0].environment.props
    assert [(p.kind, p.relation) for p in props] == [("ledge", "onto")]


def test_an_event_named_after_a_time_preposition_is_not_an_action():
    assert actors("A man breathing heavily after a run.") == {"man": ["breathe"]}


def test_a_participle_after_an_object_is_the_objects_action():
    shot = parse("The camera cranes down to a couple walking on the path.").shots[0]
    assert {a.id: [x.verb for x in a.actions] for a in shot.actors} == {"person1": ["walk"], "person2": ["walk"]}
    assert actors("A man walks toward a girl sprinting.") == {"man": ["walk"], "girl": ["sprint"]}


def test_an_answer_in_the_next_sentence_follows_what_was_aimed_at_its_actor():
    shot = parse("Mara points at Jake. Jake shrugs.").shots[0]
    point, shrug = (a.actions[0] for a in shot.actors)
    assert shrug.start_s > point.start_s


def test_a_clause_opened_by_as_overlaps_the_main_clause():
    woman = parse("As she runs, a woman looks over her shoulder.").shots[0].actors[0]
    assert [(a.verb, a.start_s) for a in woman.actions] == [("run", 0.0), ("glance_back", 0.0)]


def test_a_camera_word_that_is_the_object_of_a_verb_is_a_thing():
    shot = parse("An angry chef throws a pan at the waiter.").shots[0]
    assert [c.move for c in shot.camera] == ["static"]
