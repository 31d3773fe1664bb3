"""SCORM 1.2 packages: the manifest's required structure, and every file it names in the zip."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import run_cli

pytestmark = pytest.mark.build

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}


def test_a_package_per_language_with_a_valid_manifest(mini: Path) -> None:
    assert run_cli("build", cwd=mini).returncode == 0
    result = run_cli("scorm", cwd=mini)
    assert result.returncode == 0, result.stderr
    for lang in ("pl", "en"):
        zf = zipfile.ZipFile(mini / "dist" / "scorm" / f"training-{lang}-scorm12.zip")
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
        assert names - listed == {"imsmanifest.xml"}
