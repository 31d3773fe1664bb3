"""The benchmark's synthetic projects are real projects: they load without a problem and have
the size the figures claim (the benchmark itself prints figures and runs in `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from generator import project as project_module
from generator.graph import walk_paths
from generator.paths import module_page
from generator.project import load_project
from generator.render import _title, module_nav
from generator.synthetic import write_project


def test_a_synthetic_project_is_valid_and_of_realistic_size(tmp_path: Path) -> None:
    ids = write_project(REPO, tmp_path / "project", 3)
    project, problems = load_project(tmp_path / "project")
    assert project is not None, problems.report()
    assert not problems.items
    assert list(project.scenarios) == ids
    s = project.scenarios[ids[0]]
    assert len(s.steps) == 13 and sum(1 for x in s.steps.values() if len(x.choices) == 3) == 9
    assert project.course.languages == ("pl", "en", "ru", "uk")
    for lang in project.course.languages:
        words = sum(len(t.value.split()) for t in s.texts[lang].values())
        assert 1000 < words < 3500, (lang, words)  # the real branching modules have 1,000-3,500
    paths = list(walk_paths(s))
    assert 20 < len(paths) < 300 and max(len(p) for p in paths) >= 10
    assert project.scenarios[ids[1]].texts["pl"]["title"].value != s.texts["pl"]["title"].value


@pytest.mark.slow  # 45 synthetic modules of realistic size, loaded
def test_a_long_path_is_cut_into_navigation_sections(tmp_path: Path) -> None:
    """Each page prints its open navigation section whole: 250 modules in one section made
    every page list 250 links. A long path comes in sections of 20, numbered."""
    ids = write_project(REPO, tmp_path / "project", 45)
    project, problems = load_project(tmp_path / "project")
    assert project is not None, problems.report()
    nav = module_nav(project, "pl")
    assert [next(iter(section)) for section in nav] == ["Moduły 1–20", "Moduły 21–40", "Moduły 41–45"]
    pages = [next(iter(item.values())) for section in nav for item in next(iter(section.values()))]
    assert pages == [module_page(sid) for sid in ids]
    assert next(iter(module_nav(project, "en")[2])) == "Modules 41–45"
    short, _ = load_project(REPO)
    assert short is not None
    assert module_nav(short, "en") == [{_title(short, sid, "en"): module_page(sid)} for sid in short.scenarios]


def test_many_scenarios_are_read_by_a_process_per_core_with_the_same_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    ids = write_project(REPO, root, 3)
    broken = root / "scenarios" / ids[1] / "en.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    monkeypatch.setattr(project_module, "PARALLEL_FROM", 100)
    serial = load_project(root)
    monkeypatch.setattr(project_module, "PARALLEL_FROM", 2)
    started: list[int] = []
    real = project_module.ProcessPoolExecutor

    def pool(*args: object, **kwargs: object) -> object:
        started.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(project_module, "ProcessPoolExecutor", pool)
    parallel = load_project(root)
    assert started == [1]
    assert serial[0] is None and parallel[0] is None  # the broken text is an error
    assert serial[1].report(root) == parallel[1].report(root) and "titel" in parallel[1].report(root)
    broken.write_text(broken.read_text(encoding="utf-8").replace("titel:", "title:", 1), encoding="utf-8")
    valid = load_project(root)[0]
    monkeypatch.setattr(project_module, "PARALLEL_FROM", 100)
    assert valid is not None and valid == load_project(root)[0] and len(started) == 2
