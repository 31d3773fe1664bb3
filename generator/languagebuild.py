"""One language's MkDocs build, as a process of its own (``sitebuild`` starts one per language).

It is ``python -m mkdocs``, except when the build cannot write a file: then it tells
the parent which file and why, on a line of its own, instead of a traceback that
names Python's internals and, for a copy, the file it copied from. The parent says
it to the operator as every other writer does.
"""

from __future__ import annotations

import json
import runpy
import sys

FAILURE = "python -m generator: cannot write: "
EXIT_FAILURE = 74  # EX_IOERR, from sysexits.h


def main() -> int:
    try:
        runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
    except OSError as err:
        names = {"filename": err.filename, "filename2": err.filename2}
        print(FAILURE + json.dumps({"errno": err.errno, "strerror": err.strerror,
                                    **{k: v for k, v in names.items() if isinstance(v, str)}}),
              file=sys.stderr, flush=True)
        return EXIT_FAILURE
    return 0


def reported(line: str) -> OSError | None:
    """The failure a language build reported on ``line`` of its output, or None."""
    if not line.startswith(FAILURE):
        return None
    try:
        data = json.loads(line.removeprefix(FAILURE))
        return OSError(int(data["errno"]), str(data["strerror"]), data.get("filename"), None, data.get("filename2"))
    except (ValueError, KeyError, TypeError):
        return None


if __name__ == "__main__":
    sys.exit(main())
