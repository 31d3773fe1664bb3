"""The MkDocs plugin: turns MkDocs events into calls to the core, nothing more.

One MkDocs build makes one language (``theme.language``); ``python -m generator
build`` runs one build per language. Loading, checking and rendering live in the
core modules, which know nothing of MkDocs.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from .deck import SLIDES_DIR, VENDOR, deck_page, render_deck, render_workshop_deck, workshop_deck_page
from .facilitator import (
    WALKTHROUGH_DIR,
    WALKTHROUGH_INDEX,
    facilitator_pages,
    guide_page,
    handout_page,
    render_walkthrough,
    walkthrough_page,
    workshop_page,
)
from .markup import clean_page, plain_html
from .model import Project
from .project import load_project
from .render import (
    CERTIFICATE_PAGE,
    GLOSSARY_PAGE,
    PROGRESS_PAGE,
    course_text,
    expand_page,
    module_page,
    native_language_name,
    render_certificate,
    render_glossary,
    render_progress,
    render_scenario,
    site_script,
)
from .sitebuild import saved_project
from .strings import ui_strings

log = get_plugin_logger(__name__)

ASSETS = ("training.css", "training.js")
SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
# Material's offline plugin adds a CDN copy of this shim unless a polyfill
# whose path names "iframe-worker" is already listed.
SHIM_TARGET = "assets/vendor/iframe-worker/shim.js"


class TrainingConfig(Config):  # type: ignore[no-untyped-call]
    root = c.Optional(c.Dir(exists=True))
    """The project's top folder (with scenarios/ and docs/); default: the folder of mkdocs.yml."""


class TrainingPlugin(BasePlugin[TrainingConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.preview = False
        self.project: Project | None = None
        self.lang = ""
        self.root = Path()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # In a preview a missing translation falls back to the default language.
        self.preview = command == "serve"

    # Before Material's search and offline plugins: search reads theme.language
    # and offline reads extra.polyfills in their own on_config.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.root or Path(config.config_file_path or ".").parent).resolve()
        project = None if self.preview else saved_project()
        if project is None:
            project, problems = load_project(self.root, fallback=self.preview)
            for problem in problems.warnings:
                log.warning(problem.format(self.root))
        if project is None:
            raise PluginError("the scenarios have problems; nothing was built:\n" + problems.report(self.root))
        lang = str(config.theme["language"])
        if lang not in project.course.languages:
            raise PluginError(f"mkdocs.yml: theme.language is '{lang}', but the course's languages are "
                              f"{', '.join(project.course.languages)} (scenarios/course/course.yml)")
        self.project, self.lang = project, lang
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
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = ui_strings(lang)["permalink"]
        config.extra["alternate"] = [
            {"name": native_language_name(code), "link": f"../{code}/", "lang": code}
            for code in project.course.languages
        ]
        if (self.root / SHIM_SOURCE).is_file():
            config.extra["polyfills"] = [SHIM_TARGET]
        config.extra_css.append("assets/training/training.css")
        config.extra_javascript.append("assets/training/site.js")
        config.extra_javascript.append("assets/training/training.js")
        return config

    def _nav(self, project: Project, lang: str) -> list[Any]:
        hand_written = [p for p in project.pages[lang] if p != "index.md"]
        path_title = plain_html(course_text(project, lang, "path_title"))
        modules = [module_page(sid) for sid in project.scenarios]
        glossary = [GLOSSARY_PAGE] if project.glossary is not None else []
        ui = ui_strings(lang)
        facilitators: list[Any] = []
        if project.workshops is not None:
            facilitators.append({ui["fac.workshops"]: [p for wid in project.workshops.workshops
                                                       for p in (workshop_page(wid), guide_page(wid))]})
            facilitators.append({ui["fac.handouts"]: [handout_page(h) for h in project.workshops.handouts]})
        facilitators.append(WALKTHROUGH_INDEX)
        return [{ui["home"]: "index.md"}, {path_title: modules}, *glossary, PROGRESS_PAGE,
                CERTIFICATE_PAGE, {ui["fac.section"]: facilitators}, *hand_written]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None
        for sid in self.project.scenarios:
            files.append(File.generated(config, module_page(sid),
                                        content=render_scenario(self.project, sid, self.lang)))
        files.append(File.generated(config, PROGRESS_PAGE, content=render_progress(self.project, self.lang)))
        if self.project.glossary is not None:
            files.append(File.generated(config, GLOSSARY_PAGE, content=render_glossary(self.project, self.lang)))
        files.append(File.generated(config, CERTIFICATE_PAGE, content=render_certificate(self.project, self.lang)))
        files.append(File.generated(config, "assets/training/site.js", content=site_script(self.project, self.lang)))
        for rel, page in self.project.pages[self.lang].items():
            if page.lang != self.lang and files.get_file_from_path(rel) is None:
                files.append(File.generated(config, rel, content=page.markdown))
        for name in ASSETS:
            source = resources.files("generator") / "assets" / name
            files.append(File.generated(config, f"assets/training/{name}", abs_src_path=str(source)))
        for sid in self.project.scenarios:
            files.append(File.generated(config, deck_page(sid), content=render_deck(self.project, sid, self.lang)))
        for rel, content in facilitator_pages(self.project, self.lang).items():
            files.append(File.generated(config, rel, content=content))
        for sid in self.project.scenarios:
            files.append(File.generated(config, walkthrough_page(sid),
                                        content=render_walkthrough(self.project, sid, self.lang)))
        source = resources.files("generator") / "assets" / "walkthrough.css"
        files.append(File.generated(config, f"{WALKTHROUGH_DIR}/walkthrough.css", abs_src_path=str(source)))
        if self.project.workshops is not None:
            for wid in self.project.workshops.workshops:
                files.append(File.generated(config, workshop_deck_page(wid),
                                            content=render_workshop_deck(self.project, wid, self.lang)))
        for name in ("deck.css", "deck.js"):
            source = resources.files("generator") / "assets" / name
            files.append(File.generated(config, f"{SLIDES_DIR}/{name}", abs_src_path=str(source)))
        for source_rel, target in VENDOR.items():
            vendored = self.root / "node_modules" / source_rel
            if not vendored.is_file():
                raise PluginError(f"{vendored} is missing, so the decks cannot be built: run 'make site' "
                                  "(it installs the browser files from package-lock.json)")
            files.append(File.generated(config, f"{SLIDES_DIR}/vendor/{target}", abs_src_path=str(vendored)))
        shim = self.root / SHIM_SOURCE
        if shim.is_file():
            files.append(File.generated(config, SHIM_TARGET, abs_src_path=str(shim)))
        else:
            log.warning(f"{SHIM_SOURCE} is missing, so search will not work from file://: run 'make site'")
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.project is None:
            return markdown
        source = self.project.pages[self.lang].get(page.file.src_uri)
        return expand_page(source, self.project, self.lang) if source is not None else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Pages carry texts from scenario files: whatever slipped past the validator cannot run.
        return clean_page(html)

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
