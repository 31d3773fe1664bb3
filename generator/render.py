"""The model -> pages, one set per language: module pages as HTML (their texts
converted by cmark), the other generated pages as Markdown. Never reads scenario files.

Python prepares plain values (texts with numbers filled in, links, condition
sentences); the templates in ``generator/templates/`` hold the markup.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from babel.units import format_unit

from .identity import certificate_logo
from .kinds import parts
from .kinds.base import condition_data
from .languages import language_name, native_language_name
from .markup import plain_html
from .model import Page, Project
from .numbers import format_minutes
from .paths import CERTIFICATE_PAGE, PROGRESS_PAGE, module_page
from .strings import currency_words, plural
from .templates import render, yamlstr
from .texts import GLOSSARY_LINK
from .view import View, course_text, glossary_links, scenario_view

PATH_MARKER = "<!-- training:learning-path -->"


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str  # escaped plain text, as a table of contents shows it
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class HtmlPage:
    """A generated page whose body is HTML already: a site builder only frames it.

    ``markdown`` is the same page for any Markdown tool (front matter, then the body
    as one raw HTML block); ``headings`` is its table of contents."""

    title: str
    description: str
    html: str
    headings: tuple[Heading, ...]
    # The same page without the player's controls and data: what a search index needs,
    # each text once and a third of the markup to read.
    reading: str

    @property
    def markdown(self) -> str:
        title, description = yamlstr(plain_html(self.title)), yamlstr(plain_html(self.description))
        # No table of contents: it would list every step and ending (a spoiler), with
        # links to steps the player has not reached.
        return f"---\ntitle: {title}\ndescription: {description}\nhide:\n- toc\n---\n\n{self.html}"


def render_scenario(project: Project, scenario_id: str, lang: str) -> str:
    """The page of one scenario in one language, as Markdown (its body is HTML)."""
    return scenario_page(project, scenario_id, lang).markdown


def scenario_page(project: Project, scenario_id: str, lang: str) -> HtmlPage:
    """The page of one scenario in one language.

    The texts are converted by cmark and the markup around them comes from the
    template, so the page needs no Markdown pass: Python-Markdown took about 80 ms
    for each of these pages, most of a large site's build."""
    s = project.scenarios[scenario_id]
    v = View(s, lang, project.strings[lang], ext=".html")
    ui = v.ui
    order = {sid: i + 1 for i, sid in enumerate(s.steps)}
    titles = {sid: v.inline(f"steps.{sid}.title") for sid in s.steps}  # each converted once, linked often

    def link(step_id: str) -> dict[str, str]:
        return {"anchor": f"step-{step_id}", "title": titles[step_id]}

    steps: list[dict[str, Any]] = []
    for step in s.steps.values():
        key = f"steps.{step.id}"
        title = titles[step.id]
        outcome = ui[f"outcome.{step.ending}"] if step.ending else ""
        held = parts(step, "activity", "reflection", "decision")  # in the order the page asks them
        steps.append({
            "id": step.id,
            "heading_id": f"title-{step.id}",
            "heading": f"{outcome}: {title}" if step.ending
            else f"{ui['step_number'].format(n=order[step.id])}. {title}",
            "text": v.block(f"{key}.text"),
            "image": v.figure(f"{key}.image", step.image),
            "ending": step.ending,
            "kind": step.kind,
            "parts": [{"key": kind.KEY, **kind.page(step, v, link)} for kind in held],  # for templates/kinds/
            "retry": any(kind.ANSWERED for kind in held),
            "next": link(step.next) if step.next else None,
            "only_if": ui["step_only_if"].format(conditions=v.conditions(step.when),
                                                 target=titles.get(step.otherwise or "", ""))
            if step.when else "",
            "otherwise": link(step.otherwise) if step.otherwise else None,
        })
    meters = []
    for m in s.meters.values():
        name = v.inline(f"meters.{m.id}")
        if m.start is None:
            line = ui["meter_unset"].format(name=name)
        else:
            line = ui["meter_start"].format(name=name, value=v.amount(m.start, m.currency),
                                            min=v.amount(m.min, m.currency), max=v.amount(m.max, m.currency))
        # An amount (the money paid) is shown as an amount, never as a bar that reads like a score.
        meters.append({"id": m.id, "name": name, "line": line, "kind": "amount" if m.currency else "score"})
    related = [{"title": scenario_view(project, r, lang).inline("title"), "href": f"{r}.html"} for r in s.related]
    title = v.inline("title")
    path = list(project.scenarios)
    following = next(iter(path[path.index(scenario_id) + 1:]), None)
    values = dict(
        s=s,
        ui=ui,
        title=title,
        intro=v.block("intro"),
        image=v.figure("image", s.image),
        debrief=v.block("debrief"),
        duration=format_minutes(s.duration, lang),
        roles=", ".join(ui[f"role.{r}"] for r in s.roles),
        objectives=[v.inline(f"objectives.{o}") for o in s.objectives],
        takeaways=[v.inline(f"takeaways.{o}") for o in s.takeaways],
        questions=[v.inline(f"questions.{o}") for o in s.questions],
        meters=meters,
        steps=steps,
        related=related,
        next_module={"title": scenario_view(project, following, lang).inline("title"), "href": f"{following}.html"}
        if following else None,
        certificate_href=CERTIFICATE_PAGE.replace(".md", ".html"),
        # The version a clinical lead signs off (on the module's sign-off sheet), for anyone to compare.
        version=ui["sign.module_version"].format(version=s.versions[lang]) if lang in s.versions else "",
        # An attribute, not a JSON <script>: Material's instant navigation re-runs
        # every script of a new page as JavaScript.
        data=json.dumps(scenario_data(project, scenario_id, lang), ensure_ascii=False, separators=(",", ":")),
    )
    body = render("scenario.html.j2", reading=False, **values)
    reading = render("scenario.html.j2", reading=True, **values)
    # Known only once every text has been looked up, so the banner goes in last.
    banner = fallback_banner(v.ui, sorted(v.fallbacks), as_html=True) if v.fallbacks else ""
    if v.stale:
        banner += render("stale.md.j2", ui=ui, language=native_language_name(project.course.default_language))
    toc = [Heading(2, "situation", ui["situation"]),
           Heading(2, "steps", ui["steps"], tuple(Heading(3, st["heading_id"], plain_html(st["heading"]))
                                                  for st in steps)),
           Heading(2, "debrief", ui["debrief"], tuple(
               Heading(3, part, ui[part]) for part, there in
               (("takeaways", s.takeaways), ("questions", s.questions), ("related", s.related)) if there))]
    return HtmlPage(title=v.t("title"), description=v.t("summary").replace("\n", " "),
                    html=body.replace("<!-- training:fallback -->\n", banner, 1),
                    headings=(Heading(1, s.id, plain_html(title), tuple(toc)),),
                    reading=reading.replace("<!-- training:fallback -->\n", "", 1))


