"""A published study's data: Johansen & Juselius (1990), Danish money demand.

The data (``data/johansen_juselius_1990_denmark.csv``, printed in the 1990 paper and
distributed with R's urca, GPL >= 2) are loaded through the same validated loader as a
user's file (:func:`vecmbook.inputs.dataset.load_dataset`), which names them the third kind of
dataset, a published study's data; with the paper's model: LRM, LRY, IBO,
IDE, 1974Q1-1987Q3, restricted constant (case 2), one lagged difference (their k = 2) and
centred seasonal dummies (:mod:`vecmbook.econometrics.exog`). The published numbers are transcribed
once in ``data/johansen_juselius_1990.json``.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from vecmbook.econometrics import exog, ranktest, restrictions
from vecmbook.econometrics.johansen import ReducedRank, reduced_rank
from vecmbook.inputs import design
from vecmbook.inputs.dataset import Dataset, load_dataset
from vecmbook.paths import DATA_DIR, PUBLISHED_CSVS

(DATA,) = PUBLISHED_CSVS
PUBLISHED = DATA_DIR / "johansen_juselius_1990.json"


def published() -> dict:
    """The paper's numbers as transcribed in ``data/johansen_juselius_1990.json``."""
    return json.loads(PUBLISHED.read_text(encoding="utf-8"))


def load() -> tuple[Dataset, exog.Exog]:
    """The paper's sample (levels untransformed: LRM, LRY are already logs) and its seasonal block."""
    model = published()["model"]
    ds = load_dataset(DATA, model["variables"], transform="none", start=model["start"], end=model["end"])
    return ds, design.build(ds, model["lags"], seasonal=model["seasonal"])


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


#: the restrictions on β = Hφ that Johansen & Juselius (1990) test, over the rows
#: (LRM, LRY, IBO, IDE, constant) of the cointegration space of case 2
BETA_RESTRICTIONS = {
    "unit income elasticity (LRM = −LRY)": [[-1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    "interest-rate spread (IBO = −IDE)": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, -1, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    "both": [[-1, 0, 0], [1, 0, 0], [0, -1, 0], [0, 1, 0], [0, 0, 1]],
}


def restriction_tests(rank: int = 1) -> list[restrictions.RestrictionTest]:
    """LR tests on the paper's model at ``rank``: the β restrictions of :data:`BETA_RESTRICTIONS`
    (Johansen 1995, Thm 7.2) and weak exogeneity of each variable (Thm 8.1)."""
    model = published()["model"]
    ds, ex = load()
    y = ds.frame.to_numpy()
    lags, case, names = model["lags"], model["case"], model["variables"]
    tests = [restrictions.beta_restriction_test(y, lags, case, rank, np.array(h, dtype=float),
                                                hypothesis=name, exog=ex)
             for name, h in BETA_RESTRICTIONS.items()]
    tests += [restrictions.weak_exogeneity_test(y, lags, case, rank, i, names, exog=ex) for i in range(len(names))]
    return tests


def results_block(test: ranktest.JohansenTest, tests: list[restrictions.RestrictionTest]) -> dict:
    """The ``classic_jj1990`` section of results.json: our Table 3 and the restriction tests."""
    return {
        "model": published()["model"],
        "nobs": test.nobs,
        "eigenvalues": test.eigenvalues, "trace": test.trace, "maxeig": test.maxeig,
        "trace_pvalue": test.trace_pvalue, "rank": test.rank,
        "restrictions": [{"hypothesis": t.hypothesis, "statistic": t.statistic, "df": t.df, "pvalue": t.pvalue}
                         for t in tests],
    }


def reduced_rank_of_the_paper() -> ReducedRank:
    """The solved eigenproblem of the paper's model (for the by-hand check of the chapter)."""
    model = published()["model"]
    ds, ex = load()
    return reduced_rank(ds.frame.to_numpy(), model["lags"], model["case"], exog=ex)
