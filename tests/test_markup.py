"""Scenario texts cannot inject script: the validator refuses the classic payloads with
their position, and whatever slipped past it is taken out of pages, decks and walkthroughs."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO, edit, problems_of, run_cli
from generator.markup import (
    CONTENT_END,
    CONTENT_START,
    check_markup,
    clean_between,
    clean_page,
    search_html,
    text_html,
)
from generator.project import load_project
from generator.render import scenario_page
from generator.siteconfig import overrides

# The classic payloads (OWASP's XSS filter evasion list, shortened), as an author could type them.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<span onmouseover=\"alert(1)\">hover</span>",
    "<b style=\"background:url(javascript:alert(1))\">x</b>",
    "<style>@import 'http://xss.example/x.css';</style>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<!--><script>alert(1)</script>-->",
    "\"><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[click][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "Text{: onclick=\"alert(1)\" }",
    "Text\n{: #x onmouseover=\"alert(1)\" }",
]

FINE = [
    "Plain text with a < b and 5 > 3, and an ampersand & co.",
    "**Bold**, *italic*, `<script>` in code, and ``a `tick` <b onclick=x>``",
    "A [web page](https://example.org/a?b=c), [mail](mailto:a@example.org), [phone](tel:+48123)",
    "A [term](glossary:trust) and <abbr title=\"Narodowy Fundusz Zdrowia\">NFZ</abbr>.",
    "A price of {price} and a {placeholder}.",
    "Line<br>break, <sub>low</sub> and <sup>high</sup>.",
    "> a quoted patient\n\n- a list\n- of items",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_validator_refuses_each_payload(payload: str) -> None:
    assert check_markup(payload), payload


@pytest.mark.parametrize("text", FINE)
def test_ordinary_markdown_passes(text: str) -> None:
    assert check_markup(text) == []


class _Runnable(HTMLParser):
    """Collects what a browser could run: script elements other than the site's own
    files and settings, event handlers, and links or sources with a scheme other
    than web, mail and phone."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "iframe", "object", "embed", "math", "base", "meta", "link"} and self._in_body:
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in {"href", "src", "data", "action", "xlink:href", "formaction"} and value:
                normal = "".join(value.split()).lower()
                if normal.split(":")[0] in {"javascript", "vbscript", "data"}:
                    self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append("a script that alerts")

    _in_body = True


def runnable(html: str) -> list[str]:
    parser = _Runnable()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_made_from_a_text_cannot_run(payload: str) -> None:
    assert runnable(clean_page(text_html(payload))) == []
    assert runnable(clean_between(f"<p>{CONTENT_START}{text_html(payload)}{CONTENT_END}</p>")) == []


def test_the_page_markup_survives_cleaning() -> None:
    page = ('<section class="tr-step" id="step-a" data-step="a" data-play="{&quot;a&quot;:1}">'
            '<div class="tr-quiz" role="radiogroup" aria-labelledby="l"><label><input type="radio" name="q" '
            'value="x"> A</label><button type="button" class="md-button" data-tr="check" hidden="">Check</button>'
            '</div><textarea name="n" rows="4"></textarea><a class="headerlink" href="#step-a" title="Link">¶</a>'
            '</section>')
    assert clean_page(page) == page


def _payload_texts(project: Path) -> None:
    """Payloads in the texts a learner, a facilitator and a handout reader see."""
    yaml = YAML()
    file = project / "scenarios" / "mini-case" / "pl.yml"
    data = yaml.load(file)
    data["intro"] = PAYLOADS[0] + "\n\n" + PAYLOADS[2]
    data["steps"]["till"]["text"] = PAYLOADS[17]
    data["steps"]["till"]["choices"]["honest"]["consequence"] = PAYLOADS[23]
    data["steps"]["till"]["choices"]["honest"]["feedback"] = PAYLOADS[8]
    data["debrief"] = PAYLOADS[27]
    data["meters"]["trust"] = "Zaufanie " + PAYLOADS[2]  # printed after every step of every walkthrough route
    data["title"] = "Cena {price} " + PAYLOADS[3]
    yaml.dump(data, file)


def test_the_validator_reports_payloads_with_their_position(mini: Path) -> None:
    _payload_texts(mini)
    result = run_cli("build", cwd=mini)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert "mini-case/pl.yml:3:8: intro: raw HTML <script> is not allowed in texts" in out
    assert "steps.till.text: a link to 'javascript:' is not allowed" in out
    assert "a link to 'data:' is not allowed" in out
    assert "the attribute onmouseover on <span> is not allowed" in out
    assert "attribute lists such as {: ...}" in out
    assert "title: raw HTML <svg> is not allowed" in out
    assert not (mini / "site").exists()


@pytest.mark.build
def test_what_slips_past_the_validator_cannot_run_in_the_built_site(mini: Path, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """Defence in depth: with the validator's markup check switched off, the payloads
    reach MkDocs, the deck and the walkthrough, and still nothing in them can run."""
    import generator.texts
    from generator.project import load_project
    from generator.sitebuild import build_language

    _payload_texts(mini)
    monkeypatch.setattr(generator.texts, "check_markup", lambda text: [])
    project, problems = load_project(mini)
    assert project is not None, problems.report()
    # In-process, so that the switched-off check holds inside the MkDocs build too.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(mini)
    build(load_config(str(mini / "mkdocs.yml"), site_dir=str(mini / "site" / "pl"),
                      **overrides(mini / "mkdocs.yml", "pl")))
    assert build_language  # the real build runs the same config in a subprocess
    site = mini / "site" / "pl"
    for rel in ("modules/mini-case.html", "slides/mini-case.html", "walkthrough/mini-case.html", "index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert "hover" in html or rel != "modules/mini-case.html"  # the payloads' text did reach the page
        # A whole page: its <head> holds the site's own links, styles and settings.
        body = html[html.find("<body"):]
        assert runnable(body) == [], (rel, runnable(body))


@pytest.mark.slow  # every page of the course in every language, parsed twice
def test_search_reads_the_same_words_in_the_same_sections_from_the_lean_reading() -> None:
    """Material's search is given a module page's reading version with only the markup it
    keeps: every real module, in every language, gives the same sections with the same
    words (runs of spaces aside), and none of the page's wrappers and controls."""
    from material.plugins.search.plugin import Parser

    def sections(content: str) -> list[tuple[str | None, str, str]]:
        parser = Parser()
        parser.feed(content)
        parser.close()
        return [(s.id, " ".join("".join(s.title).split()), " ".join("".join(s.text).split()))
                for s in parser.data if not s.is_excluded()]

    project, problems = load_project(REPO)
    assert project is not None, problems.report()
    for lang in project.course.languages:
        for sid in project.scenarios:
            reading = scenario_page(project, sid, lang).reading
            lean = search_html(reading)
            assert sections(lean) == sections(clean_page(reading)), (lang, sid)
            assert len(sections(lean)) > 3 and "<div" not in lean and "data-" not in lean, (lang, sid)



@pytest.mark.parametrize("link", ["[price]()", "[price](<>)", "[price]( )"])
def test_a_link_without_a_target_is_one_problem_not_two(mini: Path, link: str) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "debrief: The price before", f"debrief: The {link} before")
    problems = problems_of(mini)
    assert len(problems) == 1 and "has no target" in problems[0], problems
