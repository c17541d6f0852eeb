"""Shared fixtures: standard datasets used as independent references."""
import os

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
