"""Every file a language's site and its printouts hold, and what each is made from.

One list, for every part that needs to know where things go: the check below, and
(issue 19) the plugin and ``generate``, which will write what it lists. Each output
has one owner. Two owners of one path would overwrite each other without a word
(a module whose id is ``index`` and the list of sign-off sheets, a hand-written
``glossary.md`` and the generated glossary), so such a clash is an error that
names both, and says which one to rename.

Paths are as MkDocs writes them with ``use_directory_urls: false`` (mkdocs.yml):
a Markdown page ``x/y.md`` becomes ``x/y.html``, a ``README.md`` the folder's
``index.html``; any other file keeps its path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .identity import site_files
from .images import site_path as image_path
from .model import Pos, Project
from .paths import (
    ASSETS,
    CERTIFICATE_PAGE,
    DECK_ASSETS,
    GLOSSARY_PAGE,
    HANDOUTS_DIR,
    MAP_INDEX,
    MAP_STYLE,
    NOTES_PLUGIN,
    PROGRESS_PAGE,
    SHIM_SOURCE,
    SHIM_TARGET,
    SITE_FOLDER,
    SITE_SCRIPT,
    SLIDES_DIR,
    VENDOR,
    WALKTHROUGH_DIR,
    WALKTHROUGH_INDEX,
    WALKTHROUGH_STYLE,
    deck_page,
    guide_page,
    handout_page,
    map_page,
    module_page,
    walkthrough_page,
    workshop_deck_page,
    workshop_page,
)
from .problems import Problems, display_path

# What MkDocs reads as a page, and what it leaves out of a site (its default exclude_docs).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


@dataclass(frozen=True)
class Output:
    """One file of one language's site, or one of its PDFs."""

    path: str  # where it is written: in the site from its language's root, or a PDF's name
    source: str  # what the site builder is given: the page's Markdown path, or the file's own path
    kind: str  # what it is, for a reader: "the deck", "the hand-written page", "the generated progress page"
    owner: str  # what it is made from: "module 'overbilling'", "docs/en/about.md", or GENERATOR
    pos: Pos | None = None  # where the owner is written, when it is written somewhere
    rename: str = ""  # how an author gives it another path; empty when only the generator decides it
    # How it is made (generator/manifest.py has a maker of each name) and from what: an id,
    # a file name, or a path in the docs folder.
    recipe: str = ""
    subject: str = ""
    scenario: str = ""  # the module whose files alone it is made from (with the course's), if one is
    preview: bool = False  # made for the preview alone (``serve``), never in a built site

    def describe(self, root: Path, *, where: bool = True) -> str:
        """The output and its owner in a message, with the owner's file:line where known
        (unless ``where`` is false: the message stands at that place)."""
        if self.owner == GENERATOR:
            return self.kind
        if self.owner.startswith(f"{DOCS}/"):
            return f"{self.kind} {self.owner}"
        at = f" ({display_path(self.pos.file, root)}:{self.pos.line})" if where and self.pos is not None else ""
        return f"{self.kind} of {self.owner}{at}"


GENERATOR = "the generator"  # the owner of what no author's file decides: the progress page, the assets
DOCS = "docs"


def site_path(source: str) -> str:
    """Where MkDocs writes ``source`` (a path in the docs folder) in the site."""
    if not source.endswith(MARKDOWN_SUFFIXES):
        return source
    parent, name = posixpath.split(source)
    stem = posixpath.splitext(name)[0]
    return posixpath.join(parent, ("index" if stem == "README" else stem) + ".html")


def site_outputs(project: Project, lang: str, other_files: Iterable[tuple[str, Path]] = ()) -> list[Output]:
    """Every file of ``lang``'s site the generator makes or takes from docs/, in the order
    they are made: generated pages and files, then the hand-written pages, then
    ``other_files`` (the docs folder's files that are not pages, by their path in it)."""
    return [*_generated(project), *_hand_written(project, lang, other_files)]


