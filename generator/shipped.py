"""Our own browser files (generator/assets/) as a learner downloads them: minified.

The sources stay readable; what travels to an old clinic PC or a phone is the same
code without comments and indentation (a third less after gzip)."""

from __future__ import annotations

import functools
from importlib import resources

import rcssmin
import rjsmin

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


@functools.cache
def shipped(name: str) -> str:
    """The text of generator/assets/<name> as the site serves it."""
    source = (resources.files("generator") / "assets" / name).read_text(encoding="utf-8")
    minify = MINIFIERS[name[name.rindex("."):]]
    return str(minify(source))
