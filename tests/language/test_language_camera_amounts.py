"""How much a camera move moves (CameraMove.amount): degrees for pan/tilt/orbit, a ratio for zoom and dolly,
metres for a crane, read from the move's own clause and never mistaken for a time."""

from __future__ import annotations

import pytest

from cinemotion.language import parse


@pytest.mark.parametrize("text,moves", [
    ("The camera pans 45 degrees to the left.", [("pan_left", 45.0)]),
    ("A 30° tilt down onto the street.", [("tilt_down", 30.0)]),
    ("Slow 2x zoom on her face.", [("zoom_in", 2.0)]),
    ("The camera zooms in 1.5x over 5 seconds.", [("zoom_in", 1.5)]),
    ("Dolly out x3 from the boxer.", [("dolly_out", 3.0)]),
    ("Orbit 360 degrees around the dancer.", [("orbit", 360.0)]),
    ("Orbit 90 degrees clockwise around the dancer.", [("orbit", -90.0)]),
    ("Orbit 90 degrees counter-clockwise around the dancer.", [("orbit", 90.0)]),
    ("The camera circles her twice.", [("orbit", 720.0)]),
    ("Crane shot rising 3 meters above the crowd.", [("crane_up", 3.0)]),
    ("Crane down ten feet to a boy.", [("crane_down", 3.048)]),
    ("Pan right 90 degrees, then tilt up 20 degrees.", [("pan_right", 90.0), ("tilt_up", 20.0)]),
    ("Tracking shot, then crane up 5 m.", [("tracking", None), ("crane_up", 5.0)]),
    ("A man walks, dolly in.", [("dolly_in", None)]),
])
def test_move_amounts_in_the_moves_unit(text, moves):
    camera = parse(text).shots[0].camera
    assert [(c.move, c.amount if c.amount is None else round(c.amount, 3)) for c in camera] == moves


def test_an_amount_is_not_a_time():
    shot = parse("A woman waits as the camera cranes up 3m.").shots[0]
    assert shot.duration_s == 5.0 and shot.camera[0].amount == 3.0


def test_a_move_named_twice_keeps_the_time_given_with_either_mention():
    shot = parse("Dolly zoom on a terrified man in a hallway, 3-second dolly zoom.").shots[0]
    assert [(c.move, c.duration_s) for c in shot.camera] == [("dolly_zoom", 3.0)]
    shot = parse("The camera pans left to right across the beach, 4-second pan.").shots[0]
    assert [(c.move, c.duration_s) for c in shot.camera] == [("pan_right", 4.0)]