def _generated(project: Project) -> Iterator[Output]:
    def made(source: str, kind: str, recipe: str, subject: str = "", owner: str = GENERATOR,
             pos: Pos | None = None, rename: str = "", scenario: str = "", preview: bool = False) -> Output:
        return Output(site_path(source), source, kind, owner, pos, rename, recipe, subject, scenario, preview)

    # Pages first, in the order a site builder is to read them (its search index follows it).
    for sid, s in project.scenarios.items():
        module = f"module '{sid}'"
        rename = f"give {module} another id (its folder, its id and its place on the learning path)"
        yield made(module_page(sid), "the module page", "module", sid, module, s.pos, rename, sid)
    yield made(PROGRESS_PAGE, "the generated progress page", "progress")
    if project.glossary is not None:
        yield made(GLOSSARY_PAGE, "the generated page", "glossary", owner="the glossary", pos=project.glossary.pos)
    yield made(CERTIFICATE_PAGE, "the generated certificate page", "certificate")
    yield made(WALKTHROUGH_INDEX, "the generated list of sign-off sheets", "walkthrough-index")
    if project.workshops is not None:
        for wid, w in project.workshops.workshops.items():
            workshop = f"workshop '{wid}'"
            yield made(workshop_page(wid), "the agenda page", "workshop", wid, workshop, w.pos,
                       f"give {workshop} another id")
            yield made(guide_page(wid), "the facilitator's guide", "guide", wid, workshop, w.pos,
                       f"give {workshop} another id")
        for hid, h in project.workshops.handouts.items():
            handout = f"handout '{hid}'"
            yield made(handout_page(hid), "the handout page", "handout", hid, handout,
                       h.pos or project.workshops.pos, f"give {handout} another id")
    # Then the documents and files.
    for sid, s in project.scenarios.items():
        module = f"module '{sid}'"
        rename = f"give {module} another id (its folder, its id and its place on the learning path)"
        yield made(deck_page(sid), "the deck", "deck", sid, module, s.pos, rename, sid)
        yield made(walkthrough_page(sid), "the sign-off sheet", "walkthrough", sid, module, s.pos, rename, sid)
    if project.workshops is not None:
        for wid, w in project.workshops.workshops.items():
            workshop = f"workshop '{wid}'"
            yield made(workshop_deck_page(wid), "the deck", "workshop-deck", wid, workshop, w.pos,
                       f"give {workshop} another id")
    for sid, s in project.scenarios.items():
        # Not per-scenario documents (no ``scenario``): a file, made anew each build from its image.
        module = f"module '{sid}'"
        for image in dict.fromkeys(s.images().values()):
            yield made(image_path(sid, image), "the image", "image", f"{sid}/{image.file.name}", module, s.pos,
                       f"rename the image file {image.file.name} (and its name in scenario.yml)")
    for rel in site_files(project.course):
        yield made(rel, "the course's identity file", "identity", rel, "the course", project.course.pos)
    yield made(SITE_SCRIPT, "the generated site data script", "site-script")
    for name in ASSETS:
        yield made(f"{SITE_FOLDER}/{name}", "the player's asset file", "asset", name)
    yield made(WALKTHROUGH_STYLE, "the sign-off sheets' style sheet", "asset", posixpath.basename(WALKTHROUGH_STYLE))
    for name in DECK_ASSETS:
        yield made(f"{SLIDES_DIR}/{name}", "the decks' asset file", "asset", name)
    for source, target in VENDOR.items():
        yield made(f"{SLIDES_DIR}/vendor/{target}", "the decks' browser file", "vendor", source)
    yield made(f"{SLIDES_DIR}/vendor/{NOTES_PLUGIN[1]}", "the decks' browser file", "notes", NOTES_PLUGIN[0])
    yield made(SHIM_TARGET, "the offline search's shim", "shim", SHIM_SOURCE)
    # The authors' scenario maps: listed like the rest, so that a clash with them is found
    # in every build, but made in the preview alone.
    yield made(MAP_INDEX, "the list of scenario maps", "map-index", preview=True)
    yield made(MAP_STYLE, "the scenario maps' style sheet", "asset", "map.css", preview=True)
    for sid, s in project.scenarios.items():
        module = f"module '{sid}'"
        rename = f"give {module} another id (its folder, its id and its place on the learning path)"
        yield made(map_page(sid), "the scenario map", "map", sid, module, s.pos, rename, sid, preview=True)


def _hand_written(project: Project, lang: str, other_files: Iterable[tuple[str, Path]]) -> Iterator[Output]:
    for rel, page in project.pages.get(lang, {}).items():
        owner = f"{DOCS}/{page.lang}/{rel}"
        yield Output(site_path(rel), rel, "the hand-written page", owner, Pos(page.source), f"rename or move {owner}",
                     "page", rel)
    for rel, file in other_files:
        owner = f"{DOCS}/{lang}/{rel}"
        kind = "the hand-written page" if rel.endswith(MARKDOWN_SUFFIXES) else "the hand-written file"
        yield Output(site_path(rel), rel, kind, owner, Pos(file), f"rename or move {owner}", "file", rel)


def docs_files(folder: Path) -> list[tuple[str, Path]]:
    """The files of a language's docs folder that MkDocs copies into the site besides the
    pages the project read (every .md file is one, or was refused): images, downloads,
    pages with another Markdown suffix. Hidden files and templates/ stay out, as in MkDocs."""
    if not folder.is_dir():
        return []
    out = []
    for file in sorted(folder.rglob("*")):
        rel = file.relative_to(folder).as_posix()
        hidden = any(part.startswith(".") for part in rel.split("/")) or rel.startswith("templates/")
        if file.is_file() and not hidden and not rel.endswith(".md"):
            out.append((rel, file))
    return out


