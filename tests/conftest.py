"""Shared fixtures: standard datasets used as independent references; built books."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm


@pytest.fixture(scope="session")
def macro3() -> np.ndarray:
    """log real GDP, consumption, investment (statsmodels macrodata, US 1959Q1–2009Q3)."""
    data = sm.datasets.macrodata.load_pandas().data
    return np.log(data[["realgdp", "realcons", "realinv"]].to_numpy())


@pytest.fixture(autouse=True, scope="session")
def _run_cache(tmp_path_factory):
    """The tests' run cache (vecmbook.pipeline.cache) is a fresh temporary folder, not the
    repository's .cache/, so no test reads a result another session computed."""
    os.environ["VECMBOOK_CACHE"] = str(tmp_path_factory.mktemp("vecmbook-cache"))


@pytest.fixture(scope="session")
def book_builds(tmp_path_factory) -> dict[str, Path]:
    """The default book and a ``--horizon 20 --boot 0`` book, each built once per session
    (about 1.5 min each); used by the defect scan and the browser test."""
    repo = Path(__file__).resolve().parent.parent
    builds = {}
    for name, args in {"default": [], "horizon20-boot0": ["--horizon", "20", "--boot", "0"]}.items():
        out = tmp_path_factory.mktemp(name) / "out"
        proc = subprocess.run([sys.executable, "-m", "vecmbook", "run", *args, "--out", str(out)],
                              capture_output=True, text=True, cwd=repo)
        assert proc.returncode == 0, proc.stderr[-3000:]
        builds[name] = out
    return builds
