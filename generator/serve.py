"""``python -m generator serve``: MkDocs' live-reload preview of one language."""

from __future__ import annotations

import os
from pathlib import Path

from .languages import language_name
from .paths import MAP_INDEX
from .sitebuild import mkdocs_env
from .siteconfig import overrides


def serve(root: Path, config: Path, lang: str, addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ.update(mkdocs_env())
    os.chdir(root)
    print(f"Previewing the {language_name(lang)} site at http://{addr}/ ; saving a scenario or a page "
          "reloads it. Missing translations show the default language's text, with a warning. "
          "Another language: --lang CODE. Stop with Ctrl+C.", flush=True)
    # The maps are the preview's alone: no learner's page links to them.
    print(f"Scenario maps for authors (each module's steps, problems and translations): "
          f"http://{addr}/{MAP_INDEX}", flush=True)
    try:
        # Not strict: in a preview a missing translation is a warning, not a failure.
        # Dirty: a save rebuilds only the pages it changed (see the plugin), not the whole site.
        mkdocs_serve(config_file=str(config), livereload=True, build_type="dirty", dev_addr=addr, strict=False,
                     **overrides(config, lang))
    except (Abort, ConfigurationError) as exc:
        print(f"error: {exc}")
        return 1
    return 0
