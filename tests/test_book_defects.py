"""Scan built books for the defects of issue 12: raw values, truncated cells, float noise,
machine paths in pages and downloadable notebooks, figures without a numbered caption, and
exercises without a solution behind a toggle.

Two builds (session fixture ``book_builds``): the default book and ``--horizon 20 --boot 0``,
which adds long tables and switches the bootstrap off.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

#: pandas / Python reprs, and a bare em dash: a gap without the table layer's "–" and its reason
RAW = {"NaN", "nan", "None", "True", "False", "<NA>", "NA", "NaT", "—"}
NOISE = re.compile(r"\d\.\d{7,}")
MACHINE = re.compile(r"/tmp/|/work/|/home/|/root/|\.staging-|/fragments\b")
#: what a page shows when a substitution was not rendered (MyST leaves the source text), in prose
#: or inline code alike
SUBSTITUTION = re.compile(r"\{\{\s*\w+\s*\}\}")
#: a glue or role left as source text, outside code listings
ROLE = re.compile(r"\{(?:glue|numref|ref|doc|term|cite|eq)[:a-z]*\}`")
BUILDS = ["default", "horizon20-boot0"]


def pages(out: Path) -> list[Path]:
    return sorted((out / "html").glob("book/*.html")) + sorted((out / "html").glob("notebooks/*.html"))


def article(path: Path) -> BeautifulSoup:
    """The page's main text without scripts and code listings."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("article") or soup
    for tag in main.find_all(["script", "style"]):
        tag.decompose()
    return main


def cells(out: Path) -> list[tuple[str, str]]:
    """(page, text) of every table cell of every chapter (the executed notebooks; the hand-written
    pages' tables quote messages with their ellipses)."""
    return [(p.name, td.get_text(" ", strip=True)) for p in pages(out) if p.parent.name == "notebooks"
            for td in article(p).find_all(["td", "th"])]


def fail_if(found: list, what: str) -> None:
    assert not found, f"{len(found)} {what}, e.g. {found[:8]}"


@pytest.mark.parametrize("build", BUILDS)
def test_no_raw_values_in_tables(book_builds, build):
    fail_if([(p, t) for p, t in cells(book_builds[build]) if t in RAW], "raw NaN/None/bool cells")


@pytest.mark.parametrize("build", BUILDS)
def test_no_truncated_cells(book_builds, build):
    fail_if([(p, t) for p, t in cells(book_builds[build]) if t.endswith(("…", "..."))], "truncated cells")


@pytest.mark.parametrize("build", BUILDS)
def test_no_float_noise(book_builds, build):
    """No number with 7 or more decimals in a table or in prose (code listings excepted)."""
    found = []
    for p in pages(book_builds[build]):
        main = article(p)
        for tag in main.find_all(["pre", "code"]):
            tag.decompose()
        found += [(p.name, m.group(0)) for m in NOISE.finditer(main.get_text(" "))]
    fail_if(found, "numbers with 7+ decimals")


@pytest.mark.parametrize("build", BUILDS)
def test_no_unrendered_template_text(book_builds, build):
    """No substitution left as source text, even in inline code (where MyST does not replace it:
    the introduction once showed ``{{ revision }}``), and no glue or role outside code listings."""
    found = []
    for p in pages(book_builds[build]):
        main = article(p)
        found += [(p.name, m.group(0)) for m in SUBSTITUTION.finditer(main.get_text(""))]
        for tag in main.find_all("pre"):
            tag.decompose()
        found += [(p.name, m.group(0)) for m in ROLE.finditer(main.get_text(""))]
    fail_if(found, "unrendered substitutions or roles")


@pytest.mark.parametrize("build", BUILDS)
def test_no_machine_paths_in_pages_or_notebooks(book_builds, build):
    out = book_builds[build]
    files = [*pages(out), *sorted((out / "html" / "_sources").rglob("*.ipynb")),
             *sorted((out / "notebooks").glob("*.ipynb"))]
    found = [(f.name, m.group(0)) for f in files for m in MACHINE.finditer(f.read_text(encoding="utf-8"))]
    fail_if(found, "build-machine paths")


@pytest.mark.parametrize("build", BUILDS)
def test_every_figure_is_numbered_captioned_and_described(book_builds, build):
    """Every image in a chapter sits in a numbered figure with a caption, and its alt text is not
    a file name."""
    found = []
    for p in pages(book_builds[build]):
        for img in article(p).find_all("img"):
            figure = img.find_parent("figure")
            caption = figure.find("figcaption") if figure else None
            if caption is None or caption.find(class_="caption-number") is None:
                found.append((p.name, img.get("src"), "no numbered caption"))
            alt = img.get("alt", "")
            if not alt or re.search(r"\.(png|svg|jpe?g)$", alt):
                found.append((p.name, img.get("src"), f"alt text {alt!r}"))
    fail_if(found, "figures without a numbered caption or alt text")


@pytest.mark.parametrize("build", BUILDS)
def test_every_exercise_has_a_solution_behind_a_toggle(book_builds, build):
    found, counted = [], 0
    for p in pages(book_builds[build]):
        main = article(p)
        solved = {a["href"].lstrip("#") for s in main.select("div.solution") if "dropdown" in s["class"]
                  for a in s.select(".admonition-title a[href^='#']")}
        for ex in main.select("div.exercise"):
            counted += 1
            if ex.get("id") not in solved:
                found.append((p.name, ex.get("id")))
        if p.parent.name == "notebooks" and "Exercises" in main.get_text() and not main.select("div.exercise"):
            found.append((p.name, "an Exercises section outside sphinx-exercise"))
    assert counted >= 20, f"only {counted} exercises found"
    fail_if(found, "exercises without a solution behind a toggle")
