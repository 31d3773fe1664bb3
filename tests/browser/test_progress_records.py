"""Progress records as the learner's browser holds and imports them (issue 18, points 4
and 5): every field of a stored or imported record is checked against the record's
schema; a bad part is dropped, never kept, and the learner is told, aloud, what was
dropped; the rest is kept. An import larger than the limit is refused before it is
read; a record the browser will not store is reported, and the old one stays.

The malformed records come from a seeded generator of our own: a record of real progress
in five modules (every kind of activity, one module done), then one to three mutations
from wrong types, missing fields, extra fields, huge values and other versions. A failure
prints the seed, the mutations and the record's start. Other seeds: TR_RECORD_SEEDS=7,8,9.
"""

from __future__ import annotations

import copy
import html
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

KEY = "training:progress"
LANG = "en"
SEEDS = [int(s) for s in os.environ.get("TR_RECORD_SEEDS", "1,2").split(",") if s.strip()]
RECORDS_PER_SEED = 8
STARTED = "2026-10-05T09:30:00.000Z"
DONE = "2026-10-05T09:41:12.500Z"
# The module each activity kind lives in, and where its record leaves the learner.
MODULES = ["overbilling", "self-check", "five-steps", "upselling", "competence-and-character"]
REPO = Path(__file__).resolve().parents[2]

# The live regions a screen reader reads out when their text changes.
LIVE = """el => {
  for (let n = el; n; n = n.parentElement) {
    const live = n.getAttribute('aria-live'), role = n.getAttribute('role');
    if (live && live !== 'off') return live;
    if (['alert', 'status', 'log'].includes(role)) return role;
  }
  return null;
}"""


# The pages' own data -------------------------------------------------------------------


def play_data(site: Path, module: str) -> dict:
    page = (site / LANG / "modules" / f"{module}.html").read_text(encoding="utf-8")
    return json.loads(html.unescape(re.search(r'data-play="([^"]*)"', page)[1]))


def valid_record(site: Path) -> dict:
    """What the player itself stores after a learner has: finished overbilling on its good
    path, checked a quiz, moved an ordering, checked a spot-the-moves, rated herself."""
    data = {m: play_data(site, m) for m in MODULES}

    def module(m: str, hist: list, answers: dict, open_: bool, done: bool = False, score=None) -> dict:
        return {"hist": hist, "open": open_, "answers": answers, "started": STARTED,
                "done": DONE if done else None, "score": score, "best": score, "digest": data[m]["digest"]}

    quiz = data["self-check"]["steps"]["bill-is-higher"]
    order = data["five-steps"]["steps"]["put-in-order"]
    first = data["five-steps"]["steps"]["angry-patient"]
    spot = data["upselling"]["steps"]["the-fancy-clinic"]
    assess = data["competence-and-character"]["steps"]["rate-yourself"]
    ratings = {s: 1 + i % assess["scale"] for i, s in enumerate(s for g in assess["groups"] for s in g[1])}
    return {
        "v": 1, "name": "Ola Nowak", "role": "front-desk", "last": "five-steps",
        "notes": {"five-steps": {"your-own-case.a-complaint-you-saw": "A patient waited an hour."}},
        "modules": {
            "overbilling": module("overbilling", [["at-the-till", "warn-first"], ["check-the-bill", "honour-the-quote"],
                                                  ["the-feedback-call", "listen-and-ask"]], {}, False, True, 100),
            "self-check": module("self-check", [["bill-is-higher", None, 100]],
                                 {"bill-is-higher": quiz["correct"][:1]}, True),
            "five-steps": module("five-steps", [["angry-patient", None, 100]],
                                 {"angry-patient": first["correct"][:1], "put-in-order": order["items"][::-1]}, False),
            "upselling": module("upselling", [["the-fancy-clinic", None, 60]],
                                {"the-fancy-clinic": spot["moves"][:2]}, True),
            "competence-and-character": module(
                "competence-and-character", [["the-call", "truth-and-limits"], ["the-doctor", "remind-the-promise"],
                                             ["the-slip", "call-her-now"], ["rate-yourself", None, None]],
                {"rate-yourself": ratings}, True),
        },
    }


# The generator of malformed records -----------------------------------------------------

