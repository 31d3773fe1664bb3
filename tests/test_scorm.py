"""SCORM 1.2 packages: the manifest's required structure, every file it names in the zip,
and the schema files it names, shipped and checked with libxml2's xmllint."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import REPO, run_cli

pytestmark = pytest.mark.build

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
# The originals (generator/scorm_schemas/README.md says where they come from): a package
# ships them unchanged, or ADL's test suite and the LMS read something else.
ORIGINALS = {
    "imscp_rootv1p1p2.xsd": "d9ee699094e0db4518cf0143c81873d196b2683cf1c5ed770f108239ee079dda",
    "adlcp_rootv1p2.xsd": "173decaf9cd31ea847e6ff6853c702137974aca6b56567151aa4a885e0aa4883",
    "imsmd_rootv1p2p1.xsd": "51310a1097f373e619e54ef2ba9c050117de4822e6119a1cc2a3d07cfe450db9",
    "ims_xml.xsd": "5209ff1d1e89cac16e797a2cdb0d5f345343ad97c1b125483a4bc6fc29319bd5",
}
W3C_XML_XSD = Path(__file__).resolve().parent / "fixtures" / "scorm" / "xml.xsd"


def shipped_schemas(zf: zipfile.ZipFile) -> set[str]:
    """The schema files a package's manifest needs (those it names in xsi:schemaLocation and
    those they import or include), each checked to be in the zip; their names."""
    root = ET.fromstring(zf.read("imsmanifest.xml"))
    pairs = root.get(XSI, "").split()
    assert len(pairs) >= 6 and len(pairs) % 2 == 0, pairs
    wanted, seen = [*pairs[1::2]], set()
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        assert name in zf.namelist(), f"the manifest needs {name}, which the package lacks"
        seen.add(name)
        # Read as text: no namespace-aware parser takes IMS's ims_xml.xsd (see manifest_errors).
        wanted += re.findall(r'<\w+:(?:import|include)\b[^>]*\bschemaLocation="([^"]+)"', zf.read(name).decode())
    return seen


def manifest_errors(manifest: bytes, schemas: Path, work: Path) -> str:
    """xmllint's complaints about ``manifest`` against the schema files in ``schemas``; '' when valid."""
    work.mkdir(parents=True, exist_ok=True)
    for xsd in schemas.glob("*.xsd"):
        shutil.copy(xsd, work / xsd.name)
    # libxml2 refuses IMS's ims_xml.xsd (it binds the xml namespace as the default one,
    # which Namespaces in XML forbids): the W3C's schema of that namespace stands in.
    shutil.copy(W3C_XML_XSD, work / "ims_xml.xsd")
    # xmllint takes one schema and ignores xsi:schemaLocation: one that imports every
    # namespace the manifest names, from the file it names.
    pairs = ET.fromstring(manifest).get(XSI, "").split()
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{loc}"/>'
                      for ns, loc in zip(pairs[::2], pairs[1::2], strict=True))
    (work / "all.xsd").write_text(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>')
    (work / "imsmanifest.xml").write_bytes(manifest)
    xmllint = shutil.which("xmllint")
    assert xmllint, "xmllint is missing: make setup-test installs it (Debian's libxml2-utils)"
    result = subprocess.run([xmllint, "--nonet", "--noout", "--schema", "all.xsd", "imsmanifest.xml"],
                            cwd=work, capture_output=True, text=True, timeout=60)
    return "" if result.returncode == 0 else result.stderr or f"xmllint exit {result.returncode}"


def check_package(package: Path, work: Path) -> None:
    """The package ships the original schema files its manifest needs, and the manifest is valid against them."""
    with zipfile.ZipFile(package) as zf:
        assert shipped_schemas(zf) == set(ORIGINALS)
        for name, digest in ORIGINALS.items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == digest, f"{name} is not the original"
            zf.extract(name, work / "schemas")
        manifest = zf.read("imsmanifest.xml")
    errors = manifest_errors(manifest, work / "schemas", work / "lint")
    assert not errors, f"{package.name}: imsmanifest.xml is not valid SCORM 1.2:\n{errors}"


# Changes to a valid manifest, and whether ADL's schemas allow them: the check must refuse
# each forbidden one, or it checks nothing, and accept each allowed one, or it refuses all.
ITEM_TITLE = r"(<item [^>]*>\s*<title>[^<]*</title>)"
VARIANTS = [
    (r'scormtype="asset"', 'scormtype="Asset"', False),                  # not in adlcp's vocabulary
    (r'<item identifier="[^"]*"', "<item", False),                        # an item without its identifier
    (r"<(/?)organizations\b", r"<\1organisations", False),                # an element imscp does not know
    (r"<schemaversion>", '<schemaversion adlcp:scormtype="sco">', False),  # an attribute where none may be
    (ITEM_TITLE, r"\1<adlcp:timelimitaction>stop</adlcp:timelimitaction>", False),  # not in its vocabulary
    (ITEM_TITLE, r"\1<adlcp:timelimitaction>exit,message</adlcp:timelimitaction>", True),
    (ITEM_TITLE, r"\1<adlcp:masteryscore>70</adlcp:masteryscore>", True),
    (r"(<organization [^>]*>)", r"\1<!-- a comment -->", True),
]


def test_a_package_per_language_with_a_valid_manifest(mini: Path, tmp_path: Path) -> None:
    assert run_cli("build", cwd=mini).returncode == 0
    result = run_cli("scorm", cwd=mini)
    assert result.returncode == 0, result.stderr
    for lang in ("pl", "en"):
        package = mini / "dist" / "scorm" / f"training-{lang}-scorm12.zip"
        zf = zipfile.ZipFile(package)
        names = set(zf.namelist())
        root = ET.fromstring(zf.read("imsmanifest.xml"))
        assert root.tag == f"{{{NS['cp']}}}manifest" and root.get("identifier") == f"training-{lang}"
        assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
        assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
        orgs = root.find("cp:organizations", NS)
        org = orgs.find(f"cp:organization[@identifier='{orgs.get('default')}']", NS)
        assert org is not None and org.findtext("cp:title", namespaces=NS)
        resources = {r.get("identifier"): r for r in root.findall("cp:resources/cp:resource", NS)}
        items = org.findall("cp:item", NS)
        assert len(items) == 1
        if lang == "en":
            assert items[0].findtext("cp:title", namespaces=NS) == "A price of 1,500\N{NO-BREAK SPACE}zlotys"
        for item in items:
            sco = resources[item.get("identifierref")]
            assert sco.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and sco.get("href") in names
        listed = {f.get("href") for r in resources.values() for f in r.findall("cp:file", NS)}
        assert listed <= names and "index.html" in listed
        assert names - listed == {"imsmanifest.xml", *ORIGINALS}
        check_package(package, tmp_path / lang)


def test_the_schema_check_refuses_what_the_schemas_refuse(mini: Path, tmp_path: Path) -> None:
    """The xmllint check of the test above, on manifests broken in ways ADL's schemas forbid."""
    from generator.project import load_project
    from generator.scorm import manifest

    project, problems = load_project(mini)
    assert project is not None, problems
    good = manifest(project, "en", ["index.html", "modules/price.html"]).decode()
    schemas = REPO / "generator" / "scorm_schemas"
    assert manifest_errors(good.encode(), schemas, tmp_path / "good") == ""
    for i, (pattern, replacement, valid) in enumerate(VARIANTS):
        changed, n = re.subn(pattern, replacement, good)
        assert n, pattern
        errors = manifest_errors(changed.encode(), schemas, tmp_path / str(i))
        assert not errors if valid else errors, f"{replacement}: {errors or 'accepted'}"
