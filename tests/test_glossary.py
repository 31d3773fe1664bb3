"""The glossary and the per-role paths: links to terms checked, the glossary page, the role lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, problems_of, run_cli
from generator.manifest import markdown_pages
from generator.project import load_project
from generator.render import render_glossary


def test_links_to_terms_become_links_to_the_glossary_page(mini: Path) -> None:
    project, problems = load_project(mini)
    assert project is not None, problems.report()
    pages = markdown_pages(project, "en")
    assert "A clear price builds <a href=\"../glossary.html#term-trust\">trust</a>." in pages["modules/mini-case.md"]
    glossary = render_glossary(project, "pl")
    assert "## zaufanie { #term-trust }" in glossary
    assert "[jasnej cenie](glossary.md#term-price-quote)" in glossary  # a definition links another term
    # Where each term is used, from the modules' own links.
    assert glossary.count("Występuje w: [Cena 1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}zł](modules/mini-case.md)") == 1


def test_a_link_to_an_unknown_term_or_in_a_label_is_refused(mini: Path) -> None:
    texts = mini / "scenarios" / "mini-case" / "en.yml"
    edit(texts, "builds [trust](glossary:trust)", "builds [trust](glossary:trsut)")
    edit(texts, "label: You answer vaguely.", "label: You answer [vaguely](glossary:trust).")
    assert problems_of(mini) == [
        "scenarios/mini-case/en.yml:17:19: steps.till.choices.honest.feedback links to glossary term 'trsut', "
        "which the glossary does not define (did you mean 'trust'?): add it to "
        "scenarios/glossary/glossary.yml or fix the id",
        "scenarios/mini-case/en.yml:19:16: steps.till.choices.vague.label links to the glossary, but it is "
        "shown as plain text (a title, label, item or prompt): remove the link here, and link the term in "
        "the running text instead",
    ]


def test_a_term_without_its_text_in_a_language_is_reported(mini: Path) -> None:
    edit(mini / "scenarios" / "glossary" / "glossary.yml", "[trust, price-quote]", "[trust, price-quote, mission]")
    assert problems_of(mini) == [
        "scenarios/glossary/pl.yml:2:1: missing text for 'terms.mission.term': every term of the structure "
        "needs its text here",
        "scenarios/glossary/pl.yml:2:1: missing text for 'terms.mission.definition': every term of the "
        "structure needs its text here",
    ]


def test_role_paths_are_checked_and_listed_on_the_home_page(mini: Path) -> None:
    project, _ = load_project(mini)
    assert project is not None
    home = markdown_pages(project, "pl")["index.md"]
    price = "Cena 1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}zł"
    assert f'<li><strong>Kasa:</strong> <a href="modules/mini-case.html">{price}</a> (10 min)</li>' in home
    assert ('<option value="cashier" data-tr-path="mini-case" data-tr-total="Ta ścieżka: 1 moduł, łącznie około '
            '10 min.">Kasa</option>') in home
    edit(mini / "scenarios" / "course" / "course.yml", "cashier: [mini-case]", "cashier: [mini-cse]")
    assert problems_of(mini) == [
        "scenarios/course/course.yml:4:3: the path for role 'cashier' names 'mini-cse', which is not on the "
        "learning path (did you mean 'mini-case'?)"]


@pytest.mark.build
def test_the_built_site_links_terms_and_has_the_glossary_page(mini: Path) -> None:
    result = run_cli("build", cwd=mini)
    assert result.returncode == 0, result.stderr
    module = (mini / "site" / "en" / "modules" / "mini-case.html").read_text(encoding="utf-8")
    assert 'href="../glossary.html#term-trust"' in module
    glossary = (mini / "site" / "en" / "glossary.html").read_text(encoding="utf-8")
    assert 'id="term-price-quote"' in glossary and '<a href="modules/mini-case.html">' in glossary
