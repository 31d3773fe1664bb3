"""What an unlucky operator meets: a build killed outright, a full disk, a read-only folder.

Every writer says what failed, where, and what to do, in one message without a
traceback, and leaves nothing half written. A full disk is a small tmpfs where the
tests may mount one (as root with the right to mount), and in every case also
``open()`` made to fail inside the process the way a full disk fails; a read-only
folder is a read-only bind mount as root (for whom chmod changes nothing), and
chmod otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from buildguard import builds
from conftest import FIXTURES, make_project, run_cli
from generator.cli import main

TRACEBACK = "Traceback (most recent call last)"
MESSAGE = re.compile(r"^error: (?P<path>[^:]+): (?P<what>[^:]+): (?P<todo>.+)$")


def one_message(stderr: str) -> re.Match[str]:
    """The message a failed writer printed: one line, no traceback, the path, what failed, what to do."""
    assert TRACEBACK not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    found = MESSAGE.match(lines[0])
    assert found, lines[0]
    return found


def files_of(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder``, hidden ones too, with a file's bytes (links not
    followed): what a writer that failed must leave as it was."""
    found: dict[str, bytes | None] = {}
    for top, folders, files in os.walk(folder):
        for name in folders:
            found[os.path.relpath(os.path.join(top, name), folder)] = None
        for name in files:
            path = Path(top, name)
            found[path.relative_to(folder).as_posix()] = None if path.is_symlink() else path.read_bytes()
    return found


# --- a full disk, a read-only folder -----------------------------------------------------------