def scenario_data(project: Project, scenario_id: str, lang: str) -> dict[str, Any]:
    """What the browser needs to play a scenario; the text it shows is already in the page."""
    s = project.scenarios[scenario_id]
    words = currency_words(project.strings[lang])

    steps: dict[str, Any] = {}
    for step in s.steps.values():
        entry: dict[str, Any] = {"kind": step.kind}
        for kind in parts(step, "decision"):
            entry.update(kind.data(step))
        if step.next:
            entry["next"] = step.next
        if step.when:
            entry["when"], entry["otherwise"] = condition_data(step.when), step.otherwise
        if step.ending:
            entry["ending"] = step.ending
        for kind in parts(step, "reflection", "activity"):
            entry.update(kind.data(step))
        steps[step.id] = entry
    facts = project.facts.get(scenario_id)
    structure = {
        "start": s.start,
        "meters": {m.id: {"min": m.min, "max": m.max, "start": m.start, "currency": m.currency,
                          "words": words.get(m.currency or "")} for m in s.meters.values()},
        "steps": steps,
        "best": [list(x) for x in facts.best] if facts and facts.best else None,
        "graded": s.graded,
    }
    # What a learner's stored path depends on, the same in every language: a record made
    # before a change to it may no longer fit, one made before a change of wording still does.
    shape = {**structure, "meters": {m.id: [m.min, m.max, m.start] for m in s.meters.values()}}
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]
    return {"id": s.id, "digest": digest, **structure}


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _title(project: Project, scenario_id: str, lang: str) -> str:
    s = project.scenarios[scenario_id]
    return View(s, lang, project.strings[lang]).t("title")


