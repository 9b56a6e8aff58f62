"""Shot-size framing: how far the camera stands, with which lens, where the subject sits in the frame.

Distances come from the subject's standing landmark heights (stature fractions), so a crouch or a
jump doesn't make the camera breathe; the follow of a travelling subject is smoothed without lag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal
from scipy.ndimage import maximum_filter1d

from cinemotion.body.skeleton import J, make_body
from cinemotion.camera.subject import UP, Subject, mean_facing, horizontal, presets


@dataclass
class Framing:
    """A shot size resolved for one subject and frame size."""

    bottom_m: float       # landmark heights above the subject's ground (m)
    top_m: float
    fill: float           # fraction of the frame height the span fills
    headroom: float
    focal_mm: float
    anchor: str = "ground"  # "ground": held on the feet's ground and pelvis; "head": on the head itself

    @property
    def span_m(self) -> float:
        return self.top_m - self.bottom_m

    @property
    def centre_m(self) -> float:
        return 0.5 * (self.top_m + self.bottom_m)

    def centre_row(self, height_px: int) -> float:
        """Pixel row where the span's centre sits."""
        return (self.headroom + 0.5 * self.fill) * height_px


def shot_framing(shot_type: str, subject: Subject) -> Framing:
    table = presets()
    size = table["shot_types"][shot_type]
    marks = table["landmarks"]
    return Framing(bottom_m=marks[size["bottom"]] * subject.height_m,
                   top_m=marks[size["top"]] * subject.tallest_m if size["top"] == "head_top"
                   else marks[size["top"]] * subject.height_m,
                   fill=size["fill"], headroom=size["headroom"], focal_mm=float(size["focal_mm"]),
                   anchor=size["anchor"])


def focal_px(focal_mm: np.ndarray | float, width: int, height: int) -> np.ndarray:
    """Focal length in pixels: the sensor's long side (36 mm) spans the frame's long side."""
    return np.asarray(focal_mm, dtype=float) * max(width, height) / presets()["sensor_long_side_mm"]


def camera_side(subject: Subject) -> np.ndarray:
    """Unit horizontal direction from the subject toward the camera.

    A travelling subject (or one climbing steps, however short its way) is filmed from the side so it
    crosses the frame left to right, turned a little toward where it goes; a standing one from a
    three-quarter front view.
    """
    view = presets()["viewpoint"]
    travel = subject.travel
    rise = subject.rise()
    climbs = rise[-1] - rise[0] >= view["climbing_min_rise_m"] and np.linalg.norm(travel) > 0
    if np.linalg.norm(travel) >= view["moving_min_travel_m"] or climbs:
        ahead = travel / np.linalg.norm(travel)
        side = np.cross(ahead, UP)  # camera right = travel direction
        bias = np.radians(view["front_bias_deg"])
        return np.cos(bias) * side + np.sin(bias) * ahead
    front = mean_facing(subject.principal.joints)
    turn = np.radians(view["three_quarter_deg"])
    right_of_subject = np.cross(front, UP)
    return np.cos(turn) * front + np.sin(turn) * right_of_subject


def framed_centres(subject: Subject, framing: Framing, fps: float) -> np.ndarray:
    """(F, 3) the centre of the framed span per frame.

    Ground anchor: the group's middle on the floor, lifted by the span's standing height plus the
    subject's rise off the ground (a jump, a rooftop). Head anchor: the principal's head, offset to
    the span's centre, so a lean or a crouch keeps the face in a close shot.
    """
    if framing.anchor == "head":
        head = subject.principal.joints[:, J["head"]]
        return head + UP * (framing.centre_m - make_body(subject.height_m).rest[J["head"], 1])
    table = presets()["follow"]
    # The frame holds the top of a jump: take the rise's envelope over the follow's own time scale, so
    # the smoothed follow is already up when the body peaks instead of cutting the head off mid-air.
    hold = max(1, int(round(fps * table["jump_hold_s"])))
    rise = maximum_filter1d(subject.rise(), size=2 * hold + 1, mode="nearest") * table["vertical_gain"]
    ground = subject.ground_points()
    middle = 0.5 * (ground.min(axis=1) + ground.max(axis=1))
    return middle + UP * (rise + framing.centre_m)[:, None]


def follow(track: np.ndarray, fps: float, anchor: str = "ground") -> np.ndarray:
    """A critically damped follow of a (F, 3) point, run forward and backward (zero lag).

    Gait bounce and sway (steps at 1.8–3.5 Hz) are filtered out; the walk's progress is kept.
    A head-anchored (close) frame follows height changes faster.
    """
    table = presets()["follow"]
    vertical_hz = table["head_vertical_hz"] if anchor == "head" else table["vertical_hz"]
    out = track.astype(float).copy()
    for axes, hz in (((0, 2), table["horizontal_hz"]), ((1,), vertical_hz)):
        omega = 2 * np.pi * hz
        b, a = signal.bilinear([omega**2], [1.0, 2 * omega, omega**2], fs=fps)
        pad = min(3 * max(len(a), len(b)), len(track) - 1)
        if pad < 1:
            continue
        for axis in axes:
            out[:, axis] = signal.filtfilt(b, a, track[:, axis], padlen=pad)
    return out


def distance_for(framing: Framing, focal_mm: float, width: int, height: int) -> float:
    """Distance at which the span fills its fraction of the frame height, seen square on."""
    return float(focal_px(focal_mm, width, height) * framing.span_m / (framing.fill * height))


def distance_to_fit(extent_m: float, focal_mm: float, width: int, height: int) -> float:
    """Distance at which a horizontal extent fits the group width of the frame."""
    return float(focal_px(focal_mm, width, height) * extent_m / (presets()["group_width_fill"] * width))


def across_extent(points: np.ndarray, side: np.ndarray) -> float:
    """Spread (m) of world points (N, 3) across the view (along camera right)."""
    right = np.cross(-side, UP)
    across = horizontal(points) @ right
    return float(np.ptp(across))


def composition_column(composition: str, screen_travel: float, width: int) -> float:
    """Pixel column of the subject: centred or on a third, with lead room ahead of its travel or gaze.

    screen_travel: > 0 when the subject moves (or looks) toward screen right, < 0 left (metres, or the
    facing's unit component), ~0 neither.
    """
    rule = presets()["composition"][composition]
    direction = np.sign(screen_travel) if abs(screen_travel) > 0.05 else 0.0  # square on: no side
    if composition == "rule_of_thirds":
        x = rule["x"] if direction >= 0 else 1.0 - rule["x"]
    else:
        x = rule["x"] - rule["lead"] * direction
    return float(x * width)
