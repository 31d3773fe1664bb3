"""``make bench``: how long validating, generating and building take at 10, 100 and 250
scenarios, against plain MkDocs building the same Markdown; the preview's delay after a
save; search (its word forms' build time per language, the bytes a learner downloads for
a first and a later query, the time a query takes on a normal and a 4x slower CPU); and
Lighthouse's figures for a home page, a module page and a deck.

Figures only: nothing here passes or fails. Each size runs in a fresh process of its
own (``--one N``), so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import gzip
import http.server
import io
import json
import math
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path
from typing import Any

from .model import Project
from .paths import module_page
from .render import module_nav
from .sitebuild import mkdocs_env

SIZES = (10, 100, 250)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="scenario counts, comma-separated")
    parser.add_argument("--root", default=".", help="the project whose pages and course texts to use")
    parser.add_argument("--no-serve", action="store_true", help="skip the preview measurement")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-search", action="store_true", help="skip search in the browser")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.one:
        gc.disable()  # as the command line does (see generator/__main__.py): this process measures its work
        print(json.dumps(measure_size(root, Path(args.work), args.one, browser=not args.no_search)))
        return 0
    sizes = [int(x) for x in args.sizes.split(",")]
    print(machine())
    with tempfile.TemporaryDirectory(prefix="training-bench-") as work:
        results = []
        for n in sizes:
            out = subprocess.run([sys.executable, "-m", "generator.bench", "--one", str(n), "--root", str(root),
                                  "--work", str(Path(work) / str(n)), *(["--no-search"] if args.no_search else [])],
                                 capture_output=True, text=True, check=False)
            if out.returncode:
                print(out.stdout + out.stderr, file=sys.stderr)
                return 1
            results.append(json.loads(out.stdout.splitlines()[-1]))
            print_size(results[-1], flush=True)
        print_growth(results)
        if not args.no_serve:
            print_serve(measure_serve(root, Path(work) / "serve", 100))
        if not args.no_search:
            site = Path(work) / "real-site"
            _run([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], root)
            print_search("the real site", {lang: measure_search(site, lang) for lang in SEARCH_QUERIES})
    if not args.no_lighthouse:
        print_lighthouse(measure_lighthouse(root))
    return 0


def machine() -> str:
    cpus = os.cpu_count()
    with contextlib.suppress(OSError):
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")) / 2**20
        return f"Machine: {cpus} cores ({model}), {mem:.0f} GiB, Python {sys.version.split()[0]}"
    return f"Machine: {cpus} cores, Python {sys.version.split()[0]}"


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Seconds, the peak memory (MiB) of the largest process in the tree, and the output."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def measure_size(source: Path, work: Path, count: int, browser: bool = True) -> dict[str, Any]:
    from .buildcache import BuildCache, page_key
    from .deck import render_deck
    from .facilitator import render_walkthrough
    from .manifest import markdown_pages
    from .paths import deck_page, walkthrough_page
    from .project import load_project
    from .siteconfig import CACHE_DIR
    from .synthetic import write_project

    root = work / "project"
    write_project(source, root, count)
    start = time.perf_counter()
    project, problems = load_project(root)
    validate = time.perf_counter() - start
    if project is None:
        raise RuntimeError(problems.report(root))
    start = time.perf_counter()
    markdown: dict[str, dict[str, str]] = {}
    for lang in project.course.languages:
        markdown[lang] = markdown_pages(project, lang)
        for sid in project.scenarios:
            render_deck(project, sid, lang)
            render_walkthrough(project, sid, lang)
    generate = time.perf_counter() - start
    core_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    command = [sys.executable, "-m", "generator", "build", "--site-dir", "site"]
    build, build_peak, _ = _run(command, root)  # a first build: nothing in the cache
    rebuild, _, _ = _run(command, root)  # nothing changed
    changed = root / "scenarios" / next(iter(project.scenarios)) / f"{project.course.default_language}.yml"
    text = changed.read_text(encoding="utf-8").split("\n", 1)
    changed.write_text(f"title: Changed for the benchmark\n{text[1]}", encoding="utf-8")
    one_changed, _, _ = _run(command, root)
    start = time.perf_counter()
    cached, _ = load_project(root, store=BuildCache(root / CACHE_DIR))
    validate_cached = time.perf_counter() - start
    assert cached is not None
    start = time.perf_counter()  # what the language builds take from the cache instead of making
    store = BuildCache(root / CACHE_DIR)
    for lang in cached.course.languages:
        for sid, s in cached.scenarios.items():
            for path in (module_page(sid), f"{module_page(sid)}#search"):  # the page, its search entries
                store.get("pages", page_key(cached.digests, path, lang, sid, s.related),
                          partial(_missing, path, lang))
            for path in (deck_page(sid), walkthrough_page(sid)):  # found, then copied by MkDocs unread
                if store.find_file("documents", page_key(cached.digests, path, lang, sid, s.related),
                                   Path(path).suffix) is None:
                    _missing(path, lang)
    generate_cached = time.perf_counter() - start
    plain, plain_peak = plain_mkdocs(root, markdown, project)
    site = root / "site"
    forms = {lang: word_forms_time(site / lang, lang) for lang in project.course.languages}
    search = {"pl": measure_search(site, "pl")} if browser else {}
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "scenarios": count, "languages": len(project.course.languages),
        "validate": validate, "generate": generate, "core_peak": core_peak,
        "build": build, "build_peak": build_peak, "plain": plain, "plain_peak": plain_peak,
        "rebuild": rebuild, "one_changed": one_changed, "validate_cached": validate_cached,
        "generate_cached": generate_cached,
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "bytes": sum(p.stat().st_size for p in files),
        "search": {p.parent.parent.name: p.stat().st_size for p in sorted(site.glob("*/search/search_index.json"))},
        "forms": forms, "search_browser": search,
    }


def plain_mkdocs(root: Path, markdown: dict[str, dict[str, str]], project: Project) -> tuple[float, float]:
    """The same Markdown, the same theme, features and extensions, without our plugin: one
    MkDocs build per language, as many at once as ours runs. The floor we cannot beat."""
    import re

    # mkdocs.yml as it is (its Python tags included), less our plugin and theme folder.
    base = (root / "mkdocs.yml").read_text(encoding="utf-8")
    base = re.sub(r"^\s*- training\b.*$|^\s*custom_dir:.*$|^watch:\n(\s+- .*\n)*", "", base, flags=re.M)
    base = re.sub(r"^strict: true", "strict: false", base, flags=re.M)
    jobs = []
    for lang in project.course.languages:
        docs = root / "plain" / lang
        for rel, text in markdown[lang].items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(text, encoding="utf-8")
        pages = sorted(markdown[lang])
        modules = [p for p in pages if p.startswith("modules/")]
        facilitators = [p for p in pages if "/" in p and not p.startswith("modules/")]
        rest = [p for p in pages if p not in modules and p not in facilitators and p != "index.md"]
        assert {page for item in module_nav(project, lang) for page in _pages(item)} == set(modules)
        nav = ["index.md", {"Path": module_nav(project, lang)}, *rest, {"Facilitators": facilitators}]
        config = re.sub(r"^docs_dir:.*$", f"docs_dir: {json.dumps(str(docs))}", base, flags=re.M)
        config = re.sub(r"^(  language:).*$", rf"\1 {lang}", config, count=1, flags=re.M)  # theme.language
        config += f"\nsite_dir: {json.dumps(str(root / 'plain-site' / lang))}\nnav: {json.dumps(nav)}\n"
        file = root / f"plain-{lang}.yml"
        file.write_text(config, encoding="utf-8")
        jobs.append((file, lang))
    start = time.perf_counter()
    workers = min(len(jobs), os.cpu_count() or 1)
    peaks: list[float] = []
    threads = []
    queue = list(jobs)
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                file, lang = queue.pop(0)
            _, peak, _ = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(file)], root, mkdocs_env())
            peaks.append(peak)

    for _ in range(workers):
        threads.append(threading.Thread(target=worker))
        threads[-1].start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, max(peaks)


def _missing(path: str, lang: str) -> str:
    raise RuntimeError(f"{lang}/{path} is not in the cache after a build")


def _pages(item: Any) -> list[str]:
    """The pages of a navigation item: a page, {title: page}, or {title: [items]}."""
    if isinstance(item, str):
        return [item]
    (value,) = item.values()
    return [page for x in value for page in _pages(x)] if isinstance(value, list) else [value]


def print_size(r: dict[str, Any], *, flush: bool = False) -> None:
    core = r["validate"] + r["generate"]
    print(f"\n{r['scenarios']} scenarios x {r['languages']} languages")
    print(f"  validate {r['validate']:.2f} s, generate {r['generate']:.2f} s: together {core:.2f} s, "
          f"{100 * core / r['plain']:.1f}% of the plain MkDocs build (peak {r['core_peak']:.0f} MiB)")
    print(f"  whole site {r['build']:.1f} s (largest process {r['build_peak']:.0f} MiB); plain MkDocs "
          f"{r['plain']:.1f} s ({r['plain_peak']:.0f} MiB); ours/plain {r['build'] / r['plain']:.2f}")
    cached = r["validate_cached"] + r["generate_cached"]
    print(f"  rebuild from the cache: {r['rebuild']:.1f} s with nothing changed, {r['one_changed']:.1f} s after "
          f"changing one scenario (ours/plain {r['rebuild'] / r['plain']:.2f}); validate {r['validate_cached']:.2f} s "
          f"and generate {r['generate_cached']:.2f} s from the cache: together {100 * cached / r['plain']:.1f}% "
          "of plain MkDocs")
    search = ", ".join(f"{lang} {size / 2**20:.1f} MiB" for lang, size in r["search"].items())
    print(f"  site: {r['pages']} HTML pages, {r['bytes'] / 2**20:.0f} MiB on disk; search index {search}")
    forms = ", ".join(f"{lang} {f['seconds']:.2f} s ({f['words']} words, {f['forms']} forms, "
                      f"{f['bytes'] / 1024:.0f} KiB)" for lang, f in r["forms"].items())
    print(f"  search's word forms, in a fresh process per language: {forms}; "
          f"{100 * sum(f['seconds'] for f in r['forms'].values()) / r['build']:.0f}% of the whole site's build",
          flush=flush)
    if r["search_browser"]:
        print_search(f"{r['scenarios']} scenarios", r["search_browser"])


def print_growth(results: list[dict[str, Any]]) -> None:
    if len(results) < 2:
        return
    first, last = results[0], results[-1]
    print("\nGrowth (time per scenario added; linear when the figures stay about the same):")
    for key, name in (("validate", "validate"), ("generate", "generate"), ("build", "whole site"),
                      ("rebuild", "rebuild"), ("plain", "plain MkDocs")):
        pairs = zip(results, results[1:], strict=False)
        steps = [(b[key] - a[key]) / (b["scenarios"] - a["scenarios"]) * 1000 for a, b in pairs]
        exponent = math.log(last[key] / first[key]) / math.log(last["scenarios"] / first["scenarios"])
        print(f"  {name:<13}" + ", ".join(f"{s:.0f} ms" for s in steps)
              + f"; {first['scenarios']}->{last['scenarios']}: x{last[key] / first[key]:.1f} (exponent {exponent:.2f})")


def word_forms_time(site: Path, lang: str) -> dict[str, Any]:
    """The word forms step of a built language's search (generator/word_forms.py), timed in a
    fresh process (the tools' dictionaries loaded), with the map's size."""
    code = ("import sys, time; from pathlib import Path; from generator.material_search import finish_index; "
            "start = time.perf_counter(); finish_index(Path(sys.argv[1]), sys.argv[2]); "
            "print(time.perf_counter() - start)")
    _, _, output = _run([sys.executable, "-c", code, str(site), lang], Path.cwd())
    from .material_search import FORMS_SCRIPT, written_forms

    forms = written_forms(site)
    return {"seconds": float(output.split()[-1]), "words": len(forms),
            "forms": sum(len(f) for f in forms.values()), "bytes": (site / FORMS_SCRIPT).stat().st_size}


# What a learner types: the course's central words, in the cases the pages mostly lack.
SEARCH_QUERIES = {
    "pl": ["zaufaniem", "lekarzowi", "pacjentom", "rachunkiem", "zaufaniem lekarzowi"],
    "en": ["trusting", "doctors", "patients", "bills", "trusting doctors"],
    "ru": ["доверием", "врачу", "пациентам", "клиентоориентированности", "доверием врачу"],
    "uk": ["довірою", "лікарю", "пацієнтам", "рахунком", "довірою лікарю"],
}
# In the page: the time from a query typed to its results' line, and whether search is ready.
_QUERY_TIME = """async query => {
  const input = document.querySelector("input.md-search__input");
  const meta = document.querySelector(".md-search-result__meta");
  const changed = () => new Promise(done => {
    const seen = meta.textContent;
    new MutationObserver((_, observer) => {
      if (meta.textContent !== seen) { observer.disconnect(); done(); }
    }).observe(meta, {childList: true, characterData: true, subtree: true});
  });
  if (input.value) {
    const cleared = changed();
    input.value = "";
    input.dispatchEvent(new KeyboardEvent("keyup"));
    await cleared;
  }
  const start = performance.now();
  const shown = changed();
  input.value = query;
  input.dispatchEvent(new KeyboardEvent("keyup"));
  await shown;
  return performance.now() - start;
}"""


def measure_search(site: Path, lang: str) -> dict[str, Any]:
    """In Chromium, from a static server that compresses as hosts do: the bytes search
    downloads for a first query on a fresh visit and for a query on the next page, the time
    from a page's load until search is ready, and each query's time, on a normal CPU and
    one 4x slower (Chrome's own throttling)."""
    from playwright.sync_api import sync_playwright

    handler = partial(_Compressing, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{lang}/"
    result: dict[str, Any] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "chromium")
            for rate in (1, 4):
                context = browser.new_context()
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                got: list[tuple[int, int]] = []

                def note(response: Any, got: list[tuple[int, int]] = got) -> None:
                    if any(part in response.url for part in ("/search/", "/workers/", "/lunr/")):
                        sizes = response.request.sizes()  # a body from the browser's cache counts nothing
                        got.append((max(0, sizes["responseBodySize"]), len(response.body())))

                page.on("response", note)
                start = time.perf_counter()
                page.goto(base + "about.html")
                page.locator("input.md-search__input").click()
                ready_text = json.loads(page.locator("#__config").text_content() or "{}")["translations"][
                    "search.result.placeholder"]
                page.locator(".md-search-result__meta").filter(has_text=ready_text).wait_for(timeout=60000)
                ready = time.perf_counter() - start
                times = [page.evaluate(_QUERY_TIME, query) for query in SEARCH_QUERIES[lang]]
                first = list(got)
                got.clear()
                page.goto(base + "glossary.html")  # the next page: its search from the browser's cache
                page.locator("input.md-search__input").click()
                page.locator(".md-search-result__meta").filter(has_text=ready_text).wait_for(timeout=60000)
                page.evaluate(_QUERY_TIME, SEARCH_QUERIES[lang][0])
                result[f"x{rate}"] = {"ready": ready, "times": times,
                                      "first": [sum(x[0] for x in first), sum(x[1] for x in first)],
                                      "later": [sum(x[0] for x in got), sum(x[1] for x in got)]}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return result


def print_search(where: str, rows: dict[str, dict[str, Any]]) -> None:
    print(f"  search in Chromium, {where} (a first query downloads / a query on the next page downloads, "
          "gzip; ready after page load; query to results, median and slowest):")
    for lang, r in rows.items():
        parts = []
        for rate in ("x1", "x4"):
            m = r[rate]
            times = sorted(m["times"])
            parts.append(f"CPU {rate}: ready {m['ready']:.1f} s, query {times[len(times) // 2]:.0f} ms "
                         f"(slowest {times[-1]:.0f} ms)")
        first, later = r["x1"]["first"], r["x1"]["later"]
        print(f"    {lang}: {first[0] / 1024:.0f} KiB ({first[1] / 1024:.0f} KiB unpacked) / "
              f"{later[0] / 1024:.0f} KiB; " + "; ".join(parts))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def measure_serve(source: Path, work: Path, count: int, lang: str = "pl") -> dict[str, Any]:
    """Seconds from saving a scenario's text to the new text being served by ``serve``."""
    from .synthetic import write_project

    root = work / "project"
    write_project(source, root, count)
    port = _free_port()
    env = mkdocs_env()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--lang", lang, "--addr",
                             f"127.0.0.1:{port}"], cwd=root, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    target = count // 2
    url = f"http://127.0.0.1:{port}/modules/case-{target:03d}.html"
    try:
        start = time.perf_counter()
        while "case" not in _fetch(url) and time.perf_counter() - start < 600:
            time.sleep(0.2)
        first = time.perf_counter() - start
        times = []
        file = root / "scenarios" / f"case-{target:03d}" / f"{lang}.yml"
        for attempt in range(1, 6):
            time.sleep(1.5)
            marker = f"Edited {attempt} times"
            text = file.read_text(encoding="utf-8").split("\n", 1)
            file.write_text(f"title: {marker}\n{text[1]}", encoding="utf-8")
            start = time.perf_counter()
            while marker not in _fetch(url) and time.perf_counter() - start < 120:
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"scenarios": count, "first": first, "times": times}


