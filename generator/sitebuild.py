"""Building the whole site: one MkDocs build per language, into a temporary folder, then a swap.

One build per language gives each language its own search index and Material's
interface in that language. The builds run as separate ``mkdocs`` processes, in
parallel, each told its language through ``TRAINING_LANGUAGE`` (read by
``mkdocs.yml``). The previous site stays in place until every build succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .model import Project
from .render import render_redirect

LANGUAGE_ENV = "TRAINING_LANGUAGE"
SITE_URL_ENV = "TRAINING_SITE_URL"  # read by mkdocs.yml


@dataclass(frozen=True)
class LanguageBuild:
    lang: str
    returncode: int
    output: str


def mkdocs_env(lang: str, site_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env[LANGUAGE_ENV] = lang
    if site_url:
        env[SITE_URL_ENV] = site_url
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice, known and planned for
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def build_language(root: Path, config: Path, lang: str, out: Path, *, strict: bool,
                   site_url: str | None = None) -> LanguageBuild:
    # Not --quiet: it raises the log level past warnings, so --strict would count none.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(out)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=root, env=mkdocs_env(lang, site_url), capture_output=True, text=True, check=False)
    lines = (proc.stdout + proc.stderr).splitlines()
    if proc.returncode == 0:
        lines = [line for line in lines if not line.startswith("INFO")]
    return LanguageBuild(lang, proc.returncode, "\n".join(lines).strip())


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
    try:
        languages = project.course.languages
        workers = jobs or min(len(languages), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(
                lambda lang: build_language(root, config, lang, staging / lang, strict=strict, site_url=site_url),
                languages))
        if any(r.returncode for r in results):
            shutil.rmtree(staging, ignore_errors=True)
            return results
        (staging / "index.html").write_text(render_redirect(project), encoding="utf-8")
        _swap(staging, site_dir)
        return results
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
