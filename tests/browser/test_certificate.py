"""The certificate as a learner prints it: with an issuer (the branded fixture project)
and without one (the real course), its name field, its number, one A4 landscape page,
and the course's identity colour on the site and the decks."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import make_branded, run_cli

from .conftest import serve
from .test_learner import no_sideways_scroll
from .test_site import NARROW, run_axe

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
KEY = "training:progress"
DONE = "2026-11-30T10:15:00.000Z"


def record(modules: list[str], name: str = "") -> dict:
    return {"v": 1, "name": name, "notes": {}, "modules": {
        m: {"hist": [], "open": False, "answers": {}, "started": DONE, "done": DONE, "score": 100, "best": 100}
        for m in modules}}


def test_before_any_module_is_done_there_is_no_certificate(guarded_page, branded_server):
    page = guarded_page
    page.goto(f"{branded_server}en/certificate.html")
    assert page.locator(".tr-certificate__none").is_visible()
    assert not page.locator(".tr-certificate").is_visible()


def open_certificate(page, url: str, rec: dict) -> None:
    page.goto(url)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(rec)])
    page.reload()
    page.locator(".tr-certificate").wait_for(state="visible")


def number(page) -> str:
    return page.locator("[data-tr-cert-number]").inner_text()


def print_to_pdf(page, path: Path) -> dict[str, str]:
    """The page printed as a learner prints it (the page's own @page size), and pdfinfo's view."""
    path.unlink(missing_ok=True)
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    # A picture of the printed page, to look at beside the screenshots.
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(path.with_suffix(""))],
                   check=True)
    return dict(re.findall(r"^([^:]+):\s*(.*)$", info, re.M))


def assert_one_a4_landscape(info: dict[str, str]) -> None:
    assert info["Pages"] == "1"
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (842, 595), info["Page size"]


def shots(page, artifacts_dir: Path, name: str) -> None:
    for size, label in ((NARROW, "360"), (WIDE, "1280")):
        page.set_viewport_size(size)
        if size == NARROW:
            no_sideways_scroll(page)
        path = artifacts_dir / f"{name}-{label}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(WIDE)


@pytest.fixture(scope="session")
def branded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The branded fixture project (an issuer, a signatory, logos, a plum colour), built
    and served on 127.0.0.1."""
    root = make_branded(tmp_path_factory.mktemp("branded") / "project")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_certificate_with_an_issuer(guarded_page, branded_server, artifacts_dir, lang):
    page = guarded_page
    page.set_viewport_size(WIDE)
    open_certificate(page, f"{branded_server}{lang}/certificate.html", record(["mini-case"]))
    page.locator("#tr-name").fill("Anna Kowalska")
    cert = page.locator(".tr-certificate")
    text = cert.inner_text()
    assert "Przychodnia Pod Lipami sp. z o.o." in text and "dr Anna Nowak" in text
    assert ("Medical director" if lang == "en" else "Dyrektor medyczna") in text
    kind = cert.locator(".tr-certificate__kind").text_content()  # shown in capitals by CSS
    assert kind == ("Certificate of completion" if lang == "en" else "Zaświadczenie o ukończeniu szkolenia")
    assert "Anna Kowalska" == cert.locator(".tr-certificate__name").inner_text()
    logo = cert.locator(".tr-certificate__logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".md-header__button.md-logo img").evaluate("img => img.complete && img.naturalWidth > 0")
    run_axe(page)
    shots(page, artifacts_dir, f"certificate-issuer-{lang}")
    info = print_to_pdf(page, artifacts_dir / f"certificate-issuer-{lang}.pdf")
    assert_one_a4_landscape(info)


def test_the_name_field_is_plain_to_see(guarded_page, branded_server):
    page = guarded_page
    open_certificate(page, f"{branded_server}en/certificate.html", record(["mini-case"]))
    field = page.locator("#tr-name")
    assert page.get_by_label("Your name, as it should appear on the certificate:").count() == 1
    style = field.evaluate("""el => { const s = getComputedStyle(el);
        return [s.borderTopStyle, parseFloat(s.borderTopWidth), parseFloat(s.fontSize)]; }""")
    assert style[0] == "solid" and style[1] >= 1 and style[2] >= 16, style
    page.keyboard.press("Tab")
    for _ in range(60):
        if page.evaluate("document.activeElement.id") == "tr-name":
            break
        page.keyboard.press("Tab")
    ring = field.evaluate("el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert ring[0] == "solid" and ring[1] >= 2, ring


def test_the_number_is_stable_and_follows_the_name(guarded_page, branded_server):
    page = guarded_page
    open_certificate(page, f"{branded_server}en/certificate.html", record(["mini-case"], name="Anna Kowalska"))
    first = number(page)
    assert re.fullmatch(r"TR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", first), first
    page.reload()
    assert number(page) == first
    page.goto(f"{branded_server}pl/certificate.html")
    assert number(page) == first  # the same record in another language
    page.locator("#tr-name").fill("Anna Nowak")
    assert number(page) != first
    page.locator("#tr-name").fill("Anna Kowalska")
    assert number(page) == first


def test_without_an_issuer_it_says_so_and_all_ten_modules_fit_one_page(guarded_page, site_server, built_site,
                                                                        artifacts_dir):
    modules = [re.sub(r"\.html$", "", p.name) for p in sorted((built_site / "en" / "modules").glob("*.html"))]
    assert len(modules) >= 10
    page = guarded_page
    page.set_viewport_size(WIDE)
    for lang, note in (("en", "Self-study record: no organisation issues this certificate"),
                       ("uk", "жодна організація не видає цей сертифікат")):
        open_certificate(page, f"{site_server}{lang}/certificate.html", record(modules))
        page.locator("#tr-name").fill("Олена Шевченко" if lang == "uk" else "Anna Kowalska")
        cert = page.locator(".tr-certificate")
        assert note in cert.inner_text()
        assert cert.locator("tbody tr:visible").count() == len(modules)
        assert cert.locator(".tr-certificate__sign").count() == 0
        run_axe(page)
        shots(page, artifacts_dir, f"certificate-self-{lang}")
        assert_one_a4_landscape(print_to_pdf(page, artifacts_dir / f"certificate-self-{lang}.pdf"))


def test_printing_shows_only_the_frame(guarded_page, branded_server):
    page = guarded_page
    open_certificate(page, f"{branded_server}en/certificate.html", record(["mini-case"], name="Anna"))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-footer", ".md-sidebar--primary", "h1", ".tr-cert-form"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".tr-certificate").is_visible()


def test_the_identity_colour_reaches_the_site_and_the_deck(reader, site_server):
    page = reader
    page.goto(site_server + "en/index.html")
    assert page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 105, 92)"
    page.goto(site_server + "en/slides/overbilling.html")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    # The title slide is filled with the colour; the other slides' headings are in it.
    background = page.locator(".backgrounds .slide-background.present")
    assert background.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 105, 92)"
    page.evaluate("Reveal.slide(1)")
    assert page.locator(".present h2").evaluate("el => getComputedStyle(el).color") == "rgb(0, 105, 92)"
