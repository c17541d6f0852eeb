"""Reader for the R urca reference values produced by scripts/urca_vecm_reference.R.

Data: urca's ``denmark`` (LRM, LRY, IBO, IDE; Johansen & Juselius 1990). urca's
``ecdet`` none / const / trend are our deterministic cases 3 / 2 / 4; its ``K`` is
our ``lags + 1``.
"""
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
#: the single shipped copy of the data (period labels, with LPY), as the chapters load it
DENMARK = Path(__file__).parents[1] / "data" / "johansen_juselius_1990_denmark.csv"
CASE_OF_ECDET = {"none": 3, "const": 2, "trend": 4}


def denmark() -> np.ndarray:
    return pd.read_csv(DENMARK)[["LRM", "LRY", "IBO", "IDE"]].to_numpy(dtype=float)


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "urca_vecm_reference.csv")


def value(ecdet: str, K: int, r: int, item: str) -> np.ndarray:
    """One recorded R matrix (2-d, as R stored it)."""
    t = _table()
    s = t[(t.ecdet == ecdet) & (t.K == K) & (t.r == r) & (t.item == item)]
    if s.empty:
        raise KeyError((ecdet, K, r, item))
    out = np.empty((s.row.max() + 1, s.col.max() + 1))
    out[s.row.to_numpy(), s.col.to_numpy()] = s.value.to_numpy()
    return out


@cache
def _urca_missing() -> str | None:
    if shutil.which("Rscript") is None:
        return "Rscript not installed (apt-get install r-base-core r-cran-urca; .ci/run does)"
    if subprocess.run(["Rscript", "-e", "library(urca)"], capture_output=True).returncode:
        return "R package urca not installed (apt-get install r-cran-urca)"
    return None


def require_urca() -> None:
    """Skip the calling test, saying why, unless Rscript with the urca package is available."""
    if (reason := _urca_missing()) is not None:
        pytest.skip(reason)


def live_reference(script: Path, out: Path) -> dict:
    """Run the R ``script`` now, writing its JSON reference to ``out``, and return it (skips
    without R + urca)."""
    require_urca()
    subprocess.run(["Rscript", str(script), str(out)], check=True, capture_output=True)
    return json.loads(out.read_text())