HUGE_TEXT = "Ż" * 300_000
# Values of the wrong type or form for each kind of field; the generator picks among them.
WRONG = {
    "version": [0, 2, "1", None, True, -1, 1.5, [1], {"v": 1}],
    "name": [7, [], {"first": "Ola"}, True, "x" * 201, HUGE_TEXT],
    "role": [42, [], {}, "Front Desk!", "r" * 65],
    "last": [[], 3, {}, "NOT an id", "a/b"],
    "map": ["a text", 5, [], True, [["at-the-till"]]],
    "module": [[], "done", 3, None, True, {"hist": {}}],
    "hist": ["at-the-till", {}, 5, None, [["at-the-till", "warn-first"]] * 5000],
    "entry": ["at-the-till", 5, {}, None, [], ["at-the-till", None, 100, "more"]],
    "id": [5, None, [], {}, "Has Spaces", "x'y]", "a" * 65, "__proto__", ""],
    "choice": [5, [], {}, True, "UPPER", "'];alert(1);//"],
    "score": ["100", -5, 101, True, [], {}, 1e300, -1e300],
    "bool": ["yes", 1, None, [], {}],
    "date": [5, "yesterday", "2026-13-45T00:00:00Z", True, [], {}, "2" * 5000],
    "digest": [5, [], {}, True, "d" * 1000],
    "answer": ["stop-and-listen", 5, True, None, [5], [[]], {"a": "five"}, {"a": 1e9}, ["an-option"] * 20_000],
    "note": [5, [], {}, None, True, {"text": "x"}],
}
# Where each kind lives: a path with M for a module id, S for a step id, I for an index.
FIELDS = [
    (("v",), "version"), (("name",), "name"), (("role",), "role"), (("last",), "last"),
    (("modules",), "map"), (("notes",), "map"), (("notes", "M"), "map"), (("notes", "M", "K"), "note"),
    (("modules", "M"), "module"), (("modules", "M", "hist"), "hist"), (("modules", "M", "hist", "I"), "entry"),
    (("modules", "M", "hist", "I", 0), "id"), (("modules", "M", "hist", "I", 1), "choice"),
    (("modules", "M", "hist", "I", 2), "score"), (("modules", "M", "open"), "bool"),
    (("modules", "M", "answers"), "map"), (("modules", "M", "answers", "S"), "answer"),
    (("modules", "M", "started"), "date"), (("modules", "M", "done"), "date"),
    (("modules", "M", "score"), "score"), (("modules", "M", "best"), "score"),
    (("modules", "M", "digest"), "digest"),
]
# A record that lacks one of these is not a record; a module entry without a history is not one.
REQUIRED = {("v",), ("modules",), ("modules", "M", "hist")}
OPTIONAL = [("name",), ("role",), ("last",), ("notes",), ("modules", "M", "open"), ("modules", "M", "answers"),
            ("modules", "M", "started"), ("modules", "M", "done"), ("modules", "M", "score"),
            ("modules", "M", "best"), ("modules", "M", "digest")]
# Answers of the right form for the record but not for the step they answer.
WRONG_FOR_STEP = {"self-check": {"bill-is-higher": {"stop-and-listen": 1}},
                  "competence-and-character": {"rate-yourself": ["check-the-source"]}}


@dataclass
class Mutation:
    kind: str  # wrong, missing, extra, scenario
    path: tuple
    value: object = None
    bad: bool = True  # something of the record must be dropped
    whole: bool = False  # the record as a whole cannot be read

    @property
    def module(self) -> str | None:
        return self.path[1] if len(self.path) > 1 and self.path[0] in ("modules", "notes") else None

    def __str__(self) -> str:
        shown = json.dumps(self.value)
        return f"{self.kind} {'/'.join(map(str, self.path))} = {shown[:60]}{'…' if len(shown) > 60 else ''}"


def _concrete(rng: random.Random, record: dict, pattern: tuple) -> tuple | None:
    """A path of the record that fits the pattern (placeholders picked at random), or None
    where the record has none. The last part may be a key the record lacks."""
    path: list = []
    node = record
    for i, part in enumerate(pattern):
        if part in ("M", "S", "K"):
            if not isinstance(node, dict) or not node:
                return None
            part = rng.choice(sorted(node))
        elif part == "I":
            if not isinstance(node, list) or not node:
                return None
            part = rng.randrange(len(node))
        elif isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif not isinstance(node, dict):
            return None
        path.append(part)
        if i < len(pattern) - 1:
            if isinstance(part, str) and part not in node:
                return None
            node = node[part]
    return tuple(path)


