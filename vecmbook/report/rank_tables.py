"""The Johansen rank tests as tables: EViews' trace and maximum-eigenvalue layouts and the
rank chosen under each set of p-values (chapter 03 and the classic replication)."""
from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from vecmbook.econometrics.ranktest import JohansenTest
from vecmbook.report import tables
from vecmbook.study.cointegration import hypotheses, star_pvalues

#: why a tabulated column is empty when the run has ``--exog`` columns
NO_TABLES = "the tabulated distribution does not apply with --exog columns (Rahbek & Mosconi 1999)"
STARS = "* rejection of the hypothesis at the 5 % level"


def _frame(test: JohansenTest, kind: Literal["trace", "maxeig"]) -> pd.DataFrame:
    label = {"trace": "Trace Statistic", "maxeig": "Max-Eigen Statistic"}[kind]
    frame = pd.DataFrame({
        "Hypothesized No. of CE(s)": hypotheses(star_pvalues(test, kind)),
        "Eigenvalue": test.eigenvalues,
        label: getattr(test, kind),
        "0.05 Critical Value": getattr(test, f"{kind}_cv95"),
        "Prob.": getattr(test, f"{kind}_pvalue"),
        f"Reinsel-Ahn {label}": getattr(test, f"{kind}_ra"),
        "Prob. (Reinsel-Ahn)": getattr(test, f"{kind}_ra_pvalue"),
    })
    if test.bootstrap is not None:
        frame["Prob. (bootstrap)"] = getattr(test.bootstrap, f"{kind}_pvalue")
    if not test.tables_apply:
        frame[["0.05 Critical Value", "Prob.", "Prob. (Reinsel-Ahn)"]] = np.nan
    return frame


def rank_test_table(test: JohansenTest, source: str, kind: Literal["trace", "maxeig"] = "trace") -> tables.Table:
    """The study's Table 3 layout for the trace (or maximum-eigenvalue) test ("*": rejection at
    5 %, asymptotic; the bootstrap's where the tables do not apply, their columns then empty)."""
    star = STARS + (" (asymptotic p-values)" if test.tables_apply else
                    " (bootstrap p-values)" if test.bootstrap is not None else "; none without a bootstrap")
    return tables.table(_frame(test, kind), digits=4, missing=NO_TABLES, index=False, source=source,
                        notes=[star, f"{test.nobs} effective observations, deterministic case {test.case}, "
                                     f"{test.lags} lagged difference(s)."])


def rank_summary(test: JohansenTest, source: str) -> tables.Table:
    """Rank chosen by the sequential trace procedure at 5 % under each set of p-values."""
    rows = ({"Asymptotic": (test.trace_pvalue, test.rank),
             "Reinsel-Ahn corrected": (test.trace_ra_pvalue, test.rank_ra)} if test.tables_apply else {})
    if test.bootstrap is not None:
        rows[f"Bootstrap ({test.bootstrap.scheme}, B = {test.bootstrap.reps})"] = (
            test.bootstrap.trace_pvalue, test.rank_boot)
    hyps = [h.rstrip(" *") for h in hypotheses(np.ones(test.k))]
    frame = pd.DataFrame({name: p for name, (p, _) in rows.items()}, index=hyps).T
    frame.insert(0, "Selected rank", [r for _, r in rows.values()])
    frame.index.name = "Trace p-values"
    notes = [] if rows else ["No p-values: the tabulated ones do not apply with --exog columns and the "
                             "run has no bootstrap (--boot 0)."]
    return tables.table(frame, digits=4, source=source, notes=notes)
