"""The whole curriculum of shared/CONTENT.md, checked on the real scenario files."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from conftest import REPO, run_cli
from generator.graph import state_graph
from generator.manifest import markdown_pages
from generator.model import Project
from generator.project import load_project
from generator.review import findings, text_words
from generator.texts import GLOSSARY_LINK, glossary_text_keys, scenario_text_keys

MODULES = ["overbilling", "two-surgeons", "upselling", "pressure-to-sell", "five-steps", "feedback-call",
           "leader-sets-pattern", "our-mission", "competence-and-character"]
BRANCHING = ["overbilling", "pressure-to-sell", "five-steps", "feedback-call", "leader-sets-pattern",
             "competence-and-character"]
LANGS = ["pl", "en", "ru", "uk"]
ROLES = {"front-desk", "cashier", "nurse", "doctor", "manager"}
# The course checked: the real one, or (tests/test_author.py) a copy an author added a module to.
ROOT = Path(os.environ.get("CURRICULUM_ROOT", REPO))
KEY_TERMS = ["trust", "competence", "character", "client-orientation", "upselling", "indicated-examination",
             "informed-consent", "feedback-call"]


@cache
def project() -> Project:
    found, problems = load_project(ROOT, fallback=False)
    assert found is not None, problems.report(ROOT)
    return found


def test_every_module_then_the_self_check_on_the_learning_path() -> None:
    """The brief's modules in its order, the self-check last; a module an author adds
    (python -m generator new goes before the self-check) fails nothing here."""
    p = project()
    path = list(p.scenarios)
    assert [m for m in path if m in MODULES] == MODULES and path[-1] == "self-check"
    assert p.course.languages == tuple(LANGS)
    total = sum(s.duration for s in p.scenarios.values())
    assert 120 <= total <= 190, f"the path takes {total} minutes, not about 2 to 3 hours"


def test_the_course_validates_without_an_error_or_a_warning() -> None:
    result = run_cli("validate", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("overbilling: 8 steps, 16 paths (endings: ")
    assert "; trust 10..100; paid 500..800" in lines[0]
    assert lines[-1] == f"{len(project().scenarios)} scenarios in {len(LANGS)} languages: 0 errors, 0 warnings"


def test_the_overbilling_amounts_are_the_same_in_every_language() -> None:
    p = project()
    for lang in LANGS:
        page = markdown_pages(p, lang)["modules/overbilling.md"]
        assert "500" in page and "800" in page, lang
        assert "{agreed}" not in page and "{charged}" not in page, lang


def test_each_module_has_what_a_module_needs() -> None:
    for sid in MODULES:
        s = project().scenarios[sid]
        assert 2 <= len(s.objectives) <= 5, sid
        assert len(s.takeaways) == 3, sid
        assert len(s.questions) >= 2, sid
        assert s.roles and s.duration > 0, sid
        kinds = {st.kind for st in s.steps.values()}
        assert kinds & {"decision", "quiz", "order", "spot", "assess", "reflection"}, sid


def test_every_text_exists_in_every_language_with_the_same_structure() -> None:
    p = project()
    for sid, s in p.scenarios.items():
        required = {k for k, needed in scenario_text_keys(s).items() if needed}
        for lang in LANGS:
            have = {k for k, t in s.texts[lang].items() if not t.fallback_from}
            assert required <= have, (sid, lang, sorted(required - have)[:5])
    assert p.glossary is not None
    required = {k for k, needed in glossary_text_keys(p.glossary.terms).items() if needed}
    for lang in LANGS:
        assert required <= set(p.glossary.texts[lang]), lang


def test_the_glossary_defines_the_key_terms_and_every_term_used() -> None:
    p = project()
    assert p.glossary is not None
    assert set(KEY_TERMS) <= set(p.glossary.terms)
    linked: dict[str, set[str]] = defaultdict(set)
    for sid, s in p.scenarios.items():
        for lang in LANGS:
            for text in s.texts[lang].values():
                for m in GLOSSARY_LINK.finditer(text.value):
                    assert m.group(1) in p.glossary.terms, (sid, lang, m.group(0))
                    linked[m.group(1)].add(f"{sid}/{lang}")
    # Linked from the pages that use them: every term from some module, in every language.
    for term in p.glossary.terms:
        assert {x.split("/")[1] for x in linked[term]} == set(LANGS), (term, sorted(linked[term]))


def test_branching_modules_are_deep_with_more_than_one_ending_and_a_costly_choice() -> None:
    p = project()
    for sid in BRANCHING:
        s, facts = p.scenarios[sid], p.facts[sid]
        assert facts.decisions[0] >= 3, (sid, facts.decisions)
        assert len({s.steps[e].ending for e in facts.endings}) >= 2, (sid, facts.endings)
        costly = [c.id for st in s.steps.values() for c in st.choices
                  for e in c.effects if e.meter == "trust" and e.op == "add" and e.value < 0]
        assert len(costly) >= 2, sid


def test_role_paths_cover_every_role() -> None:
    paths = project().course.role_paths
    assert set(paths) == ROLES
    for role, ids in paths.items():
        assert ids[-1] == "self-check", role


SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def test_no_sentence_appears_twice_across_modules() -> None:
    """Written anew for each place: a sentence of eight words or more is said once in the course."""
    p = project()
    for lang in LANGS:
        seen: dict[str, str] = {}
        units = [(sid, key, t.value) for sid, s in p.scenarios.items() for key, t in s.texts[lang].items()]
        assert p.glossary is not None
        units += [("glossary", key, t.value) for key, t in p.glossary.texts[lang].items()]
        repeats = []
        for where, key, value in units:
            for sentence in SENTENCE.split(" ".join(value.split())):
                if len(sentence.split()) < 8:
                    continue
                norm = sentence.strip("„“”\"«»*_ ").lower()
                if norm in seen and seen[norm] != f"{where}:{key}":
                    repeats.append(f"{lang}: {seen[norm]} and {where}:{key}: {sentence}")
                seen.setdefault(norm, f"{where}:{key}")
        assert repeats == []


def test_every_review_flag_of_the_course_is_fixed_or_accepted_with_a_reason() -> None:
    """What the sign-off sheet would flag for a clinical lead (a good ending after trust
    fell far, a good ending above the agreed price, twin choices, a module that reads in
    far less than its minutes) is either gone from the content or accepted in the
    module's file with the reason the sheet prints; none reaches a lead unexplained."""
    open_flags = []
    checked = 0
    for sid, s in project().scenarios.items():
        if (g := state_graph(s)) is None:
            continue
        checked += 1
        for lang in LANGS:
            for flag in findings(s, g, *text_words(s, lang)).flags:
                if not flag.accepted:
                    open_flags.append((sid, lang, flag.id))
    assert checked >= len(BRANCHING)
    assert open_flags == []