def _mount(*args: str) -> bool:
    return shutil.which("mount") is not None and os.geteuid() == 0 and subprocess.run(
        ["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "6m") -> Iterator[Path]:
    """``folder`` as a file system of its own of ``size``, or the test skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here (needs root and the right to mount)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system holding ``folder`` until ``leave`` bytes are free."""
    st = os.statvfs(folder)
    with contextlib.suppress(OSError), open(folder / ".filler", "wb") as out:
        out.write(b"\1" * max(0, st.f_bavail * st.f_frsize - leave))


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` and all in it made read-only, or the test skipped."""
    if os.geteuid() == 0:
        if not _mount("--bind", "-o", "ro", str(folder), str(folder)):
            pytest.skip("running as root, where chmod does not stop a write, and cannot bind-mount read-only")
        undo: Callable[[], Any] = lambda: subprocess.run(["umount", "-l", str(folder)], check=False)  # noqa: E731
    else:
        modes = {p: p.stat().st_mode for p in (folder, *folder.rglob("*")) if not p.is_symlink()}
        for p, mode in modes.items():
            p.chmod(mode & ~0o222)
        undo = lambda: [p.chmod(mode) for p, mode in modes.items()]  # noqa: E731
    try:
        probe = folder / ".probe"
        with contextlib.suppress(OSError):
            probe.touch()
            probe.unlink()
            pytest.skip(f"{folder} could not be made read-only")
        yield
    finally:
        undo()


class FullFile:
    """A file opened for writing on a full disk: opening works, writing fails as write() does."""

    def __init__(self, file: Any, code: int) -> None:
        self._file, self._code = file, code

    def write(self, data: Any) -> int:
        raise OSError(self._code, os.strerror(self._code))

    def writelines(self, lines: Any) -> None:
        raise OSError(self._code, os.strerror(self._code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


@pytest.fixture
def failing_writes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[int], None]:
    """Make every file opened for writing under ``tmp_path`` fail to write with an errno, in this process."""

    def start(code: int) -> None:
        real = io.open

        def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real(file, mode, *args, **kwargs)
            name = os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else os.path.abspath(file)
            if set(mode) & set("wax+") and Path(name).is_relative_to(tmp_path):
                return FullFile(handle, code)
            return handle

        monkeypatch.setattr(io, "open", opened)
        monkeypatch.setattr("builtins.open", opened)

    return start


# --- the projects ------------------------------------------------------------------------------

def project_on(folder: Path) -> Path:
    """tests/fixtures/mini in ``folder``, linked to this generator (no build cache yet)."""
    return make_project(FIXTURES / "mini", folder / "mini")


@pytest.fixture(scope="module")
@builds
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with its site built, for the exports."""
    root = project_on(tmp_path_factory.mktemp("built"))
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def translation_edited(root: Path, length: int) -> Path:
    """An exported PO file of English with the text of a step changed to ``length`` characters."""
    assert run_cli("i18n", "export", "--lang", "en", "--format", "po", cwd=root).returncode == 0
    file = root / "translations-en.po"
    text = ("The patient asks what the visit will cost, and why. " * (length // 40 + 1))[:length].strip()
    edited = file.read_text(encoding="utf-8").replace('msgstr "The patient asks about the price."', f'msgstr "{text}"')
    assert edited != file.read_text(encoding="utf-8")
    file.write_text(edited, encoding="utf-8")
    return file


# --- 1. a build killed outright ----------------------------------------------------------------

def staging_folders(root: Path) -> set[Path]:
    return set(root.glob(".site.building-*"))


def start_build(root: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def its_staging(root: Path, before: set[Path], build: subprocess.Popen[bytes]) -> Path:
    """The folder ``build`` builds in, once its language builds have started writing there."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        for folder in staging_folders(root) - before:
            if any(p.name == "assets" for p in folder.rglob("assets")):
                return folder
        time.sleep(0.05)
    raise AssertionError("the build never started writing its site")


@pytest.mark.build
def test_a_build_killed_outright_leaves_nothing_that_the_next_build_keeps(mini: Path) -> None:
    killed = start_build(mini)
    left = its_staging(mini, set(), killed)
    os.killpg(killed.pid, signal.SIGKILL)  # the build and its language builds, as the OOM killer or a CI timeout
    killed.wait()
    time.sleep(0.5)
    assert left.is_dir()
    # A folder of the same name that this tool did not mark, and a build running alongside: both stay.
    foreign = mini / ".site.building-copied-by-hand"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    running = start_build(mini)
    its_staging(mini, {left, foreign}, running)
    result = run_cli("build", cwd=mini)
    assert running.wait(timeout=120) == 0, "the next build removed the folder of a build still running"
    assert result.returncode == 0, result.stderr
    assert not left.exists(), "the killed build's folder was left behind"
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert staging_folders(mini) == {foreign}
    assert (mini / "site/pl/modules/mini-case.html").is_file()


# --- 2. a full disk ----------------------------------------------------------------------------

@pytest.mark.build
def test_a_build_on_a_full_disk_names_the_site_and_keeps_the_previous_one(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "5m") as disk:
        root = project_on(disk)
        previous = root / "site"
        previous.mkdir()
        (previous / "index.html").write_text("the previous site", encoding="utf-8")
        (previous / ".training-output").write_text("", encoding="utf-8")
        for attempt in ("cold", "cached"):  # the second copies what it can from the build cache
            result = run_cli("build", cwd=root)
            assert result.returncode == 1, attempt
            found = one_message(result.stderr)
            # The file when the failure names it (a copy does, MkDocs' own writes do not).
            assert found["path"] == "site" or found["path"].startswith("site/"), found[0]
            assert ".cache" not in found[0] and "building-" not in found[0], found[0]
            assert found["what"] == "no space left on the device holding site/", found[0]
            assert "free some space" in found["todo"] and "previous site, if any, is unchanged" in found["todo"]
            assert files_of(previous) == {"index.html": b"the previous site", ".training-output": b""}, attempt
            assert not staging_folders(root), attempt


def run_in(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The command run in this process from ``root``: its exit code and what it printed as errors."""
    with contextlib.chdir(root):
        code = main(["--root", str(root), *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("code, what", [
    (errno.ENOSPC, "no space left on the device holding "),
    (errno.EDQUOT, "your disk quota is used up on the device holding "),
    (errno.EIO, "reported an input/output error"),
    (errno.EFBIG, "the file is larger than"),
])
@pytest.mark.parametrize("command", ["new", "generate", "scorm"])
def test_a_writer_that_cannot_write_says_what_and_where_and_changes_nothing(
        command: str, code: int, what: str, mini: Path, built: Path, tmp_path: Path,
        failing_writes: Callable[[int], None], capsys: pytest.CaptureFixture[str]) -> None:
    args, target = {"new": (["new", "feedback-call"], mini / "scenarios"),
                    "generate": (["generate", str(tmp_path / "out")], tmp_path / "out"),
                    "scorm": (["scorm", "--site-dir", str(built / "site"), "--out", str(tmp_path / "scorm")],
                              tmp_path / "scorm")}[command]
    root = built if command == "scorm" else mini
    before = files_of(mini)
    failing_writes(code)
    status, err = run_in(root, *args, capsys=capsys)
    assert status == 1
    found = one_message(err)
    assert (root / found["path"]).is_relative_to(target), found[0]  # shown from where it runs
    assert what in found["what"], found[0]
    assert found["todo"], found[0]
    assert files_of(mini) == before
    assert not target.exists() or target == mini / "scenarios"
    assert not [p for p in tmp_path.rglob("*") if "building-" in p.name or p.name.endswith(".writing")]


@pytest.mark.parametrize("command", ["new", "generate", "scorm", "pdf"])
def test_a_writer_on_a_full_disk_says_so_and_leaves_nothing(command: str, built: Path, tmp_path: Path) -> None:
    if command == "pdf" and not shutil.which("chromium"):
        pytest.skip("no Chromium here to print PDFs")
    with small_disk(tmp_path / "disk", "2m") as disk:
        root = project_on(disk) if command == "new" else built
        out = disk / command
        fill(disk)
        before = files_of(disk)
        args = {"new": ["new", "front-desk-call"], "generate": ["generate", str(out)],
                "scorm": ["scorm", "--out", str(out)], "pdf": ["pdf", "--out", str(out)]}[command]
        result = run_cli(*args, cwd=root)
        assert result.returncode == 1, result.stdout
        found = one_message(result.stderr)
        assert "no space left on the device holding" in found["what"], found[0]
        assert "free some space there" in found["todo"], found[0]
        assert files_of(disk) == before, "something was left half written"


def test_a_build_cache_that_cannot_be_written_is_mentioned_and_nothing_else_fails(
        mini: Path, tmp_path: Path, failing_writes: Callable[[int], None],
        capsys: pytest.CaptureFixture[str]) -> None:
    failing_writes(errno.ENOSPC)
    status, err = run_in(mini, "validate", capsys=capsys)
    assert status == 0, err
    assert TRACEBACK not in err
    warning = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warning) == 1, err
    assert warning[0].startswith("warning: .cache/training/"), warning
    assert "no space left on the device holding .cache/training/" in warning[0]
    assert "the next build cannot take what this one made" in warning[0]


def test_an_import_on_a_full_disk_leaves_every_text_file_as_it_was(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        root = project_on(disk)
        file = translation_edited(root, 9000)
        fill(disk, leave=4096)
        before = files_of(root / "scenarios")
        result = run_cli("i18n", "import", file.name, cwd=root)
        assert result.returncode == 1
        found = one_message(result.stderr)
        assert "no space left on the device holding" in found["what"], found[0]
        assert files_of(root / "scenarios") == before


# --- 3. a read-only folder ---------------------------------------------------------------------

@pytest.mark.parametrize("command", ["new", "i18n import"])
def test_new_and_import_on_a_read_only_scenarios_folder_say_so_and_write_nothing(command: str, mini: Path) -> None:
    args = ["new", "evening-shift"] if command == "new" else ["i18n", "import",
                                                              translation_edited(mini, 40).name]
    before = files_of(mini / "scenarios")
    with read_only(mini / "scenarios"):
        result = run_cli(*args, cwd=mini)
        assert result.returncode == 1, result.stdout
        found = one_message(result.stderr)
        assert found["path"].startswith("scenarios/"), found[0]
        assert re.search(r"read-only file system|no permission to write|Permission denied", found[0]), found[0]
        assert files_of(mini / "scenarios") == before


@pytest.mark.parametrize("command", ["build", "generate", "scorm"])
def test_an_output_in_a_read_only_folder_is_refused_with_what_to_do(command: str, built: Path,
                                                                    tmp_path: Path) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    option = {"build": ["--site-dir"], "generate": [], "scorm": ["--out"]}[command]
    with read_only(shelf):
        result = run_cli(command, *option, str(shelf / "out"), cwd=built)
        assert result.returncode == 1, result.stdout
        found = one_message(result.stderr)
        assert Path(found["path"]) == shelf / "out", found[0]
        assert found["what"] in (f"{shelf}/ is on a read-only file system", f"no permission to write in {shelf}/")
        assert "write to another folder" in found["todo"]
        assert not list(shelf.iterdir())
