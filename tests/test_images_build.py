"""The real site built as a user builds it: the overbilling module's quote and bill on its
page, in its deck and on its sign-off sheet in every language, the files in the site with
the language's amounts, and in each SCORM package with its manifest listing them."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from buildguard import builds
from conftest import REPO, make_project, run_cli

pytestmark = pytest.mark.build

LANGS = ("pl", "en", "ru", "uk")
IMAGES = "assets/training/images/overbilling"
# Each language's alt text of the bill, as the page says it, and the total as the drawing does.
BILL_ALT = {
    "pl": "Rachunek przychodni: usunięcie znamienia 500 zł, do tego badanie histopatologiczne 300 zł; razem 800 zł.",
    "en": "The clinic’s bill: removal of a mole 500 zlotys, plus histopathology 300 zlotys; total 800 zlotys.",
    "ru": "Счёт клиники: удаление родинки 500 злотых, плюс гистологическое исследование 300 злотых; итого 800 злотых.",
    "uk": "Рахунок клініки: видалення родимки 500 злотих, плюс гістологічне дослідження 300 злотих; разом 800 злотих.",
}
TOTAL = {"pl": "800 zł", "en": "800 zlotys", "ru": "800 злотых", "uk": "800 злотих"}


@pytest.fixture(scope="module")
@builds
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(REPO, tmp_path_factory.mktemp("images") / "project")
    for command in (("build",), ("scorm",)):
        result = run_cli(*command, cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


def _figures(page: str) -> list[dict[str, str]]:
    """Every scenario image on a page: its attributes and caption, unescaped, spaces plain."""
    out = []
    for match in re.finditer(r'<figure class="tr-figure"><img ([^>]*)>(?:<figcaption>(.*?)</figcaption>)?</figure>',
                             page):
        attrs = {k: html.unescape(v).replace("\N{NO-BREAK SPACE}", " ")
                 for k, v in re.findall(r'(\w+)="([^"]*)"', match.group(1))}
        out.append({**attrs, "caption": html.unescape(match.group(2) or "").replace("\N{NO-BREAK SPACE}", " ")})
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_module_page_deck_and_sheet_show_the_quote_and_the_bill(built: Path, lang: str) -> None:
    site = built / "site" / lang
    shown = {}
    for page in ("modules/overbilling.html", "slides/overbilling.html", "walkthrough/overbilling.html"):
        figures = _figures((site / page).read_text(encoding="utf-8"))
        shown[page] = [f["src"] for f in figures]
        assert [f["src"] for f in figures] == [f"../{IMAGES}/quote.svg", f"../{IMAGES}/bill.svg"], page
        assert all(f["width"] == "480" and f["height"] in ("300", "360") for f in figures), page
        assert figures[1]["alt"] == BILL_ALT[lang] and figures[0]["alt"] and figures[1]["caption"], page
    for name in ("quote.svg", "bill.svg"):
        drawing = (site / IMAGES / name).read_text(encoding="utf-8")
        assert "{" not in drawing and ET.fromstring(drawing).tag == "{http://www.w3.org/2000/svg}svg"
    bill = " ".join(t.strip() for t in ET.parse(site / IMAGES / "bill.svg").getroot().itertext() if t.strip())
    assert bill.replace("\N{NO-BREAK SPACE}", " ").endswith(f"= {TOTAL[lang]}")


def test_each_scorm_package_holds_the_images_and_lists_them(built: Path) -> None:
    for lang in LANGS:
        with zipfile.ZipFile(built / "dist" / "scorm" / f"training-{lang}-scorm12.zip") as zf:
            listed = {f.get("href") for f in ET.fromstring(zf.read("imsmanifest.xml")).iter()
                      if f.tag.endswith("}file")}
            for name in ("quote.svg", "bill.svg"):
                assert f"{IMAGES}/{name}" in listed and f"{IMAGES}/{name}" in zf.namelist()
            assert TOTAL[lang] in zf.read(f"{IMAGES}/bill.svg").decode().replace("\N{NO-BREAK SPACE}", " ")
