"""Writing files safely: never a half-written file, and a clear error for unwritable paths.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_path(folder / "out.txt") as tmp:
...     _ = tmp.write_text("done")
>>> (folder / "out.txt").read_text()
'done'
>>> oct((folder / "out.txt").stat().st_mode & 0o777) == oct(0o666 & ~_current_umask())
True
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from convmath.errors import ConvmathError

__all__ = ["atomic_path", "writable_directory"]


def writable_directory(path: str | os.PathLike[str], name: str = "output folder") -> Path:
    """Create `path` if needed and check it can be written; raise naming the path otherwise."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConvmathError(
            f"{name} {str(folder)!r} cannot be created: {error.strerror}"
        ) from None
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ConvmathError(f"{name} {str(folder)!r} is not a writable folder")
    return folder


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it onto `path` only on success.

    The temporary name keeps the suffix, so writers that infer a format from it still work.
    """
    target = Path(path)
    folder = writable_directory(target.parent, "output folder")
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=folder
    )
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        # mkstemp creates the file 0600; give the result the usual permissions instead.
        os.chmod(temporary_path, 0o666 & ~_current_umask())
        os.replace(temporary_path, target)
    finally:
        if temporary_path.exists():
            temporary_path.unlink()