def print_serve(r: dict[str, Any]) -> None:
    times = sorted(r["times"])
    print(f"\nPreview (make serve) at {r['scenarios']} scenarios: first page after {r['first']:.1f} s; "
          f"a saved scenario shows after {times[len(times) // 2]:.2f} s (median of {len(times)}; "
          f"{times[0]:.2f}-{times[-1]:.2f} s)")


class _Compressing(http.server.SimpleHTTPRequestHandler):
    """A static server as a host would run it: text compressed with gzip, a file's date for
    the browser's cache, no log lines."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        text = path.suffix in {".html", ".css", ".js", ".json", ".xml", ".svg"}
        if not (text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        modified = self.date_time_string(int(path.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def measure_lighthouse(root: Path) -> list[dict[str, Any]]:
    """Lighthouse (mobile) on the real project's site, served from a local static server."""
    lighthouse = root / "node_modules" / ".bin" / "lighthouse"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not lighthouse.exists() or chromium is None:
        print("\nLighthouse: not installed (npm ci installs it; Chromium comes from make chromium)")
        return []
    with tempfile.TemporaryDirectory(prefix="training-lighthouse-") as work:
        site = Path(work) / "site"
        _run([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], root)
        handler = partial(_Compressing, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        out = []
        flags = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                 "--disable-background-networking --disable-component-update --disable-sync")
        profile = Path(work) / "profile"
        try:
            # The ending screen is a module page whose learner has finished it: a browser profile
            # holding that record, which Lighthouse is told to keep.
            (site / "seed.html").write_text(_SEED_PAGE, encoding="utf-8")
            _run([chromium, *flags.split(), f"--user-data-dir={profile}", "--dump-dom", base + "/seed.html"], root)
            for name, path, seeded in (("home page", "/pl/index.html", False),
                                       ("module page", "/pl/modules/overbilling.html", False),
                                       ("ending", "/pl/modules/overbilling.html", True),
                                       ("deck", "/pl/slides/overbilling.html", False)):
                report = Path(work) / "lh.json"
                cmd = [str(lighthouse), base + path, "--output=json", f"--output-path={report}", "--quiet",
                       "--form-factor=mobile", "--only-categories=performance,accessibility",
                       f"--chrome-flags={flags}" + (f" --user-data-dir={profile}" if seeded else "")]
                if seeded:
                    cmd.append("--disable-storage-reset")
                _run(cmd, root, {**os.environ, "CHROME_PATH": chromium})
                data = json.loads(report.read_text(encoding="utf-8"))
                audits = data["audits"]
                failed = [ref["id"] for category in data["categories"].values() for ref in category["auditRefs"]
                          if ref.get("weight") and (audits[ref["id"]].get("score") or 0) < 0.9
                          and audits[ref["id"]].get("scoreDisplayMode") in ("binary", "numeric")]
                out.append({"page": name, "path": path,
                            "performance": round(100 * (data["categories"]["performance"]["score"] or 0)),
                            "accessibility": round(100 * (data["categories"]["accessibility"]["score"] or 0)),
                            "bytes": audits["total-byte-weight"]["numericValue"],
                            "requests": len(audits.get("network-requests", {}).get("details", {}).get("items", [])),
                            "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
                            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
                            "tbt": audits["total-blocking-time"]["numericValue"],
                            "cls": audits["cumulative-layout-shift"]["numericValue"], "failed": failed})
        finally:
            server.shutdown()
    return out


