"""The coach diagnoses stiff prompts the guide's way, and its rewrite keeps the writer's actions."""

from __future__ import annotations

import pytest

from cinemotion.language import coach, parse
from cinemotion.language.coach import meant_verb
from cinemotion.spec.vocabulary import category_of

from language_cases import CASES, GUIDE_GESTURE, GUIDE_SPRINT


def codes(text: str) -> set[str]:
    return {d.code for d in coach(text).diagnostics}


def meant_actions(storyboard) -> list:
    """Per actor, (kind, verb, category, speed, posture, target kind) with generic verbs read as meant."""
    shot = storyboard.shots[0]
    props = {p.id: p.kind for p in shot.environment.props}
    out = []
    for actor in shot.actors:
        rows = []
        for a in actor.actions:
            verb = meant_verb(a)
            category = a.category if a.kind == "jump" else category_of(verb)
            rows.append((a.kind, verb, category, a.speed, a.posture, props.get(a.target, "actor" if a.target else None)))
        out.append(rows)
    return sorted(out)


def test_stiff_prompt_gets_every_diagnosis_and_the_guide_rewrite():
    advice = coach("A man running.")
    assert {"generic_verb", "missing_shot_type", "missing_camera_move", "missing_environment_interaction",
            "missing_timing", "high_intensity_without_negatives"} <= {d.code for d in advice.diagnostics}
    generic = next(d for d in advice.diagnostics if d.code == "generic_verb")
    assert all(w in generic.suggestion for w in ("sprinting", "jogging", "limping"))
    assert advice.enriched_prompt.startswith("A full body shot of a man sprinting")
    assert "tracking shot" in advice.enriched_prompt.lower() and "-second duration" in advice.enriched_prompt
    assert 7 <= advice.recommended_intensity <= 10
    assert {"morphing", "warping", "extra limbs", "flickering"} <= set(advice.negative_prompt.split(", "))


def test_generic_verb_suggestion_follows_context():
    assert meant_verb(parse("A terrified man running from the fire.").shots[0].actors[0].actions[0]) == "flee"
    assert meant_verb(parse("An exhausted woman running slowly.").shots[0].actors[0].actions[0]) == "trudge"
    assert meant_verb(parse("A man running slowly in the park.").shots[0].actors[0].actions[0]) == "jog"


def test_the_guides_fluid_prompt_needs_no_rewrite_of_its_parts():
    found = codes(GUIDE_SPRINT)
    assert not found & {"generic_verb", "missing_shot_type", "missing_camera_move", "missing_environment_interaction",
                        "missing_timing"}, found


def test_gestures_get_low_intensity_and_hand_negatives():
    advice = coach(GUIDE_GESTURE)
    assert 1 <= advice.recommended_intensity <= 3
    assert "extra fingers" in advice.negative_prompt and "missing_camera_move" in {d.code for d in advice.diagnostics}


@pytest.mark.parametrize("text,expected", [
    ("Close-up, wide shot of a man waving.", "conflicting_instructions"),
    ("A man sprints, slow motion, quick snap.", "conflicting_instructions"),
    ("A woman sprints, pan left and pan right, 4 seconds.", "conflicting_instructions"),
    ("A man sprints through the rain, tracking shot, 4 seconds, motion intensity 1.", "conflicting_instructions"),
    ("A man sprinting. " + "Very detailed. " * 200, "too_long"),
    ("A woman bolting down an alley, tracking shot, 4 seconds, splashing through puddles.",
     "high_intensity_without_negatives"),
])
def test_flags(text, expected):
    assert expected in codes(text)


def test_negatives_silence_the_high_intensity_flag():
    assert "high_intensity_without_negatives" not in codes(
        "A woman bolting down an alley, tracking shot, 4 seconds, no morphing, no warping, no extra limbs.")


@pytest.mark.parametrize("prompt", [c[0] for c in CASES] + ["A man running.", "Two kids running and waving.",
                                                               "A woman sitting on a park bench stands up, then turns around.",
                                                               "A soldier crouches behind a wall."],
                         ids=lambda p: p[:40])
def test_rewrite_reparses_to_the_same_actions(prompt):
    advice = coach(prompt)
    before, after = meant_actions(parse(prompt)), meant_actions(parse(advice.enriched_prompt))
    assert before == after, f"\n{advice.enriched_prompt}\nmeant {before}\nre-read {after}"
    assert len(advice.enriched_prompt) <= 2500


def test_rewrite_keeps_shot_and_setting():
    for prompt, _ in CASES[:12]:
        a, b = parse(prompt).shots[0], parse(coach(prompt).enriched_prompt).shots[0]
        assert (b.environment.setting, b.look.lighting, b.time_scale, b.duration_s) == \
               (a.environment.setting, a.look.lighting, a.time_scale, a.duration_s), coach(prompt).enriched_prompt


@pytest.mark.parametrize("prompt, says", [
    ("A man hurries down the staircase.", "path: 'hurries down the staircase'"),
    ("A woman dances in a house.", "place: 'house' rendered as"),
    ("他慢慢走下楼梯。", "path: '走下楼梯'"),
])
def test_the_coach_repeats_what_cinemotions_render_approximates(prompt, says):
    approximated = [d.message for d in coach(prompt).diagnostics if d.code == "approximated"]
    assert any(says in m for m in approximated), approximated


def test_a_prompt_rendered_as_written_has_no_approximation():
    assert "approximated" not in codes("A full body shot of a man sprinting through a neon-lit street, "
                                       "steam rising from the pavement, tracking shot, 4-second duration")
