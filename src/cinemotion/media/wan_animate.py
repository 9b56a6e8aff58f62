"""Wan2.2-Animate's input bundle, as its preprocessing writes it (wan/modules/animate/preprocess).

`src_pose.mp4` (its 20-keypoint drawing: COCO-18 plus a toe per foot, on black), `src_face.mp4` (512×512 frames of
the face, the face box grown 1.3×, filmed by a camera that follows the head), `src_ref.png` (the character to animate),
and for replacement mode
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

from cinemotion.body.skeleton import J, global_rotations
from cinemotion.camera.path import CameraPath
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


def face_camera(motion, fps: float) -> CameraPath:
    """A 512×512 camera that holds the actor's face centred and upright, the face box grown 1.3× filling it.

    Wan crops its face video out of the driving frames; we film the face itself, so the crop is sharp at any
    render size and shows what the face does even when the body is small in the film.
    """
    t = table()
    size = t["face_size_px"]
    glob = global_rotations(motion.rotations)
    forward = glob[:, J["head"]] @ np.array([0.0, 0.0, 1.0])
    if motion.face is not None:
        centre = motion.face[:, :68].mean(axis=1)
    else:
        centre = motion.joints[:, J["head"]] + glob[:, J["head"]] @ np.array([0.0, 0.06, 0.06])
    distance = t["face_camera_distance_m"]
    position = centre + forward * distance
    look = -forward
    world_down = np.array([0.0, -1.0, 0.0])
    down = world_down - look * (look @ world_down)[:, None]  # world down, made square to the view
    down = down / np.linalg.norm(down, axis=1, keepdims=True)
    right = np.cross(down, look)
    rotation = np.stack([right, down, look], axis=1)
    translation = -np.einsum("fij,fj->fi", rotation, position)
    focal = np.full(len(rotation), size * distance / (t["face_height_m"] * t["face_box_scale"]))
    return CameraPath(width=size, height=size, fps=fps, rotation=rotation, translation=translation, fx=focal,
                      fy=focal.copy(), cx=size / 2, cy=size / 2,
                      focus_distance_m=np.full(len(rotation), distance), f_number=16.0)


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


def write_wan_animate(out_dir: Path, frames: Iterable, faces: Iterable[np.ndarray], people: list[PersonKeypoints],
                      encoder, *, width: int, height: int, fps: float, actor_index: int = 0) -> int:
    """Write the bundle into out_dir from rendered frames (rgb + instance), face frames and keypoints.

    `encoder(path, width, height, fps)` opens a video writer with `.write(rgb)` and `.close()`. The
    reference image is the character as the first frame shows it. Returns the frame count.
    """
    size = table()["face_size_px"]
    videos = {"src_pose": encoder(out_dir / "src_pose.mp4", width, height, fps),
              "src_face": encoder(out_dir / "src_face.mp4", size, size, fps),
              "src_bg": encoder(out_dir / "src_bg.mp4", width, height, fps),
              "src_mask": encoder(out_dir / "src_mask.mp4", width, height, fps)}
    person = people[actor_index]
    count, reference = 0, None
    for frame, face in zip(frames, faces):
        f = frame.index
        reference = frame.rgb if reference is None else reference
        mask = character_mask(frame.instance, actor_index)
        videos["src_pose"].write(draw_wan_pose(width, height, [person], f))
        videos["src_face"].write(face)
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
