"""A published study's data: Johansen & Juselius (1990), Danish money demand.

The data (``data/johansen_juselius_1990_denmark.csv``, printed in the 1990 paper and
distributed with R's urca, GPL >= 2) are loaded through the same validated loader as a
user's file (:func:`vecmbook.data.load_dataset`), with the paper's model: LRM, LRY, IBO,
IDE, 1974Q1-1987Q3, restricted constant (case 2), one lagged difference (their k = 2) and
centred seasonal dummies (:mod:`vecmbook.exog`). The published numbers are transcribed
once in ``data/johansen_juselius_1990.json``.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from . import exog, ranktest
from .data import Dataset, load_dataset
from .params import REPO

DATA = REPO / "data" / "johansen_juselius_1990_denmark.csv"
PUBLISHED = REPO / "data" / "johansen_juselius_1990.json"
#: the third kind of dataset, beside the stand-in and a user's file
KIND = "published study's data"


def published() -> dict:
    """The paper's numbers as transcribed in ``data/johansen_juselius_1990.json``."""
    return json.loads(PUBLISHED.read_text(encoding="utf-8"))


def load() -> tuple[Dataset, exog.Exog]:
    """The paper's sample (levels untransformed: LRM, LRY are already logs) and its seasonal block."""
    model = published()["model"]
    ds = load_dataset(DATA, model["variables"], transform="none", start=model["start"], end=model["end"])
    return ds, exog.build(ds, model["lags"], seasonal=model["seasonal"])


def rank_test() -> ranktest.JohansenTest:
    """Johansen's trace and max-eigenvalue tests with the paper's model (Johansen 1995, ch. 6)."""
    model = published()["model"]
    ds, ex = load()
    return ranktest.johansen_test(ds.frame.to_numpy(), model["lags"], model["case"], exog=ex)


def table3_comparison(test: ranktest.JohansenTest) -> pd.DataFrame:
    """Ours rounded to the paper's printed digits beside Table 3 (rows: null rank r)."""
    t3 = published()["table3"]
    rows = {"eigenvalue": (test.eigenvalues, t3["eigenvalues"], 4),
            "max-eigenvalue": (test.maxeig, t3["maxeig"], 2),
            "trace": (test.trace, t3["trace"], 2)}
    out = {}
    for name, (ours, paper, digits) in rows.items():
        out[f"{name} (ours)"] = np.round(np.asarray(ours), digits)
        out[f"{name} (paper)"] = paper
    df = pd.DataFrame(out, index=[f"r = {r}" if r == 0 else f"r <= {r}" for r in range(test.k)])
    df.index.name = "H0"
    return df
