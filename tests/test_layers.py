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