# Plays the overbilling case along the path that keeps trust, as stored progress, and
# says so in its body (what --dump-dom prints) once done.
_SEED_PAGE = """<!doctype html><meta charset="utf-8"><title>seed</title>
<script src="/pl/assets/training/site.js"></script><script src="/pl/assets/training/training.js"></script>
<script>
var request = new XMLHttpRequest();
request.open("GET", "/pl/modules/overbilling.html", false);
request.send();
var page = new DOMParser().parseFromString(request.responseText, "text/html");
var data = JSON.parse(page.querySelector(".tr-module").getAttribute("data-play"));
var now = new Date().toISOString();
localStorage.setItem(trSite.key, JSON.stringify({v: 1, last: data.id, modules: {overbilling: {
  hist: trCore.followPath(data, data.best), open: false, digest: data.digest, started: now, done: now,
  score: 100, best: 100}}}));
document.title = "seeded";
</script>"""


def print_lighthouse(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    print("\nLighthouse 12 (mobile: slow 4G and a 4x slower CPU, simulated), real site, Polish:")
    for r in rows:
        print(f"  {r['page']:<12} performance {r['performance']}, accessibility {r['accessibility']}; "
              f"{r['bytes'] / 1024:.0f} KiB in {r['requests']} requests; FCP {r['fcp']:.1f} s, LCP {r['lcp']:.1f} s, "
              f"TBT {r['tbt']:.0f} ms, CLS {r['cls']:.3f}" + (f"; below 90: {', '.join(r['failed'])}"
                                                              if r["failed"] else ""))


if __name__ == "__main__":
    raise SystemExit(main())