def _set(record: dict, path: tuple, value) -> None:
    node = record
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _get(record, path: tuple):
    node = record
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            raise KeyError(path)
    return node


def malformed(rng: random.Random, base: dict) -> tuple[str, list[Mutation]]:
    """The base record with one to three mutations, as JSON; now and then torn off midway,
    as a write cut short would leave it."""
    record = copy.deepcopy(base)
    done: list[Mutation] = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.55:  # a value of the wrong type or form
            pattern, kind = rng.choice(FIELDS)
            path = _concrete(rng, record, pattern)
            if path is None:
                continue
            value = copy.deepcopy(rng.choice(WRONG[kind]))
            _set(record, path, value)
            done.append(Mutation("wrong", path, value, whole=kind == "version" or path == ("modules",)))
        elif roll < 0.7:  # a field missing
            pattern = rng.choice([*sorted(REQUIRED), *OPTIONAL])
            path = _concrete(rng, record, pattern)
            if path is None or path[-1] not in _get(record, path[:-1]):
                continue
            del _get(record, path[:-1])[path[-1]]
            required = pattern in REQUIRED
            done.append(Mutation("missing", path, bad=required, whole=required and len(path) == 1))
        elif roll < 0.85:  # a field this version never writes
            pattern = rng.choice([(), ("modules",), ("modules", "M"), ("notes",)])
            owner = _concrete(rng, record, pattern) if pattern else ()
            if owner is None or not isinstance(_get(record, owner), dict):
                continue
            name = rng.choice(["extra", "Version", "constructor", "<img src=x onerror=alert(1)>", "x" * 300])
            value = rng.choice([1, "surplus", {"nested": [1, 2]}, None])
            _get(record, owner)[name] = value
            done.append(Mutation("extra", (*owner, name), value))
        else:  # right for a record, wrong for the step it answers
            module = rng.choice(sorted(WRONG_FOR_STEP))
            if not isinstance(record["modules"].get(module), dict) or \
                    not isinstance(record["modules"][module].get("answers"), dict):
                continue
            step, value = next(iter(WRONG_FOR_STEP[module].items()))
            record["modules"][module]["answers"][step] = copy.deepcopy(value)
            done.append(Mutation("scenario", ("modules", module, "answers", step), value))
    # A mutation that a later one replaced or removed is not one of its own.
    kept = [m for i, m in enumerate(done)
            if not any(o.path == m.path[:len(o.path)] for o in done[i + 1:])]
    raw = json.dumps(record)
    if rng.random() < 0.08:
        return raw[:rng.randrange(1, len(raw))], [Mutation("torn", (), raw[-20:], whole=True)]
    return raw, kept


def describe(seed: int, n: int, mutations: list[Mutation]) -> str:
    return f"seed {seed}, record {n}: " + "; ".join(map(str, mutations))


# What the browser shows ----------------------------------------------------------------


def neutral(page, site: str) -> None:
    """A page of the site without training.js: storage can be set without a page reading it."""
    page.goto(site + "en/sitemap.xml")


def put(page, site: str, value) -> None:
    """The record stored, to be read by the next page opened (a page never reads its own writes
    back unasked, so the one open may stay)."""
    if not page.url.startswith(site):
        neutral(page, site)
    raw = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])


def stored(page):
    raw = page.evaluate(f"localStorage.getItem('{KEY}')")
    return None if raw is None else json.loads(raw)


def watch(page) -> list[str]:
    """The page's uncaught errors and errors logged (the player logs one when it falls back)."""
    errors: list[str] = []

    def console(message) -> None:
        # The browser asks for /favicon.ico beside the XML page used to set storage.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"console {message.text}")

    page.on("pageerror", lambda e: errors.append(f"pageerror {e}"))
    page.on("console", console)
    return errors


def player_works(page, where: str) -> None:
    """The module page runs its player (not the static fall-back), one step on screen."""
    live = page.evaluate("() => { const r = document.querySelector('.tr-module'); "
                         "return !!r && r.classList.contains('tr-live') && r.hasAttribute('data-play'); }")
    assert live, f"{where}: the player fell back to the static page"
    shown = page.eval_on_selector_all("section.tr-step:not([hidden])", "s => s.length")
    assert shown == 1, f"{where}: {shown} steps on screen"


