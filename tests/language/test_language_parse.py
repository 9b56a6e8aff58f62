"""The parser reads realistic prompts (the guide's own included) field by field."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.errors import InputError
from cinemotion.language import parse

from language_cases import CASES, GUIDE_ROOFTOP, GUIDE_SPRINT
from language_fields import fields, wrong_fields


@pytest.mark.parametrize("prompt,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_prompt_fields(prompt, expected):
    wrong = wrong_fields(fields(parse(prompt), expected), expected)
    assert not wrong, "field: (parsed, expected)\n" + "\n".join(
        f"  {k}: {g!r}\n     expected {e!r}" for k, (g, e) in wrong.items())


def test_parse_is_deterministic_and_seeded():
    a, b = parse(GUIDE_ROOFTOP, seed=3), parse(GUIDE_ROOFTOP, seed=3)
    assert a.model_dump_json() == b.model_dump_json()
    c = parse(GUIDE_ROOFTOP, seed=4)
    shots = [s.model_dump() for s in a.shots]  # the shots as written (the characters they cast differ)
    assert [s.model_dump() for s in c.shots] == shots and c.characters != a.characters  # only the drawn traits change


def test_every_actor_has_a_character():
    sb = parse("A man charges at his rival, who flinches and steps back.")
    ids = {c.id for c in sb.characters}
    assert [a.character for a in sb.shots[0].actors] == ["man", "rival"] and ids == {"man", "rival"}
    assert sb.characters[0].sex == "male"


def test_pronouns_follow_across_sentences():
    sb = parse("A woman walks into the kitchen. A man sits at the table. She waves at him, then he nods.")
    actors = {a.id: a for a in sb.shots[0].actors}
    assert [x.verb for x in actors["woman"].actions] == ["walk", "wave"]
    assert actors["woman"].actions[1].target == "man"
    assert [x.verb for x in actors["man"].actions] == ["idle", "nod"]


def test_one_and_the_other_take_a_pair_in_turn():
    shot = parse("Two men argue in a kitchen, then one waves while the other steps back.").shots[0]
    verbs = {a.id: [x.verb for x in a.actions] for a in shot.actors}
    assert verbs == {"man1": ["speak", "wave"], "man2": ["speak", "step_back"]}
    alone = parse("One man sprints down the street.").shots[0]  # a numeral, not a pronoun
    assert [a.id for a in alone.actors] == ["man"] and alone.actors[0].actions[0].verb == "sprint"


def test_an_emotion_without_a_verb_shows_on_the_still_person():
    woman = parse("Close-up of a woman smiling as rain falls on her face.").shots[0].actors[0]
    assert [(a.kind, a.emotion) for a in woman.actions] == [("idle", "joy")]
    laughing = parse("Close-up of a woman laughing as rain falls on her face.").shots[0].actors[0]
    assert [(a.verb, a.emotion) for a in laughing.actions] == [("laugh", "joy")]  # the laugh is an action
    pair = parse("A man sprints past a woman, smiling.").shots[0]
    assert {a.id: a.actions[0].emotion for a in pair.actors}["woman"] is None  # the runner smiles, not her


def test_sitting_and_standing_up_are_postures_of_idle_with_their_seat():
    shot = parse("A girl sitting on a park bench stands up, then walks away.").shots[0]
    actions = shot.actors[0].actions
    assert [(a.kind, a.posture) for a in actions] == [("idle", "sit"), ("idle", "stand"), ("locomotion", None)]
    assert actions[0].target == "bench" and [p.kind for p in shot.environment.props] == ["bench"]
    office = parse("A man sat down on a chair in the office.").shots[0]
    assert office.actors[0].actions[0].posture == "sit" and office.environment.props[0].kind == "chair"
    kneel, turn = parse("She kneels down, then turns around.").shots[0].actors[0].actions
    assert (kneel.kind, kneel.verb, turn.posture) == ("action", "kneel", "turn")  # kneeling has its own performer
    sunrise = parse("The sun rose over the hills as a man walked along the beach.").shots[0]
    assert [a.posture for a in sunrise.actors[0].actions] == [None]


@pytest.mark.parametrize("prompt,actors,kinds", [
    ("An old man feeds ducks at a pond, then walks away.", ["man"], [("locomotion", None)]),
    ("A player leaps for a slam dunk.", ["player"], [("jump", None)]),
    ("A chef flips a pancake in the kitchen.", ["chef"], [("idle", None)]),
    ("A ballerina twirls on the stage.", ["ballerina"], [("action", None)]),  # a pirouette
    ("A woman waves from the platform as the train pulls away.", ["woman"], [("gesture", None)]),
    ("A teenager slips on the icy sidewalk and catches her balance.", ["teenager"], [("action", None)]),  # slip, recovered
])
def test_nouns_that_look_like_verbs_are_not_actions_or_people(prompt, actors, kinds):
    shot = parse(prompt).shots[0]
    assert [a.id for a in shot.actors] == actors
    assert [(x.kind, x.posture) for x in shot.actors[0].actions] == kinds


def test_inflections_and_synonyms_map_to_canonical_verbs():
    table = {"sprinting": "sprint", "dashes": "dash", "bolted": "bolt", "trotting": "trot", "limps": "limp",
             "staggering": "stagger", "leaps": "leap", "leaping": "leap", "vaulting": "vault", "hopping": "hop",
             "skipping": "skip", "bounding": "bound", "waving": "wave", "facepalms": "facepalm", "shrugs": "shrug",
             "yawning": "yawn", "hobbles": "limp", "scurries": "dash", "plodding": "trudge", "stumbles": "stagger",
             "strolls": "walk", "running": "run", "jogged": "jog", "fled": "flee", "winces": "flinch", "shivers": "tremble"}
    for word, verb in table.items():
        actions = parse(f"A man {word}.").shots[0].actors[0].actions
        assert [a.verb for a in actions] == [verb], (word, [a.verb for a in actions])


def test_unknown_verbs_are_guessed_and_recorded():
    shot = parse("A woman gallops across the field, then pirouettes.").shots[0]
    actions = shot.actors[0].actions
    assert [(a.verb, a.guessed_from) for a in actions] == [("sprint", "gallops"), ("pirouette", None)]  # an open action
    assert any("gallops" in n for n in shot.notes) and any("pirouettes" in n for n in shot.notes)
    typo = parse("A man sprintng down the street.").shots[0].actors[0].actions[0]
    assert (typo.verb, typo.guessed_from) == ("sprint", "sprintng")


def test_unknown_words_are_noted_not_dropped():
    shot = parse("A man glorbles wildly.").shots[0]
    assert any("glorbles" in n for n in shot.notes)


@pytest.mark.parametrize("text,field", [("", "prompt"), ("   \n\t ", "prompt"), ("x" * 20_001, "prompt"),
                                        ("A man sprints, motion intensity 15", "intensity"),
                                        ("A man walks for a 0-second duration", "duration"),
                                        ("A man walks, 900-second duration", "duration")])
def test_bad_prompts_are_refused_naming_the_field(text, field):
    with pytest.raises(InputError) as err:
        parse(text)
    assert err.value.field == field


def test_no_person_named_gives_one_person_and_a_note():
    shot = parse("Sprinting through the rain, tracking shot.").shots[0]
    assert [a.id for a in shot.actors] == ["person"] and shot.actors[0].actions[0].verb == "sprint"
    assert any("no person" in n for n in shot.notes)


def test_the_guide_sprint_prompt_is_a_full_plan():
    shot = parse(GUIDE_SPRINT).shots[0]
    assert shot.prompt == GUIDE_SPRINT and shot.actors[0].actions[0].end_s == pytest.approx(4.0)
    assert 7 <= shot.intensity <= 10


def test_character_rng_comes_from_the_seed():
    heights = {parse("A man waves.", seed=s).characters[0].height_m for s in range(8)}
    assert len(heights) > 4 and all(1.55 < h < 2.0 for h in heights)
    assert np.isfinite(list(heights)).all()
