"""Uploads: the multipart form read only after the caller is authenticated (its bytes already
counted and cut at the limit by the admission middleware), size-limited copying to scratch,
content sniffing (never trusting the name or the declared type), Pillow's decompression-bomb
limit for images, and safe display names."""

from __future__ import annotations

import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from cinemotion.errors import InputError
from cinemotion.studio.middleware import TooLarge

IMAGE_TYPES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "WEBP": ("image/webp", ".webp")}
BVH_TYPE = ("text/plain; charset=utf-8", ".bvh")  # BVH has no registered media type
CHUNK = 1 << 16  # work bound: bytes read at a time from an upload


@dataclass
class Sniffed:
    media_type: str
    extension: str


@dataclass
class Received:
    path: Path  # the file, in scratch; the caller removes it
    filename: str | None  # as the client named it (display only)
    fields: dict[str, str]


async def receive_form(request: Request, scratch: Path, limit: int, fields: tuple[str, ...] = ()) -> Received:
    """An upload's multipart form: its `file` copied to scratch (at most `limit` bytes) and its text fields."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise InputError("file", "send the file as multipart/form-data, in a field named 'file'")
    try:
        form = await MultiPartParser(request.headers, request.stream(), max_files=1,
                                     max_fields=len(fields)).parse()
    except MultiPartException as err:
        raise InputError("file", f"malformed multipart body: {err.message}") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError("file", "attach the file in a multipart field named 'file'")
        texts = {}
        for name, value in form.multi_items():
            if name not in ("file", *fields):
                raise InputError(name, f"is not a field of this upload (expected file{''.join(', ' + f for f in fields)})")
            if name != "file":
                if not isinstance(value, str):
                    raise InputError(name, "is a text field, not a file")
                texts[name] = value
        return Received(await receive(upload, scratch, limit), upload.filename, texts)
    finally:
        await form.close()


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
        raise TooLarge(f"the upload is over the {limit} byte limit", "file")
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