def notices(page) -> list[tuple[str, str | None]]:
    """Each notice shown on the page, with the live region that announces it."""
    return [(n.inner_text().strip(), n.evaluate(LIVE)) for n in page.locator(".tr-notice").all()]


def titles(page) -> dict[str, str]:
    return page.evaluate("Object.fromEntries(trSite.modules.map(m => [m.id, m.title]))")


def strings(page) -> dict[str, str]:
    return page.evaluate("trSite.strings")


def holds_no_bad_value(after, mutation: Mutation, where: str) -> None:
    """The bad value is not kept where it was put (the path is gone or holds something else)."""
    if not mutation.bad or mutation.kind == "missing" or after is None:
        return
    try:
        kept = _get(after, mutation.path)
    except KeyError:
        return
    assert json.dumps(kept, sort_keys=True) != json.dumps(mutation.value, sort_keys=True), \
        f"{where}: {mutation} was kept"


def check_pages(page, site: str, modules: list[str], where: str, progress: bool = True) -> None:
    """The module pages, the progress page and the home page all still work."""
    for module in modules:
        page.goto(f"{site}{LANG}/modules/{module}.html")
        player_works(page, f"{where}, {module}")
    if progress:
        page.goto(f"{site}{LANG}/progress.html")
        assert page.locator(".tr-total").is_visible(), f"{where}: progress page"
        states = page.locator("[data-tr-state]").all_inner_texts()
        assert states and all(states), f"{where}: progress page states {states}"
    page.goto(f"{site}{LANG}/index.html")
    assert page.locator(".tr-home__go").is_visible(), f"{where}: home page"


# The valid record, as the generator's starting point ----------------------------------


def test_the_valid_record_loads_as_it_is(guarded_page, site_server, built_site):
    """The generator starts from a record the player reads without a word: each module where
    it was left, the record unchanged."""
    page = guarded_page
    errors = watch(page)
    base = valid_record(built_site)
    put(page, site_server, base)
    where = {"overbilling": "patient-returns", "self-check": "bill-is-higher", "five-steps": "put-in-order",
             "upselling": "the-fancy-clinic", "competence-and-character": "rate-yourself"}
    for module, step in where.items():
        page.goto(f"{site_server}{LANG}/modules/{module}.html")
        player_works(page, module)
        assert page.eval_on_selector("section.tr-step:not([hidden])", "s => s.dataset.step") == step
        assert notices(page) == []
    assert stored(page) == base
    assert errors == []


# Stored records --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed-{s}" for s in SEEDS])
def test_malformed_stored_records_never_break_a_page(guarded_page, site_server, built_site, seed):
    page = guarded_page
    errors = watch(page)
    base = valid_record(built_site)
    rng = random.Random(seed)
    page.goto(f"{site_server}{LANG}/progress.html")
    names, text = titles(page), strings(page)
    for n in range(RECORDS_PER_SEED):
        raw, mutations = malformed(rng, base)
        where = describe(seed, n, mutations)
        put(page, site_server, raw)
        touched = sorted({m.module for m in mutations if m.module in MODULES})
        first = touched[0] if touched else rng.choice(MODULES)
        page.goto(f"{site_server}{LANG}/modules/{first}.html")
        player_works(page, where)
        shown = notices(page)
        if any(m.bad for m in mutations):
            assert shown, f"{where}: nothing said"
            for said, live in shown:
                assert live in ("alert", "assertive", "polite", "status"), f"{where}: {said!r} is not announced"
            said = " ".join(s for s, _ in shown)
            if any(m.whole for m in mutations):
                assert text["reset_notice"] in said, f"{where}: {said!r}"
            else:  # what was dropped is named: the module whose part it was
                for m in mutations:
                    if m.bad and m.module in names and (m.kind != "scenario" or m.module == first):
                        assert names[m.module] in said, f"{where}: {said!r} does not name {m.module}"
        after = stored(page)
        assert isinstance(after, dict) and after.get("v") == 1, f"{where}: stored {str(after)[:200]}"
        for m in mutations:  # what fits no step is seen on its module's page, not yet visited
            if m.kind != "scenario" or m.module == first:
                holds_no_bad_value(after, m, where)
        if not any(m.whole for m in mutations):  # the rest is kept as it was
            for module in MODULES:
                if module not in touched and module != first:
                    assert after["modules"].get(module) == base["modules"][module], f"{where}: {module} changed"
        check_pages(page, site_server, [m for m in touched if m != first], where)
        for m in mutations:
            holds_no_bad_value(stored(page), m, where)
        assert errors == [], f"{where}: {errors}"


