"""The build guard's half in the Python processes a test starts (see tests/buildguard.py).

While a test marked neither ``build`` nor ``browser`` runs, this folder is on PYTHONPATH,
so every Python the test starts, and every one those start, imports this module first.
One that is a real MkDocs build writes its command line into the file the guard named
and ends at once: the guard fails the test, whatever the build's exit made of it.

Only the standard library here: ProperDocs' Python has neither pytest nor MkDocs.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import PurePath

RECORD_ENV = "TRAINING_TEST_BUILD_RECORD"
EXIT_REFUSED = 75  # EX_TEMPFAIL: the test, not the build, has to change

# MkDocs' and ProperDocs' commands that build a site (serve builds before it serves).
MKDOCS_BUILDS = ("build", "serve", "gh-deploy")


def starts_a_build(argv: Sequence[str]) -> bool:
    """Whether a Python started as ``argv`` (``sys.orig_argv``: the interpreter first)
    builds a site with MkDocs. ``generator build`` is not one: it starts one
    ``generator.languagebuild`` per language, which is, and a refused input never does."""
    args = list(argv[1:])
    if args[:1] == ["-m"] and len(args) > 1:
        program, rest = args[1], args[2:]
    elif args and args[0].startswith("-m") and len(args[0]) > 2:
        program, rest = args[0][2:], args[1:]
    elif args and not args[0].startswith("-"):
        program, rest = PurePath(args[0]).name, args[1:]
    else:
        return False
    if program == "generator.languagebuild":
        return True
    if program in ("mkdocs", "properdocs"):
        return bool(rest) and rest[0] in MKDOCS_BUILDS
    return program == "generator" and "serve" in rest


def refuse_a_build() -> None:
    record = os.environ.get(RECORD_ENV)
    if record and starts_a_build(sys.orig_argv):
        with open(record, "a", encoding="utf-8") as file:
            file.write(shlex.join(sys.orig_argv) + "\n")
        os._exit(EXIT_REFUSED)


refuse_a_build()
