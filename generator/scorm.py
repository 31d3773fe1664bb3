"""A built language of the site -> a SCORM 1.2 package for an organisation's LMS.

One package per language holds the whole self-study site: the learner keeps the
learning path, the glossary, search and the certificate, and each module is an
item (an SCO) of its own, so the LMS records every module's completion, score,
time and decisions. An LMS administrator uploads one file per language. Each zip
holds, at its root, the schema files its manifest names, as SCORM 1.2 packages must.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from .model import Project
from .paths import module_page
from .sitebuild import replace_with
from .view import View, course_text

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# The schema of each namespace the manifest uses, by the file name it gives in xsi:schemaLocation.
SCHEMAS = {IMSCP: "imscp_rootv1p1p2.xsd", IMSMD: "imsmd_rootv1p2p1.xsd", ADLCP: "adlcp_rootv1p2.xsd"}
SCHEMA_LOCATIONS = " ".join(f"{ns} {name}" for ns, name in SCHEMAS.items())
# The files themselves (see the README there), and ims_xml.xsd, which two of them import:
# ADL's conformance test suite fails a package that lacks any of them.
SCHEMA_DIR = Path(__file__).parent / "scorm_schemas"
SCHEMA_FILES = (*SCHEMAS.values(), "ims_xml.xsd")
# What an LMS never needs: the sitemap for search engines, and the offline search worker's source maps.
_SKIP = ("sitemap.xml", "sitemap.xml.gz")
# The package's own files at its root: a site file of the same name would be a second zip entry.
_OWN = ("imsmanifest.xml", *SCHEMA_FILES)


def manifest(project: Project, lang: str, files: list[str]) -> bytes:
    """imsmanifest.xml: an organization with an item per module, a SCO resource per module
    page, and the rest of the site as one shared asset they all depend on."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    ident = f"{project.course.id}-{lang}"
    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": ident, "version": "1.0",
                                                f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS})
    meta = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(meta, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(meta, f"{{{IMSCP}}}schemaversion").text = "1.2"
    orgs = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": f"{ident}-org"})
    org = ET.SubElement(orgs, f"{{{IMSCP}}}organization", {"identifier": f"{ident}-org"})
    ET.SubElement(org, f"{{{IMSCP}}}title").text = course_text(project, lang, "site_name") or ident
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    pages = set()
    for sid, s in project.scenarios.items():
        href = module_page(sid).replace(".md", ".html")
        pages.add(href)
        item = ET.SubElement(org, f"{{{IMSCP}}}item", {"identifier": f"item-{sid}", "identifierref": f"res-{sid}"})
        ET.SubElement(item, f"{{{IMSCP}}}title").text = View(s, lang, project.strings[lang]).t("title")
        res = ET.SubElement(resources, f"{{{IMSCP}}}resource", {
            "identifier": f"res-{sid}", "type": "webcontent", f"{{{ADLCP}}}scormtype": "sco", "href": href})
        ET.SubElement(res, f"{{{IMSCP}}}file", {"href": href})
        ET.SubElement(res, f"{{{IMSCP}}}dependency", {"identifierref": "shared"})
    shared = ET.SubElement(resources, f"{{{IMSCP}}}resource", {
        "identifier": "shared", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for rel in files:
        if rel not in pages:
            ET.SubElement(shared, f"{{{IMSCP}}}file", {"href": rel})
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def package(project: Project, site: Path, out: Path) -> list[Path]:
    """A zip per language of ``site`` into ``out``; ``out`` is replaced only when all are written."""
    written = []
    with replace_with(out) as staging:
        for lang in project.course.languages:
            folder = site / lang
            files = sorted(rel for rel in (p.relative_to(folder).as_posix() for p in folder.rglob("*")
                                           if p.is_file() and p.name not in _SKIP) if rel not in _OWN)
            target = staging / f"{project.course.id}-{lang}-scorm12.zip"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("imsmanifest.xml", manifest(project, lang, files))
                for name in SCHEMA_FILES:
                    zf.write(SCHEMA_DIR / name, name)
                for rel in files:
                    zf.write(folder / rel, rel)
            written.append(out / target.name)
    return written
