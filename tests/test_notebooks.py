"""Notebook sources: committed without outputs, one parameters cell, defaults = the runner's."""
from __future__ import annotations

import ast
from dataclasses import asdict

import nbformat
import pytest

from vecmbook.pipeline import kernels, runner
from vecmbook.pipeline.params import RunParameters

NOTEBOOKS = runner.notebook_paths()


def test_the_chapters_exist_in_order():
    names = [p.stem for p in NOTEBOOKS]
    assert names[:8] == ["01_data", "02_unit_roots", "03_cointegration", "04_vecm",
                         "05_impulse_responses", "06_variance_decomposition", "07_robustness", "08_conclusions"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_source_has_no_outputs_and_one_parameters_cell(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.metadata["kernelspec"]["name"] == kernels.KERNEL


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameter_defaults_match_the_runner(path):
    """A notebook run by hand gives what `python -m vecmbook run` gives with default options."""
    nb = nbformat.read(str(path), as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    values = {}
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.Assign), f"only assignments belong in the parameters cell: {ast.dump(node)}"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    defaults = asdict(RunParameters())
    extras = {"results_dir": None, "data": None, "mc_reps": None}
    for name, value in values.items():
        assert name in defaults or name in extras, f"unknown parameter {name}"
        if name in defaults and name != "data":
            assert value == defaults[name], name
    assert values.get("data") is None  # None = the shipped default data
    assert values.get("results_dir", "missing") is None
