"""The course's visual identity: its primary colour (held to WCAG AA contrast) and its
logo files (checked by content, size and, for SVG, that nothing in them can run or
fetch anything), and the CSS that applies the colour to the site.

Plain functions over plain values: the loader calls the checks, the plugin and the
renderers call the CSS and the names, and the tests call either without a build.
"""

from __future__ import annotations

import colorsys
import re
import xml.parsers.expat
from pathlib import Path

from .model import Course, Logo
from .paths import SITE_FOLDER

AA = 4.5  # WCAG 2.1 AA, normal text (1.4.3)
MAX_LOGO_BYTES = 300 * 1024
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

# SVG elements that run code, embed other documents or pull in other files: a logo
# needs none of them, and the site makes no request to any other host.
_SVG_REFUSED = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler",
                "listener", "set", "animate", "animatemotion", "animatetransform"}
_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\" ]*)", re.IGNORECASE)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_colour(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(x))):02x}" for x in (r, g, b))


def luminance(colour: str) -> float:
    r, g, b = (_channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darker_passing(colour: str, against: str = "#ffffff") -> str:
    """The same hue, darkened step by step until it reaches AA against ``against``."""
    h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb(colour)))
    candidate = colour
    while contrast(candidate, against) < AA and light > 0:
        light = max(0.0, light - 0.01)
        candidate = hex_colour(*(x * 255 for x in colorsys.hls_to_rgb(h, light, s)))
    return candidate


