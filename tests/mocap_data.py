"""Where the real motion-capture clips are: shared/ beside the repository, else the copies in fixtures/."""

from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
MOCAP = next(p for p in (_REPO.parent / "shared" / "data" / "mocap", _REPO / "tests" / "fixtures" / "mocap")
             if p.is_dir())