def test_a_stored_record_the_browser_will_not_rewrite_still_works(guarded_page, site_server, built_site):
    """A damaged record, and the cleaned copy refused by a full storage: the page works on
    the cleaned copy and says both."""
    page = guarded_page
    errors = watch(page)
    record = valid_record(built_site)
    record["modules"]["self-check"]["answers"]["bill-is-higher"] = 17
    put(page, site_server, record)
    refuse_storage(page)
    page.goto(f"{site_server}{LANG}/modules/self-check.html")
    player_works(page, "full storage")
    said = " ".join(s for s, _ in notices(page))
    assert titles(page)["self-check"] in said
    assert strings(page)["storage.failed"] in said
    assert errors == []


# Imported records ------------------------------------------------------------------------


def import_file(page, name: str, content: bytes) -> str:
    page.evaluate("document.querySelector('.tr-progress-status').textContent = ''")
    page.locator("#tr-import").set_input_files({"name": name, "mimeType": "application/json", "buffer": content})
    status = page.locator(".tr-progress-status")
    page.wait_for_function("document.querySelector('.tr-progress-status').textContent.length > 0")
    assert status.evaluate(LIVE) in ("polite", "status", "alert", "assertive"), "the result is not announced"
    return status.inner_text()


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed-{s}" for s in SEEDS])
def test_malformed_imports_drop_the_bad_parts_and_say_which(guarded_page, site_server, built_site, seed):
    page = guarded_page
    errors = watch(page)
    base = valid_record(built_site)
    rng = random.Random(1000 + seed)
    before = {"v": 1, "modules": {"overbilling": base["modules"]["overbilling"]}, "name": "Before"}
    for n in range(RECORDS_PER_SEED):
        raw, mutations = malformed(rng, base)
        where = describe(seed, n, mutations)
        put(page, site_server, before)
        page.goto(f"{site_server}{LANG}/progress.html")
        names, text = titles(page), strings(page)
        file = f"progress-{seed}-{n}.json"
        said = import_file(page, file, raw.encode("utf-8"))
        after = stored(page)
        if any(m.whole for m in mutations):
            assert file in said and text["import.done"].split("{")[0] not in said, f"{where}: {said!r}"
            assert after == before, f"{where}: a refused file changed the record"
        else:
            assert file in said, f"{where}: {said!r}"
            for m in mutations:  # what fits no step is seen on its module's page
                if m.bad and m.kind != "scenario" and m.module in names:
                    assert names[m.module] in said, f"{where}: {said!r} does not name {m.module}"
                if m.kind != "scenario":
                    holds_no_bad_value(after, m, where)
            if not any(m.bad and m.kind != "scenario" for m in mutations):
                assert after["name"] == json.loads(raw).get("name", ""), f"{where}: not imported"
        # The progress page, where the import is shown, first; then the pages of what it touched.
        states = page.locator("[data-tr-state]").all_inner_texts()
        assert page.locator(".tr-total").is_visible() and all(states), f"{where}: progress page {states}"
        check_pages(page, site_server, sorted({m.module for m in mutations if m.module in MODULES}), where,
                    progress=False)
        for m in mutations:
            holds_no_bad_value(stored(page), m, where)
        assert errors == [], f"{where}: {errors}"


def limit_text(page) -> str:
    return page.evaluate("trCore.formatSize(trCore.IMPORT_LIMIT)")


@pytest.mark.parametrize("megabytes", [1.01, 12])
def test_a_file_over_the_limit_is_refused_before_it_is_read(guarded_page, site_server, built_site, tmp_path,
                                                           megabytes):
    page = guarded_page
    errors = watch(page)
    base = valid_record(built_site)
    put(page, site_server, base)
    page.goto(f"{site_server}{LANG}/progress.html")
    limit = page.evaluate("trCore.IMPORT_LIMIT")
    # A well-formed record, padded with a long note to the size wanted.
    big = copy.deepcopy(base)
    big["notes"]["five-steps"]["your-own-case.which-step-was-missing"] = "n" * int(megabytes * 1024 * 1024)
    path = tmp_path / "big-progress.json"
    path.write_text(json.dumps(big), encoding="utf-8")
    assert path.stat().st_size > limit
    page.evaluate("""() => { window.parsed = []; const parse = JSON.parse;
      JSON.parse = function (text) { window.parsed.push(String(text).length); return parse.apply(JSON, arguments); };
    }""")
    page.evaluate("document.querySelector('.tr-progress-status').textContent = ''")
    page.locator("#tr-import").set_input_files(path)
    page.wait_for_function("document.querySelector('.tr-progress-status').textContent.length > 0")
    said = page.locator(".tr-progress-status").inner_text()
    assert "big-progress.json" in said and limit_text(page) in said, said
    assert page.locator(".tr-progress-status").evaluate(LIVE) == "status"
    assert max(page.evaluate("window.parsed") or [0]) < limit, "the file was read and parsed"
    assert stored(page) == base
    assert errors == []


