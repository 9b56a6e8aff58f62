"""Storyboard shots with prompts: the prompt fills what the YAML left unset; explicit fields win."""

from __future__ import annotations

import yaml

from cinemotion.language import enrich_storyboard
from cinemotion.spec import storyboard_from_dict

STORYBOARD = """
seed: 5
characters:
  - id: mara
    description: athletic woman, short black hair, red jacket, grey joggers
    sex: female
    build: athletic
shots:
  - id: wide
    prompt: Wide shot of mara sprinting down a wet running track, tracking shot, 4 seconds
  - id: close
    prompt: Close-up of mara, she glances back over her shoulder, slow motion, golden hour
    duration_s: 2.5
    shot_type: medium_close_up
    look: {film: 35mm}
  - id: fixed
    prompt: A man jogs through the park
    actors:
      - id: runner
        actions: [{kind: locomotion, verb: walk}]
"""


def load():
    return enrich_storyboard(storyboard_from_dict(yaml.safe_load(STORYBOARD)))


def test_prompts_fill_unset_fields():
    wide = load().shots[0]
    assert (wide.shot_type, wide.duration_s, [c.move for c in wide.camera]) == ("wide", 4.0, ["tracking"])
    assert (wide.environment.setting, wide.environment.surface) == ("running_track", "wet")
    assert [(a.id, a.character, [x.verb for x in a.actions]) for a in wide.actors] == [("mara", "mara", ["sprint"])]


def test_explicit_fields_override_the_prompt():
    close = load().shots[1]
    assert close.duration_s == 2.5 and close.shot_type == "medium_close_up"  # the YAML's, not the prompt's
    assert close.time_scale == 0.5 and close.look.lighting == "golden_hour"  # unset: from the prompt
    assert close.look.film == "35mm"  # set inside look: kept
    assert [x.verb for x in close.actors[0].actions] == ["glance_back"] and close.actors[0].id == "mara"


def test_explicit_actors_are_kept_and_characters_not_duplicated():
    sb = load()
    fixed = sb.shots[2]
    assert [a.id for a in fixed.actors] == ["runner"] and fixed.actors[0].actions[0].verb == "walk"
    assert fixed.environment.setting == "park"
    assert [c.id for c in sb.characters] == ["mara"]  # the runner's character comes from direct; mara once
    assert sb.characters[0].build == "athletic"


def test_enrich_is_deterministic():
    assert load().model_dump_json() == load().model_dump_json()


def test_a_bad_shot_prompt_is_refused_naming_the_shot():
    import pytest

    from cinemotion.errors import InputError
    data = yaml.safe_load(STORYBOARD)
    data["shots"][1]["prompt"] = "A man sprints, motion intensity 42"
    with pytest.raises(InputError) as err:
        enrich_storyboard(storyboard_from_dict(data))
    assert "shots[1]" in err.value.field and "intensity" in err.value.field


def test_characters_are_recognised_by_the_name_in_their_description():
    data = {"characters": [{"id": "hero", "description": "Nadia, a tall woman in a green coat"}],
            "shots": [{"prompt": "Nadia vaults over a wall, then sprints away."}]}
    shot = enrich_storyboard(storyboard_from_dict(data)).shots[0]
    assert [(a.id, a.character) for a in shot.actors] == [("hero", "hero")]
    assert [x.verb for x in shot.actors[0].actions] == ["vault", "sprint"]
