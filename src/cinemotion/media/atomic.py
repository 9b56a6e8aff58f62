"""Atomic writes: a killed process never leaves a truncated file under a final name.

Temporaries are named `.FINAL.PID.RANDOM.part` beside the final name: SIGTERM and Ctrl-C remove them on the
way out (the `finally` below), and those a SIGKILLed run left are removed by the next write to the same name,
once their process is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cinemotion.errors import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_destination(final: str | Path, field: str = "output") -> None:
    """Refuse, before any work, a final path that cannot be written: a directory, a path under a file,
    or a folder that does not take new files (read-only, /proc, no permission)."""
    final = Path(final)
    if final.is_dir():
        raise InputError(field, f"{final} is a directory, not a file name")
    folder = final.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(field, f"{final} is under {folder}, which is a file, not a folder")
    try:
        probe, name = tempfile.mkstemp(prefix=f".{final.name}.probe.", dir=folder)
        os.close(probe)
        os.unlink(name)
    except OSError as err:
        raise InputError(field, f"cannot write into {folder}: {err.strerror or err}") from None


def _temporary_prefix(final: Path) -> str:
    return f".{final.name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep_stale(final: Path) -> None:
    """Remove the temporaries of earlier runs writing `final` that were killed (their process is gone)."""
    if not final.parent.is_dir():
        return
    head = f".{final.name}."
    for entry in final.parent.iterdir():
        rest = entry.name[len(head):] if entry.name.startswith(head) else ""
        pid = rest.split(".", 1)[0]
        if entry.name.endswith(".part") and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(final: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `final`; on success it replaces `final` in one rename."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(final)
    fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(final), suffix=suffix or final.suffix + ".part",
                               dir=final.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; the final file gets normal permissions
    try:
        yield tmp_path
        os.replace(tmp_path, final)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_text(final: str | Path, text: str) -> None:
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(final: str | Path, data: bytes) -> None:
    with atomic_path(final) as tmp:
        tmp.write_bytes(data)


@contextlib.contextmanager
def atomic_dir(final: str | Path) -> Iterator[Path]:
    """Yield a temporary directory beside `final`; on success it takes `final`'s place."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(final)
    tmp = Path(tempfile.mkdtemp(prefix=_temporary_prefix(final), suffix=".part", dir=final.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    try:
        yield tmp
        if final.exists():
            old = final.with_name(f"{_temporary_prefix(final)}old.part")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
            os.replace(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
