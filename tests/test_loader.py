"""Reading files: YAML failures, schema errors and structure checks, each with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, edit, problems_of, run_cli
from generator.loader import load_scenario
from generator.problems import Problems
from generator.yamlio import load_yaml

MINI_STRUCTURE = (FIXTURES / "mini" / "scenarios" / "mini-case" / "scenario.yml").read_text(encoding="utf-8")


def scenario_problems(tmp_path: Path, text: str | bytes, folder: str = "mini-case") -> list[str]:
    target = tmp_path / folder
    target.mkdir()
    file = target / "scenario.yml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    problems = Problems()
    load_scenario(target, problems)
    return [p.format(tmp_path) for p in problems.sorted()]


def test_a_valid_structure_loads_into_the_model(tmp_path: Path) -> None:
    target = tmp_path / "mini-case"
    target.mkdir()
    (target / "scenario.yml").write_text(MINI_STRUCTURE, encoding="utf-8")
    problems = Problems()
    s = load_scenario(target, problems)
    assert not problems.items
    assert s is not None
    assert list(s.steps) == ["till", "later", "good", "bad"]
    assert s.numbers["price"].value == 1500 and s.numbers["price"].currency == "PLN"
    assert s.steps["later"].choices[0].when[0].at_least == 30
    assert s.steps["till"].choices[0].effects[0].value == 30
    assert (s.steps["till"].pos.line, s.steps["till"].pos.col) == (13, 3)


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("roles: [cashier]", "roles: [cashier")
    # The parser stops on the next line; the list to close is where it opened.
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:3:8: YAML syntax error: the list opened here with [ is not closed, or lacks a "
        "comma between items (the parser stopped at line 4, column 11): end it with ]"
    ]


def test_duplicate_key_is_reported_with_both_lines(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("  bad:\n    ending: bad\n", "  bad:\n    ending: bad\n  good:\n    ending: good\n")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:36:3: duplicate key 'good' (first written at line 30): each id may appear once"
    ]


def test_unknown_key_suggests_the_closest_field(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("duration: 10", "duraton: 10")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:1:1: missing required field 'duration' in the file",
        "mini-case/scenario.yml:2:1: unknown key 'duraton' in the file (did you mean 'duration'?)",
    ]


def test_unknown_key_deep_inside_a_step(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("        to: good\n        effects: {trust: 30}",
                                  "        to: good\n        efects: {trust: 30}")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:17:9: unknown key 'efects' in steps.till.choices.honest "
        "(did you mean 'effects'?)"
    ]


def test_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("duration: 10", "duration: ten")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:2:11: duration must be a whole number, not text"
    ]


def test_bad_id_and_bad_role(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("  later:\n", "  Later On:\n").replace("to: later", "to: Later On") \
        .replace("roles: [cashier]", "roles: [casier]")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:3:9: roles.0 is 'casier'; expected one of 'front-desk', 'cashier', "
        "'nurse', 'doctor', 'manager' (did you mean 'cashier'?)",
        "mini-case/scenario.yml:19:13: steps.till.choices.vague.to is 'Later On'; it must be an id: "
        "lowercase letters a-z, digits and single hyphens, e.g. at-the-till",
        "mini-case/scenario.yml:21:3: 'Later On' in steps must be an id: lowercase letters a-z, digits "
        "and single hyphens, e.g. at-the-till",
    ]


def test_missing_required_field(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("start: till\n", "")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:1:1: missing required field 'start' in the file"
    ]


def test_id_must_match_the_folder(tmp_path: Path) -> None:
    assert scenario_problems(tmp_path, MINI_STRUCTURE, folder="other") == [
        "other/scenario.yml:1:5: id is 'mini-case' but the folder is 'other': they must be equal"
    ]


def test_semantic_checks_the_schema_cannot_express(tmp_path: Path) -> None:
    text = (MINI_STRUCTURE
            .replace("trust: {min: 0, max: 100, start: 50}", "trust: {min: 0, max: 100, start: 150}")
            .replace("effects: {trust: 30}", "effects: {trsut: 30}")
            .replace("when: {meter: trust, at_least: 30}", "when: {meter: trust, chose: till/honest}")
            .replace("start: till", "start: tll"))
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:10:36: meter 'trust' starts at 150, outside its range 0..100",
        "mini-case/scenario.yml:11:8: start is 'tll', which is not a step (did you mean 'till'?)",
        "mini-case/scenario.yml:17:19: effect on unknown meter 'trsut' (did you mean 'trust'?): "
        "declare it under meters",
        "mini-case/scenario.yml:25:15: a condition is {meter: NAME, at_least: N} and/or at_most: N, "
        "or {chose: step/choice}, or {not_chose: step/choice}; this one has chose, meter",
    ]


def test_an_ending_with_choices_is_refused(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("  bad:\n    ending: bad\n", "  bad:\n    ending: bad\n    next: till\n")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:34:3: step 'bad' is an ending but also has next: an ending leads "
        "nowhere; remove them or remove 'ending'"
    ]


def test_a_step_with_both_choices_and_next_is_refused(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("  till:\n    choices:\n", "  till:\n    next: later\n    choices:\n")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:13:3: step 'till' has both choices and next: keep one of them"
    ]


def test_condition_naming_an_unknown_choice(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("when: {meter: trust, at_least: 30}", "when: {chose: till/honset}")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:25:15: step 'till' has no choice 'honset' (did you mean 'honest'?)"
    ]


def test_number_names_in_effects_and_conditions(tmp_path: Path) -> None:
    text = MINI_STRUCTURE.replace("effects: {trust: 30}", "effects: {trust: -prize}")
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:17:19: 'prize' is not one of this scenario's numbers (did you mean "
        "'price'?): declare it under numbers"
    ]


@pytest.mark.parametrize(("raw", "expected"), [
    (b"id: x\n\xff\xfeduration: 1\n", "scenario.yml:2:1: not UTF-8 text (byte 0xff): save the file as UTF-8"),
    (b"id: x\n\tduration: 1\n", "scenario.yml:2:1: YAML syntax error: a tab: YAML takes only spaces for "
                                 "indenting and spacing; replace the tab with spaces"),
    (b"id: x\n  \tduration: 1\n", "scenario.yml:2:3: YAML syntax error: a tab: YAML takes only spaces for "
                                   "indenting and spacing; replace the tab with spaces"),
    (b"id: x\nduration: \xc5\xbc\xff\n", "scenario.yml:2:12: not UTF-8 text (byte 0xff): save the file as UTF-8"),
    (b"\xff\xfei\x00d\x00", "scenario.yml:1:1: the file is UTF-16 (\"Unicode\" in Notepad): save it as UTF-8"),
    (b"id: x\nduration: 1\x0b\n", "scenario.yml:2:12: YAML syntax error: an invisible control character "
                                  "(U+000B) that text cannot hold: delete it"),
])
def test_unreadable_bytes(tmp_path: Path, raw: bytes, expected: str) -> None:
    file = tmp_path / "scenario.yml"
    file.write_bytes(raw)
    problems = Problems()
    assert load_yaml(file, problems) is None
    assert [p.format(tmp_path) for p in problems.items] == [expected]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    file = tmp_path / "x.yml"
    file.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    problems = Problems()
    assert load_yaml(file, problems) == {"a": 1, "b": "two"}
    assert not problems.items


def test_a_windows_saved_structure_loads_like_any_other(tmp_path: Path) -> None:
    windows = b"\xef\xbb\xbf" + MINI_STRUCTURE.replace("\n", "\r\n").encode("utf-8")
    assert scenario_problems(tmp_path, windows) == []
    problems = Problems()
    s = load_scenario(tmp_path / "mini-case", problems)
    assert s is not None and (s.steps["till"].pos.line, s.steps["till"].pos.col) == (13, 3)


@pytest.mark.parametrize(("raw", "expected"), [
    (b"id: x\nduration: 10\nsteps:\n  a: 1\n" + b"x" * 1_000_000,
     "scenario.yml:5:1: the file is 1,000,033 bytes; the limit is 1,000,000, and this line alone holds "
     "1,000,000 of them: shorten it"),
    (b"text: |\n" + b"  words words words\n" * 60_000,
     "scenario.yml:1:1: the file is 1,200,008 bytes; the limit is 1,000,000: split it into smaller files"),
])
def test_an_oversize_file_is_refused_before_it_is_parsed(tmp_path: Path, raw: bytes, expected: str) -> None:
    file = tmp_path / "scenario.yml"
    file.write_bytes(raw)
    problems = Problems()
    assert load_yaml(file, problems) is None
    assert [p.format(tmp_path) for p in problems.items] == [expected]


def test_empty_file_reports_what_it_lacks(tmp_path: Path) -> None:
    problems = scenario_problems(tmp_path, "")
    assert problems[0] == "mini-case/scenario.yml:1:1: missing required field 'id' in the file"
    assert len(problems) == 6


ACTIVITIES = """id: drill
duration: 5
roles: [cashier]
objectives: [o]
start: q
steps:
  q:
    quiz: {options: [a, b, c], correct: [b]}
    next: o
  o:
    order: [listen, repair, ask]
    next: s
  s:
    spot: {lines: [l1, l2, l3], moves: [l2]}
    next: r
  r:
    assess: {groups: {competence: [knows], character: [keeps-word, admits]}}
    next: end
  end:
    ending: good
