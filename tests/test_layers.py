"""The package's layers import only downwards (issue 11).

CSV → validated frame → results → chapters → HTML: ``econometrics`` (estimators and tests on
arrays) < ``inputs`` (reading and validating a dataset, its exogenous design) < ``study`` (the
paper's numbers, the stand-in, public figures, the classic study, paper-vs-ours comparisons)
< ``report`` (tables, figures, prose) < ``pipeline`` (parameters, the run's computations,
results.json, the runner and the command line). ``vecmbook.paths`` may be imported by any
layer. Imports are read from the source with :mod:`ast`, so one inside a function counts too.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vecmbook"
ORDER = ["econometrics", "inputs", "study", "report", "pipeline"]
SHARED = {"paths"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "tables" not in p.parts)


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imported(source: str, where: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, first component below ``vecmbook``) of every import of the package in ``source``,
    a module at ``where`` (its parts below ``vecmbook/``, e.g. ``("study", "paper.py")``)."""
    package = list(where[:-1])
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:  # relative: from the module's package up
            target = package[: len(package) - (node.level - 1)] + (node.module or "").split(".")
            found.append((node.lineno, [t for t in target if t][0] if any(target) else node.names[0].name))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "vecmbook":
            parts = node.module.split(".")[1:]
            found += [(node.lineno, n) for n in (parts[:1] or [a.name for a in node.names])]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[1]) for a in node.names if a.name.startswith("vecmbook.")]
    return sorted(found)


def _imports_of(path: Path) -> list[tuple[int, str]]:
    return _imported(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).parts)


def test_every_module_is_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in SHARED | {"__init__", "__main__"}]
    assert not loose, f"modules outside the layers: {loose}"
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(ORDER)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path):
    layer = _layer(path)
    if layer is None:  # the package root: paths imports nothing, __main__ only the command line
        allowed = {"paths": set(), "__init__": set(), "__main__": {"pipeline"}}[path.stem]
    else:
        allowed = set(ORDER[: ORDER.index(layer) + 1]) | SHARED
    bad = [f"line {line}: {name}" for line, name in _imports_of(path) if name not in allowed]
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports a higher layer: {bad}"


def test_the_check_sees_a_violation():
    """Absolute, relative and function-level imports are all found (so the test can fail)."""
    source = ("from . import vecm\nfrom .. import paths\n\n\ndef f():\n    from vecmbook.pipeline import runner\n"
              "\n\nfrom ..report import fonts\nimport vecmbook.study.paper\nfrom vecmbook import inputs\n")
    names = [n for _, n in _imported(source, ("econometrics", "probe.py"))]
    assert names == ["econometrics", "paths", "pipeline", "report", "study", "inputs"]


#: packages whose import in the core would mean it draws or lays out (issue 12)
DISPLAY_IMPORTS = ("matplotlib", "seaborn", "IPython", "myst_nb", "great_tables", "jinja2",
                   "pandas.io.formats", "pandas.plotting", "vecmbook.report")
#: what a core function may not return: display tables, styled tables, figures
DISPLAY_RETURNS = {"DataFrame", "Series", "Styler", "Figure", "Axes", "Markdown", "HTML"}
#: Markdown / MyST syntax in a string the core builds (docstrings aside)
MARKDOWN = ("**", "{cite}", "{glue", "{doc}", "```", "](", "\n- ", "$")
DISPLAY_CALLS = {"to_html", "to_markdown", "style", "plot", "savefig"}


def _display_code(source: str) -> list[str]:
    """Every display import, display-typed return, display call and Markdown string in ``source``."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                 [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        found += [f"line {node.lineno}: imports {n}" for n in names
                  if any(n == d or n.startswith(d + ".") for d in DISPLAY_IMPORTS)]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            returned = {n.id for n in ast.walk(node.returns) if isinstance(n, ast.Name)}
            returned |= {n.attr for n in ast.walk(node.returns) if isinstance(n, ast.Attribute)}
            if isinstance(node.returns, ast.Constant) and isinstance(node.returns.value, str):
                returned |= set(re.findall(r"\w+", node.returns.value))
            found += [f"line {node.lineno}: {node.name} returns {t}" for t in sorted(returned & DISPLAY_RETURNS)]
        if isinstance(node, ast.Attribute) and node.attr in DISPLAY_CALLS:
            found.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found += [f"line {node.lineno}: Markdown {m!r} in a string" for m in MARKDOWN if m in node.value]
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "econometrics").glob("*.py")), ids=lambda p: p.name)
def test_the_core_does_not_display(path: Path):
    """The core computes: arrays in, small results out. Tables, figures and prose are the report's."""
    found = _display_code(path.read_text(encoding="utf-8"))
    assert not found, f"econometrics/{path.name} displays: {found}"


def test_the_display_check_sees_display_code():
    source = "\n".join([
        '"""Docs may say **this**."""', "import matplotlib.pyplot as plt",
        "from pandas.io.formats.style import Styler", "import pandas as pd", "",
        "def f(x) -> pd.DataFrame:", '    """**fine** in a docstring"""', "    return x.style", "",
        'def g() -> "Figure":', '    return f"**bold** {1}"', ""])
    found = _display_code(source)
    assert [f.split(": ", 1)[1] for f in found] == [
        "imports matplotlib.pyplot", "imports pandas.io.formats.style", "f returns DataFrame",
        "g returns Figure", ".style", "Markdown '**' in a string"], found
