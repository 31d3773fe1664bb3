"""The benchmark's synthetic projects are real projects: they load without a problem and have
the size the figures claim (the benchmark itself prints figures and runs in `make bench`)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from generator.graph import walk_paths
from generator.project import load_project
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
