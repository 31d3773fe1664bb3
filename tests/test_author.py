"""An author's afternoon, scripted, on a copy of the real course: a new module, an id
renamed, the language files brought in line, Polish and English written, Russian copied."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from conftest import REPO, run_cli


def fill(file: Path, value_of: dict[str, str] | None = None, *, move: tuple[str, str] | None = None,
         label: str = "Lab results", every: bool = False) -> None:
    """Write the empty values of a language file (``value_of`` by key, else ``label`` and the
    key), after moving the step ``move[0]``'s texts to ``move[1]``, as an author would;
    ``every``: the placeholders too, every value."""
    yaml = YAML()
    yaml.width = 4096
    data = yaml.load(file.read_text(encoding="utf-8"))
    if move is not None:
        old, new = move
        for key, value in data["steps"][old].items():
            if data["steps"][new].get(key) in ("", None) or not isinstance(value, str):
                data["steps"][new][key] = value
        del data["steps"][old]

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            elif value == "" or every:
                node[key] = (value_of or {}).get(f"{prefix}{key}", f"{label}: {prefix}{key}".replace(".", " "))

    walk(data, "")
    with file.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def test_new_module_renamed_step_synced_translated_and_a_copied_language(real_copy: Path) -> None:
    root = real_copy
    assert run_cli("new", "lab-results", cwd=root).returncode == 0
    folder = root / "scenarios" / "lab-results"
    structure = folder / "scenario.yml"
    structure.write_text(structure.read_text(encoding="utf-8").replace("first-step", "at-the-lab"), encoding="utf-8")
    assert run_cli("validate", cwd=root).returncode == 1  # every language file still says first-step

    synced = run_cli("i18n", "sync", "lab-results", cwd=root)
    assert synced.returncode == 0, synced.stderr
    lines = synced.stdout.splitlines()
    assert len(lines) == 4 and all("key" in line and "the structure no longer has: steps.first-step.title (line "
                                   in line for line in lines), lines
    # Every text the structure asks for, a choice's feedback too (no step says feedback: none).
    assert lines[0].startswith("scenarios/lab-results/pl.yml: added 8 keys; 8 keys the structure no longer has")

    fill(folder / "pl.yml", move=("first-step", "at-the-lab"))
    for lang in ("en", "ru", "uk"):  # the old step's keys were empty: nothing to move, they go
        text = folder / f"{lang}.yml"
        yaml = YAML()
        data = yaml.load(text.read_text(encoding="utf-8"))
        del data["steps"]["first-step"]
        with text.open("w", encoding="utf-8") as out:
            yaml.dump(data, out)
    # Each translation has every key already, the feedback included.
    again = run_cli("i18n", "sync", "lab-results", cwd=root)
    assert again.stdout.splitlines()[1:] == [f"scenarios/lab-results/{lang}.yml: nothing to add"
                                             for lang in ("en", "ru", "uk")], again.stdout
    fill(folder / "en.yml")
    again = run_cli("i18n", "sync", "lab-results", cwd=root)
    assert again.stdout.count("nothing to add") == 4 and "no longer has" not in again.stdout, again.stdout
    preview = run_cli("validate", "--preview", cwd=root)
    assert preview.returncode == 0, preview.stderr

    shutil.copy(folder / "pl.yml", folder / "ru.yml")
    status = run_cli("i18n", "status", cwd=root)
    row = next(line.split() for line in status.stdout.splitlines() if line.startswith("lab-results"))
    en, ru, uk = (tuple(int(n) for n in cell.split("/")) for cell in row[1:])
    assert en[0] == ru[2] == uk[1] and en[0] == 20 and en[1:] == (0, 0, 0)  # translated; copied; missing
    strict = run_cli("validate", cwd=root)
    assert strict.returncode == 1
    assert ("scenarios/lab-results/ru.yml:7:8: the Russian text for 'title' is a copy of the Polish text at "
            "pl.yml:7") in strict.stderr
    assert "scenarios/lab-results/en.yml" not in strict.stderr


def test_a_module_an_author_adds_and_writes_in_every_language_fails_no_curriculum_test(real_copy: Path) -> None:
    """The project's own tests of the course (tests/test_curriculum.py) run on the copy: they
    check what the brief asks of the course, and a module added to it breaks none of them."""
    assert run_cli("new", "lab-results", cwd=real_copy).returncode == 0
    folder = real_copy / "scenarios" / "lab-results"
    # A module of a few minutes says so (the sign-off sheet flags one that reads in far
    # less than its stated time), and its texts say something: a sentence each.
    structure = folder / "scenario.yml"
    structure.write_text(structure.read_text(encoding="utf-8").replace("duration: 15", "duration: 2"), encoding="utf-8")
    for lang, label in (
            ("pl", "Pacjentka dzwoni po wyniki badań krwi, a rejestratorka sprawdza najpierw, z kim rozmawia"),
            ("en", "A patient phones for her blood test results, and the receptionist first checks who is calling"),
            ("ru", "Пациентка звонит узнать результаты анализа крови, и администратор сначала проверяет, кто звонит"),
            ("uk", "Пацієнтка телефонує щодо результатів аналізу крові, а реєстраторка спершу перевіряє, хто це")):
        fill(folder / f"{lang}.yml", label=label, every=True)
    assert run_cli("validate", cwd=real_copy).returncode == 0
    curriculum = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", "tests/test_curriculum.py"],
        # A pytest of its own, not a worker of this one's (xdist's variables would say it is).
        cwd=REPO, env={**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
                       "CURRICULUM_ROOT": str(real_copy)}, capture_output=True, text=True,
        timeout=600, check=False)
    assert curriculum.returncode == 0, curriculum.stdout[-3000:]
    assert " passed" in curriculum.stdout and "lab-results" not in curriculum.stdout
