# Everything a new machine needs is installed from the project's own files:
# Python packages from pyproject.toml into .venv, browser files from
# package-lock.json into node_modules, Debian's Chromium and Java for the browser tests.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PROPERDOCS_VENV := .venv-properdocs
PREVIEW_LANG ?= pl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast validate pdf scorm bench setup setup-test chromium java graphviz clean

# SITE_URL=https://training.example.org/ gives a sitemap and instant navigation.
site: setup
	$(PY) -m generator build $(if $(SITE_URL),--site-url $(SITE_URL))

serve: setup
	$(PY) -m generator serve --lang $(PREVIEW_LANG)

validate: setup
	$(PY) -m generator validate

# A SCORM 1.2 package per language, for an LMS, into dist/scorm/ (from a fresh build of site/).
scorm: site
	$(PY) -m generator scorm --site-dir site --out dist/scorm

# Every deck as PDF, per language, into dist/pdf/<lang>/ (from a fresh build of site/).
pdf: site $(VENV)/.test-installed chromium
	$(PY) -m generator pdf --site-dir site --out dist/pdf

# Figures, not a test: validate/generate/build at 10, 100 and 250 synthetic scenarios against
# plain MkDocs, the preview's delay after a save, Lighthouse on three pages (3 to 15 minutes, as busy as the machine is).
bench: setup $(VENV)/.test-installed chromium
	$(PY) -m generator.bench $(if $(SIZES),--sizes $(SIZES))

# Two processes (pytest-xdist): each takes one half of the browser tests (and builds the
# site for it once), then the rest is shared out (see tests/conftest.py). TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
test: setup-test
	$(PY) -m pytest -n $(TEST_WORKERS)

# The quick set while working: no real build, no browser, nothing marked slow; under two
# minutes on two cores. tests/buildguard.py fails a test that builds without its marker.
test-fast: setup $(VENV)/.test-installed
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not build and not browser and not slow"

setup: $(VENV)/.site-installed node_modules/.installed graphviz

setup-test: setup $(VENV)/.test-installed $(PROPERDOCS_VENV)/.installed chromium java

$(VENV)/.site-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed pyproject.toml
	$(PY) -m pip install -qq -e '.[test]'
	touch $@

# ProperDocs (the fork of MkDocs 1.x, pinned in pyproject.toml) in a venv of its own, without
# MkDocs: tests/test_properdocs.py builds the site with it and compares the output with
# MkDocs', so the fallback stays real. ProperDocs answers the plugins' `mkdocs.*` imports
# itself; mkdocs is installed only because Material and this project require it, and is removed.
$(PROPERDOCS_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install -qq --upgrade pip
	$(PROPERDOCS_VENV)/bin/python -m pip install -qq -e '.[properdocs]'
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall -qq --yes mkdocs
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests and make pdf (Playwright never downloads
# one here); poppler's pdfinfo and pdftoppm check the PDFs.
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium poppler-utils; }

# libxml2's xmllint checks each SCORM package's manifest against the schema files it ships.
.PHONY: xmllint
setup-test: xmllint
xmllint:
	@command -v xmllint >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends libxml2-utils; }

# Graphviz's dot lays out the preview's scenario maps (generator/scenario_map.py).
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends graphviz; }

# Debian's Java runs the W3C Nu HTML checker (node_modules/vnu-jar) in the tests.
java:
	@command -v java >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends default-jre-headless; }

clean:
	rm -rf site .site.* dist test-artifacts .cache