def render_path(project: Project, lang: str, *, from_dir: str = "") -> str:
    """The learning path as HTML inside Markdown, for the home page of ``lang``: a card
    per module, the role paths, and the places training.js fills in."""
    ui = project.strings[lang]
    modules = []
    for n, (sid, s) in enumerate(project.scenarios.items(), start=1):
        # Raw HTML: Markdown does not touch it, so texts come as HTML and links as pages.
        v = View(s, lang, project.strings[lang], root=from_dir, ext=".html")
        modules.append({
            "id": sid,
            "n": n,
            "title": v.inline("title"),
            "href": f"{from_dir}{module_page(sid).removesuffix('.md')}.html",
            "summary": v.block("summary"),
            "duration": format_minutes(s.duration, lang),
            "roles": ", ".join(ui[f"role.{r}"] for r in s.roles),
        })
    total = sum(s.duration for s in project.scenarios.values())
    titles = {m["id"]: m for m in modules}
    roles = []
    for role, ids in project.course.role_paths.items():
        time = format_minutes(sum(project.scenarios[i].duration for i in ids), lang)
        roles.append({"id": role, "name": ui[f"role.{role}"], "time": time, "modules": [titles[i] for i in ids],
                      "total": plural(ui, lang, "path.role_total", len(ids), count=len(ids), time=time)})
    return render("path.md.j2", ui=ui, modules=modules, roles=roles,
                  progress_href=f"{from_dir}{PROGRESS_PAGE.replace('.md', '.html')}",
                  certificate_href=f"{from_dir}{CERTIFICATE_PAGE.replace('.md', '.html')}",
                  total=plural(ui, lang, "path.total", len(modules), count=len(modules),
                               time=format_minutes(total, lang)),
                  # What the page says to a new learner, in place before training.js runs: it
                  # then changes words, not the page's height.
                  none_done=plural(ui, lang, "js.total", 0, done=0, total=len(modules)))


# A navigation section holds at most this many modules; a longer path is cut into
# sections of this size. Every page prints its open section whole, so one section
# of 250 modules made each page list 250 links, and a build's time grow with the
# square of the course.
NAV_SECTION = 20


