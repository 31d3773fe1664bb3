"""Building the whole site: one MkDocs build per language, into a temporary folder, then a swap.

One build per language gives each language its own search index and Material's
interface in that language. The builds run as separate ``mkdocs`` processes, in
parallel, each told its language through ``TRAINING_LANGUAGE`` (read by
``mkdocs.yml``). The previous site stays in place until every build succeeded.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .model import Project
from .project import collector_paused
from .render import render_redirect

LANGUAGE_ENV = "TRAINING_LANGUAGE"
SITE_URL_ENV = "TRAINING_SITE_URL"  # read by mkdocs.yml
# The project the parent loaded and checked, for the language builds: reading and
# checking every file again in each of them was most of a build's time.
PROJECT_ENV = "TRAINING_PROJECT_FILE"


@dataclass(frozen=True)
class LanguageBuild:
    lang: str
    returncode: int
    output: str


def mkdocs_env(lang: str, site_url: str | None = None, project_file: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env[LANGUAGE_ENV] = lang
    env.pop(PROJECT_ENV, None)
    if site_url:
        env[SITE_URL_ENV] = site_url
    if project_file is not None:
        env[PROJECT_ENV] = str(project_file)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice, known and planned for
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def build_language(root: Path, config: Path, lang: str, out: Path, *, strict: bool,
                   site_url: str | None = None, project_file: Path | None = None) -> LanguageBuild:
    # Not --quiet: it raises the log level past warnings, so --strict would count none.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(out)]
    if strict:
        cmd.append("--strict")
    env = mkdocs_env(lang, site_url, project_file)
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    lines = (proc.stdout + proc.stderr).splitlines()
    if proc.returncode == 0:
        lines = [line for line in lines if not line.startswith("INFO")]
    return LanguageBuild(lang, proc.returncode, "\n".join(lines).strip())


# Left in every folder a build or an export writes: a later one may replace a folder that has it.
MARKER = ".training-output"
# The project's own folders: an output written into one would take its place.
PROJECT_FOLDERS = ("scenarios", "docs", "generator", "tests", ".git", ".cache", ".venv", "node_modules", ".ci")


def unsafe_output_dir(target: Path, root: Path, earlier: Callable[[Path], bool]) -> str | None:
    """Why writing an output into ``target`` would destroy something, or None. The output
    replaces the whole folder, and removes what was there before; ``earlier`` recognises
    an output written before outputs were marked."""
    out, project = target.resolve(), root.resolve()
    if out == project or out in project.parents:
        return "is the project's folder, or holds it, and would be replaced whole"
    for name in PROJECT_FOLDERS:
        own = project / name
        if out == own or own in out.parents:
            return f"is {'' if out == own else 'inside '}the project's {name}/ folder, which would be replaced"
    if out.exists() and not out.is_dir():
        return "is a file, not a folder"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not earlier(out):
        return "holds files that this tool did not write, and they would be deleted"
    return None


def mark_output(folder: Path) -> None:
    (folder / MARKER).write_text("Written by python -m generator, which replaces this folder whole the next "
                                 "time it writes it.\n", encoding="utf-8")


def earlier_site(default_language: str) -> Callable[[Path], bool]:
    """A site built before sites were marked: its redirect and its module pages."""
    return lambda folder: (folder / "index.html").is_file() and (folder / default_language / "modules").is_dir()


def earlier_files(ending: str) -> Callable[[Path], bool]:
    """An export written before exports were marked: only files whose names end so."""
    return lambda folder: all(p.name.endswith(ending) for p in folder.rglob("*") if p.is_file())


def staging_beside(target: Path) -> Path:
    """An empty folder beside ``target`` to build into, then rename into place (one file
    system, so the swap is atomic). Made readable like any folder the user creates:
    a temporary folder is private (0700), and a web server could not read the site."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    mask = os.umask(0)
    os.umask(mask)
    staging.chmod(0o777 & ~mask)
    return staging


def build_site(project: Project, root: Path, site_dir: Path, *, config: Path | None = None,
               strict: bool = True, jobs: int | None = None, site_url: str | None = None) -> list[LanguageBuild]:
    """Build every language into ``site_dir``; on any failure, leave ``site_dir`` as it was."""
    config = config or root / "mkdocs.yml"
    site_dir = site_dir.resolve()
    staging = staging_beside(site_dir)
    saved = Path(tempfile.mkdtemp(prefix=".training-project-"))
    try:
        languages = project.course.languages

        def build(lang: str) -> LanguageBuild:
            # Written just before its build: the first build starts after one of these
            # (a quarter of a second each at 250 scenarios), not after all of them.
            file = saved / f"{lang}.pickle"
            file.write_bytes(pickle.dumps(for_language(project, lang), protocol=pickle.HIGHEST_PROTOCOL))
            return build_language(root, config, lang, staging / lang, strict=strict, site_url=site_url,
                                  project_file=file)

        workers = jobs or min(len(languages), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(build, languages))
        if any(r.returncode for r in results):
            shutil.rmtree(staging, ignore_errors=True)
            return results
        (staging / "index.html").write_text(render_redirect(project), encoding="utf-8")
        mark_output(staging)
        _swap(staging, site_dir)
        return results
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(saved, ignore_errors=True)


def for_language(project: Project, lang: str) -> Project:
    """The project as a build of ``lang`` needs it: of the scenarios' texts, only that
    language's and the default language's (its source). The four languages' texts with
    their positions took each build seconds to read back at 250 scenarios."""
    keep = {lang, project.course.default_language}
    scenarios = {sid: replace(s, texts={code: texts for code, texts in s.texts.items() if code in keep})
                 for sid, s in project.scenarios.items()}
    return replace(project, scenarios=scenarios)


def saved_project() -> Project | None:
    """The project the parent build loaded for this language build, if it passed one."""
    file = os.environ.get(PROJECT_ENV)
    if not file or not Path(file).is_file():
        return None
    with collector_paused():
        # Written by build_site a moment ago, into a folder of its own.
        project = pickle.loads(Path(file).read_bytes())  # noqa: S301
    return project if isinstance(project, Project) else None


@contextmanager
def replace_with(target: Path) -> Iterator[Path]:
    """A new folder to write what ``target`` is to hold into: it takes ``target``'s place,
    marked as this tool's, when the block ends without an error, and is removed if not."""
    staging = staging_beside(target)
    try:
        yield staging
        mark_output(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, site_dir: Path) -> None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
