"""The MkDocs plugin: turns MkDocs events into calls to the core, nothing more.

One MkDocs build makes one language (``theme.language``); ``python -m generator
build`` runs one build per language. Loading, checking and rendering live in the
core modules, which know nothing of MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from jinja2.bccache import MemcachedBytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from .buildcache import BuildCache, page_key
from .front_matter import FRONT_MATTER, printable
from .identity import IDENTITY_CSS, header_logo
from .languages import language_name, native_language_name
from .manifest import OPTIONAL, Made, Making, Unmade, clean_module_page, generated, make
from .markup import clean_page, plain_html
from .material_search import ReadingForSearch, finish_index
from .material_theme import material_asset
from .model import Project
from .outputs import Output
from .paths import (
    CERTIFICATE_PAGE,
    GLOSSARY_PAGE,
    MAP_DIR,
    PROGRESS_PAGE,
    SHIM_SOURCE,
    SHIM_TARGET,
    WALKTHROUGH_INDEX,
    guide_page,
    handout_page,
    module_page,
    workshop_page,
)
from .preview_errors import error_page, show_errors
from .problems import Problem
from .project import folder_state, load_project
from .render import PATH_MARKER, Heading, HtmlPage, expand_page, module_nav
from .sitebuild import saved_project
from .siteconfig import Folders, folders
from .strings import PROJECT_STRINGS
from .view import course_text

log = get_plugin_logger(__name__)
T = TypeVar("T")


class TrainingConfig(Config):  # type: ignore[no-untyped-call]
    root = c.Optional(c.Dir(exists=True))
    """The project's top folder (with scenarios/ and docs/); default: the folder of mkdocs.yml."""
    node_modules = c.Optional(c.Dir())
    """Where package-lock.json's browser files are (reveal.js, fonts, the search shim);
    default: node_modules in the project's top folder."""
    cache_dir = c.Optional(c.Dir())
    """Where builds keep what they made, for the next one; default: .cache/training in the
    project's top folder."""
    project_file = c.Optional(c.File(exists=True))
    """The project as ``python -m generator build`` loaded and checked it, for its language
    builds; without it the plugin loads the project itself."""


class _Memory(dict[str, bytes]):
    """A dict with the get/set that Jinja's MemcachedBytecodeCache calls."""

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self[key] = value


_TEMPLATE_BYTECODE = MemcachedBytecodeCache(_Memory())  # type: ignore[arg-type]


class LazyFile(File):
    """A generated file whose content is made when MkDocs first reads it, and which is
    "modified" (for a dirty build) only if its inputs changed since the last build."""

    _make: Callable[[], str] | None = None
    _made: str | bytes | None = None
    _changed = True

    @classmethod
    def make(cls, config: MkDocsConfig, path: str, make: Callable[[], str], changed: bool) -> LazyFile:
        file = cls.generated(config, path, content="")
        assert isinstance(file, LazyFile)
        file._make, file._made, file._changed = make, None, changed
        return file

    @property
    def _content(self) -> str | bytes | None:
        if self._made is None and self._make is not None:
            self._made = self._make()
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made = value

    def is_modified(self) -> bool:
        return self._changed


