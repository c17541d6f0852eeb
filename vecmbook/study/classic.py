"""A published study's data: Johansen & Juselius (1990), Danish money demand.

The data (``data/johansen_juselius_1990_denmark.csv``, printed in the 1990 paper and
distributed with R's urca, GPL >= 2) are loaded through the same validated loader as a
user's file (:func:`vecmbook.inputs.dataset.load_dataset`), which names them the third kind of
dataset, a published study's data; the model is the paper's: LRM, LRY, IBO, IDE, 1974Q1-1987Q3,
restricted constant (case 2), one lagged difference (their k = 2) and centred seasonal dummies
(:mod:`vecmbook.econometrics.exog`). The published numbers and the references we could check
them against are transcribed once in ``data/johansen_juselius_1990.json``; its ``checked``
field says what was checked against what. Only p. 169 of the paper could be read, so the
comparisons below show each printed value as "not readable" rather than guess it, beside the
references that could be read (R urca's output) and ours rounded to their digits.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from vecmbook.econometrics import exog, pvalues, ranktest, restrictions
from vecmbook.econometrics.johansen import ReducedRank, reduced_rank
from vecmbook.inputs import design
from vecmbook.inputs.dataset import Dataset, load_dataset
from vecmbook.paths import DATA_DIR, PUBLISHED_CSVS

(DATA,) = PUBLISHED_CSVS
PUBLISHED = DATA_DIR / "johansen_juselius_1990.json"
#: columns of the comparison tables: the paper's own printed value, the values quoted for its
#: Table 3, urca's output as quoted on the web, urca's critical-value tables and urca run here
PRINTED, QUOTED, URCA_EXCERPT = "paper (printed)", "Table 3 as quoted", "urca output (excerpt)"
URCA_TABLES, URCA_RUN = "urca (Osterwald-Lenum 1992)", "urca 1.3.3 run here"
#: the paper column's entry: only p. 169 of the paper could be read (the file's ``checked`` note)
NOT_READABLE = "not readable"


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


def _h0(k: int) -> list[str]:
    return [f"r = {r}" if r == 0 else f"r <= {r}" for r in range(k)]


def _side_by_side(quantity: str, rows: Sequence[str], ours: Sequence[float] | np.ndarray, digits: int,
                  references: dict[str, Sequence[float] | None], reason: str) -> pd.DataFrame:
    """Rows (quantity, row): ours written to ``digits`` decimals (the references' digits) beside each
    reference, None showing as not readable; ``difference`` says where they differ and why (``reason``)."""
    ours = np.round(np.asarray(ours, dtype=float), digits)
    df = pd.DataFrame({"ours": [f"{x:.{digits}f}" for x in ours]},
                      index=pd.MultiIndex.from_product([[quantity], list(rows)], names=["quantity", "row"]))
    gaps: list[dict[str, float]] = [{} for _ in ours]
    for name, ref in references.items():
        if ref is None:
            df[name] = NOT_READABLE
            continue
        df[name] = [f"{x:.{digits}f}" for x in ref]
        for gap, o, v in zip(gaps, ours, ref):
            if abs(o - v) > 0.5 * 10.0 ** -digits:  # both carry `digits` decimals: they differ by 0 or ≥ 10^-digits
                gap[name] = o - v
    df["difference"] = ["none at these digits" if not g else
                        f"{reason} (" + ", ".join(f"ours − {n} = {d:+.{digits}f}" for n, d in g.items()) + ")"
                        for g in gaps]
    return df


def _table(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack comparisons, the difference last; a reference that gives a quantity none of its rows
    leaves them missing (None), which the book's tables show as "–" with the reason."""
    df = pd.concat(parts).astype(object)
    df = df.where(df.notna(), None)
    return df[[c for c in df.columns if c != "difference"] + ["difference"]]


#: what a difference would be where the reference ran the same model on the same data (urca):
#: none is expected beyond rounding, so any is flagged as genuine
SAME_COMPUTATION = "genuine discrepancy (same model and data)"


#: the most decimals a table of the book shows (issue 12); the live urca test compares every digit
MAX_DIGITS = 6


def table3_comparison(test: ranktest.JohansenTest) -> pd.DataFrame:
    """Eigenvalues, max-eigenvalue and trace statistics (Johansen & Juselius 1990, Table 3, Denmark)
    beside the values quoted for Table 3 and urca's output, ours rounded to each one's digits."""
    t3, h0 = published()["table3"], _h0(test.k)
    urca = t3["urca_excerpt"]
    return _table([
        _side_by_side("eigenvalue", h0, test.eigenvalues, 4,
                      {PRINTED: None, QUOTED: t3["eigenvalues"], URCA_EXCERPT: urca["eigenvalues"]},
                      SAME_COMPUTATION),
        _side_by_side("max-eigenvalue", h0, test.maxeig, 2,
                      {PRINTED: None, QUOTED: t3["maxeig"], URCA_EXCERPT: urca["maxeig"]}, SAME_COMPUTATION),
        _side_by_side("trace", h0, test.trace, 2, {PRINTED: None, QUOTED: t3["trace"]}, SAME_COMPUTATION),
    ])


def normalised_beta_alpha(rrr: ReducedRank) -> tuple[np.ndarray, np.ndarray]:
    """The first cointegrating vector divided by its LRM entry and its weights times that entry, so
    that αβ′ is unchanged (urca's "normalised to first column"; Johansen & Juselius 1990 print β
    and α for Denmark, in a normalisation we could not read)."""
    v = rrr.vectors[:, 0]
    return v / v[0], (rrr.s01 @ v) * v[0]


def relation(beta: np.ndarray, digits: int = 2) -> str:
    """β normalised on LRM written as money demand, "LRM = 1.03 LRY − 5.21 IBO + …" (β′(Y, 1) = 0)."""
    names = published()["model"]["variables"][1:] + [""]
    terms = [f"{'−' if c > 0 else '+'} {abs(c):.{digits}f}{' ' + n if n else ''}" for c, n in zip(beta[1:], names)]
    return f"{published()['model']['variables'][0]} = " + " ".join(terms).removeprefix("+ ")


def beta_alpha_comparison(rrr: ReducedRank) -> pd.DataFrame:
    """Normalised β and α at r = 1 beside urca's output, to 6 decimals (urca prints 8 for α; the
    live test compares all of them)."""
    ba = published()["beta_alpha"]
    beta, alpha = normalised_beta_alpha(rrr)
    return _table([
        _side_by_side("β (LRM = 1)", ba["rows_beta"], beta, 6,
                      {PRINTED: None, URCA_EXCERPT: ba["urca_excerpt"]["beta"]}, SAME_COMPUTATION),
        _side_by_side("α (same normalisation)", ba["rows_alpha"], alpha, MAX_DIGITS,
                      {PRINTED: None, URCA_EXCERPT: ba["urca_excerpt"]["alpha"]}, SAME_COMPUTATION),
    ])


#: why our critical values differ from urca's: ours (:mod:`vecmbook.econometrics.pvalues`) and
#: Osterwald-Lenum's (1992) are two simulations of one limit law (Johansen 1995, Thm 6.1)
OTHER_SIMULATION = "another simulation of the same limit law"


def critical_value_comparison() -> pd.DataFrame:
    """The 90/95/99 % quantiles of the trace and max-eigenvalue tests for case 2, ours beside urca's
    tables (rows: H0, i.e. p − r = 4, …, 1); the paper's own could not be read."""
    cv, model = published()["critical_values"], published()["model"]
    k = len(model["variables"])
    parts = []
    for test in ("trace", "maxeig"):
        table = np.asarray(cv["urca"][test])[::-1]  # the file lists p − r = 1..k; rows here are r = 0..k−1
        for j, level in enumerate(cv["levels"]):
            ours = [pvalues.critical_value(k - r, model["case"], level, test) for r in range(k)]
            parts.append(_side_by_side(f"{test} {100 * level:g} %", _h0(k), ours, 2,
                                       {PRINTED: None, URCA_TABLES: table[:, j]}, OTHER_SIMULATION))
    return _table(parts)


def _decisions(test: ranktest.JohansenTest) -> Iterator[tuple[str, str, np.ndarray, np.ndarray]]:
    """(test, whose table, statistics, 5 % critical values) for ours and urca's (Osterwald-Lenum 1992)."""
    cv = published()["critical_values"]
    j = cv["levels"].index(0.95)
    for name, stat, ours in (("trace", test.trace, test.trace_cv95), ("maxeig", test.maxeig, test.maxeig_cv95)):
        yield name, "ours", stat, ours
        yield name, "urca", stat, np.asarray(cv["urca"][name])[::-1, j]  # file rows p − r = 1..k


def rank_decision(test: ranktest.JohansenTest) -> pd.DataFrame:
    """Each statistic against the 5 % critical value, ours and urca's (rows: H0)."""
    cols: dict[tuple[str, str], np.ndarray] = {}
    for name, who, stat, cv in _decisions(test):
        cols[(name, "statistic")] = stat
        cols[(name, f"5 % cv ({who})")] = cv
        cols[(name, f"reject ({who})")] = stat > cv
    return pd.DataFrame(cols, index=pd.Index(_h0(test.k), name="H0"))


def selected_ranks(test: ranktest.JohansenTest) -> dict[tuple[str, str], int]:
    """The rank each sequential test selects with each table: the first H0, going up from r = 0,
    that is not rejected at 5 % (Johansen 1995, sec. 12.1)."""
    out = {}
    for name, who, stat, cv in _decisions(test):
        accepted = np.flatnonzero(stat <= cv)
        out[(name, who)] = int(accepted[0]) if accepted.size else test.k
    return out


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


def restriction_comparison(tests: Sequence[restrictions.RestrictionTest]) -> pd.DataFrame:
    """The LR statistics and their degrees of freedom at r = 1 beside urca's blrtest/alrtest run
    here, to 6 decimals; the paper's printed statistics could not be read."""
    rt = published()["restriction_tests"]
    urca = rt["urca_run"]["tests"]
    if [u["hypothesis"] for u in urca] != [t.hypothesis for t in tests]:
        raise ValueError("tests must be classic.restriction_tests(), in its order")
    names = [t.hypothesis for t in tests]
    return _table([
        _side_by_side("LR statistic", names, [t.statistic for t in tests], 6,
                      {PRINTED: None, URCA_RUN: [u["statistic"] for u in urca]}, SAME_COMPUTATION),
        _side_by_side("df", names, [t.df for t in tests], 0,
                      {PRINTED: None, URCA_RUN: [u["df"] for u in urca]}, "degrees-of-freedom convention"),
    ])


def results_block(test: ranktest.JohansenTest, tests: list[restrictions.RestrictionTest]) -> dict:
    """The ``classic_jj1990`` section of results.json: our Table 3, β and α normalised on LRM
    (:func:`normalised_beta_alpha`) and the restriction tests."""
    beta, alpha = normalised_beta_alpha(reduced_rank_of_the_paper())
    return {
        "model": published()["model"],
        "nobs": test.nobs,
        "eigenvalues": test.eigenvalues, "trace": test.trace, "maxeig": test.maxeig,
        "trace_pvalue": test.trace_pvalue, "rank": test.rank,
        "beta": beta, "alpha": alpha,
        "restrictions": [{"hypothesis": t.hypothesis, "statistic": t.statistic, "df": t.df, "pvalue": t.pvalue}
                         for t in tests],
    }


def reduced_rank_of_the_paper() -> ReducedRank:
    """The solved eigenproblem of the paper's model (for the by-hand check of the chapter)."""
    model = published()["model"]
    ds, ex = load()
    return reduced_rank(ds.frame.to_numpy(), model["lags"], model["case"], exog=ex)
