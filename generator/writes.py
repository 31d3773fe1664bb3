"""Writing an author's or an operator's files: all of them or none, and a failure said plainly.

A full disk, a read-only folder or a missing permission is the operator's to fix,
not a bug in the generator. Each writer turns the ``OSError`` into a
:class:`WriteFailed` that names the file it was writing (never a temporary name,
nor the file it was copying from) and the folder whose device or permissions
failed; the command line prints that as one message, without a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .problems import display_path

# What a temporary file or folder of these helpers ends with: a writer stopped halfway
# leaves at most such a name, which no loader reads (they read <lang>.yml, scenario.yml).
ASIDE = ".writing"
# Failures only a write meets: whichever file an error names, it was writing that failed.
WRITING_ONLY = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


class WriteFailed(Exception):
    """Writing ``path`` failed with ``error``. ``where`` is the folder the operator knows
    (the site's, the scenarios'), ``note`` what was kept as it was."""

    def __init__(self, path: Path, error: OSError, *, where: Path | None = None, note: str = "") -> None:
        super().__init__(str(path), error.strerror or str(error))
        self.path, self.error, self.where, self.note = path, error, where, note

    def message(self, root: Path | None = None, level: str = "error") -> str:
        """``error: FILE: what failed: what to do[; what was kept]``, on one line."""
        where = self.where or _existing_folder(self.path)
        folder = display_path(where, root).rstrip("/") + "/"
        what, todo = _explain(self.error, folder)
        return f"{level}: {display_path(self.path, root)}: {what}: {todo}" + (f"; {self.note}" if self.note else "")


def _explain(error: OSError, folder: str) -> tuple[str, str]:
    """What failed, and what the operator can do about it."""
    code = error.errno
    if code == errno.ENOSPC:
        return f"no space left on the device holding {folder}", "free some space there, or write to another disk"
    if code == errno.EDQUOT:
        return (f"your disk quota is used up on the device holding {folder}",
                "free some of your space there, or ask for a larger quota")
    if code == errno.EROFS:
        return f"{folder} is on a read-only file system", "mount it writable, or write to another folder"
    if code in (errno.EACCES, errno.EPERM):
        return (f"no permission to write in {folder}",
                "make the folder and the file writable for this user, or write to another folder")
    if code == errno.ENAMETOOLONG:
        return "the name is too long for the file system", "use a shorter name, or a folder nearer the top"
    if code == errno.EFBIG:
        return "the file is larger than the file system or a limit allows", "raise the limit, or write elsewhere"
    if code == errno.EIO:
        return f"the device holding {folder} reported an input/output error", "check the disk, then try again"
    reason = (error.strerror or str(error)).rstrip(".")
    return f"it cannot be written ({reason})", f"check that {folder} exists and is writable, then try again"


def _existing_folder(path: Path) -> Path:
    """The nearest folder above ``path`` that exists: the one whose device or permissions failed."""
    for folder in path.parents:
        with contextlib.suppress(OSError):
            if folder.is_dir():
                return folder
    return path.parent


@contextmanager
def writing(path: Path, *, where: Path | None = None, note: str = "") -> Iterator[None]:
    """An ``OSError`` in the block, as a :class:`WriteFailed` about ``path``."""
    try:
        yield
    except OSError as err:
        raise WriteFailed(path, err, where=where, note=note) from err


def write_files(files: Mapping[Path, str | bytes], *, note: str = "") -> None:
    """Write every file, or none: each goes beside its place under a temporary name, and
    only when all are complete on the disk are they renamed into place (a rename within
    a folder is whole or nothing). Text is written as UTF-8. A file keeps its
    permissions, a new one gets a new file's; a read-only file is refused, as opening
    it for writing would be. Raises :class:`WriteFailed` naming the file that failed."""
    aside: list[tuple[Path, Path]] = []
    made: list[Path] = []
    current = Path()
    try:
        for path, content in files.items():
            current = path
            target = path.resolve() if path.is_symlink() else path  # written through, as open() would
            made.extend(_make_folders(target.parent))
            if target.exists() and not os.access(target, os.W_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=ASIDE)
            aside.append((Path(temporary), target))
            with os.fdopen(fd, "wb") as out:
                out.write(content.encode("utf-8") if isinstance(content, str) else content)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, _mode(target))
        for name, target in aside:
            current = target
            os.replace(name, target)
    except OSError as err:
        for name, _ in aside:
            with contextlib.suppress(OSError):
                name.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise WriteFailed(current, err, note=note) from err


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and those above it that are missing; the ones made, outermost first."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()][::-1]
    for f in missing:
        f.mkdir()
    return missing


def _mode(target: Path) -> int:
    """A replaced file's permissions, or those ``open()`` would give a new one."""
    with contextlib.suppress(OSError):
        return target.stat().st_mode & 0o7777
    return 0o666 & ~_umask()


@contextmanager
def new_folder(folder: Path, *, note: str = "") -> Iterator[Path]:
    """A folder to fill, which becomes ``folder`` (which must not exist yet) when the
    block ends without an error; after an error it is removed, and ``folder`` never
    appears half filled. An ``OSError`` comes out as a :class:`WriteFailed`."""
    with writing(folder, note=note):
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=ASIDE, dir=folder.parent))
    try:
        staging.chmod(0o777 & ~_umask())
        yield staging
        staging.rename(folder)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        failed = Path(err.filename) if isinstance(err.filename, str) else folder
        # Named where it was to go, not by its temporary name.
        if failed.is_relative_to(staging):
            failed = folder / failed.relative_to(staging)
        raise WriteFailed(failed, err, where=folder.parent, note=note) from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then set back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
