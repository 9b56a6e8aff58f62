"""Characters from reference photographs: body proportions and per-region colours (the `reference` extra).

    # 1. Validate the uploads (1–4 images, image types, size) and decode them
    # 2. Per image: MediaPipe pose landmarks (image and world) and the person mask (selfie segmentation)
    # 3. Per body region (torso, legs, feet, face, hair): the person's pixels inside a capsule between landmarks;
    #    the region's dominant colour by k-means in Lab, pooled over every image that shows it
    # 4. Proportions: segment lengths from the world landmarks (metres at the estimator's model scale)
    # 5. The Character: the description's (or the seed's) traits, overridden by what the images show

MediaPipe 0.10.14 carries its models inside the wheel and runs offline on CPU through `mediapipe.solutions`;
it is imported only here, so the core package works without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from scipy.ndimage import binary_dilation

from cinemotion.core.tables import load_table
from cinemotion.core.color import delta_e, dominant_lab, lab_to_srgb, rgb_to_hex, srgb_to_lab
from cinemotion.errors import InputError
from cinemotion.language.character import describe_character
from cinemotion.spec.models import Character

MAX_IMAGES = 4  # input limit: reference photos per character (front, side, back and one more)
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp")


@cache
def table() -> dict:
    return load_table("language/reference.yaml")


@dataclass
class ImageReading:
    """What one photograph shows. Points are pixels (x, y); world points metres (MediaPipe's model scale)."""

    points: np.ndarray  # (33, 2)
    visibility: np.ndarray  # (33,)
    world: np.ndarray  # (33, 3)
    person: np.ndarray  # (H, W) bool
    regions: dict[str, np.ndarray] = field(default_factory=dict)  # region → (H, W) bool, person pixels only


@dataclass
class ReferenceReading:
    """What a set of reference photographs shows, pooled over the images."""

    colors_lab: dict[str, np.ndarray]  # region (torso, legs, feet, face, hair) → Lab
    segments_m: dict[str, float]  # segment → length in metres (MediaPipe world scale)
    hair_style: str | None
    images: list[ImageReading]

    def color_hex(self, region: str) -> str | None:
        lab = self.colors_lab.get(region)
        return None if lab is None else rgb_to_hex(lab_to_srgb(lab))


def check_uploads(paths: list[Path]) -> list[Path]:
    """Refuse what cannot be a set of reference photographs, naming the field."""
    if not isinstance(paths, (list, tuple)) or not paths:
        raise InputError("reference_images", "give 1 to 4 reference images")
    if len(paths) > MAX_IMAGES:
        raise InputError("reference_images", f"{len(paths)} images given; at most {MAX_IMAGES} "
                                             "(front, side, back, three-quarter)")
    checked = []
    for p in map(Path, paths):
        if p.suffix.lower() not in IMAGE_SUFFIXES:
            raise InputError("reference_images", f"{p.name}: not an image type we read ({', '.join(IMAGE_SUFFIXES)})")
        if not p.is_file():
            raise InputError("reference_images", f"no such image: {p}")
        if p.stat().st_size > MAX_IMAGE_BYTES:
            raise InputError("reference_images", f"{p.name} is larger than {MAX_IMAGE_BYTES // 2**20} MiB")
        checked.append(p)
    return checked


def read_image(path: Path) -> np.ndarray:
    """RGB (H, W, 3) uint8 of an image file, at most `max_side_px` on its longer side."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if stream.width * stream.height > MAX_IMAGE_PIXELS:
                raise InputError("reference_images", f"{path.name} is {stream.width}x{stream.height}: too many pixels")
            frame = next(container.decode(stream))
    except (av.error.FFmpegError, StopIteration, IndexError):
        raise InputError("reference_images", f"{path.name} is not a readable image") from None
    side = table()["max_side_px"]
    scale = min(1.0, side / max(frame.width, frame.height))
    if scale < 1.0:
        frame = frame.reformat(width=round(frame.width * scale) // 2 * 2, height=round(frame.height * scale) // 2 * 2)
    return frame.to_ndarray(format="rgb24")


def _capsule(shape: tuple[int, int], a: np.ndarray, b: np.ndarray, radius: float) -> np.ndarray:
    """Pixels within `radius` of the segment a–b."""
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
    p = np.stack([xx, yy], axis=-1).astype(float)
    ab = b - a
    t = np.clip(((p - a) @ ab) / max(float(ab @ ab), 1e-9), 0.0, 1.0)
    return np.linalg.norm(p - (a + t[..., None] * ab), axis=-1) <= radius


def _region_masks(r: ImageReading) -> dict[str, np.ndarray]:
    """Capsules between landmarks (reference.yaml `regions`), cut to the person's pixels."""
    t, lm, cfg = table(), table()["landmarks"], table()["regions"]
    pt = {name: r.points[i] for name, i in lm.items()}
    seen = {name: r.visibility[i] >= t["visible"] for name, i in lm.items()}
    shape = r.person.shape
    out: dict[str, np.ndarray] = {}
    shoulders = 0.5 * (pt["left_shoulder"] + pt["right_shoulder"])
    hips = 0.5 * (pt["left_hip"] + pt["right_hip"])
    breadth = float(np.linalg.norm(pt["left_shoulder"] - pt["right_shoulder"]))
    if seen["left_shoulder"] and seen["right_shoulder"]:
        c = cfg["torso"]
        top = shoulders + c["shrink_top"] * (hips - shoulders)
        bottom = hips - c["shrink_bottom"] * (hips - shoulders)
        out["torso"] = _capsule(shape, top, bottom, c["radius_of_shoulders"] * breadth)
    legs = np.zeros(shape, bool)
    feet = np.zeros(shape, bool)
    for s in ("left", "right"):
        for a, b in ((f"{s}_hip", f"{s}_knee"), (f"{s}_knee", f"{s}_ankle")):
            if seen[a] and seen[b]:
                length = float(np.linalg.norm(pt[b] - pt[a]))
                legs |= _capsule(shape, pt[a], pt[b], cfg["legs"]["radius_of_segment"] * length)
        if seen[f"{s}_heel"] and seen[f"{s}_foot_index"]:
            a, b = pt[f"{s}_heel"], pt[f"{s}_foot_index"]
            feet |= _capsule(shape, a, b, cfg["feet"]["radius_of_segment"] * float(np.linalg.norm(b - a)))
    out["legs"], out["feet"] = legs, feet
    if all(seen[k] for k in ("left_eye", "right_eye", "mouth_left", "mouth_right", "left_ear", "right_ear")):
        ears = float(np.linalg.norm(pt["left_ear"] - pt["right_ear"]))
        eyes = 0.5 * (pt["left_eye"] + pt["right_eye"])
        mouth = 0.5 * (pt["mouth_left"] + pt["mouth_right"])
        out["face"] = _capsule(shape, eyes, mouth, cfg["face"]["radius_of_ears"] * ears)
        h = cfg["hair"]
        up = eyes - mouth
        up /= max(np.linalg.norm(up), 1e-9)
        brow = eyes + up * h["brow_above_eyes_of_ears"] * ears
        yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
        rel = np.stack([xx, yy], axis=-1) - brow
        above = rel @ up > 0
        beside = np.abs(rel @ np.array([-up[1], up[0]])) <= h["span_of_ears"] * ears
        out["hair"] = above & beside
    return {name: m & r.person for name, m in out.items()}


def read_pose(image: np.ndarray, pose) -> ImageReading | None:
    """Landmarks and person mask of one image; None when no person is found."""
    result = pose.process(image)
    if result.pose_landmarks is None:
        return None
    h, w = image.shape[:2]
    lms = result.pose_landmarks.landmark
    points = np.array([[lm.x * w, lm.y * h] for lm in lms])
    visibility = np.array([lm.visibility for lm in lms])
    # landmarks outside the frame are the model's guesses, not observations
    inside = (points[:, 0] >= 0) & (points[:, 0] < w) & (points[:, 1] >= 0) & (points[:, 1] < h)
    world = np.array([[lm.x, -lm.y, -lm.z] for lm in result.pose_world_landmarks.landmark])  # to Y up
    person = result.segmentation_mask > table()["person"]
    reading = ImageReading(points=points, visibility=np.where(inside, visibility, 0.0), world=world, person=person)
    reading.regions = _region_masks(reading)
    return reading


def _segments(readings: list[ImageReading]) -> dict[str, float]:
    t, lm = table(), table()["landmarks"]
    out = {}
    for name, pairs in t["segments"].items():
        pairs = pairs if isinstance(pairs[0], list) else [pairs]
        lengths = [float(np.linalg.norm(r.world[lm[a]] - r.world[lm[b]])) for r in readings for a, b in pairs
                   if min(r.visibility[lm[a]], r.visibility[lm[b]]) >= t["visible"]]
        if lengths:
            out[name] = float(np.median(lengths))
    return out


def _hair_style(readings: list[ImageReading], hair: np.ndarray, skin: np.ndarray | None) -> str:
    """Bald when the top of the head is skin-coloured; long when hair-coloured pixels fall well below the mouth."""
    h, lm = table()["regions"]["hair"], table()["landmarks"]
    if skin is not None and delta_e(hair, skin) < h["bald_skin_de"]:
        return "bald"
    for r, image in readings:
        mouth = 0.5 * (r.points[lm["mouth_left"]] + r.points[lm["mouth_right"]])
        shoulders = 0.5 * (r.points[lm["left_shoulder"]] + r.points[lm["right_shoulder"]])
        ears = float(np.linalg.norm(r.points[lm["left_ear"]] - r.points[lm["right_ear"]]))
        rows = np.arange(int(mouth[1]), min(int(shoulders[1]), image.shape[0]))
        if len(rows) < 2:
            continue
        # beside the neck, where long hair falls and short hair does not
        offset = np.abs(np.arange(image.shape[1]) - mouth[0])
        beside = (offset > h["neck_half_of_ears"] * ears) & (offset < h["span_of_ears"] * 1.6 * ears)
        band = image[rows][:, beside]
        hairy = (delta_e(srgb_to_lab(band), hair) < h["same_colour_de"]) & r.person[rows][:, beside]
        reach = rows[hairy.mean(axis=1) >= h["long_row_fraction"]]
        if len(reach) and (reach.max() - mouth[1]) > h["long_below_mouth"] * (shoulders[1] - mouth[1]):
            return "long"
    return "short"


def _foreground(image: np.ndarray, region: np.ndarray, person: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The region's pixels, less those coloured like the background around it.

    The person mask bleeds a few pixels into the floor and the wall; where the region borders them, pixels of
    the background's dominant colour are the surroundings, not the clothes.
    """
    cfg = table()["background"]
    if region.sum() < table()["min_region_px"]:
        return image[region]
    ring = binary_dilation(region, iterations=cfg["ring_px"]) & ~person
    if ring.sum() < table()["min_region_px"]:
        return image[region]
    background = dominant_lab(image[ring], rng)
    pixels = image[region]
    keep = delta_e(srgb_to_lab(pixels), background) >= cfg["same_as_background_de"]
    return pixels[keep] if keep.sum() >= table()["min_region_px"] else pixels


def read_references(images: list[np.ndarray], *, rng: np.random.Generator) -> ReferenceReading:
    """Regions' colours, segment lengths and hair style from RGB photographs of one person."""
    try:
        import mediapipe as mp
    except ImportError:
        raise InputError("reference_images", "reading reference images needs the `reference` extra "
                                             "(pip install 'cinemotion[reference]')") from None
    readings: list[tuple[ImageReading, np.ndarray]] = []
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1, enable_segmentation=True) as pose:
        for image in images:
            reading = read_pose(np.ascontiguousarray(image[..., :3]), pose)
            if reading is not None:
                readings.append((reading, image))
    if not readings:
        raise InputError("reference_images", "no person found in the reference images")
    colors = {}
    for region in ("torso", "legs", "feet", "face", "hair"):
        pixels = [_foreground(image, r.regions[region], r.person, rng) for r, image in readings
                  if region in r.regions]
        pixels = [p for p in pixels if len(p) >= table()["min_region_px"]]
        if pixels:
            colors[region] = dominant_lab(np.concatenate(pixels), rng)
    style = None
    if "hair" in colors:
        style = _hair_style([(r, im) for r, im in readings if "hair" in r.regions], colors["hair"], colors.get("face"))
    only = [r for r, _ in readings]
    return ReferenceReading(colors_lab=colors, segments_m=_segments(only), hair_style=style, images=only)


def character_from_images(paths: list[Path], *, character_id: str, description: str = "",
                          rng: np.random.Generator) -> Character:
    """A Character whose colours and hair are what the 1–4 reference images show (see module docstring).

    Height and build come from the description (or the seed's draw): a photograph alone has no scale, and the
    silhouette's breadth did not tell our own renders' builds apart (clothes and arms at the waist).
    """
    paths = check_uploads(paths)
    base = describe_character(description, character_id=character_id, rng=rng)
    reading = read_references([read_image(p) for p in paths], rng=rng)
    clothing = base.clothing.model_copy(update={k: v for k, v in {
        "top_color": reading.color_hex("torso"), "bottom_color": reading.color_hex("legs"),
        "shoes_color": reading.color_hex("feet")}.items() if v})
    looks = {"skin_color": reading.color_hex("face"), "hair_style": reading.hair_style}
    if reading.hair_style != "bald":
        looks["hair_color"] = reading.color_hex("hair")
    return base.model_copy(update={"clothing": clothing, "reference_images": [str(p) for p in paths],
                                   **{k: v for k, v in looks.items() if v}})