def module_sections(project: Project, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The learning path for a site's navigation: (section title, [(module title, page)]).
    One untitled section when the path is short."""
    modules = [(plain_html(_title(project, sid, lang)), module_page(sid)) for sid in project.scenarios]
    if len(modules) <= NAV_SECTION:
        return [("", modules)]
    group = project.strings[lang]["path.group"]
    return [(group.format(first=i + 1, last=min(i + NAV_SECTION, len(modules))), modules[i:i + NAV_SECTION])
            for i in range(0, len(modules), NAV_SECTION)]


def module_nav(project: Project, lang: str) -> list[Any]:
    """The learning path as a site builder's navigation: [{title: page}], or sections of them."""
    sections = [(title, [{name: page} for name, page in pages]) for title, pages in module_sections(project, lang)]
    return sections[0][1] if len(sections) == 1 else [{title: pages} for title, pages in sections]


def _module_list(project: Project, lang: str) -> list[dict[str, str]]:
    return [{"id": sid, "title": _title(project, sid, lang), "href": module_page(sid)} for sid in project.scenarios]


def render_glossary(project: Project, lang: str) -> str:
    """The glossary page: each term, its definition, and the modules that link to it."""
    glossary = project.glossary
    assert glossary is not None
    texts = glossary.texts.get(lang, {})
    used: dict[str, list[dict[str, str]]] = {t: [] for t in glossary.terms}
    for sid, s in project.scenarios.items():
        linked = {m.group(1) for t in s.texts.get(lang, {}).values() for m in GLOSSARY_LINK.finditer(t.value)}
        for term in glossary.terms:
            if term in linked:
                used[term].append({"title": _title(project, sid, lang), "href": module_page(sid)})

    def text(key: str) -> str:
        value = texts.get(key)
        return glossary_links(value.value.strip(), "") if value else ""

    terms = [{"id": t, "term": text(f"terms.{t}.term"), "definition": text(f"terms.{t}.definition"),
              "used": used[t]} for t in glossary.terms]
    return render("glossary.md.j2", ui=project.strings[lang], title=text("title"), intro=text("intro"), terms=terms)


def render_progress(project: Project, lang: str) -> str:
    """The learner's own page: each module's state, moving progress, notes, starting over."""
    return render("progress.md.j2", ui=project.strings[lang], modules=_module_list(project, lang))


def render_certificate(project: Project, lang: str) -> str:
    """The certificate page: the learner's name and completed modules are filled in by
    training.js; who issues it (or that no one does), the logo and the course's length
    are the course's own."""
    modules = [{**m, "minutes": format_minutes(project.scenarios[m["id"]].duration, lang)}
               for m in _module_list(project, lang)]
    return render("certificate.md.j2", ui=project.strings[lang], modules=modules,
                  site_name=course_text(project, lang, "site_name"), issuer=project.course.issuer,
                  role=plain_html(course_text(project, lang, "certificate.signatory_role")),
                  logo=certificate_logo(project.course),
                  length=project.strings[lang]["cert.length"].format(hours=course_hours(project, lang)))


def course_hours(project: Project, lang: str) -> str:
    """The whole course's length, in hours to the nearest half hour: '3 hours', '3,5 godziny'."""
    minutes = sum(s.duration for s in project.scenarios.values())
    hours = max(0.5, round(minutes / 30) / 2)
    return str(format_unit(int(hours) if hours.is_integer() else hours, "duration-hour", length="long", locale=lang))


def site_script(project: Project, lang: str) -> str:
    """The browser's view of the whole course in one language: the storage key,
    the widgets' strings, and each module's title and reflection prompts."""
    ui = project.strings[lang]
    modules = []
    for sid, s in project.scenarios.items():
        v = View(s, lang, project.strings[lang])
        prompts = {f"{step.id}.{p}": v.t(f"steps.{step.id}.prompts.{p}")
                   for step in s.steps.values() for p in step.prompts}
        modules.append({"id": sid, "title": v.t("title"), "prompts": prompts})
    data = {
        "key": f"{project.course.id}:progress",
        "name": course_text(project, lang, "site_name"),
        "strings": {**{k: v for k, v in ui.items() if k.startswith("outcome.")},
                    **{k[3:]: v for k, v in ui.items() if k.startswith("js.")}},
        "modules": modules,
    }
    return f"window.trSite = {script_json(data)};\n"


def expand_page(page: Page, project: Project, lang: str) -> str:
    """A hand-written page with the generated parts filled in where its markers stand.

    A page shown in place of a missing translation (previews only) says so first.
    """
    markdown = page.markdown
    depth = page.path.count("/")
    if PATH_MARKER in markdown:
        markdown = markdown.replace(PATH_MARKER, render_path(project, lang, from_dir="../" * depth))
    markdown = glossary_links(markdown, "../" * depth)
    if page.lang != lang:
        markdown = fallback_banner(project.strings[lang], [page.lang]) + "\n" + markdown
    return markdown


def fallback_banner(ui: dict[str, str], shown: list[str], *, as_html: bool = False) -> str:
    return render("fallback.html.j2" if as_html else "fallback.md.j2", ui=ui,
                  language=", ".join(language_name(x) for x in shown))


def render_redirect(project: Project) -> str:
    """The site's root page: sends the browser to the default language, offers all."""
    languages = [{"code": code, "name": native_language_name(code)} for code in project.course.languages]
    default = project.course.default_language
    ui = project.strings[default]
    return render("redirect.html.j2", default=default, languages=languages,
                  title=course_text(project, default, "site_name") or ui["redirect.title"], ui=ui)


