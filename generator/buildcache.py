"""What earlier builds made, kept on disk and found again by what it was made from.

A department with hundreds of scenarios rebuilds after changing one or two of
them. Reading and checking a scenario, and making its page, deck and walkthrough,
gives the same result from the same files and the same generator, so each result
is stored under a digest of exactly those (``key``): a changed file, language,
glossary or line of the generator's code gives a new key, and an old entry is
never taken for a new one. A build that uses the cache removes, at its end, the
entries it did not use (``prune``), so the cache holds one build's worth.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TypeVar

from .writes import WriteFailed

T = TypeVar("T")




# The libraries whose output ends up in what is stored: a new version may convert,
# clean or format differently (MkDocs and Material: the search entries of a page).
LIBRARIES = ("cmarkgfm", "nh3", "babel", "jinja2", "pyyaml", "ruamel.yaml", "jsonschema", "jsonschema-rs",
             "mkdocs", "mkdocs-material")


@cache
def code_digest() -> str:
    """A digest of the generator itself (its code, templates, schemas and interface
    strings) and of the versions of the libraries it makes its results with."""
    h = hashlib.sha256()
    for name in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{name}=={metadata.version(name)}\n".encode())
    package = Path(str(resources.files("generator")))
    for file in sorted(package.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".j2", ".json", ".yml", ".yaml", ".css", ".js"):
            h.update(file.relative_to(package).as_posix().encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """A digest of the names and bytes of the files in ``folder`` (not its subfolders)."""
    h = hashlib.sha256()
    with contextlib.suppress(OSError):
        for file in sorted(folder.iterdir()):
            with contextlib.suppress(OSError):
                if file.is_file():
                    h.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()


def key(*parts: Any) -> str:
    """A digest of ``parts`` (strings, numbers, tuples of them) and of the generator's code."""
    return hashlib.sha256(repr((code_digest(), parts)).encode()).hexdigest()


def page_key(digests: dict[str, str], path: str, lang: str, sid: str, related: tuple[str, ...]) -> str:
    """What a page, deck or walkthrough of scenario ``sid`` is made from: that scenario's
    files, those of the modules it links to, and the course's own, in ``lang``."""
    return key(path, lang, *(digests.get(unit, "") for unit in (sid, *related, "course", "glossary", "workshops")))


class BuildCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started = time.time()
        # The first entry that could not be stored, for the command to mention: a
        # read-only or full disk makes a build slower, not wrong.
        self.failure: WriteFailed | None = None

    def get(self, kind: str, digest: str, make: Callable[[], T]) -> T:
        """The stored result for ``digest``, or ``make()``'s, stored for next time."""
        found = self.find(kind, digest)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = make()
        self.put(kind, digest, value)
        return value

    def find(self, kind: str, digest: str) -> Any:
        """The stored result for ``digest``, or None."""
        file = self._file(kind, digest, ".pickle")
        try:
            value = pickle.loads(file.read_bytes())  # noqa: S301 - written by this module, below
            os.utime(file)  # used by this build: kept by prune
            return value
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is made again
            with contextlib.suppress(OSError):
                file.unlink()
        return None

    def put(self, kind: str, digest: str, value: Any) -> None:
        self._write(self._file(kind, digest, ".pickle"), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def find_file(self, kind: str, digest: str, suffix: str) -> Path | None:
        """The stored file for ``digest``, or None. A file entry holds a document as it is
        published (a deck, a walkthrough), for a builder to copy without reading it."""
        file = self._file(kind, digest, suffix)
        try:
            os.utime(file)  # used by this build: kept by prune
            return file
        except OSError:
            return None

    def put_file(self, kind: str, digest: str, suffix: str, text: str) -> Path | None:
        """``text`` stored as the file for ``digest`` (UTF-8); None if it could not be."""
        file = self._file(kind, digest, suffix)
        return file if self._write(file, text.encode("utf-8")) else None

    def _file(self, kind: str, digest: str, suffix: str) -> Path:
        return self.folder / kind / f"{digest}{suffix}"

    def _write(self, file: Path, data: bytes) -> bool:
        tmp = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            # Written aside, then renamed: the language builds run at the same time, and
            # a build stopped halfway must not leave half an entry.
            fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".writing-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, file)
            return True
        except OSError as err:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if self.failure is None:
                self.failure = WriteFailed(file, err, where=self.folder,
                                           note="the site is built as always, but the next build cannot "
                                                "take what this one made from there, and will be slower")
            return False

    def prune(self) -> None:
        """Remove the entries no part of this build used (a whole build uses all it needs)."""
        if not self.folder.is_dir():
            return
        for file in self.folder.rglob("*"):
            with contextlib.suppress(OSError):
                if not file.name.startswith(".writing-") and file.is_file() \
                        and file.stat().st_mtime < self.started - 1:
                    file.unlink()
        for file in self.folder.rglob(".writing-*"):
            with contextlib.suppress(OSError):
                if file.stat().st_mtime < self.started - 3600:
                    file.unlink()
