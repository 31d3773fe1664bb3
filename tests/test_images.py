"""Images in scenarios (generator/images.py): the checks of an image: field's file, the
file each language's site gets, and the image on the module page, deck and sign-off
sheet of a project built in memory."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as Pillow

from conftest import REPO, edit, examples, problems_of, run_cli
from generator.images import MAX_WIDTH, check_image, image_file, svg_for
from generator.model import Number, Pos
from generator.project import load_project
from generator.strings import currency_words, ui_strings

NUMBERS = {"agreed": Number("agreed", 500, "PLN"), "fee": Number("fee", 1500, "PLN"), "count": Number("count", 3)}
AT = Pos(Path("scenario.yml"), 7, 8)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200">\n{}\n</svg>\n'


def _words(lang: str) -> dict[str, dict[str, str]]:
    return currency_words(ui_strings(lang))


def _check(folder: Path, name: str, body: str | bytes) -> tuple[object, list[tuple[Pos | None, str]]]:
    (folder / name).write_bytes(body.encode() if isinstance(body, str) else body)
    return check_image(name, folder, NUMBERS, AT)


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Pillow.new(mode, (width, height), "white" if mode != "1" else 1).save(out, "PNG")
    return out.getvalue()


def test_an_svg_shows_its_numbers_as_each_language_writes_them(tmp_path: Path) -> None:
    image, problems = _check(tmp_path, "bill.svg", SVG.format("<text>{agreed} + {count}</text>"))
    assert problems == [] and image is not None
    shown = {lang: svg_for((tmp_path / "bill.svg").read_bytes(), lang, NUMBERS, _words(lang)).decode()
             for lang in ("pl", "en", "ru", "uk")}
    assert "<text>500\N{NO-BREAK SPACE}zł + 3</text>" in shown["pl"]
    assert "<text>500\N{NO-BREAK SPACE}zlotys + 3</text>" in shown["en"]
    assert "500\N{NO-BREAK SPACE}злотых" in shown["ru"]
    assert "500\N{NO-BREAK SPACE}злотих" in shown["uk"]
    assert not any("{" in svg for svg in shown.values())


def test_the_real_bill_reads_in_every_language() -> None:
    project, problems = load_project(REPO)
    assert project is not None, problems
    s = project.scenarios["overbilling"]
    bill = s.steps["at-the-till"].image
    assert bill is not None and s.image is not None
    texts = {lang: ET.fromstring(image_file(bill, lang, s.numbers, _words(lang))).itertext()
             for lang in project.course.languages}
    words = {lang: " ".join(t.strip() for t in found if t.strip()) for lang, found in texts.items()}
    assert "800\N{NO-BREAK SPACE}zł" in words["pl"] and "800\N{NO-BREAK SPACE}zlotys" in words["en"]
    assert "+ 300\N{NO-BREAK SPACE}злотых" in words["ru"] and "800\N{NO-BREAK SPACE}злотих" in words["uk"]


def test_a_large_png_comes_out_at_most_the_widest_the_site_shows(tmp_path: Path) -> None:
    image, problems = _check(tmp_path, "photo.png", _png(4000, 1000))
    assert problems == [] and image is not None
    assert (image.width, image.height) == (MAX_WIDTH, 320)  # type: ignore[attr-defined]
    made = image_file(image, "en", NUMBERS)  # type: ignore[arg-type]
    with Pillow.open(io.BytesIO(made)) as out:
        assert out.format == "PNG" and out.size == (MAX_WIDTH, 320)


def test_a_jpeg_is_recompressed_without_its_metadata_and_turned_upright(tmp_path: Path) -> None:
    raw = io.BytesIO()
    exif = Pillow.Exif()
    exif[0x0112] = 6  # taken with the camera turned: shown turned a quarter
    exif[0x010F] = "Camera maker"
    Pillow.new("RGB", (1600, 900), "navy").save(raw, "JPEG", quality=100, exif=exif)
    image, problems = _check(tmp_path, "photo.jpg", raw.getvalue())
    assert problems == [] and image is not None
    assert (image.width, image.height) == (900, 1600)  # type: ignore[attr-defined]
    made = image_file(image, "pl", NUMBERS)  # type: ignore[arg-type]
    with Pillow.open(io.BytesIO(made)) as out:
        assert out.format == "JPEG" and out.size == (900, 1600) and not out.getexif()
    assert len(made) < len(raw.getvalue())


def test_a_small_webp_keeps_its_size(tmp_path: Path) -> None:
    raw = io.BytesIO()
    Pillow.new("RGB", (300, 200), "teal").save(raw, "WEBP")
    image, problems = _check(tmp_path, "x.webp", raw.getvalue())
    assert problems == [] and (image.width, image.height) == (300, 200)  # type: ignore[attr-defined]
    with Pillow.open(io.BytesIO(image_file(image, "en", NUMBERS))) as out:  # type: ignore[arg-type]
        assert out.format == "WEBP" and out.size == (300, 200)


@pytest.mark.parametrize(("name", "body", "expected"), [
    ("huge.png", _png(8000, 6000, "1"), "is 8000 × 6000 px, more than 40 megapixels: resize it"),
    ("photo.jpg", _png(10, 10), "holds a PNG image but its name ends in '.jpg': rename it to end in '.png'"),
    ("broken.png", _png(10, 10)[:40], "cannot be read as an image"),
    ("drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>", "the SVG has no size: give"),
    ("drawing.svg", "just text", "is not an SVG drawing"),
])
def test_an_unusable_file_is_refused_with_what_to_do(tmp_path: Path, name: str, body: str | bytes,
                                                     expected: str) -> None:
    image, problems = _check(tmp_path, name, body)
    assert image is None and any(expected in message for _, message in problems), problems


@pytest.mark.parametrize(("inner", "line", "expected"), [
    ('<script>alert(1)</script>', 2, "holds a <script> element"),
    ('<foreignObject><p>x</p></foreignObject>', 2, "holds a <foreignObject> element"),
    ('<image href="https://example.org/a.png"/>', 2, "links to 'https://example.org/a.png'"),
    ('<use xlink:href="other.svg#a" xmlns:xlink="http://www.w3.org/1999/xlink"/>', 2, "links to 'other.svg#a'"),
    ('<style>\nrect { fill: url(https://example.org/x) }</style>', 3, "style loads 'https://example.org/x'"),
    ('<style>@import "x.css";</style>', 2, "imports another file"),
    ('<text>{agreed} and {tip}</text>', 2, "shows {tip}, which is not one of this scenario's numbers"),
])
def test_an_svg_that_runs_or_fetches_anything_is_refused_at_its_line(tmp_path: Path, inner: str, line: int,
                                                                      expected: str) -> None:
    image, problems = _check(tmp_path, "x.svg", SVG.format(inner))
    assert image is None
    found = [(pos, m) for pos, m in problems if expected in m]
    assert found and found[0][0] is not None and found[0][0].file == tmp_path / "x.svg"
    assert found[0][0].line == line


# Attribute names as an editor might write them, event handlers among them in any case.
ATTRIBUTES = st.one_of(
    st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9_-]{0,12}\Z"),
    st.builds(lambda on, rest: on + rest, st.sampled_from(["on", "On", "ON", "oN"]),
              st.from_regex(r"\A[a-zA-Z0-9_-]{0,10}\Z")),
).filter(lambda name: name.lower() not in ("xmlns", "href"))


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(ATTRIBUTES, min_size=1, max_size=4, unique_by=str.lower),
       element=st.sampled_from(["rect", "g", "svg:path", "text", "circle"]))
def test_no_event_handler_ever_reaches_a_site(tmp_path: Path, names: list[str], element: str) -> None:
    attributes = " ".join(f'{name}="alert(1)"' for name in names)
    inner = f'<{element} {attributes} xmlns:svg="http://www.w3.org/2000/svg">{{agreed}}</{element}>'
    image, problems = _check(tmp_path, "x.svg", SVG.format(inner))
    handlers = [n for n in names if n.lower().startswith("on")]
    if handlers:
        assert image is None
        assert {h for h in handlers} <= {m.group(1) for _, msg in problems
                                         if (m := re.search(r"an event handler \((\S+)\)", msg))}
        return
    assert problems == [] and image is not None
    for lang in ("pl", "en"):
        made = image_file(image, lang, NUMBERS, _words(lang))  # type: ignore[arg-type]
        assert not re.search(rb"\son\w*\s*=", made, re.IGNORECASE)
        ET.fromstring(made)  # still well-formed, the number written in


@settings(max_examples=examples(60), deadline=None)
@given(value=st.one_of(st.integers(-10**9, 10**9), st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 2))),
       currency=st.sampled_from([None, "PLN", "EUR", "UAH"]), lang=st.sampled_from(["pl", "en", "ru", "uk"]))
def test_any_number_written_into_an_svg_leaves_it_well_formed(value: float, currency: str | None, lang: str) -> None:
    numbers = {"amount": Number("amount", value, currency)}
    data = SVG.format('<text x="1" data-n="{amount}">{amount} &amp; \\{amount}</text>').encode()
    made = ET.fromstring(svg_for(data, lang, numbers, _words(lang)))
    text = made.find("{http://www.w3.org/2000/svg}text")
    assert text is not None and text.text is not None
    assert text.text.endswith(" & {amount}") and text.get("data-n") == text.text.removesuffix(" & {amount}")


def test_an_image_on_a_choice_is_shown_with_its_consequence(mini: Path) -> None:
    case = mini / "scenarios" / "mini-case"
    (case / "bill.svg").write_text(SVG.format("<text>{price}</text>"), encoding="utf-8")
    edit(case / "scenario.yml", "      honest:\n        to: good",
         "      honest:\n        to: good\n        image: bill.svg")
    edit(case / "en.yml", "        consequence: The patient nods.",
         "        consequence: The patient nods.\n        image:\n          alt: The bill, {price}.\n"
         "          caption: What she pays.")
    assert problems_of(mini) == ["scenarios/mini-case/pl.yml:14:7: missing text for "
                                 "'steps.till.choices.honest.image.alt': every choice of the structure needs "
                                 "its text here"]
    edit(case / "pl.yml", "      honest:\n", "      honest:\n        image:\n          alt: Rachunek na {price}.\n")
    project, problems = load_project(mini)
    assert project is not None, [p.format(mini) for p in problems.sorted()]
    from generator.deck import render_deck
    from generator.facilitator import render_walkthrough
    from generator.manifest import clean_module_page

    page = clean_module_page(project, "mini-case", "en").html
    choice = page[page.index('id="choice-till--honest"'):]
    figure = ('<figure class="tr-figure"><img src="../assets/training/images/mini-case/bill.svg" '
              'alt="The bill, 1,500\N{NO-BREAK SPACE}zlotys." width="400" height="200"><figcaption>'
              'What she pays.</figcaption></figure>')
    assert choice.index("The patient nods.") < choice.index(figure.replace("\N{NO-BREAK SPACE}", "&nbsp;"))
    assert choice.index(figure.replace("\N{NO-BREAK SPACE}", "&nbsp;")) < choice.index('id="choice-till--vague"')
    deck = render_deck(project, "mini-case", "pl")
    slides = re.findall(r"<section class=\"tr-slide tr-slide--(\w+)\".*?</section>", deck, re.S)
    at = slides.index("image")
    assert slides[at - 1] == "consequence" and 'alt="Rachunek na 1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}zł."' in \
        deck.replace("&nbsp;", "\N{NO-BREAK SPACE}")
    sheet = render_walkthrough(project, "mini-case", "pl")
    assert sheet.count('src="../assets/training/images/mini-case/bill.svg"') == 1


def test_alt_text_and_caption_are_texts_translators_get(mini: Path) -> None:
    case = mini / "scenarios" / "mini-case"
    (case / "bill.svg").write_text(SVG.format("<text>{price}</text>"), encoding="utf-8")
    edit(case / "scenario.yml", "start: till\n", "start: till\nimage: bill.svg\n")
    edit(case / "pl.yml", "objectives:\n", "image:\n  alt: Rachunek na {price}.\n  caption: Przy kasie.\nobjectives:\n")
    edit(case / "en.yml", "objectives:\n", "image:\n  alt: The bill, {price}.\nobjectives:\n")
    status = run_cli("i18n", "status", cwd=mini)
    assert status.returncode == 0 and re.search(r"mini-case\s+\d+/1/0", status.stdout), status.stdout
    assert run_cli("i18n", "export", "--lang", "en", "--format", "po", cwd=mini).returncode == 0
    exported = (mini / "translations-en.po").read_text(encoding="utf-8")
    assert 'msgctxt "mini-case:image.alt"\nmsgid "Rachunek na {price}."\nmsgstr "The bill, {price}."' in exported
    assert 'msgctxt "mini-case:image.caption"\nmsgid "Przy kasie."\nmsgstr ""' in exported
