"""Synthetic projects for the benchmark: many scenarios of realistic size, in every language.

Each scenario has 12 steps (nine decisions with three choices each, one narrative
step, two of the three endings reached through meters), a trust meter, objectives,
takeaways and questions, and text of about the length of the real modules'
texts in each language. Paths and steps are shaped like the real branching
modules (tens of paths, 4-6 decisions each), so pages, decks and walkthroughs
cost what they cost for real content. Everything but the scenarios (pages,
course texts, glossary) is copied from a real project.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

# Words to make sentences of, per language: enough variety that pages are not
# all alike (search indexes and compression see realistic text).
WORDS = {
    "pl": ("pacjent pacjentka lekarz recepcja kasa rachunek cena wizyta zabieg badanie zaufanie rozmowa "
           "telefon gabinet kolejka termin wynik skierowanie pielęgniarka kierowniczka uśmiech pytanie "
           "odpowiedź wyjaśnia pyta słucha sprawdza proponuje przeprasza dzwoni wraca czeka mówi płaci "
           "spokojnie uczciwie szybko jasno wcześniej później dzisiaj znowu naprawdę zawsze"),
    "en": ("patient doctor desk till bill price visit procedure test trust talk phone clinic queue "
           "appointment result referral nurse manager smile question answer explains asks listens checks "
           "offers apologises calls returns waits says pays calmly honestly quickly clearly earlier later "
           "today again really always"),
    "ru": ("пациент пациентка врач регистратура касса счёт цена визит процедура анализ доверие разговор "
           "телефон кабинет очередь запись результат направление медсестра руководитель улыбка вопрос "
           "ответ объясняет спрашивает слушает проверяет предлагает извиняется звонит возвращается ждёт "
           "говорит платит спокойно честно быстро ясно раньше позже сегодня снова действительно всегда"),
    "uk": ("пацієнт пацієнтка лікар реєстратура каса рахунок ціна візит процедура аналіз довіра розмова "
           "телефон кабінет черга запис результат направлення медсестра керівниця усмішка питання "
           "відповідь пояснює питає слухає перевіряє пропонує вибачається телефонує повертається чекає "
           "каже платить спокійно чесно швидко ясно раніше пізніше сьогодні знову справді завжди"),
}
DECISIONS = 9
ENDINGS = ("good", "mixed", "bad")


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    chosen = [rng.choice(words) for _ in range(n)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _text(rng: random.Random, words: list[str], sentences: int, length: int = 11) -> str:
    return " ".join(_sentence(rng, words, rng.randint(length - 4, length + 4)) for _ in range(sentences))


def scenario_structure(sid: str) -> dict[str, object]:
    """Nine decisions in a row: the good choice moves on; the doubtful one costs trust and
    moves on (at every other decision) or ends the case; the bad one ends it. Endings by
    trust. 64 paths, 2 to 9 decisions long, like the real branching modules."""
    steps: dict[str, object] = {}
    for i in range(1, DECISIONS + 1):
        ahead = f"d{i + 1}" if i < DECISIONS else "wrap-up"
        steps[f"d{i}"] = {"choices": {
            "good": {"to": ahead, "effects": {"trust": 5}},
            "doubtful": {"to": ahead if i % 2 else "ends-badly", "effects": {"trust": -5}},
            "bad": {"to": "ends-badly", "effects": {"trust": -15}},
        }}
    steps["wrap-up"] = {"next": "ends-well"}
    steps["ends-well"] = {"when": {"meter": "trust", "at_least": 70}, "otherwise": "ends-mixed", "ending": "good"}
    steps["ends-mixed"] = {"when": {"meter": "trust", "at_least": 40}, "otherwise": "ends-badly",
                           "ending": "mixed"}
    steps["ends-badly"] = {"ending": "bad"}
    return {
        "id": sid, "duration": 15, "roles": ["front-desk", "cashier"],
        "objectives": ["notice", "respond", "repair"], "takeaways": ["one", "two", "three"],
        "questions": ["ours", "who"],
        "meters": {"trust": {"min": -100, "max": 100, "start": 50}},
        "start": "d1", "steps": steps,
    }


def scenario_texts(structure: dict[str, object], lang: str, seed: int) -> dict[str, object]:
    rng = random.Random(f"{seed}-{lang}")
    words = WORDS[lang].split()
    steps: dict[str, object] = {}
    for sid, step in structure["steps"].items():  # type: ignore[attr-defined]
        entry: dict[str, object] = {"title": _sentence(rng, words, 4)[:-1], "text": _text(rng, words, 5)}
        if "choices" in step:
            entry["choices"] = {cid: {"label": _sentence(rng, words, 10), "consequence": _text(rng, words, 2),
                                      "feedback": _text(rng, words, 2)} for cid in step["choices"]}
        steps[sid] = entry
    return {
        "title": _sentence(rng, words, 5)[:-1],
        "summary": _text(rng, words, 2),
        "intro": _text(rng, words, 6) + "\n\n" + _text(rng, words, 4),
        "objectives": {o: _sentence(rng, words, 9) for o in structure["objectives"]},  # type: ignore[attr-defined]
        "meters": {"trust": _sentence(rng, words, 2)[:-1]},
        "steps": steps,
        "debrief": _text(rng, words, 6),
        "takeaways": {t: _sentence(rng, words, 12) for t in structure["takeaways"]},  # type: ignore[attr-defined]
        "questions": {q: _sentence(rng, words, 9)[:-1] + "?" for q in structure["questions"]},  # type: ignore
    }


def write_project(source: Path, target: Path, count: int) -> list[str]:
    """A project in ``target`` with ``count`` synthetic scenarios and ``source``'s pages,
    course texts and glossary; returns the scenario ids."""
    languages = ["pl", "en", "ru", "uk"]
    shutil.copytree(source / "docs", target / "docs")
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    scenarios = target / "scenarios"
    scenarios.mkdir(parents=True)
    for unit in ("course", "glossary"):
        # With its translations.lock: the words two languages share are marked there (not copies).
        shutil.copytree(source / "scenarios" / unit, scenarios / unit, ignore=shutil.ignore_patterns("cast.yml"))
    ids = [f"case-{n:03d}" for n in range(1, count + 1)]
    course = {"languages": languages, "path": ids}
    _dump(course, scenarios / "course" / "course.yml")
    for n, sid in enumerate(ids):
        folder = scenarios / sid
        folder.mkdir()
        structure = scenario_structure(sid)
        _dump(structure, folder / "scenario.yml")
        for lang in languages:
            texts = scenario_texts(structure, lang, n)
            _dump(texts, folder / f"{lang}.yml")
    for shared in ("generator", "node_modules"):  # the theme and the browser files
        if (source / shared).exists():
            (target / shared).symlink_to((source / shared).resolve())
    return ids


def _dump(data: Any, file: Path) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    file.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")
