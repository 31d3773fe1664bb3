"""The whole project -> a validated :class:`Project` and every problem found on the way."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from .buildcache import BuildCache, folder_digest, key
from .cast import CAST_FILE, check_cast, load_cast
from .graph import check_graph
from .i18n import mark_stale
from .languages import language_name
from .links import check_links
from .loader import (
    COURSE_FOLDER,
    GLOSSARY_FOLDER,
    STRUCTURE_FILE,
    WORKSHOPS_FOLDER,
    load_course,
    load_glossary,
    load_scenario,
    load_workshops,
    scenario_folders,
)
from .markdown_check import check_page, check_texts
from .model import Ordering, Page, PathFacts, Pos, Project, Scenario, Workshops
from .outputs import check_outputs
from .paths import MODULES_DIR
from .problems import Problem, Problems, did_you_mean
from .review import check_accepted
from .strings import PROJECT_STRINGS, load_interface
from .textfile import read_text
from .texts import (
    COURSE_TEXT_KEYS,
    check_glossary_links,
    check_text_files,
    glossary_text_keys,
    load_texts,
    scenario_text_keys,
    workshops_text_keys,
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a project's objects are made. Each of its passes
    walks every object made so far, and a project of 250 scenarios (some 300,000
    objects, none of them in a cycle that needs collecting) spent 70% of its reading
    back from the build cache, and a quarter of its first reading, in those passes."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@collector_paused()
def load_project(root: Path, *, fallback: bool = False, cache: bool = False,
                 store: BuildCache | None = None, drafts: bool = False) -> tuple[Project | None, Problems]:
    """Load and check everything under ``root``; the project is None when errors remain.

    ``fallback`` (for previews) turns missing translations into warnings and shows
    the default language's text in their place. ``cache`` (for previews, which
    reload on every save) reuses each scenario whose files have the same size and
    modification time as when this process last read them. ``store`` (for builds)
    takes each scenario whose files are byte for byte those of an earlier build from
    that build's results, and records every unit's digest in the project for the
    pages made from it. ``drafts`` (for a preview's scenario maps) gives the project
    even while errors remain, made of the modules that could be read.
    """
    problems = Problems()
    scenarios_dir = root / "scenarios"
    if not scenarios_dir.is_dir():
        problems.error(Pos(scenarios_dir), "no scenarios/ folder here: run the command from the "
                                           "project's top folder, or pass --root")
        return None, problems
    # A link that loops or leads elsewhere makes anything read through it untrustworthy.
    links_ok = check_links(scenarios_dir, problems)
    if not (check_links(root / "docs", problems) and links_ok):
        return None, problems
    course = load_course(scenarios_dir / COURSE_FOLDER, problems)
    if course is None:
        return None, problems
    strings = load_interface(scenarios_dir / COURSE_FOLDER / PROJECT_STRINGS, course.languages, course.pos, problems)
    default = course.default_language
    course = replace(course, texts=mark_stale(scenarios_dir / COURSE_FOLDER, load_texts(
        scenarios_dir / COURSE_FOLDER, course.languages, "course-text", COURSE_TEXT_KEYS, problems,
        fallback=fallback, ignore={"course.yml", CAST_FILE}), default, problems, fallback=fallback))
    check_texts(course.texts, problems)
    cast = load_cast(scenarios_dir / COURSE_FOLDER, problems)

    glossary = load_glossary(scenarios_dir / GLOSSARY_FOLDER, problems)
    if glossary is not None:
        glossary = replace(glossary, texts=mark_stale(scenarios_dir / GLOSSARY_FOLDER, load_texts(
            scenarios_dir / GLOSSARY_FOLDER, course.languages, "glossary-text", glossary_text_keys(glossary.terms),
            problems, fallback=fallback, ignore={"glossary.yml"}), default, problems, fallback=fallback))
        check_glossary_links(glossary.texts, glossary.terms, problems)
        check_texts(glossary.texts, problems)
    terms = glossary.terms if glossary is not None else None

    found: dict[str, Scenario] = {}
    facts: dict[str, PathFacts] = {}
    digests: dict[str, str] = {}
    if store is not None:
        digests = {unit: folder_digest(scenarios_dir / unit)
                   for unit in (COURSE_FOLDER, GLOSSARY_FOLDER, WORKSHOPS_FOLDER)}
        # The course's pages read its interface strings too.
        digests[COURSE_FOLDER] += folder_digest(scenarios_dir / COURSE_FOLDER / PROJECT_STRINGS)
    folders = scenario_folders(scenarios_dir, problems)
    loaded: dict[Path, Loaded] = {}
    inputs: dict[Path, str] = {}
    memos: dict[Path, tuple[Any, ...]] = {}
    for folder in folders:
        if store is not None:
            digests[folder.name] = folder_digest(folder)
            inputs[folder] = key("scenario", str(folder), digests[folder.name], course.languages, terms, fallback)
            if (hit := store.find("scenarios", inputs[folder])) is not None:
                loaded[folder] = hit
        elif cache:
            memos[folder] = (folder, fallback, course.languages, terms, folder_state(folder))
            if memos[folder] in _LOADED:
                loaded[folder] = _LOADED[memos[folder]]
    missing = [folder for folder in folders if folder not in loaded]
    # A preview's server runs threads, which a forked process should not inherit.
    loaded.update(zip(missing, _load_many(missing, course.languages, terms, fallback, parallel=not cache),
                      strict=True))
    for folder in missing:
        if store is not None:
            store.put("scenarios", inputs[folder], loaded[folder])
        elif cache:
            for old in [k for k in _LOADED if k[0] == folder]:
                del _LOADED[old]  # an earlier version of the folder
            _LOADED[memos[folder]] = loaded[folder]
    for folder in folders:
        scenario, result, own = loaded[folder]
        problems.extend(own)
        if scenario is None:
            continue
        if result is not None:
            facts[scenario.id] = result
        found[scenario.id] = scenario

    # Modules that are there but did not load: their own problems are reported, and
    # naming them elsewhere (path, related, workshops, cast) is not a problem of its own.
    broken = frozenset(folder.name for folder in folders if folder.name not in found)
    _check_path(course.path, course.path_pos, found, broken, problems)
    for role, ids in course.role_paths.items():
        for sid in ids:
            if sid not in course.path:
                problems.error(course.role_pos[role], f"the path for role '{role}' names '{sid}', which is not "
                                                      f"on the learning path{did_you_mean(sid, course.path)}")
    workshops = load_workshops(scenarios_dir / WORKSHOPS_FOLDER, problems)
    if workshops is not None:
        workshops = replace(workshops, texts=mark_stale(scenarios_dir / WORKSHOPS_FOLDER, load_texts(
            scenarios_dir / WORKSHOPS_FOLDER, course.languages, "workshops-text", workshops_text_keys(workshops),
            problems, fallback=fallback, ignore={"workshops.yml"}), default, problems, fallback=fallback))
        check_texts(workshops.texts, problems)
        _check_workshops(workshops, found, broken, problems)
    if cast is not None:
        units = {"course": course.texts, **{sid: s.texts for sid, s in found.items()}}
        if glossary is not None:
            units["glossary"] = glossary.texts
        if workshops is not None:
            units["workshops"] = workshops.texts
        # Every unit has required texts: none in the default language means its file did not load.
        unread = broken | {unit for unit, texts in units.items() if not texts.get(default)}
        check_cast(cast, units, default, problems, unread=unread)
    pages = load_pages(root / "docs", course.languages, problems, fallback=fallback)
    ordered = {sid: found[sid] for sid in course.path if sid in found}
    project = Project(course=course, scenarios=ordered, pages=pages, facts=facts, strings=strings, glossary=glossary,
                      workshops=workshops, digests=digests)
    check_outputs(project, root / "docs", problems)
    return (None if problems.errors and not drafts else project), problems


Loaded = tuple[Scenario | None, PathFacts | None, tuple[Problem, ...]]

# A preview reloads the project on every save: a scenario whose files did not change
# is taken from here, with the problems it had (see load_project's ``cache``).
_LOADED: dict[tuple[Any, ...], Loaded] = {}

# From this many scenarios to read, they are read by one process per core: each is
# read and checked on its own, and a large project's first check took 14 s on one.
PARALLEL_FROM = 16


def _load_many(folders: list[Path], languages: tuple[str, ...], terms: tuple[str, ...] | None, fallback: bool,
               *, parallel: bool) -> list[Loaded]:
    load = partial(_load_own, languages=languages, terms=terms, fallback=fallback)
    workers = min(os.cpu_count() or 1, len(folders))
    if not parallel or workers < 2 or len(folders) < PARALLEL_FROM:
        return [load(folder) for folder in folders]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(load, folders, chunksize=4))


def folder_state(folder: Path) -> tuple[tuple[str, int, int], ...]:
    state = []
    for file in sorted(folder.iterdir()):
        try:
            st = file.stat()
        except OSError:
            continue
        state.append((file.name, st.st_mtime_ns, st.st_size))
    return tuple(state)


def _load_own(folder: Path, languages: tuple[str, ...], terms: tuple[str, ...] | None,
              fallback: bool) -> Loaded:
    own = Problems()
    scenario, result = _load_scenario(folder, languages, terms, fallback, own)
    return scenario, result, tuple(own.items)


def _load_scenario(folder: Path, languages: tuple[str, ...], terms: tuple[str, ...] | None, fallback: bool,
                   problems: Problems) -> tuple[Scenario | None, PathFacts | None]:
    """One scenario folder: structure, texts in every language, and the graph's facts."""
    scenario = load_scenario(folder, problems)
    if scenario is None:
        check_text_files(folder, languages, "text", problems)
        return None, None
    texts = mark_stale(folder, load_texts(folder, languages, "text", scenario_text_keys(scenario),
                                          problems, fallback=fallback, numbers=scenario.numbers,
                                          ignore={STRUCTURE_FILE}), languages[0], problems, fallback=fallback)
    scenario = replace(scenario, texts=texts, versions=_versions(folder, languages))
    check_glossary_links(texts, terms, problems)
    check_texts(texts, problems)
    facts = check_graph(scenario, problems)
    if facts is not None:
        check_accepted(scenario, languages[0], problems)
    return scenario, facts


def _versions(folder: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's version of a scenario: a short digest of its structure and that language's texts."""
    def read(name: str) -> bytes:
        try:
            return (folder / name).read_bytes()
        except OSError:
            return b""

    structure = read(STRUCTURE_FILE)
    return {lang: hashlib.sha256(structure + b"\0" + read(f"{lang}.yml")).hexdigest()[:8] for lang in languages}


def _check_workshops(w: Workshops, found: dict[str, Scenario], broken: frozenset[str], problems: Problems) -> None:
    """Every module, handout and step the workshops name exists, and is of the right kind."""
    for wid, workshop in w.workshops.items():
        for item in workshop.agenda:
            if item.module is not None and item.module not in found and item.module not in broken:
                problems.error(item.pos or workshop.pos, f"workshop '{wid}' names module '{item.module}', which "
                                                         f"is not a scenario{did_you_mean(item.module, found)}")
        for material in workshop.materials:
            if material not in w.handouts:
                problems.error(workshop.pos, f"workshop '{wid}' lists material '{material}', which is not a "
                                             f"handout{did_you_mean(material, w.handouts)}: add it under handouts")
    for hid, h in w.handouts.items():
        modules = [m for m in (h.module, *(h.prompts), h.checklist[0] if h.checklist else None) if m]
        for module in modules:
            if module not in found and module not in broken:
                problems.error(h.pos or w.pos, f"handout '{hid}' names module '{module}', which is not a scenario"
                                               f"{did_you_mean(module, found)}")
        if h.checklist and h.checklist[0] in found:
            step = found[h.checklist[0]].steps.get(h.checklist[1])
            if step is None or not isinstance(step.activity, Ordering):
                problems.error(h.pos or w.pos, f"handout '{hid}': '{'/'.join(h.checklist)}' is not an ordering "
                                               "step; a checklist is made from one")


def _check_path(path: tuple[str, ...], path_pos: dict[str, Pos], found: dict[str, Scenario],
                broken: frozenset[str], problems: Problems) -> None:
    for sid in path:
        if sid in (COURSE_FOLDER, GLOSSARY_FOLDER, WORKSHOPS_FOLDER):
            # Never read as a scenario, even with a scenario.yml in it.
            problems.error(path_pos[sid], f"the learning path names '{sid}', the folder of the course's own "
                                          "files, not a scenario: give the scenario another id and folder")
            continue
        if sid not in found and sid not in broken:
            problems.error(path_pos[sid], f"the learning path names '{sid}', which is not a scenario"
                                          f"{did_you_mean(sid, found)}")
    for sid, s in found.items():
        if sid not in path:
            problems.error(s.pos, f"scenario '{sid}' is not on the learning path: add it to path in "
                                  "scenarios/course/course.yml")
        for rel in s.related:
            if rel not in found and rel not in broken:
                problems.error(s.related_pos.get(rel, s.pos),
                               f"related module '{rel}' is not a scenario{did_you_mean(rel, found)}")


def load_pages(docs_dir: Path, languages: tuple[str, ...], problems: Problems, *,
               fallback: bool = False) -> dict[str, dict[str, Page]]:
    """Hand-written pages per language; each language must have the default's pages."""
    pages: dict[str, dict[str, Page]] = {}
    for lang in languages:
        folder = docs_dir / lang
        pages[lang] = {}
        if not folder.is_dir():
            if not fallback or lang == languages[0]:
                problems.error(Pos(folder), f"no hand-written pages for {language_name(lang)}: create "
                                            f"docs/{lang}/ with index.md and about.md")
            continue
        for file in sorted(folder.rglob("*.md")):
            rel = file.relative_to(folder).as_posix()
            if rel.startswith(f"{MODULES_DIR}/"):
                problems.error(Pos(file), f"docs/{lang}/{MODULES_DIR}/ is where module pages are generated: "
                                          "move this page elsewhere")
                continue
            text = read_text(file, problems)
            if text is None:
                continue
            pages[lang][rel] = Page(lang, rel, file, text)
            check_page(pages[lang][rel], problems)
    default = languages[0]
    for lang in languages[1:]:
        for rel, page in pages[default].items():
            if rel in pages[lang] or (docs_dir / lang / rel).is_file():
                continue  # there, or there but unreadable (reported)
            pos = Pos(docs_dir / lang / rel)
            if fallback:
                problems.warning(pos, f"no {language_name(lang)} version of {rel}: showing the "
                                      f"{language_name(default)} page")
                pages[lang][rel] = page
            else:
                problems.error(pos, f"no {language_name(lang)} version of {rel}: translate "
                                    f"docs/{default}/{rel} into docs/{lang}/{rel}")
    for lang in languages:
        if "index.md" not in pages[lang] and (docs_dir / lang).is_dir():
            problems.error(Pos(docs_dir / lang / "index.md"), "every language needs a home page, index.md")
    return pages
