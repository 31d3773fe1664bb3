"""Browser-test fixtures: the real site built once, served on 127.0.0.1, opened in
Debian's Chromium through Playwright (see shared/TESTING.md), with a guard that no
request leaves the machine."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from buildguard import builds

BROWSER_REPO = Path(__file__).resolve().parents[2]
BROWSER_ARTIFACTS = BROWSER_REPO / "test-artifacts"

# Requests that never reach a network: inline data, blobs, blank frames.
_LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium: Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
@builds
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real project built once, as a user builds it, into a temporary folder,
    for the address the tests serve it from (so Material gets its sitemap)."""
    site = tmp_path_factory.mktemp("browser") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site),
         "--site-url", f"http://127.0.0.1:{site_port}/"],
        cwd=BROWSER_REPO, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert (site / "index.html").is_file()
    return site


@contextlib.contextmanager
def serve(folder: Path, port: int | None = None) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 while the block runs; its root URL (with '/')."""
    port = port or _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(url + "index.html", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"static server on {url} did not start")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def site_server(built_site: Path, site_port: int) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1; yields its root URL (with '/')."""
    with serve(built_site, site_port) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """REPO/test-artifacts/ (gitignored): PDFs and screenshots kept after the run."""
    BROWSER_ARTIFACTS.mkdir(exist_ok=True)
    return BROWSER_ARTIFACTS


def is_external(url: str, allow_file: bool = True) -> bool:
    """True for a request that would leave this machine's test server."""
    parts = urlsplit(url)
    if parts.scheme in _LOCAL_SCHEMES:
        return False
    if parts.scheme == "file":
        return not allow_file
    return not (parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1")


class RequestLog:
    """Every request a browser context makes (pages, frames, workers)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request) -> None:
        self.urls.append(request.url)

    def external(self, since: int = 0) -> list[str]:
        """The requests that left 127.0.0.1 and file://."""
        return [u for u in self.urls[since:] if is_external(u)]


@pytest.fixture
def request_log(context) -> Iterator[RequestLog]:
    """Records every request of the test's own browser context; the test fails if
    one went anywhere but 127.0.0.1 or a file:// URL."""
    log = RequestLog()
    context.on("request", log.record)
    yield log
    assert not log.external(), "third-party requests: " + ", ".join(log.external())


@pytest.fixture
def guarded_page(page, request_log: RequestLog):
    """pytest-playwright's page (a new browser context), under the guard."""
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(scope="session")
def _shared_reader(browser) -> Iterator[tuple]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    log = RequestLog()
    context.on("request", log.record)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, log
    context.close()


@pytest.fixture
def reader(_shared_reader) -> Iterator:
    """One desktop page kept open for the whole session (a new browser context per
    test costs more than most checks), under the same guard: the test fails if a
    request made during it left 127.0.0.1 or file://. Tests that change the page's
    routes, media or JavaScript use guarded_page instead."""
    page, log = _shared_reader
    start = len(log.urls)
    yield page
    page.set_viewport_size({"width": 1280, "height": 720})
    external = log.external(start)
    assert not external, "third-party requests: " + ", ".join(external)