def pdf_name(site_file: str) -> str | None:
    """The name ``make pdf`` gives the PDF of a site's file, if it prints that file: a deck or
    a handout by its own name, a module's sign-off sheet as sign-off-<module>."""
    folder, name = posixpath.split(site_file)
    stem, suffix = posixpath.splitext(name)
    if suffix != ".html" or (folder == WALKTHROUGH_DIR and stem == "index"):
        return None
    if folder in (SLIDES_DIR, HANDOUTS_DIR):
        return f"{stem}.pdf"
    if folder == WALKTHROUGH_DIR:
        return f"sign-off-{stem}.pdf"
    return None


def pdf_outputs(outputs: Iterable[Output]) -> list[Output]:
    """The PDFs ``make pdf`` makes of a language's site, each with the owner of its page."""
    return [replace(o, path=name, source=o.path, kind=f"the PDF of {o.kind}")
            for o in outputs if (name := pdf_name(o.path)) is not None]


def taken_from(project: Project, docs_dir: Path, sid: str) -> tuple[str, Output] | None:
    """An output a new module ``sid`` would overwrite, with where they would meet (a path in
    a language's site, or a PDF's name); None when the module's files have paths of their own."""
    own = [site_path(module_page(sid)), site_path(deck_page(sid)), site_path(walkthrough_page(sid))]
    pdfs = {name.casefold() for name in map(pdf_name, own) if name}
    for lang in project.course.languages:
        site = site_outputs(project, lang, docs_files(docs_dir / lang))
        for o in site:
            if o.path.casefold() in {p.casefold() for p in own}:
                return f"{lang}/{o.path} in the site", o
        for o in pdf_outputs(site):
            if o.path.casefold() in pdfs:
                return f"{o.path} of 'make pdf'", o
    return None


def check_outputs(project: Project, docs_dir: Path, problems: Problems) -> None:
    """Report every path of a language's site, or of its PDFs, that two owners would write."""
    site_clashes: dict[tuple[Output, ...], list[str]] = {}
    pdf_clashes: dict[tuple[Output, ...], list[str]] = {}
    for lang in project.course.languages:
        site = site_outputs(project, lang, docs_files(docs_dir / lang))
        for shared in _shared(site):
            site_clashes.setdefault(shared, []).append(lang)
        for shared in _shared(pdf_outputs(site)):
            pdf_clashes.setdefault(shared, []).append(lang)
    in_site = {frozenset(o.owner for o in owners) for owners in site_clashes}
    root = docs_dir.parent
    for owners, langs in site_clashes.items():
        _report("would both be {path} in the site{langs}", owners, langs, project.course.languages, root, problems)
    for owners, langs in pdf_clashes.items():
        if frozenset(o.owner for o in owners) not in in_site:  # the same two, reported once
            _report("would both be printed to {path} by 'make pdf'{langs}", owners, langs,
                    project.course.languages, root, problems)


def _shared(outputs: list[Output]) -> list[tuple[Output, ...]]:
    """The outputs of each path that has more than one owner. Paths are compared without
    case: on a Windows or macOS server, the two files would overwrite each other."""
    by_path: dict[str, list[Output]] = {}
    for o in outputs:
        by_path.setdefault(o.path.casefold(), []).append(o)
    return [tuple(found) for found in by_path.values() if len({(o.owner, o.kind) for o in found}) > 1]


def _renaming_cost(output: Output) -> int:
    if output.owner.startswith(f"{DOCS}/"):
        return 0
    return 2 if output.scenario else 1


def _report(clash: str, owners: tuple[Output, ...], langs: list[str], languages: tuple[str, ...], root: Path,
            problems: Problems) -> None:
    # At the owner an author would rename: a hand-written file before anything generated,
    # a workshop or handout before a module (a module's id is in learners' saved progress).
    blame = min((o for o in reversed(owners) if o.rename and o.pos is not None), key=_renaming_cost,
                default=owners[-1])
    others = [o for o in owners if o is not blame]
    # A hand-written file makes way for what is generated; generated outputs for each other.
    hand_written = blame.owner.startswith(f"{DOCS}/")
    fixes = list(dict.fromkeys(o.rename for o in (blame, *others)
                               if o.rename and o.owner.startswith(f"{DOCS}/") == hand_written))
    move = "rename or move "
    if len(fixes) > 1 and all(f.startswith(move) for f in fixes):
        fixes = [move + " or ".join(f.removeprefix(move) for f in fixes)]
    fix = " or ".join(fixes) if fixes else "report this to the generator's maintainers"
    folder = langs[0] if len(langs) == 1 else "<lang>"
    paths = [f"{folder}/{p}" for p in dict.fromkeys(o.path for o in owners)]
    shown = paths[0] + (f" (or {', '.join(paths[1:])}: the same file where case does not count)"
                        if len(paths) > 1 else "")
    every = "" if len(langs) == 1 else ", in every language" if len(langs) == len(languages) else \
        f", in {', '.join(langs)}"
    named = ", ".join(o.describe(root) for o in others)
    message = (f"{blame.describe(root, where=False)} and {named} {clash.format(path=shown, langs=every)}, "
               f"one overwriting the other: {fix}")
    problems.error(blame.pos or Pos(root), message)
