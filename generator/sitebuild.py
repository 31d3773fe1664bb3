"""Building the whole site: one MkDocs build per language, into a temporary folder, then a swap.

One build per language gives each language its own search index and Material's
interface in that language. The builds run as separate ``mkdocs`` processes, in
parallel, each told its language and given the project loaded here (see
``siteconfig``). The previous site stays in place until every build succeeded.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import pickle
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .languagebuild import reported
from .model import Project
from .project import collector_paused
from .render import render_redirect
from .writes import WRITING_ONLY, WriteFailed, writing


@dataclass(frozen=True)
class LanguageBuild:
    lang: str
    returncode: int
    output: str
    failure: OSError | None = None  # the build could not write a file


def mkdocs_env() -> dict[str, str]:
    """The environment of a process running MkDocs."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice, known and planned for
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def build_language(root: Path, config: Path, lang: str, out: Path, *, strict: bool,
                   site_url: str | None = None, project_file: Path | None = None,
                   lock: int | None = None) -> LanguageBuild:
    """One language's MkDocs build into ``out``, of the project in ``project_file`` (loaded
    and checked by the parent: reading and checking every file again in each language's
    build was most of a build's time). It holds ``lock`` (the work folder's) too, so that
    the folder is kept while it runs, even if its parent is killed."""
    cmd = [sys.executable, "-m", "generator.languagebuild", "--config-file", str(config), "--site-dir", str(out),
           "--lang", lang]
    if strict:
        cmd.append("--strict")
    if site_url:
        cmd += ["--site-url", site_url]
    if project_file is not None:
        cmd += ["--project-file", str(project_file)]
    proc = subprocess.run(cmd, cwd=root, env=mkdocs_env(), capture_output=True, text=True, check=False,
                          pass_fds=() if lock is None else (lock,))
    lines = (proc.stdout + proc.stderr).splitlines()
    failure = next((f for f in map(reported, lines) if f is not None), None)
    if proc.returncode == 0:
        lines = [line for line in lines if not line.startswith("INFO")]
    return LanguageBuild(lang, proc.returncode, "\n".join(lines).strip(), failure)


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


# A build or an export works in a folder beside its target (one file system, so the
# swap is a rename), named so and holding LOCK_FILE, which the build keeps locked for
# as long as it or one of its language builds runs. The kernel lets go of a lock only
# when every process holding it has ended, killed or not, so a later build can tell a
# folder a dead build left (removed) from that of a build still running (kept).
WORK_INFIX = ".building-"
LOCK_FILE = "building.lock"


@dataclass
class Work:
    """One build's or export's folder beside ``target``; its ``out`` becomes ``target``."""

    target: Path
    folder: Path
    lock: int  # an open descriptor of folder/LOCK_FILE, locked

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def finish(self) -> None:
        """``out``, marked as this tool's, in ``target``'s place; the old one goes with the folder."""
        mark_output(self.out)
        _swap(self.out, self.target, self.folder)

    def close(self) -> None:
        # Removed while still locked: a build looking meanwhile leaves it alone.
        shutil.rmtree(self.folder, ignore_errors=True)
        os.close(self.lock)


