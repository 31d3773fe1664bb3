"""Images in scenarios: the file an ``image:`` field of scenario.yml names, checked (it
exists beside scenario.yml, is an SVG, PNG, JPEG or WebP image of a sensible size,
and an SVG runs and fetches nothing), and the file each language's site gets: a raster
resized and recompressed, an SVG with the scenario's ``{numbers}`` in that language.

Plain functions over plain values: the loader calls the check, the site's manifest the
making, and the tests either without a build.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
import xml.parsers.expat
from collections.abc import Mapping
from html import escape
from pathlib import Path

from PIL import Image as Pillow
from PIL import ImageOps, UnidentifiedImageError

from .identity import sniff, svg_problems
from .model import Image, ImageKind, Number, Pos
from .numbers import PLACEHOLDER, format_amount
from .paths import SITE_FOLDER

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a file nobody meant to publish
MAX_WIDTH = 1280  # px: the widest a page or a slide shows an image at
SUFFIXES: dict[str, ImageKind] = {".svg": "svg", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}
_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")

ImageProblem = tuple[Pos | None, str]  # None: at the image field


def site_path(sid: str, image: Image) -> str:
    """Where a language's site keeps a module's image, from the site's root."""
    return f"{SITE_FOLDER}/images/{sid}/{image.file.name}"


def check_image(value: str, folder: Path, numbers: Mapping[str, Number], at: Pos) -> tuple[Image | None,
                                                                                           list[ImageProblem]]:
    """The image ``value`` names in the scenario ``folder``, or what is wrong with it. A
    problem inside an SVG carries its position there; the others stand at ``at``."""
    names = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in SUFFIXES) if folder.is_dir() else []
    hint = f"; the images there: {', '.join(names)}" if names else ""
    if "/" in value or "\\" in value or value in (".", ".."):
        return None, [(None, f"image '{value}' must be the name of a file in the scenario's folder "
                             f"({folder.name}/), without a folder: e.g. receipt.svg{hint}")]
    path = folder / value
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return None, [(None, f"image '{value}' ends in '{path.suffix}': an image is an SVG, PNG, JPEG or WebP "
                             "file (.svg, .png, .jpg, .jpeg, .webp); export it as one of those")]
    if not path.is_file():
        return None, [(None, f"image '{value}' does not exist: put the file in {folder.name}/ "
                             f"or correct the name{hint}")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [(None, f"image '{value}' is {size / 1024 / 1024:.1f} MB; the limit is "
                             f"{MAX_BYTES // 1024 // 1024} MB: export it smaller (about {MAX_WIDTH} px wide "
                             "is as large as the site shows it)")]
    if kind == "svg":
        return _svg(path, value, numbers, at)
    return _raster(path, value, kind)


def _raster(path: Path, value: str, kind: ImageKind) -> tuple[Image | None, list[ImageProblem]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Pillow.DecompressionBombWarning)
            with Pillow.open(path) as img:
                found = (img.format or "").lower()
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return None, [(None, f"image '{value}' is {width} × {height} px, more than "
                                         f"{MAX_PIXELS // 1_000_000} megapixels: resize it to about "
                                         f"{MAX_WIDTH} px wide")]
                img.load()
                if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # turned a quarter: EXIF orientation
                    width, height = height, width
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Pillow.DecompressionBombError) as err:
        return None, [(None, f"image '{value}' cannot be read as an image ({err}): open it in an image "
                             "editor and export it again as PNG, JPEG or WebP")]
    if found != kind:
        right = ".jpg" if found == "jpeg" else f".{found}"
        return None, [(None, f"image '{value}' holds a {found.upper() or 'different'} image but its name ends "
                             f"in '{path.suffix}': rename it to end in '{right}', so browsers read it right")]
    shown = _fit(width, height)
    return Image(path, kind, *shown), []


def _svg(path: Path, value: str, numbers: Mapping[str, Number], at: Pos) -> tuple[Image | None,
                                                                                 list[ImageProblem]]:
    data = path.read_bytes()
    if sniff(data[:1024]) != "svg":
        return None, [(None, f"image '{value}' is not an SVG drawing: export it again as SVG")]
    inside: list[ImageProblem] = [(Pos(path, line, col), message)
                                  for line, col, message in svg_problems(data, "an image")]
    if inside:
        return None, inside
    text = data.decode("utf-8", errors="replace")
    names = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        names.append(name)
        if name not in numbers:
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - text.rfind("\n", 0, match.start())
            known = ", ".join(sorted(numbers)) or "none"
            inside.append((Pos(path, line, col), f"the SVG shows {{{name}}}, which is not one of this scenario's "
                                                 f"numbers (declared: {known}): declare it under numbers in "
                                                 "scenario.yml, or write \\{ for a brace"))
    if inside:
        return None, inside
    size = _svg_size(data)
    if size is None:
        return None, [(Pos(path), "the SVG has no size: give its <svg> element a viewBox (and width and height "
                                  "in px), so the page keeps its place while it loads")]
    return Image(path, "svg", *_fit(*size), numbers=tuple(dict.fromkeys(names))), []


def _svg_size(data: bytes) -> tuple[float, float] | None:
    """The drawing's width and height in px: its width and height, else its viewBox's."""
    found: dict[str, str] = {}
    parser = xml.parsers.expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        if not found:
            found.update(attrs, _root="1")

    parser.StartElementHandler = start
    parser.Parse(data, True)
    width, height = (_LENGTH.match(found.get(k, "")) for k in ("width", "height"))
    if width and height:
        return float(width.group(1)), float(height.group(1))
    box = found.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            return None
        return (w, h) if w > 0 and h > 0 else None
    return None


def _fit(width: float, height: float) -> tuple[int, int]:
    """The size the site shows an image at: its own, at most MAX_WIDTH wide."""
    scale = min(1.0, MAX_WIDTH / width) if width else 1.0
    return max(1, round(width * scale)), max(1, round(height * scale))


def image_file(image: Image, lang: str, numbers: Mapping[str, Number],
               words: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """The image as ``lang``'s site gets it: an SVG with its numbers written in that
    language, a raster at most MAX_WIDTH wide, recompressed, without its metadata."""
    if image.kind == "svg":
        return svg_for(image.file.read_bytes(), lang, numbers, words)
    st = image.file.stat()
    return _recompressed(image.file, image.kind, st.st_mtime_ns, st.st_size)


def svg_for(data: bytes, lang: str, numbers: Mapping[str, Number],
            words: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """An SVG with each ``{name}`` replaced by the number as ``lang`` writes it (as text
    the XML keeps as it is); ``\\{`` stays a brace."""

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        if number is None:
            return match.group(0)  # reported when the scenario was loaded
        return escape(format_amount(number.value, lang, number.currency, (words or {}).get(number.currency or "")),
                      quote=True)

    return PLACEHOLDER.sub(one, data.decode("utf-8")).replace("\\{", "{").encode("utf-8")


@functools.lru_cache(maxsize=64)
def _recompressed(file: Path, kind: ImageKind, mtime: int, size: int) -> bytes:
    # By the file's time and size: every language's site gets the same bytes, made once.
    with Pillow.open(file) as opened:
        img = ImageOps.exif_transpose(opened)
        if img.width > MAX_WIDTH:
            img = img.resize(_fit(img.width, img.height), Pillow.Resampling.LANCZOS)
        if kind == "jpeg" and img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        out = io.BytesIO()
        options: dict[str, object] = {"optimize": True}
        if kind in ("jpeg", "webp"):
            options.update(quality=82)
        if kind == "jpeg":
            options.update(progressive=True)
        img.save(out, _FORMATS[kind], **options)
    return out.getvalue()
