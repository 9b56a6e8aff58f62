"""Uploads: size-limited streaming to scratch, content sniffing (never trusting the name or the
declared type), Pillow's decompression-bomb limit for images, and safe display names."""

from __future__ import annotations

import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from cinemotion.errors import InputError

IMAGE_TYPES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "WEBP": ("image/webp", ".webp")}
BVH_TYPE = ("text/plain; charset=utf-8", ".bvh")  # BVH has no registered media type
CHUNK = 1 << 16


class TooLarge(Exception):
    pass


@dataclass
class Sniffed:
    media_type: str
    extension: str


async def receive(upload, scratch: Path, limit: int) -> Path:
    """Copy an UploadFile to a scratch file, refusing more than `limit` bytes."""
    scratch.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=scratch, suffix=".upload")
    size = 0
    with open(fd, "wb") as out:
        while (chunk := await upload.read(CHUNK)) and size + len(chunk) <= limit:
            size += len(chunk)
            out.write(chunk)
    if chunk:
        Path(name).unlink(missing_ok=True)
        raise TooLarge(f"upload is larger than the {limit} byte limit")
    return Path(name)


def sniff_image(path: Path, max_pixels: int) -> Sniffed:
    """A PNG, JPEG or WebP whose pixel count is within `max_pixels` (checked before decoding)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_TYPES:
                    raise InputError("file", f"{image.format} images are not accepted (PNG, JPEG or WebP)")
                width, height = image.size
                if width * height > max_pixels:
                    raise InputError("file", f"image is {width}x{height}: more than {max_pixels} pixels")
                image.verify()
            with Image.open(path) as image:
                image.load()  # verify() skips pixel data; a truncated image fails here
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise InputError("file", f"not an accepted image: {err}") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise InputError("file", f"damaged image: {err}") from None
    media_type, extension = IMAGE_TYPES[image.format]
    return Sniffed(media_type, extension)


def sniff_bvh(path: Path) -> Sniffed:
    """Biovision hierarchy text: HIERARCHY … ROOT … MOTION … Frames: n."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("file", "a BVH file is plain text; this is binary") from None
    head = text.lstrip()
    if not head.startswith("HIERARCHY") or "ROOT" not in head or "MOTION" not in head:
        raise InputError("file", "not a BVH file (expected HIERARCHY, ROOT and MOTION sections)")
    if not re.search(r"^\s*Frames:\s*\d+", head, re.MULTILINE):
        raise InputError("file", "BVH MOTION section has no 'Frames:' count")
    return Sniffed(*BVH_TYPE)


def display_name(filename: str | None, extension: str, fallback: str) -> str:
    """A file name safe to show and to store: the last path part, plain characters, the sniffed extension."""
    stem = Path((filename or "").replace("\\", "/")).name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(stem).stem).strip("._")[:80] or fallback
    return stem + extension