def begin(target: Path) -> Work:
    """A new work folder beside ``target``, locked, once those that ended builds left
    there are removed. Its ``out`` is readable like any folder the user makes: a
    temporary folder is private (0700), and a web server could not read the site."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}{WORK_INFIX}", dir=target.parent))
    try:
        # Locked before it takes its name: a build that looks in between sees no lock
        # file, and leaves the folder alone.
        fd, name = tempfile.mkstemp(dir=folder)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"python -m generator, process {os.getpid()} on {socket.gethostname()}\n".encode())
        os.rename(name, folder / LOCK_FILE)
        work = Work(target, folder, fd)
        work.out.mkdir(mode=0o777)  # less the umask, as for any folder the user makes
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return work


def remove_stale(target: Path) -> list[Path]:
    """Remove the work folders beside ``target`` whose build ended without removing its
    own (killed, or the machine stopped); the ones removed. A folder without the lock
    file is not this tool's (or not yet), and one whose lock is held is a running
    build's: both stay. If the dead build was putting its result in place and
    ``target`` is gone, the old ``target`` it had moved aside goes back."""
    removed = []
    for folder in sorted(target.parent.glob(f".{glob.escape(target.name)}{WORK_INFIX}*")):
        try:
            fd = os.open(folder / LOCK_FILE, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: a build still runs there
            os.close(fd)
            continue
        try:
            old = sorted(folder.glob("old-*"))
            if old and not os.path.lexists(target):
                old[-1].rename(target)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except OSError:
            pass  # left for the next build to try: this one can do without
        finally:
            os.close(fd)
    return removed


def build_site(project: Project, root: Path, site_dir: Path, *, config: Path | None = None,
               strict: bool = True, jobs: int | None = None, site_url: str | None = None) -> list[LanguageBuild]:
    """Build every language into ``site_dir``; on any failure, leave ``site_dir`` as it was.
    Raises :class:`WriteFailed` when the site cannot be written (a full disk, a read-only folder)."""
    config = config or root / "mkdocs.yml"
    site_dir = site_dir.resolve()
    note = "nothing was built; the previous site, if any, is unchanged"
    with writing(site_dir, where=site_dir.parent, note=note):
        work = begin(site_dir)
    try:
        languages = project.course.languages

        def build(lang: str) -> LanguageBuild:
            # Written just before its build: the first build starts after one of these
            # (a quarter of a second each at 250 scenarios), not after all of them.
            file = work.folder / f"{lang}.pickle"
            file.write_bytes(pickle.dumps(for_language(project, lang), protocol=pickle.HIGHEST_PROTOCOL))
            return build_language(root, config, lang, work.out / lang, strict=strict, site_url=site_url,
                                  project_file=file, lock=work.lock)

        workers = jobs or min(len(languages), os.cpu_count() or 1)
        with _output_errors(work, note):
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(build, languages))
            failure = next((r.failure for r in results if r.failure is not None), None)
            if failure is not None:
                raise failure
            if any(r.returncode for r in results):
                return results
            (work.out / "index.html").write_text(render_redirect(project), encoding="utf-8")
            work.finish()
        return results
    finally:
        work.close()


def for_language(project: Project, lang: str) -> Project:
    """The project as a build of ``lang`` needs it: of the scenarios' texts, only that
    language's and the default language's (its source). The four languages' texts with
    their positions took each build seconds to read back at 250 scenarios."""
    keep = {lang, project.course.default_language}
    scenarios = {sid: replace(s, texts={code: texts for code, texts in s.texts.items() if code in keep})
                 for sid, s in project.scenarios.items()}
    return replace(project, scenarios=scenarios)


def saved_project(file: Path) -> Project | None:
    """The project the parent build loaded for this language build, if it is in ``file``."""
    if not file.is_file():
        return None
    with collector_paused():
        # Written by build_site a moment ago, into a folder of its own.
        project = pickle.loads(file.read_bytes())  # noqa: S301
    return project if isinstance(project, Project) else None


@contextmanager
def replace_with(target: Path) -> Iterator[Path]:
    """A new folder to write what ``target`` is to hold into: it takes ``target``'s place,
    marked as this tool's, when the block ends without an error, and is removed if not.
    A failure to write comes out as a :class:`WriteFailed` naming the file in ``target``."""
    note = "nothing was written; what was there before is unchanged"
    with writing(target, where=target.parent, note=note):
        work = begin(target)
    try:
        with _output_errors(work, note):
            yield work.out
            work.finish()
    finally:
        work.close()


@contextmanager
def _output_errors(work: Work, note: str) -> Iterator[None]:
    """An ``OSError`` in the block as a :class:`WriteFailed` about the file it was writing,
    named where it was to be in the target (not in the work folder)."""
    try:
        yield
    except OSError as err:
        path = _written(work, err)
        if path is None:
            raise
        raise WriteFailed(path, err, where=work.target, note=note) from err


def _written(work: Work, err: OSError) -> Path | None:
    """The file in the target that ``err`` failed to write, or None if it is not about writing."""
    # A copy's error names the file copied first, then the one written: the written one counts.
    names = [Path(n) for n in (err.filename2, err.filename) if isinstance(n, str)]
    for name in names:
        if name.is_relative_to(work.out):
            return work.target / name.relative_to(work.out)
        if name.is_relative_to(work.folder):  # the build's own files, on the same device
            return work.target
    if not names:  # a failed write() names no file
        return work.target
    return names[0] if err.errno in WRITING_ONLY else None  # a file read, which says so itself


def _swap(out: Path, target: Path, folder: Path) -> None:
    """``out`` in ``target``'s place; the old ``target`` moved into ``folder``, to go with it."""
    for attempt in range(5):
        old = folder / f"old-{attempt}"
        with contextlib.suppress(FileNotFoundError):  # none yet, or a build running alongside took it
            target.rename(old)
        try:
            out.rename(target)
            return
        except OSError as err:
            # A build running alongside put its site in place meanwhile: that one goes
            # aside too (the last to finish wins, as it would have a moment later).
            if err.errno not in (errno.EEXIST, errno.ENOTEMPTY) or attempt == 4:
                if old.exists() and not os.path.lexists(target):
                    old.rename(target)
                raise
