"""The Johansen rank tests as tables: EViews' trace and maximum-eigenvalue layouts and the
rank chosen under each set of p-values (chapter 3 and the classic replication)."""
from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from IPython.display import Markdown

from vecmbook.econometrics.ranktest import JohansenTest, select_rank
from vecmbook.report import tables
from vecmbook.study.cointegration import hypotheses, star_pvalues

#: why a tabulated column is empty when the run has ``--exog`` columns
NO_TABLES = "the tabulated distribution does not apply with --exog columns (Rahbek & Mosconi 1999)"
#: why a JMN (2000) cell is empty: its response surface stops at p − r = 10
NO_JMN = "beyond the JMN (2000) response surface (p − r > 10)"
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
    if kind == "trace" and test.trace_jmn_pvalue is not None:
        frame["0.05 c.v. (JMN 2000)"] = test.trace_jmn_cv95
        frame["Prob. (JMN 2000)"] = test.trace_jmn_pvalue
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
    frame = _frame(test, kind)
    missing = {c: NO_JMN if "JMN" in c else NO_TABLES for c in frame.columns}
    return tables.table(frame, digits=4, missing=missing, index=False, source=source,
                        notes=[star, f"{test.nobs} effective observations, deterministic case {test.case}, "
                                     f"{test.lags} lagged difference{'' if test.lags == 1 else 's'}."])


def rank_summary(test: JohansenTest, source: str) -> tables.Table:
    """Rank chosen by the sequential trace procedure at 5 % under each set of p-values."""
    rows = ({"Asymptotic": (test.trace_pvalue, test.rank),
             "Reinsel-Ahn corrected": (test.trace_ra_pvalue, test.rank_ra)} if test.tables_apply else {})
    if test.trace_jmn_pvalue is not None:
        rows["Asymptotic, JMN (2000) Gamma approximation"] = (test.trace_jmn_pvalue,
                                                              select_rank(test.trace_jmn_pvalue))
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


def impulse_comparison_tables(comparison: dict, rank: int, source: str) -> list[object]:
    """Chapter 3's model with and without the crisis-year impulse dummies
    (:meth:`vecmbook.pipeline.analysis.Context.impulse_comparison`): the trace tests, the loadings
    at the run's ``rank`` (a sentence at rank 0) and FDI's variance shares, each where it exists;
    nothing when the comparison was skipped (its sentence says why)."""
    if "skipped" in comparison:
        return []
    shown: list[object] = [tables.table(comparison["trace"], digits=3, source=source, notes=[
        "Asymptotic p-values of the trace test; selected rank: sequential test at 5 %."])]
    if len(comparison["alpha"]):
        shown.append(tables.table(comparison["alpha"], digits=3, source=source,
                                  notes=[f"Loadings α at the run's rank {rank}."]))
    else:
        shown.append(Markdown(f"At rank {rank} the model has no error-correction terms, so no loadings to compare."))
    if comparison["fdi_shares"] is not None:
        shown.append(tables.table(comparison["fdi_shares"], digits=1, source=source, notes=[
            f"Percent of each variable's forecast-error variance at period {comparison['period']}."]))
    return shown