def colour_problem(colour: str) -> str | None:
    """Why ``colour`` cannot be the primary colour, or None. White text on it (the header,
    buttons) and it as the colour of links and headings on white are the same ratio."""
    if not HEX.match(colour):
        return f"'{colour}' is not a colour: write it as #rrggbb, e.g. \"#1f5f5b\" (in quotes: # starts a comment)"
    ratio = contrast(colour.lower(), "#ffffff")
    if ratio >= AA:
        return None
    return (f"the colour {colour} has a contrast of {ratio:.2f}:1 with white, and white text on it "
            f"and links in it need at least {AA}:1 (WCAG 2.1 AA): use a darker shade such as "
            f"\"{darker_passing(colour.lower())}\"")


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` of ``other`` mixed in."""
    return hex_colour(*(a + (b - a) * share for a, b in zip(rgb(colour), rgb(other), strict=True)))


def identity_css(colour: str) -> str:
    """Material's primary and accent colours set to ``colour``. Material sets its palette on
    the body by attribute (``[data-md-color-primary=indigo]``); the element selector wins
    over it, and without this file the palette of mkdocs.yml stays."""
    r, g, b = rgb(colour)
    dark = mix(colour, "#000000", 0.2)
    return (
        "/* Made from identity.colour in scenarios/course/course.yml. */\n"
        "body[data-md-color-primary] {\n"
        f"  --md-primary-fg-color: {colour};\n"
        f"  --md-primary-fg-color--light: {mix(colour, '#ffffff', 0.25)};\n"
        f"  --md-primary-fg-color--dark: {dark};\n"
        "  --md-primary-bg-color: #fff;\n"
        f"  --md-typeset-a-color: {colour};\n"
        f"  --md-accent-fg-color: {dark};\n"
        f"  --md-accent-fg-color--transparent: rgba({r}, {g}, {b}, 0.1);\n"
        "  --md-accent-bg-color: #fff;\n"
        "}\n"
    )


def deck_style(colour: str) -> str:
    """The deck theme's custom properties (see deck.css) for ``colour``."""
    return f":root {{ --tr-primary: {colour}; --tr-primary-light: {mix(colour, '#ffffff', 0.7)}; }}"


def logo_site_path(logo: Logo, name: str = "logo") -> str:
    """Where the site keeps a logo, from the site's root: the same name in every build."""
    return f"{SITE_FOLDER}/{name}{logo.suffix}"


def sniff(head: bytes) -> str | None:
    """png, jpeg or svg by the file's first bytes; None for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<") and b"<svg" in head:
        return "svg"
    return None


LogoProblem = tuple[Path | None, int, int, str]


def check_logo(value: str, folder: Path, project_root: Path) -> tuple[Logo | None, list[LogoProblem]]:
    """The logo named ``value`` (relative to ``folder``), or the problems with it. A problem
    with a position inside the SVG file carries that file, line and column; the others
    (file None) belong at the ``logo`` field of the course file."""
    if Path(value).is_absolute() or "\\" in value:
        return None, [(None, 0, 0, f"logo '{value}' must be a path relative to {folder.name}/, "
                                   "with forward slashes, e.g. logo.svg")]
    path = (folder / value).resolve()
    root = project_root.resolve()
    if not path.is_relative_to(root):
        return None, [(None, 0, 0, f"logo '{value}' leads out of the project: keep the file inside it, "
                                   f"e.g. in {folder.name}/")]
    if not path.is_file():
        near = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES) if folder.is_dir() else []
        hint = f"; the images there: {', '.join(near)}" if near else ""
        return None, [(None, 0, 0, f"logo '{value}' does not exist: put the file in "
                                   f"{folder.name}/ or correct the name{hint}")]
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        return None, [(None, 0, 0, f"logo '{value}' is {size / 1024:,.0f} KB; the limit is "
                                   f"{MAX_LOGO_BYTES // 1024} KB: export it smaller (an SVG, or a PNG "
                                   "about 400 px wide, is plenty)")]
    data = path.read_bytes()
    kind = sniff(data[:1024])
    wanted = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return None, [(None, 0, 0, f"logo '{value}' is not a PNG, JPEG or SVG image: export it as one "
                                   "of those")]
    if wanted != kind:
        return None, [(None, 0, 0, f"logo '{value}' holds a {kind.upper()} image but its name ends in "
                                   f"'{path.suffix}': rename it to end in "
                                   f"'{'.jpg' if kind == 'jpeg' else '.' + kind}', so browsers read it right")]
    if kind == "svg":
        problems = svg_problems(data)
        if problems:
            return None, [(path, line, col, message) for line, col, message in problems]
    return Logo(path, kind), []  # type: ignore[arg-type]


def svg_problems(data: bytes, thing: str = "a logo") -> list[tuple[int, int, str]]:
    """Where an SVG could run code or fetch a file, as (line, column, message). Refused,
    not cleaned: ``thing`` (a logo, an image) re-exported without them is the fix, and
    nothing is guessed."""
    found: list[tuple[int, int, str]] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message: str) -> None:
        found.append((*where(), message + f": {thing} must not run code or load other files; "
                                           "export it again as a plain SVG"))

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local.lower() in _SVG_REFUSED:
            refuse(f"the SVG holds a <{local}> element")
        for attr, val in attrs.items():
            attr_local = attr.rsplit(" ", 1)[-1]
            if attr_local.lower().startswith("on"):
                refuse(f"the SVG's <{local}> has an event handler ({attr_local})")
            elif attr_local == "href" and not val.strip().startswith("#"):
                refuse(f"the SVG's <{local}> links to '{val[:60]}'")
            elif attr_local == "style":
                check_urls(val, local)

    def check_urls(css: str, element: str) -> None:
        for target in _URL.findall(css):
            if not target.startswith("#"):
                refuse(f"the SVG's <{element}> style loads '{target[:60]}'")
        if "@import" in css.lower():
            refuse(f"the SVG's <{element}> style imports another file")

    stack: list[str] = []

    def opened(name: str, attrs: dict[str, str]) -> None:
        stack.append(name)
        start(name, attrs)

    def text(data: str) -> None:
        if stack and stack[-1].endswith("style"):
            check_urls(data, "style")

    def stylesheet(target: str, data: str) -> None:
        if target == "xml-stylesheet":
            refuse("the SVG loads a style sheet (<?xml-stylesheet?>)")

    def entity(*args: object) -> None:
        # An entity can expand into anything, or read a file: an image has no need of one.
        refuse("the SVG declares an entity (<!ENTITY>)")

    parser.StartElementHandler = opened
    parser.EndElementHandler = lambda name: stack.pop()
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = stylesheet
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as err:
        reason = xml.parsers.expat.errors.messages[err.code]
        found.append((err.lineno, err.offset + 1, f"the SVG is not well-formed XML ({reason}): "
                                                  "open it in an editor and export it again"))
    return found


IDENTITY_CSS = f"{SITE_FOLDER}/identity.css"


def header_logo(course: Course) -> str | None:
    """The logo in the site's header, from the site's root, if the course has one."""
    return logo_site_path(course.identity.logo) if course.identity.logo else None


def certificate_logo(course: Course) -> str | None:
    """The logo on the certificate (the issuer's, else the identity's), from the site's root."""
    logo = course.certificate_logo
    if logo is None:
        return None
    return logo_site_path(logo, "logo" if logo == course.identity.logo else "issuer-logo")


def site_files(course: Course) -> dict[str, str | Path]:
    """What the identity adds to each language's site: the CSS (its text) and the logos
    (their files), by path from the site's root."""
    files: dict[str, str | Path] = {}
    if course.identity.colour:
        files[IDENTITY_CSS] = identity_css(course.identity.colour)
    if course.identity.logo:
        files[logo_site_path(course.identity.logo)] = course.identity.logo.path
    if course.certificate_logo and (name := certificate_logo(course)) not in files:
        files[str(name)] = course.certificate_logo.path
    return files
