"""The pose control video: OpenPose skeletons drawn the way ControlNet's annotator draws them.

Limb order, colours and shapes follow controlnet_aux's `draw_bodypose` / `draw_handpose` /
`draw_facepose` (OpenPose's COCO-18 palette; limbs as ellipses at 60 % colour, joints as discs;
hand bones in a rainbow by bone index with blue joints; face points white). Sizes are those of the
annotator at its 512-pixel working resolution, scaled with the canvas. style="wan" adds the
DWPose feet (big toe, small toe, heel) that Wan-Animate's pose videos carry.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageDraw

from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.errors import InputError
from cinemotion.media.openpose import PersonKeypoints, project_people
from cinemotion.motion.performance import Performance

# 1-based COCO-18 pairs, in the annotator's drawing order; the i-th limb takes the i-th colour.
LIMBS = ((2, 3), (2, 6), (3, 4), (4, 5), (6, 7), (7, 8), (2, 9), (9, 10), (10, 11), (2, 12), (12, 13),
         (13, 14), (2, 1), (1, 15), (15, 17), (1, 16), (16, 18))
COLORS = ((255, 0, 0), (255, 85, 0), (255, 170, 0), (255, 255, 0), (170, 255, 0), (85, 255, 0), (0, 255, 0),
          (0, 255, 85), (0, 255, 170), (0, 255, 255), (0, 170, 255), (0, 85, 255), (0, 0, 255), (85, 0, 255),
          (170, 0, 255), (255, 0, 255), (255, 0, 170), (255, 0, 85))
# Feet (1-based over COCO-18 + FEET): ankle → big toe, small toe, heel; coloured like the shank they end.
FOOT_LIMBS = ((14, 19), (14, 20), (14, 21), (11, 22), (11, 23), (11, 24))
FOOT_COLORS = (COLORS[12],) * 3 + (COLORS[9],) * 3
# OpenPose hand-21 edges, each drawn in its own hue around the colour wheel
HAND_EDGES = ((0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (5, 6), (6, 7), (7, 8), (0, 9), (9, 10), (10, 11),
              (11, 12), (0, 13), (13, 14), (14, 15), (15, 16), (0, 17), (17, 18), (18, 19), (19, 20))
HAND_COLORS = tuple(tuple(int(round(c * 255)) for c in colorsys.hsv_to_rgb(i / len(HAND_EDGES), 1.0, 1.0))
                    for i in range(len(HAND_EDGES)))
STYLES = ("controlnet", "wan")
ANNOTATOR_RESOLUTION = 512  # the short side the annotator draws at; its pixel sizes are for this
STICK_WIDTH, BODY_RADIUS, HAND_WIDTH, HAND_RADIUS, FACE_RADIUS = 4, 4, 2, 4, 3  # format: the annotator's pixel sizes


def _ellipse(a: np.ndarray, b: np.ndarray, half_width: float) -> list[tuple[float, float]]:
    """The polygon of the annotator's limb: an ellipse spanning a→b, `half_width` across."""
    centre, along = (a + b) / 2, (b - a) / 2
    across = np.array([-along[1], along[0]])
    across = across / max(np.linalg.norm(across), 1e-9) * half_width
    theta = np.linspace(0.0, 2 * np.pi, 48, endpoint=False)[:, None]
    return [tuple(p) for p in centre + np.cos(theta) * along + np.sin(theta) * across]


def _disc(draw: ImageDraw.ImageDraw, p: np.ndarray, radius: float, color) -> None:
    draw.ellipse([p[0] - radius, p[1] - radius, p[0] + radius, p[1] + radius], fill=tuple(color))


def draw_person(draw: ImageDraw.ImageDraw, person: PersonKeypoints, frame: int, scale: float, style: str) -> None:
    """One person's skeleton: body limbs, body joints, then hands and face, in the annotator's order."""
    points = np.concatenate([person.body[frame], person.feet[frame]])
    limbs, colors = LIMBS, COLORS[:len(LIMBS)]
    if style == "wan":
        limbs, colors = LIMBS + FOOT_LIMBS, colors + FOOT_COLORS
    for (i, j), color in zip(limbs, colors):
        a, b = points[i - 1], points[j - 1]
        if a[2] > 0 and b[2] > 0:
            draw.polygon(_ellipse(a[:2], b[:2], STICK_WIDTH * scale), fill=tuple(int(c * 0.6) for c in color))
    n_points = len(points) if style == "wan" else len(COLORS)
    for k in range(n_points):
        if points[k, 2] > 0:
            _disc(draw, points[k], BODY_RADIUS * scale, COLORS[k] if k < len(COLORS) else FOOT_COLORS[k - 18])
    for hand in person.hands[frame]:
        for (i, j), color in zip(HAND_EDGES, HAND_COLORS):
            if hand[i, 2] > 0 and hand[j, 2] > 0:
                draw.line([tuple(hand[i, :2]), tuple(hand[j, :2])], fill=color, width=max(1, round(HAND_WIDTH * scale)))
        for p in hand[hand[:, 2] > 0]:
            _disc(draw, p, HAND_RADIUS * scale, (0, 0, 255))
    for p in person.face[frame][person.face[frame][:, 2] > 0]:
        _disc(draw, p, FACE_RADIUS * scale, (255, 255, 255))


class PoseDrawing:
    """A shot's pose frames one at a time, in any order (a render worker draws its own frames):
    `drawing.frame(f)` is the (H, W, 3) uint8 pose frame f on black."""

    def __init__(self, performance: Performance, camera: CameraPath, style: str = "controlnet"):
        if style not in STYLES:
            raise InputError("pose style", f"{style!r} is not one of {', '.join(STYLES)}")
        self.people, self.size, self.style = project_people(performance, camera), (camera.width, camera.height), style
        self.scale = max(min(self.size) / ANNOTATOR_RESOLUTION, 0.5)

    def frame(self, f: int) -> np.ndarray:
        image = Image.new("RGB", self.size)
        draw = ImageDraw.Draw(image)
        for person in self.people:
            draw_person(draw, person, f, self.scale, self.style)
        return np.asarray(image)


def pose_frames(shot: ShotPlan, performance: Performance, camera: CameraPath, *,
                style: str = "controlnet") -> Iterator[np.ndarray]:
    """(H, W, 3) uint8 pose frames of the shot, black background, one per frame, in order."""
    drawing = PoseDrawing(performance, camera, style)
    for frame in range(min(performance.n_frames, camera.n_frames)):
        yield drawing.frame(frame)
