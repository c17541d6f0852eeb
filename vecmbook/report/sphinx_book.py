"""Sphinx extension for the book: the build's version and code revision, and each inline script
once per page.

*Revision.* Every page's footer and the substitutions ``{{ version }}``, ``{{ revision }}`` and
``{{ year }}`` (the copyright year; used by the front matter) name the package version and the
git commit of the code that built the book, with "+ uncommitted changes" when the work tree differs from that commit.

*Scripts.* Sphinx 7.4 writes an inline script (``add_js_file(None, body=...)``) that an
extension adds after the HTML builder started twice: once from the builder and again from the
registry, as filename ``''`` instead of ``None``, which the builder does not see as the same
script. sphinx-thebe (which Jupyter Book always loads) adds ``const THEBE_JS_URL = ...`` that way,
so every page declared the constant twice and the browser reported a SyntaxError. The repeats
are dropped from each page's script list.
"""
from __future__ import annotations

import subprocess
from importlib import metadata
from typing import Any

from vecmbook.paths import REPO


def code_revision() -> str:
    """Short git commit of the repository, "+ uncommitted changes" when dirty; or "unknown"."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=True).stdout.strip()

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not built from a git checkout)"
    return f"{commit} + uncommitted changes" if dirty else commit


def stamp(app: Any, config: Any) -> None:
    """Put version and revision into the MyST substitutions and every page's footer."""
    version, revision = metadata.version("vecmbook"), code_revision()
    config.myst_substitutions = {**config.myst_substitutions, "version": version, "revision": revision,
                                 "year": config.copyright}
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (f"{options.get('extra_footer') or ''}<p>vecmbook {version}, built from code "
                               f"revision <code>{revision}</code>.</p>")
    config.html_theme_options = options


def drop_repeated_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep the first of scripts that have the same file, body and attributes."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Any) -> dict:
    app.connect("config-inited", stamp)
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