class TrainingPlugin(BasePlugin[TrainingConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        # One instance for a whole preview session (it has on_startup): what each
        # scenario's files were made from last time lives here between rebuilds.
        self.made: dict[str, tuple[Any, ...]] = {}
        self.shared_state: tuple[Any, ...] = ()
        self.preview = False
        self.dirty = False
        self.built = False
        self.project: Project | None = None
        self.problems: tuple[Problem, ...] = ()  # the preview's warnings, which its scenario maps mark
        self.lang = ""
        self.root = Path()
        self.folders = Folders(Path(), Path())
        # Module pages made as HTML, by source path, from when MkDocs reads them until
        # their content is due: Python-Markdown gets nothing to convert for them.
        self.html_pages: dict[str, HtmlPage] = {}
        self.search = ReadingForSearch()
        self.module_ids: dict[str, str] = {}  # module page's source path -> scenario id
        self.store: BuildCache | None = None
        self.error_page: str | None = None  # while a preview's scenarios have errors: the page it shows
        self.drafts: Project | None = None  # and the modules that could be read, for their maps

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # In a preview a missing translation falls back to the default language, and
        # a rebuild after a save (dirty) makes only what the save changed.
        self.preview = command == "serve"
        self.dirty = dirty and self.preview

    # Before Material's search and offline plugins: search reads theme.language
    # and offline reads extra.polyfills in their own on_config.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.root or Path(config.config_file_path or ".").parent).resolve()
        self.folders = folders(self.root, self.config)
        given = self.config.project_file
        project = saved_project(Path(given)) if given and not self.preview else None
        if project is None:
            project, problems = load_project(self.root, fallback=self.preview, cache=self.preview,
                                             drafts=self.preview)
            self.shared_state = tuple(folder_state(self.root / "scenarios" / unit)
                                      for unit in ("course", "glossary", f"course/{PROJECT_STRINGS}")
                                      if (self.root / "scenarios" / unit).is_dir())
            for problem in problems.warnings:
                log.warning(problem.format(self.root))
            self.problems = tuple(problems.items)
        lang = str(config.theme["language"])
        self.error_page = None
        self.drafts = None
        if self.preview and (project is None or problems.errors):
            # The preview goes on, showing the problems on every page until a save fixes them,
            # and on the scenario maps of the modules that could be read.
            log.error("the scenarios have problems; the preview shows them on every page:\n"
                      + problems.report(self.root))
            self.drafts = project if project is not None and lang in project.course.languages else None
            self.error_page = error_page(problems, self.root, lang, maps=self.drafts is not None)
            self.made.clear()  # after the fix, every page is made again
            self.built = False  # and so are the error page and the sitemap
            self.project, self.lang = None, lang
            return config
        if project is None:
            raise PluginError("the scenarios have problems; nothing was built:\n" + problems.report(self.root))
        if lang not in project.course.languages:
            raise PluginError(f"mkdocs.yml: theme.language is '{lang}', but the course's languages are "
                              f"{', '.join(project.course.languages)} (scenarios/course/course.yml)")
        self.project, self.lang = project, lang
        # A build whose parent used the cache keeps each page, deck and walkthrough there too.
        self.store = BuildCache(self.folders.cache_dir) if project.digests else None
        if self.dirty and self.built:
            # The error page and the sitemap from the first build stand; a save changes neither.
            config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        if config.site_url:
            # Each language is a site of its own under <site_url>/<lang>/.
            config.site_url = config.site_url.rstrip("/") + f"/{lang}/"

        docs = self.root / "docs" / lang
        # Only a preview gets this far without the folder; its pages then fall back.
        config.docs_dir = str(docs if docs.is_dir() else self.root / "docs" / project.course.default_language)
        # Material prints these as they are, into elements and attributes.
        config.site_name = plain_html(course_text(project, lang, "site_name")) or config.site_name
        config.site_description = plain_html(course_text(project, lang, "site_description")) or config.site_description
        config.copyright = plain_html(course_text(project, lang, "copyright")) or config.copyright
        config.nav = self._nav(project, lang)
        # The heading anchors' tooltip, which Python-Markdown's toc writes in English.
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = project.strings[lang]["permalink"]
        config.extra["alternate"] = [
            {"name": native_language_name(code), "link": f"../{code}/", "lang": code}
            for code in project.course.languages
        ]
        if (self.folders.node_modules / SHIM_SOURCE).is_file():
            config.extra["polyfills"] = [SHIM_TARGET]
        config.extra_css.append("assets/training/training.css")
        if project.course.identity.colour:
            config.extra_css.append(IDENTITY_CSS)  # after Material's palette and ours, to win over both
        if logo := header_logo(project.course):
            config.theme["logo"] = logo
        config.extra_javascript.append("assets/training/site.js")
        config.extra_javascript.append("assets/training/training.js")
        return config

    def _nav(self, project: Project, lang: str) -> list[Any]:
        hand_written = [p for p in project.pages[lang] if p != "index.md"]
        path_title = plain_html(course_text(project, lang, "path_title"))
        # Titles given here, not read from each page: a preview's dirty rebuild reads only changed pages.
        modules = module_nav(project, lang)
        glossary = [GLOSSARY_PAGE] if project.glossary is not None else []
        ui = project.strings[lang]
        facilitators: list[Any] = []
        if project.workshops is not None:
            facilitators.append({ui["fac.workshops"]: [p for wid in project.workshops.workshops
                                                       for p in (workshop_page(wid), guide_page(wid))]})
            facilitators.append({ui["fac.handouts"]: [handout_page(h) for h in project.workshops.handouts]})
        facilitators.append(WALKTHROUGH_INDEX)
        return [{ui["home"]: "index.md"}, {path_title: modules}, *glossary, PROGRESS_PAGE,
                CERTIFICATE_PAGE, {ui["fac.section"]: facilitators}, *hand_written]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.error_page is not None:
            return Files(self._draft_maps(config))  # the error page takes every other page's place
        assert self.project is not None
        making = self._making()
        for output in generated(self.project, self.lang, preview=self.preview):
            file = self._file(config, output, making)
            if file is not None:
                files.append(file)
        for rel, page in self.project.pages[self.lang].items():
            if page.lang != self.lang and files.get_file_from_path(rel) is None:
                # A preview's page not yet translated: the default language's, with a notice.
                files.append(File.generated(config, rel, content=page.markdown))
            elif self.dirty and PATH_MARKER in page.markdown and (home := files.get_file_from_path(rel)):
                # The home page lists every module: a dirty rebuild must not skip it.
                files.remove(home)
                files.append(File.generated(config, rel, content=page.markdown))
        return files

    def _draft_maps(self, config: MkDocsConfig) -> list[File]:
        """The scenario maps of the modules that could be read, each problem on its step."""
        if self.drafts is None:
            return []
        making = Making(self.drafts, self.lang, self.folders.node_modules, problems=self.problems)
        files = []
        for output in generated(self.drafts, self.lang, preview=True):
            if output.preview:
                try:
                    made = make(output, making)
                except Unmade as err:
                    log.warning(str(err))
                    continue
                if isinstance(made, Path):
                    files.append(File.generated(config, output.source, abs_src_path=str(made)))
                elif isinstance(made, str):  # a map, or the list of them
                    files.append(File.generated(config, output.source, content=made))
        return files

    def _making(self) -> Making:
        assert self.project is not None
        return Making(self.project, self.lang, self.folders.node_modules, problems=self.problems)

    def _file(self, config: MkDocsConfig, output: Output, making: Making) -> File | None:
        """The output as a file of MkDocs': made when MkDocs reads it if it is made from
        one module, taken from the build cache when it can be."""
        if output.recipe == "module":
            return self._per_scenario(config, output.source, output.scenario, partial(self._module, output.subject))
        if output.scenario:
            return self._document(config, output.source, output.scenario,
                                  partial(_text, partial(make, output, making)))
        try:
            made = make(output, making)
        except Unmade as err:
            if output.recipe in OPTIONAL:
                log.warning(str(err))
                return None
            raise PluginError(str(err)) from err
        if isinstance(made, Path):
            return File.generated(config, output.source, abs_src_path=str(made))
        if isinstance(made, bytes):
            return File.generated(config, output.source, content=made)
        return File.generated(config, output.source, content=_text(lambda: made))

    def _per_scenario(self, config: MkDocsConfig, path: str, sid: str, make: Callable[[], str]) -> File:
        """A page or file made from one scenario, made when MkDocs reads it. A preview's
        rebuild after a save (MkDocs' dirty build) reads only those whose inputs changed:
        the scenario, the scenarios it links to, the course's and the glossary's texts."""
        assert self.project is not None
        changed = True
        if self.dirty:
            folders = self.root / "scenarios"
            inputs = (*(folder_state(folders / x) for x in (sid, *self.project.scenarios[sid].related)),
                      self.shared_state)
            changed = self.made.get(path) != inputs
            self.made[path] = inputs
        return LazyFile.make(config, path, make, changed)

    def _document(self, config: MkDocsConfig, path: str, sid: str, make: Callable[[], str]) -> File:
        """A standalone document of one scenario (a deck, a walkthrough). With the build cache,
        MkDocs copies it from there as it is: reading back 2,000 of them at 250 scenarios
        took longer than the rest of what a rebuild takes from the cache."""
        if self.store is None or self.project is None:
            return self._per_scenario(config, path, sid, make)
        digest = self._key(path, sid)
        suffix = Path(path).suffix
        stored = self.store.find_file("documents", digest, suffix)
        if stored is None:
            text = make()
            stored = self.store.put_file("documents", digest, suffix, text)
            if stored is None:
                return File.generated(config, path, content=text)
        return File.generated(config, path, abs_src_path=str(stored))

    def _cached(self, path: str, sid: str, make: Callable[[], T]) -> Callable[[], T]:
        """``make``, or its result from an earlier build made from the same files: the
        scenario's, those of the modules it links to, and the course's own."""
        if self.store is None or self.project is None:
            return make
        return partial(self.store.get, "pages", self._key(path, sid), make)

    def _key(self, path: str, sid: str) -> str:
        """The cache key of what ``path`` of scenario ``sid`` is made from, in this language."""
        assert self.project is not None
        return page_key(self.project.digests, path, self.lang, sid, self.project.scenarios[sid].related)

    def _module(self, sid: str) -> str:
        assert self.project is not None
        page = self._cached(module_page(sid), sid, partial(clean_module_page, self.project, sid, self.lang))()
        self.html_pages[module_page(sid)] = page
        self.module_ids[module_page(sid)] = sid
        return page.markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Each rebuild of a preview makes a new theme environment; the templates it
        # compiles are the same, so their bytecode is kept for the next one.
        if self.preview:
            env.bytecode_cache = _TEMPLATE_BYTECODE
        env.filters["material_asset"] = material_asset  # our theme names Material's assets without their hash
        return env

    def _mark_built(self, *, config: MkDocsConfig) -> None:
        self.built = self.error_page is None

    @event_priority(-100)  # after the search plugin wrote the index and offline its script copy
    def _finish_index(self, *, config: MkDocsConfig) -> None:
        if self.lang and not finish_index(Path(config.site_dir), self.lang):
            log.info(f"search in {language_name(self.lang)} ('{self.lang}') matches the beginnings of words "
                     "only: no tool here knows its word forms (README: Search)")

    @event_priority(-100)
    def _show_errors(self, *, config: MkDocsConfig) -> None:
        if self.error_page is not None:
            show_errors(Path(config.site_dir), self.error_page, keep=MAP_DIR)

    on_post_build = CombinedEvent(_mark_built, _finish_index, _show_errors)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.project is None:
            return markdown
        if page.file.src_uri in self.html_pages:
            return ""  # its HTML comes in on_page_content
        source = self.project.pages[self.lang].get(page.file.src_uri)
        if source is None:
            return markdown
        # Material prints the page's title, description and author as they are, on every page.
        page.meta = printable(page.meta)
        # MkDocs read the page's front matter (page.meta) before this event and gives the
        # rest; the page expanded from its source must leave it out too, or it shows as text.
        body = replace(source, markdown=FRONT_MATTER.sub("", source.markdown, count=1))
        return expand_page(body, self.project, self.lang)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        made = self.html_pages.pop(page.file.src_uri, None)
        if made is not None:  # cleaned when it was made
            page.toc = get_toc([_toc_token(h) for h in made.headings])
            self.search.hold(page.file.src_uri, made.reading)
            return made.html
        # Pages carry texts from scenario files: whatever slipped past the validator cannot run.
        return clean_page(html)

    # Search reads a module page's reading version (material_search.py), before Material's
    # search plugin's own on_page_context; the page gets its content back after it.
    @event_priority(100)
    def _reading_for_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        uri = page.file.src_uri
        if uri in self.module_ids:
            self.search.before_search(page, config, partial(self._search_entries, self.module_ids[uri]))
        return context

    def _search_entries(self, sid: str, uri: str, make: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        return self._cached(f"{uri}#search", sid, make)()

    @event_priority(-100)
    def _content_back(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.search.after_search(page)
        return context

    on_page_context = CombinedEvent(_reading_for_search, _content_back)

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        # MkDocs points an error page's files at the server root when site_url is
        # empty; ours sits at the root of /<lang>/ and must also open from disk.
        if template_name == "404.html":
            context["base_url"] = "."
            context["extra_css"] = [normalize_url(path, None, ".") for path in config.extra_css]
            context["extra_javascript"] = [normalize_url(str(s), None, ".") for s in config.extra_javascript]
        return context

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # Saving a scenario file rebuilds and reloads the page being previewed.
        for folder in (self.root / "scenarios", self.root / "docs"):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _text(make: Callable[[], Made]) -> str:
    made = make()
    assert isinstance(made, str), "a made page or file is text, or a file to copy"
    return made


def _toc_token(heading: Heading) -> Any:
    return {"level": heading.level, "id": heading.id, "name": heading.title,
            "children": [_toc_token(h) for h in heading.children]}