def test_the_readme_states_the_import_limit(guarded_page, site_server):
    page = guarded_page
    page.goto(f"{site_server}{LANG}/progress.html")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"progress file[^.]*\b{re.escape(limit_text(page))}", readme), limit_text(page)


# A storage that refuses ---------------------------------------------------------------------

REFUSE = """(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (key === %s) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
})();"""


def refuse_storage(page) -> None:
    """From the next page on, the browser refuses to store the progress record (a full quota)."""
    page.add_init_script(REFUSE % json.dumps(KEY))


def test_an_import_the_storage_refuses_says_so_and_keeps_the_old_record(guarded_page, site_server, built_site):
    page = guarded_page
    errors = watch(page)
    old = {"v": 1, "modules": {"overbilling": valid_record(built_site)["modules"]["overbilling"]}, "name": "Old"}
    put(page, site_server, old)
    refuse_storage(page)
    page.goto(f"{site_server}{LANG}/progress.html")
    said = import_file(page, "new.json", json.dumps(valid_record(built_site)).encode("utf-8"))
    text = strings(page)
    assert text["import.not_kept"].replace("{file}", "new.json") in said, said
    assert text["import.done"].replace("{file}", "new.json") not in said
    assert stored(page) == old
    # The page shows the record still kept, not the one refused.
    assert page.locator("[data-tr-state=self-check]").inner_text() == "Not started"
    page.reload()
    assert page.locator("[data-tr-state=overbilling]").inner_text().startswith("Done")
    assert errors == []


def test_an_import_over_the_real_quota_says_so_and_keeps_the_old_record(guarded_page, site_server, built_site):
    """No simulation: the origin's storage filled with other data until the import cannot fit."""
    page = guarded_page
    errors = watch(page)
    old = {"v": 1, "modules": {}, "name": "Old"}
    put(page, site_server, old)
    page.goto(f"{site_server}{LANG}/progress.html")
    limit = page.evaluate("trCore.IMPORT_LIMIT")
    big = valid_record(built_site)
    big["notes"]["five-steps"]["your-own-case.which-step-was-missing"] = "q" * (limit - 8 * 1024)
    # Blocks of 256 KB, then of 4 KB, until neither fits: less room is left than the import needs.
    full = page.evaluate("""() => { let n = 0;
      for (const size of [256 * 1024, 4 * 1024]) {
        try { for (let i = 0; i < 400; i++, n++) localStorage.setItem('filler-' + n, 'f'.repeat(size)); }
        catch (e) { if (e.name !== 'QuotaExceededError') throw e; }
      }
      return n < 800; }""")
    assert full, "the storage never filled"
    said = import_file(page, "too-much.json", json.dumps(big).encode("utf-8"))
    assert strings(page)["import.not_kept"].replace("{file}", "too-much.json") in said, said
    assert stored(page) == old
    assert errors == []


def test_play_the_storage_refuses_is_announced_and_goes_on_in_the_page(guarded_page, site_server):
    page = guarded_page
    errors = watch(page)
    put(page, site_server, {"v": 1, "modules": {}})
    refuse_storage(page)
    page.goto(f"{site_server}{LANG}/modules/overbilling.html")
    page.locator("#step-at-the-till .tr-choose[data-choice=warn-first]").click()
    page.locator("#step-at-the-till [data-tr=continue]").click()
    assert page.eval_on_selector("section.tr-step:not([hidden])", "s => s.dataset.step") == "check-the-bill"
    shown = notices(page)
    assert len(shown) == 1, shown
    said, live = shown[0]
    assert strings(page)["storage.failed"] in said and live in ("alert", "assertive"), shown
    assert stored(page) == {"v": 1, "modules": {}}
    assert errors == []
