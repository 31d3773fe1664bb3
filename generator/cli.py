"""``python -m generator validate | build | serve | new ID | generate OUT``."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .buildcache import BuildCache
from .languages import language_name
from .loader import COURSE_FOLDER, load_course
from .manifest import Making, Unmade, write_language
from .model import Project
from .problems import Problems, count_line, did_you_mean, display_path
from .project import load_project
from .siteconfig import Folders
from .writes import WRITING_ONLY, WriteFailed

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    try:
        return int(args.func(args, root) or EXIT_OK)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (WriteFailed, OSError) as err:
        print(cannot_write(err), file=sys.stderr)
        return EXIT_PROBLEMS


# A full disk, a read-only folder, a missing permission: the operator's to fix, so a
# message that names the file, what failed and what to do, never a traceback. Writers
# raise WriteFailed (generator/writes.py); an OSError that reaches here is told the same way.
def cannot_write(err: WriteFailed | OSError) -> str:
    """The message for a failure to write (or, from a writer not yet using writes.py, to read)."""
    if isinstance(err, WriteFailed):
        return err.message()
    file = err.filename2 if isinstance(err.filename2, str) else err.filename
    if isinstance(file, str) and err.errno in WRITING_ONLY:
        return WriteFailed(Path(file), err).message()
    where = f"{display_path(Path(file))}: " if isinstance(file, str) else ""
    return (f"error: {where}{err.strerror or err}: check that the files and folders this command reads "
            "and writes exist and are yours to change, then run it again")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn scenario files into a multilingual training site.",
    )
    parser.add_argument("--root", default=".", help="the project's top folder (default: here)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every scenario and report all problems")
    p.add_argument("--preview", action="store_true",
                   help="treat missing translations as warnings, as 'serve' does")
    p.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="check everything, then build the whole site")
    p.add_argument("--site-dir", default="site", help="where the site goes (default: site)")
    p.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")
    p.add_argument("--jobs", type=_positive, default=None, help="languages built at once (default: one per core)")
    p.add_argument("--site-url", default=None, metavar="URL",
                   help="the address the site will be served from, e.g. https://training.example.org/; "
                        "gives a sitemap and Material's instant navigation (default: none, so the "
                        "site works from any folder)")
    p.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="preview one language with live reload")
    p.add_argument("--lang", default=None, help="the language to preview (default: the course's first)")
    p.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    p.add_argument("--config", default="mkdocs.yml")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("new", help="create a scenario scaffold with every field explained")
    p.add_argument("id", help="the new scenario's id: lowercase letters, digits and hyphens")
    p.add_argument("--after", default=None, metavar="ID",
                   help="the module it follows on the learning path (default: it goes before the path's last)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("i18n", help="translations: how far each language is, and recording reviews")
    i18n = p.add_subparsers(dest="i18n_command", required=True, metavar="ACTION")
    q = i18n.add_parser("status", help="per language and unit: translated, missing and stale texts")
    q.add_argument("--strict", action="store_true", help="exit 1 if anything is missing or stale")
    q.set_defaults(func=cmd_i18n_status)
    q = i18n.add_parser("export", help="every string of one language as an XLIFF or PO file, for translators")
    q.add_argument("--lang", required=True, help="the language to translate into")
    q.add_argument("--format", choices=["xliff", "po"], default="xliff", help="file format (default: xliff)")
    q.add_argument("--out", default=None, help="the file to write (default: translations-<lang>.<format>)")
    q.set_defaults(func=cmd_i18n_export)
    q = i18n.add_parser("import", help="write the translations of an XLIFF or PO file back into the text files")
    q.add_argument("file", help="the .xlf/.xliff or .po file")
    q.set_defaults(func=cmd_i18n_import)
    q = i18n.add_parser("confirm", help="record that a language's texts follow today's source text")
    q.add_argument("--lang", required=True, help="the language whose translations were reviewed")
    q.add_argument("--key", action="append", default=None, help="only this text key (repeatable)")
    q.add_argument("--module", action="append", default=None, metavar="ID",
                   help="only this module's texts, or course, glossary or workshops (repeatable)")
    q.add_argument("--identical", action="store_true",
                   help="the --key texts are meant to read the same as the text they copy (a name, an abbreviation)")
    q.set_defaults(func=cmd_i18n_confirm)
    q = i18n.add_parser("sync", help="add to each language file the text keys the structure has and it lacks, "
                                     "and list those the structure no longer has")
    q.add_argument("--lang", default=None, help="only this language's files")
    q.add_argument("module", nargs="?", default=None, metavar="MODULE",
                   help="only this module's files, or course, glossary or workshops")
    q.set_defaults(func=cmd_i18n_sync)

    p = sub.add_parser("pdf", help="print every deck of a built site to PDF (needs Playwright and Chromium)")
    p.add_argument("--site-dir", default="site", help="the built site (default: site)")
    p.add_argument("--out", default="dist/pdf", help="where the PDFs go, one folder per language (default: dist/pdf)")
    p.add_argument("--lang", action="append", default=None, help="only this language (repeatable)")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("scorm", help="a SCORM 1.2 package per language of a built site, for an LMS")
    p.add_argument("--site-dir", default="site", help="the built site (default: site)")
    p.add_argument("--out", default="dist/scorm", help="where the packages go (default: dist/scorm)")
    p.set_defaults(func=cmd_scorm)

    p = sub.add_parser("generate", help="write every generated file of each language, as the site builder gets it")
    p.add_argument("out", help="the folder to write (one subfolder per language)")
    p.set_defaults(func=cmd_generate)
    return parser


NO_CACHE_HELP = ("check and make everything afresh, without the results of earlier builds "
                 "kept in .cache/training/ (a cached result is used only for identical files)")


def _store(root: Path, args: argparse.Namespace) -> BuildCache | None:
    return None if args.no_cache else BuildCache(_folders(root, args).cache_dir)


def _config_file(root: Path, args: argparse.Namespace) -> Path:
    config = getattr(args, "config", "mkdocs.yml")
    return Path(config) if os.path.isabs(config) else root / config


def _folders(root: Path, args: argparse.Namespace) -> Folders:
    """The folders the training plugin's options in mkdocs.yml name, as its builds will use them."""
    from .siteconfig import project_folders

    return project_folders(root, _config_file(root, args))


