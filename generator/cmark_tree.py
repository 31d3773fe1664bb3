"""cmark's own syntax tree of a Markdown text.

The texts of scenario files are turned into HTML by cmark (through cmarkgfm). To
check what a text holds, the check reads the tree cmark itself parses, not
patterns that guess at it: cmark decides what is a link, raw HTML or code, with
which destination, after resolving reference definitions wherever they stand.
cmarkgfm binds only the conversion to HTML; the library it ships exports cmark's
whole C API, and ``cmark_render_xml`` gives the tree as CommonMark's XML.
"""

from __future__ import annotations

import ctypes
import re
import xml.etree.ElementTree as ET

from cmarkgfm import _cmark

_LIB = ctypes.CDLL(_cmark.__file__)
_LIB.cmark_parse_document.restype = ctypes.c_void_p
_LIB.cmark_parse_document.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
_LIB.cmark_render_xml.restype = ctypes.c_void_p
_LIB.cmark_render_xml.argtypes = [ctypes.c_void_p, ctypes.c_int]
_LIB.cmark_node_free.restype = None
_LIB.cmark_node_free.argtypes = [ctypes.c_void_p]
_LIBC = ctypes.CDLL(None)
_LIBC.free.restype = None
_LIBC.free.argtypes = [ctypes.c_void_p]

_NAMESPACE = "{http://commonmark.org/xml/1.0}"
# Characters XML 1.0 cannot hold, which cmark copies into its XML as they are.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse(text: str) -> ET.Element:
    """The tree of ``text`` as cmark parses it (default options, as ``text_html`` converts
    it); each element's tag is the node's type without its namespace (``paragraph``,
    ``text``, ``html_inline``, ``link`` with its ``destination``, ...)."""
    data = text.encode("utf-8", "surrogatepass")
    root = _LIB.cmark_parse_document(data, len(data), 0)
    try:
        rendered = _LIB.cmark_render_xml(root, 0)
        try:
            xml = ctypes.string_at(rendered).decode("utf-8", "replace")
        finally:
            _LIBC.free(rendered)
    finally:
        _LIB.cmark_node_free(root)
    tree = ET.fromstring(_NOT_XML.sub("\ufffd", xml.split("\n", 2)[2]))  # without the XML and DOCTYPE lines
    for element in tree.iter():
        element.tag = element.tag.removeprefix(_NAMESPACE)
    return tree
