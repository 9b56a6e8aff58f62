"""A manner word in a verb's place is the verb ("a boy laughs" is the captured laugh, with a laughing face),
and a gesture aimed at something the set doesn't hold is performed toward the front with a note."""

from __future__ import annotations

import pytest

from cinemotion.language import parse


def _reading(prompt: str) -> tuple[list, list[str]]:
    shot = parse(prompt).shots[0]
    return [a for actor in shot.actors for a in actor.actions], shot.notes


@pytest.mark.parametrize("prompt, verbs", [
    ("A boy laughs.", ["laugh"]),
    ("The kids are laughing.", ["laugh", "laugh"]),
    ("Two friends laugh together.", ["laugh", "laugh"]),
    ("A boy points at the sign and laughs.", ["point", "laugh"]),
])
def test_laughing_is_the_captured_laugh_with_joy(prompt, verbs):
    actions, _ = _reading(prompt)
    assert [a.verb for a in actions] == verbs
    assert all(a.emotion == "joy" for a in actions if a.verb == "laugh")


@pytest.mark.parametrize("prompt, verb", [("A laughing girl runs.", "run"), ("A man runs happily.", "run"),
                                          ("She walks in and happily waves.", "wave")])
def test_a_manner_word_beside_a_verb_stays_its_manner(prompt, verb):
    actions, _ = _reading(prompt)
    assert actions[-1].verb == verb and actions[-1].emotion == "joy"
    assert "laugh" not in [a.verb for a in actions]


@pytest.mark.parametrize("prompt, says", [
    ("A boy points at the sign and laughs.", "nothing in the set is the sign"),
    ("She points at the moon.", "nothing in the set is the moon"),
    ("A man gestures toward the door.", "nothing in the set is the door"),
])
def test_a_gesture_aimed_at_something_not_in_the_set_is_said(prompt, says):
    _, notes = _reading(prompt)
    assert any(n.startswith("target: ") and says in n for n in notes), notes


@pytest.mark.parametrize("prompt", ["She waves at the camera.", "He points to the left.",
                                    "A woman points at the man.", "She waves at her friend across the street."])
def test_an_aim_at_the_viewer_a_direction_or_a_person_needs_no_note(prompt):
    _, notes = _reading(prompt)
    assert not any(n.startswith("target: ") for n in notes), notes