def _load(root: Path, *, fallback: bool = False, store: BuildCache | None = None) -> tuple[Project | None, Problems]:
    project, problems = load_project(root, fallback=fallback, store=store)
    if problems:
        stream = sys.stderr if problems.errors else sys.stdout
        print(problems.report(Path.cwd()), file=stream)
    if store is not None and store.failure is not None:
        print(store.failure.message(level="warning"), file=sys.stderr)
    return project, problems


def _paths(n: int) -> str:
    """A count of paths, in full or, past 15 digits, rounded: "about 1.1e602"."""
    from .graph import rounded

    about = rounded(n)
    return str(n) if about is None else f"about {about[0]}e{about[1]}"


def cmd_validate(args: argparse.Namespace, root: Path) -> int:
    project, problems = _load(root, fallback=args.preview, store=_store(root, args))
    if project is None:
        return EXIT_PROBLEMS
    for sid, s in project.scenarios.items():
        facts = project.facts.get(sid)
        line = f"{sid}: {len(s.steps)} steps"
        if facts is not None:
            endings = ", ".join(f"{e} {_paths(n)}" for e, n in facts.endings.items())
            line += f", {_paths(facts.paths)} path{'' if facts.paths == 1 else 's'} (endings: {endings})"
            for meter, (lo, hi) in facts.meter_ranges.items():
                line += f"; {meter} {lo}..{hi}"
            if facts.decisions[1]:
                lo, hi = facts.decisions
                count = f"{lo}..{hi}" if lo != hi else str(lo)
                line += f"; {count} decision{'' if count == '1' else 's'} a path"
        print(line)
    if not problems:
        print(f"{len(project.scenarios)} scenarios in {len(project.course.languages)} languages: "
              + count_line(0, 0))
    return EXIT_OK


