"""The course's identity (colour, logo) and the certificate's issuer: checks, CSS, pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, make_branded, run_cli
from generator.identity import (
    check_logo,
    colour_problem,
    contrast,
    darker_passing,
    identity_css,
    site_files,
    svg_problems,
)
from generator.project import load_project
from generator.render import course_hours, render_certificate

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes


def test_a_light_colour_is_refused_with_its_ratio_and_a_darker_shade_that_passes() -> None:
    message = colour_problem("#26a69a")
    assert message is not None and "3.00:1" in message and "4.5:1" in message
    suggested = re.search(r'"(#[0-9a-f]{6})"', message)
    assert suggested and contrast(suggested.group(1), "#ffffff") >= 4.5
    assert colour_problem(darker_passing("#ffeb3b")) is None  # even yellow has a dark shade that passes
    assert colour_problem("#00695c") is None
    assert "not a colour" in (colour_problem("teal") or "")
    assert "not a colour" in (colour_problem("#0069") or "")


def test_the_real_course_has_an_identity_colour_that_passes() -> None:
    project, problems = load_project(REPO, fallback=False)
    assert project is not None, problems.report(REPO)
    colour = project.course.identity.colour
    assert colour and contrast(colour, "#ffffff") >= 4.5
    assert project.course.issuer is None  # a generic course: a self-study record


def test_identity_css_sets_materials_primary_colour_over_its_palette() -> None:
    css = identity_css("#00695c")
    assert "body[data-md-color-primary]" in css
    assert "--md-primary-fg-color: #00695c;" in css and "--md-typeset-a-color: #00695c;" in css


@pytest.mark.parametrize(("inner", "found"), [
    ("<script>alert(1)</script>", "<script> element"),
    ('<rect onclick="alert(1)"/>', "event handler (onclick)"),
    ('<a href="javascript:alert(1)"><rect/></a>', "links to 'javascript:alert(1)'"),
    ('<image xlink:href="https://example.org/a.png"/>', "links to 'https://example.org/a.png'"),
    ("<foreignObject><p>hi</p></foreignObject>", "<foreignObject> element"),
    ("<style>rect { fill: url(https://example.org/x.svg#a) }</style>", "style loads"),
    ("<style>@import 'x.css';</style>", "imports another file"),
    ('<rect style="fill: url(http://example.org/p)"/>', "style loads"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "<set> element"),
])
def test_an_svg_that_could_run_code_or_fetch_a_file_is_refused(inner: str, found: str) -> None:
    problems = svg_problems(SVG.format(inner).encode())
    assert any(found in message for _, _, message in problems), problems


def test_svg_entities_stylesheets_and_broken_xml_are_refused() -> None:
    doctype = b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    assert any("entity" in m for _, _, m in svg_problems(doctype))
    sheet = b'<?xml-stylesheet href="https://example.org/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    assert any("style sheet" in m for _, _, m in svg_problems(sheet))
    line, col, message = svg_problems(b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>')[0]
    assert line == 3 and col >= 1 and message.startswith("the SVG is not well-formed XML (mismatched tag)")


def test_a_plain_svg_with_internal_references_is_fine() -> None:
    inner = ('<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
             '<rect fill="url(#g)" style="fill: url(#g)"/><use href="#g"/>')
    assert svg_problems(SVG.format(inner).encode()) == []


def test_logo_checks(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios" / "course"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    (folder / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    logo, problems = check_logo("a.png", folder, tmp_path)
    assert problems == [] and logo is not None and logo.kind == "png"
    logo, problems = check_logo("b.jpg", folder, tmp_path)
    assert problems == [] and logo is not None and logo.suffix == ".jpg"
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "link.png").symlink_to(tmp_path.parent / "outside.png")
    for value, wanted in [("link.png", "leads out of the project"), ("/etc/hostname", "relative"),
                          ("c.png", "does not exist: put the file in course/ or correct the name; the images "
                                    "there: a.png, b.jpg")]:
        logo, problems = check_logo(value, folder, tmp_path)
        assert logo is None and wanted in problems[0][3], problems


def test_the_certificate_says_who_issues_it(tmp_path: Path) -> None:
    root = make_branded(tmp_path / "branded")
    project, problems = load_project(root, fallback=False)
    assert project is not None, problems.report(root)
    page = render_certificate(project, "en")
    assert "Certificate of completion" in page and "Self-study" not in page
    assert "dr Anna Nowak" in page and "Medical director" in page
    assert "Issued by Przychodnia Pod Lipami sp. z o.o." in page
    assert 'src="assets/training/issuer-logo.png"' in page
    assert "Length of the whole course: 0.5 hours" in page  # one module of 10 minutes
    assert set(site_files(project.course)) == {"assets/training/identity.css", "assets/training/logo.svg",
                                               "assets/training/issuer-logo.png"}


@pytest.mark.parametrize(("lang", "words"), [
    ("pl", ["Zapis samodzielnej nauki: żadna organizacja nie wystawia", "Czas trwania całego kursu:"]),
    ("en", ["Self-study record: no organisation issues this certificate", "Length of the whole course:"]),
    ("ru", ["ни одна организация не выдаёт этот сертификат", "Продолжительность всего курса:"]),
    ("uk", ["жодна організація не видає цей сертифікат", "Тривалість усього курсу:"]),
])
def test_without_an_issuer_the_certificate_says_so_plainly(lang: str, words: list[str]) -> None:
    project, _ = load_project(REPO, fallback=False)
    assert project is not None
    page = render_certificate(project, lang)
    for text in words:
        assert text in page
    assert "tr-certificate__sign" not in page
    assert course_hours(project, lang) in page


@pytest.mark.build
def test_the_identity_reaches_the_site_and_the_decks(tmp_path: Path) -> None:
    root = make_branded(tmp_path / "branded")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr + result.stdout
    site = root / "site" / "en"
    assert "--md-primary-fg-color: #6a1b4d;" in (site / "assets/training/identity.css").read_text(encoding="utf-8")
    page = (site / "certificate.html").read_text(encoding="utf-8")
    assert page.index("assets/training/training.css") < page.index("assets/training/identity.css")
    assert '<img src="assets/training/logo.svg"' in page  # Material's header logo
    assert (site / "assets/training/logo.svg").read_bytes() == (root / "scenarios/course/logo.svg").read_bytes()
    deck = (site / "slides/mini-case.html").read_text(encoding="utf-8")
    assert "--tr-primary: #6a1b4d;" in deck and 'src="../assets/training/logo.svg"' in deck


@pytest.mark.build
def test_a_low_contrast_colour_builds_nothing(tmp_path: Path) -> None:
    root = make_branded(tmp_path / "branded")
    course = root / "scenarios/course/course.yml"
    course.write_text(course.read_text(encoding="utf-8").replace("#6a1b4d", "#f48fb1"), encoding="utf-8")
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "scenarios/course/course.yml:7:11: identity.colour: the colour #f48fb1 has a contrast of" in output
    assert not (root / "site").exists()
