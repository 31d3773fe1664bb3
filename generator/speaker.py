"""reveal.js's speaker view in the deck's language.

The notes plugin writes its speaker window from one HTML template held in its own
code, with English labels and an American clock, and offers no setting for either.
Each language's site gets its own copy of the plugin with those labels replaced.
Every label must be found exactly once: a reveal.js release that changes one stops
the build with the label named, rather than leaving it in English unnoticed.
"""

from __future__ import annotations

import html
import json


class SpeakerViewError(Exception):
    """reveal.js's notes plugin is not the one these replacements were written for."""


def _template_literal(text: str) -> str:
    """``text`` inside a JavaScript template literal, which the speaker window's HTML is."""
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


def _js(text: str) -> str:
    """A JavaScript string literal of ``text``, inside that template literal."""
    return _template_literal(json.dumps(text, ensure_ascii=False))


def _replacements(ui: dict[str, str], lang: str, direction: str) -> list[tuple[str, str]]:

    def text(key: str) -> str:
        return _template_literal(html.escape(ui[key], quote=False))

    layouts = {"default": "deck.layout_default", "wide": "deck.layout_wide", "tall": "deck.layout_tall",
               "notes-only": "deck.layout_notes"}
    return [
        ('<html lang="en">', f'<html lang="{lang}" dir="{direction}">'),
        ("<title>reveal.js - Speaker View</title>", f"<title>{text('deck.speaker_title')}</title>"),
        ('<div id="connection-status">Loading speaker view...</div>',
         f'<div id="connection-status">{text("deck.speaker_loading")}</div>'),
        ('<span class="overlay-element label">Upcoming</span>',
         f'<span class="overlay-element label">{text("deck.speaker_upcoming")}</span>'),
        ('<h4 class="label">Time <span class="reset-button">Click to Reset</span></h4>',
         f'<h4 class="label">{text("deck.speaker_time")} <span class="reset-button">{text("deck.speaker_reset")}'
         "</span></h4>"),
        ('<span class="clock-value">0:00 AM</span>', '<span class="clock-value"></span>'),
        (">Pacing – Time to finish current slide</h4>", f">{text('deck.speaker_pacing')}</h4>"),
        ('<h4 class="label">Notes</h4>', f'<h4 class="label">{text("deck.speaker_notes")}</h4>'),
        *((f"'{name}': '{english}'", f"'{name}': {_js(ui[key])}")
          for (name, key), english in zip(layouts.items(), ("Default", "Wide", "Tall", "Notes only"), strict=True)),
        ("layoutLabel.innerHTML = 'Layout'", f"layoutLabel.innerHTML = {_js(html.escape(ui['deck.speaker_layout']))}"),
        ("'Cross origin error.<br>The speaker window can only be opened from the same origin.'",
         _js(html.escape(ui["deck.speaker_cross_origin"]))),
        ("'Error connecting to main window.<br>Please try closing and reopening the speaker view.'",
         _js(html.escape(ui["deck.speaker_lost"]))),
        ("toLocaleTimeString( 'en-US', { hour12: true, hour: '2-digit', minute:'2-digit' } )",
         f"toLocaleTimeString( {_js(lang)}, {{ hour: '2-digit', minute: '2-digit' }} )"),
        ("`Speaker view popup failed to open. Please make sure popups are allowed and reopen the speaker view.`",
         f"`{_template_literal(ui['deck.speaker_blocked'])}`"),
    ]


def speaker_view(plugin: str, ui: dict[str, str], lang: str, direction: str = "ltr") -> str:
    """The notes plugin's code (``dist/plugin/notes.js``) with its speaker view in ``lang``,
    whose interface strings are ``ui``."""
    missing = []
    for english, translated in _replacements(ui, lang, direction):
        if plugin.count(english) != 1:
            missing.append(english)
            continue
        plugin = plugin.replace(english, translated)
    if missing:
        raise SpeakerViewError(
            "reveal.js's notes plugin has changed: its speaker view no longer holds "
            + "; ".join(repr(x) for x in missing)
            + " exactly once. Update the labels in generator/speaker.py to the new plugin "
            "(node_modules/reveal.js/dist/plugin/notes.js), or install the reveal.js of package-lock.json.")
    return plugin
