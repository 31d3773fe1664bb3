"""Symbolic links in the input folders: each must stay inside its folder and end somewhere.

The tool reads whatever scenarios/ and docs/ hold, and MkDocs follows links in
docs/. A link out of those folders would publish a file from elsewhere on the
machine; a link loop would make reading hang or fail. Both are refused before
anything is read.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .model import Pos
from .problems import Problems


def check_links(folder: Path, problems: Problems) -> bool:
    """Report every link under ``folder`` that loops, dangles or leads out of it; True if none."""
    if not folder.is_dir():
        return True
    root = Path(os.path.realpath(folder))
    name = f"{folder.name}/"
    ok = True
    # Links are not followed here: each is looked at once, where it stands.
    for parent, dirs, files in os.walk(folder):
        for entry in sorted(dirs + files):
            path = Path(parent) / entry
            if path.is_symlink():
                message = _link_problem(path, root, name)
                if message:
                    problems.error(Pos(path), message)
                    ok = False
    return ok


def _link_problem(path: Path, root: Path, name: str) -> str | None:
    shown = os.readlink(path)
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return (f"link loop: this link points to '{shown}', which leads back to itself: "
                    "replace the link with the file or folder itself")
        return f"this link points to '{shown}', which does not exist: remove the link, or put the file here"
    if not target.is_relative_to(root):
        return (f"this link points outside {name} (to {target}): copy the file or folder in instead, "
                "so that only what is in the project is published")
    if target.is_dir() and Path(os.path.realpath(path.parent)).is_relative_to(target):
        return (f"link loop: this link points to '{shown}', a folder that contains the link, which makes an "
                "endless tree of folders: remove the link")
    return None
