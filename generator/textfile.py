"""Reading an author's file as text: size limit, encoding, and what Windows editors add.

A UTF-8 byte order mark and CRLF line ends are accepted (Notepad writes both);
line and column of every later problem count characters of the text without them.
Anything else that is not UTF-8 is refused at the first bad byte, before parsing.
"""

from __future__ import annotations

from pathlib import Path

from .model import Pos
from .problems import Problems

# Forty times the largest file of the real course; parsing one this size takes
# about a second, so a pasted megabyte is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
# The longest text text.schema.json allows: a longer line in an oversize file is where to look.
MAX_TEXT_CHARS = 20_000


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's text with newlines as ``\\n``, or None after adding a problem that says why not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(Pos(path), f"cannot read the file: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.error(*_oversize(path, raw))
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(Pos(path), "the file is UTF-16 (\"Unicode\" in Notepad): save it as UTF-8")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        prefix = raw[start:exc.start].decode("utf-8", errors="replace").lstrip("\ufeff")
        problems.error(Pos(path, raw.count(b"\n", 0, exc.start) + 1, len(prefix) + 1),
                       f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n")


def _oversize(path: Path, raw: bytes) -> tuple[Pos, str]:
    """Where an oversize file holds its bulk, found without decoding or parsing it."""
    limit = f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"
    lines = raw.split(b"\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    line = lines[longest].removeprefix(b"\xef\xbb\xbf") if longest == 0 else lines[longest]
    if len(line) <= MAX_TEXT_CHARS:
        return Pos(path), f"{limit}: split it into smaller files"
    col = len(line) - len(line.lstrip(b" \t")) + 1
    return Pos(path, longest + 1, col), f"{limit}, and this line alone holds {len(line):,} of them: shorten it"