"""


def test_each_activity_kind_loads_into_the_model(tmp_path: Path) -> None:
    from generator.model import Assessment, Ordering, Quiz, Spot

    target = tmp_path / "drill"
    target.mkdir()
    (target / "scenario.yml").write_text(ACTIVITIES, encoding="utf-8")
    problems = Problems()
    s = load_scenario(target, problems)
    assert not problems.items and s is not None
    assert s.steps["q"].activity == Quiz(("a", "b", "c"), frozenset({"b"}), multiple=False)
    assert s.steps["o"].activity == Ordering(("listen", "repair", "ask"))
    assert s.steps["s"].activity == Spot(("l1", "l2", "l3"), frozenset({"l2"}))
    assessment = s.steps["r"].activity
    assert isinstance(assessment, Assessment) and assessment.scale == 5
    assert assessment.statements == ("knows", "keeps-word", "admits")
    assert [st.kind for st in s.steps.values()] == ["quiz", "order", "spot", "assess", "ending"]


def test_activity_mistakes_are_each_reported(tmp_path: Path) -> None:
    text = (ACTIVITIES
            .replace("correct: [b]", "correct: [b, d], multiple: false")
            .replace("moves: [l2]", "moves: [l4]")
            .replace("    order: [listen, repair, ask]\n    next: s\n",
                     "    order: [listen, repair, ask]\n    choices: {x: {to: s}}\n")
            .replace("character: [keeps-word, admits]", "character: [keeps-word, knows]"))
    assert scenario_problems(tmp_path, text, folder="drill") == [
        "drill/scenario.yml:8:45: correct answer 'd' is not one of the options",
        "drill/scenario.yml:8:59: step 'q': 2 correct answers, but multiple is false: "
        "keep one correct answer or allow several",
        "drill/scenario.yml:10:3: step 'o' has an order activity but no next: say which step follows it",
        "drill/scenario.yml:10:3: step 'o' has both order and choices: an activity step goes on with next; "
        "put the choices or the ending in a step of their own",
        "drill/scenario.yml:14:41: move 'l4' is not one of the lines",
        "drill/scenario.yml:17:44: statement 'knows' is in both group 'competence' and group 'character': "
        "keep it in one",
    ]


def test_a_quiz_whose_every_option_is_correct_is_refused(tmp_path: Path) -> None:
    text = ACTIVITIES.replace("correct: [b]", "correct: [c, a, b]")
    assert scenario_problems(tmp_path, text, folder="drill") == [
        "drill/scenario.yml:8:32: step 'q': every option is correct, so there is nothing to choose: "
        "add a wrong option"
    ]


def test_a_quoted_value_with_a_line_break_stays_on_its_report_line(tmp_path: Path) -> None:
    # The value used to be printed as it is, splitting its `file:line:col: message` line
    # (test_properties asks for one line per problem).
    text = MINI_STRUCTURE.replace("start: till", 'start: "ti\\nll\\u2028"')
    assert scenario_problems(tmp_path, text) == [
        "mini-case/scenario.yml:11:8: start is 'ti\\nll\\u2028'; it must be an id: lowercase letters a-z, "
        "digits and single hyphens, e.g. at-the-till"
    ]


def test_the_authors_notes_beside_the_scenarios_are_no_stray_file(mini: Path) -> None:
    """scenarios/README.md (who reviews the content, and what was checked) is for people,
    not the site; any other loose file there is still reported."""
    (mini / "scenarios" / "README.md").write_text("# Notes for authors\n", encoding="utf-8")
    assert problems_of(mini) == []
    (mini / "scenarios" / "notes.md").write_text("ideas\n", encoding="utf-8")
    assert problems_of(mini) == ["scenarios/notes.md:1:1: unexpected file in scenarios/: each scenario is a folder "
                                 "with scenario.yml and one text file per language"]


# --- Ids too long to be a file name (issue 18, point 7) --------------------------------------------

# Where an id stands, as (file under scenarios/, the text it replaces, its replacement with the id).
ID_PLACES = {
    "learning path": ("course/course.yml", "path: [mini-case]", "path: [mini-case, {id}]"),
    "role path": ("course/course.yml", "cashier: [mini-case]", "cashier: [mini-case, {id}]"),
    "related module": ("mini-case/scenario.yml", "roles: [cashier]", "roles: [cashier]\nrelated: [{id}]"),
    "step": ("mini-case/scenario.yml", "start: till", "start: {id}"),
    "glossary term": ("glossary/glossary.yml", "terms: [", "terms: [{id}, "),
}
# Around the limit, around what file systems allow in a name (255 bytes), and far past both.
ID_LENGTHS = (65, 200, 251, 255, 256, 300, 4096)


@pytest.mark.parametrize("length", ID_LENGTHS)
@pytest.mark.parametrize("place", list(ID_PLACES))
def test_an_id_too_long_for_a_file_name_is_refused_where_it_stands(mini: Path, place: str, length: int) -> None:
    rel, old, new = ID_PLACES[place]
    long_id = "-".join(["ab12"] * (length // 5 + 1))[:length].strip("-").ljust(length, "z")
    assert len(long_id) == length
    edit(mini / "scenarios" / rel, old, new.format(id=long_id))
    found = problems_of(mini)  # no traceback (File name too long)
    mine = [p for p in found if p.startswith(f"scenarios/{rel}:")]
    assert any(f"is {length:,} characters long; the limit is 64: shorten it" in p for p in mine), found


def test_a_scenario_folder_whose_name_is_too_long_for_an_id_says_so(mini: Path) -> None:
    long_id = "a" * 70
    (mini / "scenarios" / long_id).mkdir()
    (mini / "scenarios" / long_id / "scenario.yml").write_text(MINI_STRUCTURE.replace("mini-case", long_id),
                                                               encoding="utf-8")
    assert f"scenarios/{long_id}:1:1: folder name '{'a' * 20}...' is 70 characters long; an id is at most 64: " \
           f"rename the folder (and the id in its scenario.yml) to a shorter id" in problems_of(mini)


def test_new_refuses_an_id_too_long_and_says_why(mini: Path) -> None:
    for length in (65, 255, 300):
        result = run_cli("new", "x" * length, cwd=mini)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert f"error: the id is {length} characters long; an id is at most 64" in result.stderr
    assert sorted(p.name for p in (mini / "scenarios").iterdir()) == ["course", "glossary", "mini-case"]
