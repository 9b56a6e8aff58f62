"""Content-addressed file storage on disk or any fsspec URL.

Keys are derived from the SHA-256 of the bytes, never from user-supplied names, so an
upload cannot traverse paths; a blob is written to a temporary name and renamed into
place, so a killed writer never leaves a truncated blob under a final key.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

import fsspec
from fsspec.implementations.local import LocalFileSystem

CHUNK = 1 << 20  # work bound: bytes read at a time while a file is stored and hashed


class Storage:
    def __init__(self, url: str):
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/")
        self.fs.makedirs(self.root, exist_ok=True)

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    def _path(self, key: str) -> str:
        return f"{self.root}/{key}"

    def local_path(self, key: str) -> Path | None:
        return Path(self._path(key)) if self.is_local else None

    def put_file(self, source: str | Path) -> tuple[str, str, int]:
        """Store a file's bytes; returns (key, sha256, size). Storing the same bytes twice is free."""
        sha = hashlib.sha256()
        size = 0
        with open(source, "rb") as fh:
            while chunk := fh.read(CHUNK):
                sha.update(chunk)
                size += len(chunk)
        digest = sha.hexdigest()
        key = f"sha256/{digest[:2]}/{digest}"
        final = self._path(key)
        if not self.fs.exists(final):
            self.fs.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
            temporary = f"{final}.{uuid.uuid4().hex}.part"
            if self.is_local:
                shutil.copyfile(source, temporary)
                with open(temporary, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(temporary, final)
            else:
                self.fs.put_file(str(source), temporary)
                self.fs.mv(temporary, final)
        return key, digest, size

    def open(self, key: str) -> BinaryIO:
        return self.fs.open(self._path(key), "rb")
