"""One language's MkDocs build, as a process of its own (``sitebuild`` starts one per language).

It is ``mkdocs build``, given the language and the project the parent loaded (see
``siteconfig``), except when the build cannot write a file: then it tells the parent
which file and why, on a line of its own, instead of a traceback that names
Python's internals and, for a copy, the file it copied from. The parent says it to
the operator as every other writer does.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .siteconfig import overrides

FAILURE = "python -m generator: cannot write: "
EXIT_FAILURE = 74  # EX_IOERR, from sysexits.h


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils import DuplicateFilter

    _log_as_mkdocs_does()
    build.log.addFilter(DuplicateFilter())
    options = {"project_file": args.project_file} if args.project_file else {}
    try:
        config = load_config(args.config_file, site_dir=args.site_dir, strict=args.strict, site_url=args.site_url,
                             **overrides(Path(args.config_file), args.lang, **options))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build.build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as err:
        # After the warnings and errors logged (on stderr) that led to it; MkDocs' own
        # command prints some of these on stdout.
        print(err.format_message(), file=sys.stderr)
        return err.exit_code
    except OSError as err:
        names = {"filename": err.filename, "filename2": err.filename2}
        print(FAILURE + json.dumps({"errno": err.errno, "strerror": err.strerror,
                                    **{k: v for k, v in names.items() if isinstance(v, str)}}),
              file=sys.stderr, flush=True)
        return EXIT_FAILURE
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator.languagebuild")
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--site-dir", required=True)
    parser.add_argument("--lang", required=True)
    parser.add_argument("--strict", action="store_true", default=None)
    parser.add_argument("--site-url", default=None)
    parser.add_argument("--project-file", default=None, help="the project the parent loaded, pickled")
    return parser


def _log_as_mkdocs_does() -> None:
    """MkDocs' messages on stderr, each line as its command line prints them ("WARNING -  ..."):
    the parent shows the warnings and errors, and leaves out the rest."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    stream = logging.StreamHandler()
    stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger.addHandler(stream)


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