def cmd_generate(args: argparse.Namespace, root: Path) -> int:
    from .sitebuild import earlier_files, replace_with

    project, _ = _load(root)
    if project is None:
        return EXIT_PROBLEMS
    out = _output_dir(root, "out", args.out, earlier_files(".md"))
    if out is None:
        return EXIT_USAGE
    written, warnings = 0, []
    node_modules = _folders(root, args).node_modules
    try:
        with replace_with(out) as staging:
            for lang in project.course.languages:
                making = Making(project, lang, node_modules, root / "docs" / lang)
                count, missing = write_language(making, staging / lang)
                written += count
                warnings += [w for w in missing if w not in warnings]
    except Unmade as err:
        print(f"error: {err}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {written} files into {out}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace, root: Path) -> int:
    from .sitebuild import build_site, earlier_site

    if args.site_url is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", args.site_url):
        print(f"--site-url: '{args.site_url}' is not a web address: give one such as "
              "https://training.example.org/", file=sys.stderr)
        return EXIT_USAGE
    store = _store(root, args)
    project, _ = _load(root, store=store)
    if project is None:
        print("nothing was built; the previous site, if any, is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    site_dir = _output_dir(root, "--site-dir", args.site_dir, earlier_site(project.course.default_language))
    if site_dir is None:
        return EXIT_USAGE
    config = _config_file(root, args)
    if not config.is_file():
        print(f"{args.config}:1:1: no MkDocs configuration here: pass --config", file=sys.stderr)
        return EXIT_PROBLEMS
    results = build_site(project, root, site_dir, config=config, jobs=args.jobs, site_url=args.site_url)
    failed = [r for r in results if r.returncode]
    for r in results:
        if r.output:
            print(f"[{r.lang}] " + r.output.replace("\n", f"\n[{r.lang}] "),
                  file=sys.stderr if r.returncode else sys.stdout)
    if failed:
        names = ", ".join(language_name(r.lang) for r in failed)
        print(f"the build failed for {names}; the previous site is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    if store is not None:
        store.prune()
    index = site_dir / "index.html"
    from .i18n import status

    rows = status(project)
    counts = "; ".join(f"{lang} {sum(r.translated for r in rows if r.lang == lang)} current, "
                       f"{sum(r.stale for r in rows if r.lang == lang)} stale"
                       for lang in project.course.languages[1:])
    print(f"Translations: {counts} (details: python -m generator i18n status)")
    print(f"Built the site in {len(results)} languages into {os.path.relpath(site_dir)}/")
    print(f"Open {index.as_uri()} in a browser, or serve it: "
          f"python3 -m http.server --directory {os.path.relpath(site_dir)} 8000")
    return EXIT_OK


def cmd_i18n_status(args: argparse.Namespace, root: Path) -> int:
    from .i18n import status

    project, code = _translation_project(root, None)
    if project is None:
        return code
    rows = status(project)
    print(translation_table(rows, project.course.languages[1:]))
    if args.strict and any(r.missing or r.stale or r.copied for r in rows):
        return EXIT_PROBLEMS
    return EXIT_OK


def translation_table(rows: list[Any], languages: tuple[str, ...]) -> str:
    """The status as a plain-text table: a row per unit, then the totals per language."""
    width = max(len(r.unit) for r in rows) + 2
    column = 33
    head = "".join(f"{lang:>{column}}" for lang in languages)
    legend = f"{'translated/missing/copied/stale':>{column}}"
    lines = [f"{'':<{width}}{head}", f"{'':<{width}}" + legend * len(languages)]

    def cell(mine: list[Any]) -> str:
        return "/".join(str(sum(getattr(r, field) for r in mine)) for field in ("translated", "missing", "copied",
                                                                                "stale"))

    for unit in dict.fromkeys(r.unit for r in rows):
        lines.append(f"{unit:<{width}}" + "".join(
            f"{cell([r for r in rows if r.unit == unit and r.lang == lang]):>{column}}" for lang in languages))
    lines.append(f"{'total':<{width}}" + "".join(f"{cell([r for r in rows if r.lang == lang]):>{column}}"
                                                 for lang in languages))
    lines.append("copied: the text reads exactly as the Polish (or an earlier language's) text: translate it, or, "
                 "if it is meant to (a name), run 'python -m generator i18n confirm --lang L --key K --identical'"
                 if any(r.copied for r in rows) else "")
    return "\n".join(lines).rstrip("\n")


def _translation_project(root: Path, lang: str | None) -> tuple[Project | None, int]:
    """The project as translators see it (missing texts shown in the source language),
    and, for ``lang``, a check that it is one of the translations; else the exit code."""
    project, problems = load_project(root, fallback=True)
    if project is None:
        print(problems.report(Path.cwd()), file=sys.stderr)
        return None, EXIT_PROBLEMS
    if lang is not None and lang not in project.course.languages[1:]:
        print(f"error: --lang {lang}: the translated languages are {', '.join(project.course.languages[1:])}",
              file=sys.stderr)
        return None, EXIT_USAGE
    return project, EXIT_OK


def cmd_i18n_export(args: argparse.Namespace, root: Path) -> int:
    from .i18n_files import export_translations

    project, code = _translation_project(root, args.lang)
    if project is None:
        return code
    suffix = "xlf" if args.format == "xliff" else "po"
    out = Path(args.out) if args.out else Path(f"translations-{args.lang}.{suffix}")
    out.write_bytes(export_translations(project, args.lang, args.format))
    print(f"wrote {out}")
    return EXIT_OK


def cmd_i18n_import(args: argparse.Namespace, root: Path) -> int:
    from .i18n import confirm
    from .i18n_files import apply_translations, read_translations

    project, code = _translation_project(root, None)
    if project is None:
        return code
    file = Path(args.file)
    if not file.is_file():
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    found = Problems()
    lang, changes = read_translations(project, file, found)
    if found.errors or lang is None:
        print(found.report(Path.cwd()), file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return EXIT_PROBLEMS
    written = apply_translations(project, lang, changes)
    reloaded, _ = load_project(root, fallback=True)
    reviewed = {(c.unit, c.key) for c in changes if c.reviewed}
    if reloaded is not None and reviewed:
        confirm(reloaded, lang, pairs=reviewed)
    print(f"{lang}: {len(changes)} strings changed in {len(written)} files")
    return EXIT_OK


def cmd_i18n_confirm(args: argparse.Namespace, root: Path) -> int:
    from .i18n import confirm
    from .i18n import units as units_of

    project, code = _translation_project(root, args.lang)
    if project is None:
        return code
    if args.identical and not args.key:
        print("error: --identical needs --key: name each text meant to read as its source (a name, an "
              "abbreviation), so that no copy is recorded as a translation by accident", file=sys.stderr)
        return EXIT_USAGE
    if args.key:
        from .i18n import units

        default = project.course.default_language
        known = {key for _, texts in units(project).values() for key in texts.get(default, {})}
        unknown = [key for key in args.key if key not in known]
        if unknown:
            print(f"error: --key {unknown[0]}: no text has this key{did_you_mean(unknown[0], known)}; keys are "
                  "written as in the text files, e.g. steps.<step>.title", file=sys.stderr)
            return EXIT_USAGE
    if args.module:
        from .i18n import units

        known_units = list(units(project))
        unknown = [m for m in args.module if m not in known_units]
        if unknown:
            print(f"error: --module {unknown[0]}: no such module{did_you_mean(unknown[0], known_units)}; the "
                  f"units are {', '.join(known_units)}", file=sys.stderr)
            return EXIT_USAGE
    count = confirm(project, args.lang, set(args.key) if args.key else None,
                    modules=set(args.module) if args.module else None, same=args.identical)
    where = f" in {', '.join(args.module)}" if args.module else ""
    how = " (meant to read the same)" if args.identical else ""
    print(f"{args.lang}: recorded {count} texts{where} as following today's {project.course.default_language} "
          f"text{how}")
    copies = [f"{unit}: {key}" for unit, (_, texts) in units_of(project).items()
              if not args.module or unit in args.module
              for key, text in texts.get(args.lang, {}).items()
              if text.copy and not args.identical and (not args.key or key in args.key)]
    if copies:
        print(f"not recorded, as they read exactly as another language's text: {', '.join(copies)}; translate "
              "them, or confirm each with --key K --identical if it is meant to read the same")
    return EXIT_OK


def cmd_i18n_sync(args: argparse.Namespace, root: Path) -> int:
    from .i18n_sync import SyncError, report, sync

    problems = Problems()
    try:
        results = sync(root, problems, lang=args.lang, module=args.module)
    except SyncError as err:
        if problems:
            print(problems.report(Path.cwd()), file=sys.stderr)
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if problems:
        # A unit whose structure does not load is left alone; the others are synced.
        print(problems.report(Path.cwd()), file=sys.stderr)
    if not results and problems.errors:
        return EXIT_PROBLEMS
    for line in report(results, root):
        print(line)
    return EXIT_OK


def cmd_pdf(args: argparse.Namespace, root: Path) -> int:
    from .pdf import PdfError, export
    from .sitebuild import earlier_files

    project, _ = _load(root)
    if project is None:
        return EXIT_PROBLEMS
    languages = args.lang or list(project.course.languages)
    unknown = [lang for lang in languages if lang not in project.course.languages]
    if unknown:
        print(f"error: --lang {unknown[0]}: the course's languages are {', '.join(project.course.languages)}",
              file=sys.stderr)
        return EXIT_USAGE
    site = Path(args.site_dir) if Path(args.site_dir).is_absolute() else root / args.site_dir
    out = _output_dir(root, "--out", args.out, earlier_files(".pdf"))
    if out is None:
        return EXIT_USAGE
    try:
        written = export(site, out, languages)
    except PdfError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    for lang, files in written.items():
        print(f"{lang}: {len(files)} PDFs in {out / lang}")
    return EXIT_OK


def cmd_scorm(args: argparse.Namespace, root: Path) -> int:
    from .scorm import package
    from .sitebuild import earlier_files

    project, _ = _load(root)
    if project is None:
        return EXIT_PROBLEMS
    out = _output_dir(root, "--out", args.out, earlier_files("-scorm12.zip"))
    if out is None:
        return EXIT_USAGE
    site = Path(args.site_dir) if Path(args.site_dir).is_absolute() else root / args.site_dir
    missing = [lang for lang in project.course.languages if not (site / lang / "index.html").is_file()]
    if missing:
        print(f"error: {site}: no built site for {', '.join(missing)}: run 'make site' first", file=sys.stderr)
        return EXIT_PROBLEMS
    for file in package(project, site, out):
        print(f"wrote {os.path.relpath(file)}")
    return EXIT_OK


def _positive(value: str) -> int:
    """A whole number of 1 or more, for argparse."""
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of 1 or more")
    return int(value)


def _output_dir(root: Path, option: str, value: str, earlier: Callable[[Path], bool]) -> Path | None:
    """The folder an output replaces whole, or None after saying why it must not be."""
    from .sitebuild import unsafe_output_dir

    folder = Path(value) if Path(value).is_absolute() else root / value
    why = unsafe_output_dir(folder, root, earlier)
    if why is None:
        return folder
    print(f"{option}: '{value}' {why}; nothing was written: give a new or empty folder", file=sys.stderr)
    return None


def cmd_serve(args: argparse.Namespace, root: Path) -> int:
    from .serve import serve

    # Warnings are left to the preview's own log, which repeats them at each rebuild.
    project, problems = load_project(root, fallback=True)
    if not (root / "scenarios").is_dir():
        print(problems.report(Path.cwd()), file=sys.stderr)
        return EXIT_PROBLEMS
    if project is None:
        # The preview starts all the same: its pages show the problems until a save fixes them.
        course = load_course(root / "scenarios" / COURSE_FOLDER, Problems())
        lang = args.lang or (course.default_language if course else "en")
        return serve(root, root / args.config, lang, args.addr)
    lang = args.lang or project.course.default_language
    if lang not in project.course.languages:
        print(f"error: --lang {lang}: the course's languages are {', '.join(project.course.languages)}",
              file=sys.stderr)
        return EXIT_USAGE
    return serve(root, root / args.config, lang, args.addr)


def cmd_new(args: argparse.Namespace, root: Path) -> int:
    from .scaffold import ScaffoldError, create_scenario

    problems = Problems()
    try:
        created = create_scenario(root, args.id, problems, after=args.after)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if problems or created is None:
        print(problems.report(Path.cwd()), file=sys.stderr)
        return EXIT_PROBLEMS
    for path in created.files:
        print(f"created {os.path.relpath(path)}")
    print(f"added '{args.id}' to the learning path in {os.path.relpath(created.course_file)}, {created.where}")
    print("Next: write the structure in scenario.yml, the text in each language file, "
          "then run 'python -m generator validate'.")
    return EXIT_OK
