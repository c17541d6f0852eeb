"""Shared fixtures: standard datasets used as independent references."""
import numpy as np
import pytest
import statsmodels.api as sm


@pytest.fixture(scope="session")
def macro3() -> np.ndarray:
    """log real GDP, consumption, investment (statsmodels macrodata, US 1959Q1–2009Q3)."""
    data = sm.datasets.macrodata.load_pandas().data
    return np.log(data[["realgdp", "realcons", "realinv"]].to_numpy())
