"""Wan2.2-Animate's input bundle, as its preprocessing writes it (wan/modules/animate/preprocess).

`src_pose.mp4` (its 20-keypoint drawing: COCO-18 plus a toe per foot, on black), `src_face.mp4` (512×512 crops of
the face, the face box grown 1.3×), `src_ref.png` (the character to animate), and for replacement mode
`src_bg.mp4` (the frame with the character blanked) and `src_mask.mp4` (white where the character is), all at
30 fps and one size divisible by 16. `segments.json` gives the 77-frame windows Wan generates, each starting on
the last frame of the one before (refert_num 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from cinemotion.media.formats import formats
from cinemotion.media.openpose import PersonKeypoints
from cinemotion.media.pose_video import HAND_COLORS, HAND_EDGES, _disc, _ellipse


def table() -> dict:
    return formats()["wan_animate"]


def wan_keypoints(person: PersonKeypoints, frame: int) -> np.ndarray:
    """(20, 3) pixels: COCO-18, then each foot's toe as the mean of its big and small toe (Wan's split)."""
    feet = person.feet[frame]
    toes = []
    for big, small in ((0, 1), (3, 4)):  # FEET order: left big, left small, left heel, right big, …
        both = feet[big, 2] > 0 and feet[small, 2] > 0
        toes.append(np.r_[(feet[big, :2] + feet[small, :2]) / 2, 1.0] if both else np.zeros(3))
    return np.concatenate([person.body[frame], np.array(toes)])


def draw_wan_pose(width: int, height: int, people: list[PersonKeypoints], frame: int) -> np.ndarray:
    """One frame of Wan-Animate's pose drawing (draw_aapose_new with hands, v2 stick width)."""
    t = table()
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    stick = max(int(min(width, height) / 200) - 1, 1)
    for person in people:
        points = wan_keypoints(person, frame)
        for (i, j), color in zip(t["limbs"], t["colors"]):
            a, b = points[i - 1], points[j - 1]
            if a[2] > 0 and b[2] > 0:
                draw.polygon(_ellipse(a[:2], b[:2], stick), fill=tuple(int(c * t["limb_shade"]) for c in color))
        for point, color in zip(points, t["colors"]):
            if point[2] > 0:
                _disc(draw, point, stick, color)
        for hand in person.hands[frame]:
            for (i, j), color in zip(HAND_EDGES, HAND_COLORS):
                if hand[i, 2] > 0 and hand[j, 2] > 0:
                    draw.line([tuple(hand[i, :2]), tuple(hand[j, :2])], fill=color, width=t["hand_stick_px"])
            for p in hand[hand[:, 2] > 0]:
                _disc(draw, p, t["hand_stick_px"], (0, 0, 255))
    return np.asarray(image)


def face_box(person: PersonKeypoints, frame: int, width: int, height: int) -> tuple[int, int, int, int] | None:
    """The face's square box grown 1.3× (x0, y0, x1, y1), clipped to the frame; None when no face point shows."""
    face = person.face[frame]
    visible = face[face[:, 2] > 0, :2]
    if len(visible) < 3:
        return None
    low, high = visible.min(axis=0), visible.max(axis=0)
    centre, half = (low + high) / 2, max(high - low) / 2 * table()["face_box_scale"]
    x0, y0 = np.floor(np.maximum(centre - half, 0)).astype(int)
    x1, y1 = np.ceil(np.minimum(centre + half, [width, height])).astype(int)
    return (x0, y0, x1, y1) if x1 - x0 >= 2 and y1 - y0 >= 2 else None


def face_crop(rgb: np.ndarray, box: tuple[int, int, int, int] | None) -> np.ndarray:
    size = table()["face_size_px"]
    if box is None:
        return np.zeros((size, size, 3), np.uint8)
    x0, y0, x1, y1 = box
    return np.asarray(Image.fromarray(rgb[y0:y1, x0:x1]).resize((size, size), Image.BICUBIC))


def character_mask(instance: np.ndarray, actor_index: int) -> np.ndarray:
    """White where the character is, grown a few pixels as Wan's get_aug_mask grows its SAM mask."""
    mask = instance == actor_index + 1
    grow = max(1, round(min(instance.shape) / 100))
    return ndimage.binary_dilation(mask, iterations=grow)


def segments(n_frames: int) -> list[dict]:
    """The windows Wan2.2-Animate generates: 77 frames each, the next starting on the last one kept."""
    t = table()
    clip, overlap = t["clip_frames"], t["reference_frames"]
    out, start = [], 0
    while start + overlap < n_frames or not out:
        out.append({"start": start, "end": start + clip, "real_end": min(start + clip, n_frames)})
        start += clip - overlap
    return out


def write_wan_animate(out_dir: Path, frames: Iterable, people: list[PersonKeypoints], reference: np.ndarray,
                      encoder, *, width: int, height: int, fps: float, actor_index: int = 0) -> int:
    """Write the bundle into out_dir from rendered frames (rgb + instance) and projected keypoints.

    `encoder(path, width, height, fps)` opens a video writer with `.write(rgb)` and `.close()`.
    Returns the frame count.
    """
    size = table()["face_size_px"]
    videos = {"src_pose": encoder(out_dir / "src_pose.mp4", width, height, fps),
              "src_face": encoder(out_dir / "src_face.mp4", size, size, fps),
              "src_bg": encoder(out_dir / "src_bg.mp4", width, height, fps),
              "src_mask": encoder(out_dir / "src_mask.mp4", width, height, fps)}
    person = people[actor_index]
    count = 0
    for frame in frames:
        f = frame.index
        mask = character_mask(frame.instance, actor_index)
        videos["src_pose"].write(draw_wan_pose(width, height, [person], f))
        videos["src_face"].write(face_crop(frame.rgb, face_box(person, f, width, height)))
        videos["src_bg"].write(np.where(mask[..., None], 0, frame.rgb).astype(np.uint8))
        videos["src_mask"].write(np.repeat((mask * 255).astype(np.uint8)[..., None], 3, axis=2))
        count += 1
    for video in videos.values():
        video.close()
    Image.fromarray(reference).save(out_dir / "src_ref.png")
    (out_dir / "segments.json").write_text(json.dumps({
        "fps": fps, "frames": count, "clip_len": table()["clip_frames"],
        "refert_num": table()["reference_frames"], "segments": segments(count)}, indent=2))
    return count
