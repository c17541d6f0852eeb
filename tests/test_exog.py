"""The exogenous block through the run: parameters, bad input, loading, design consistency.

Independent references: statsmodels ``VAR(exog=)`` for the lag-order log likelihoods (1e-10
relative, the same OLS problem). The Johansen statistics, estimates and restriction tests
with the block are compared with R urca in tests/test_exog_urca.py.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from statsmodels.tsa.api import VAR

from vecmbook.econometrics import bootstrap, exog, inference, lagorder, ranktest, vecm
from vecmbook.econometrics.johansen import reduced_rank
from vecmbook.inputs import design
from vecmbook.inputs.dataset import DataError, load_dataset, min_observations
from vecmbook.pipeline import analysis, validation
from vecmbook.pipeline.params import REPO, RunParameters, parse_args
from vecmbook.report import unitroot_tables

STANDIN = REPO / "data" / "dongguan_standin.csv"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vecmbook", *args], capture_output=True, text=True, cwd=REPO)


def _quarterly(tmp_path: Path, n: int = 40, first: str = "2000Q2", extra: str = "",
               name: str = "quarterly.csv") -> Path:
    """A quarterly file with four positive random-walk columns and a stationary column S."""
    rng = np.random.default_rng(7)
    y = np.exp(np.cumsum(0.02 * rng.standard_normal((n, 4)), axis=0))
    s = rng.standard_normal(n)
    year, q = int(first[:4]), int(first[-1]) - 1
    lines = ["period,A,B,C,D,S" + (",Z" if extra else "")]
    for i in range(n):
        o = 4 * year + q + i
        row = [f"{o // 4}Q{o % 4 + 1}", *(f"{v:.10g}" for v in y[i]), f"{s[i]:.10g}"]
        lines.append(",".join(row + ([extra] if extra else [])))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_parameters_always_record_the_design():
    values = RunParameters().notebook_values()
    assert values["seasonal"] is False and values["impulse"] == [] and values["exog"] == []
    assert values["compare_impulse"] == ["2009", "2020"]
    params, _ = parse_args(["--seasonal", "--impulse", "2009,2020", "--exog", "S"])
    assert params.seasonal and params.impulse == ["2009", "2020"] and params.exog == ["S"]


@pytest.mark.parametrize("args,needle", [
    (["--seasonal"], "--seasonal needs quarterly periods"),
    (["--impulse", "2030"], "--impulse 2030 is outside the sample (1995–2024)"),
    (["--impulse", "2009", "--start", "2005"], None),  # valid: runs validate only below
    (["--impulse", "2009", "--end", "2008"], "--impulse 2009 is outside the sample (1995–2008)"),
    (["--impulse", "2009,2009"], "--impulse repeats a name"),
    (["--impulse", "1996"], "the dummy is zero on the effective sample (1997–2024)"),
    (["--impulse", "1997", "--lags", "2"], "the dummy is zero on the effective sample (1998–2024)"),
    (["--impulse", "2009Q1"], "is not an annual period like 1995"),
    (["--exog", "FDI"], "--exog column 'FDI' is also a model variable"),
    (["--exog", "NOPE"], "--exog column 'NOPE' not found"),
    (["--exog", "year"], "is the period column"),
    (["--exog", "GDP", "--vars", "EXS1,EXS2,FDI", "--rank", "auto"], "--rank auto uses the tabulated"),
    (["--compare-impulse", "2009,,2020"], "--compare-impulse needs comma-separated names"),
])
def test_bad_exogenous_input_one_line_exit_2(tmp_path, args, needle):
    if needle is None:
        params, _ = parse_args(args)
        assert validation.validate(params).rows == 20
        return
    out = tmp_path / "out"
    proc = cli("run", *args, "--out", str(out), "--no-html")
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_quarterly_block_values_and_errors(tmp_path):
    path = _quarterly(tmp_path)
    ds = load_dataset(path, ["A", "B", "C", "D"])
    ex = design.build(ds, 1, seasonal=True, impulse=["2003q4"], columns=["S"])
    assert ex.names == ("@SEAS(1)-0.25", "@SEAS(2)-0.25", "@SEAS(3)-0.25", "IMP(2003Q4)", "S")
    assert ex.kinds == ("seasonal",) * 3 + ("impulse", "exog") and not ex.tables_apply
    # first period 2000Q2: the second column is 3/4 there, the first in 2001Q1
    np.testing.assert_array_equal(ex.values[:5, :3], np.eye(4)[[1, 2, 3, 0, 1], :3] - 0.25)
    assert ex.values[:, 3].sum() == 1 and ex.values[ds.periods.index("2003Q4"), 3] == 1
    raw = np.loadtxt(path, delimiter=",", skiprows=1, usecols=5)
    np.testing.assert_array_equal(ex.values[:, 4], raw)
    with pytest.raises(DataError, match="names period 2003Q4 twice"):
        design.build(ds, 1, impulse=["2003Q4", "2003q4"])
    const = _quarterly(tmp_path, extra="1.5", name="constant.csv")
    with pytest.raises(DataError, match="--exog column 'Z' is constant on the effective sample"):
        design.build(load_dataset(const, ["A", "B", "C", "D"]), 1, columns=["Z"])
    bad = path.read_text().splitlines()
    bad[6] = ",".join(bad[6].split(",")[:5] + ["x"])
    path.write_text("\n".join(bad) + "\n")
    with pytest.raises(DataError, match=r"line 7, column 'S' \(period 2001Q3\): 'x' is not a number"):
        design.build(load_dataset(path, ["A", "B", "C", "D"]), 1, columns=["S"])


@pytest.mark.parametrize("case", [2, 3])
@pytest.mark.parametrize("width", [1, 3])
def test_min_observations_counts_exogenous_columns(case, width):
    """With m exogenous columns, N = min_observations(..., m) keeps every eigenvalue < 1 and
    N − 1 makes the largest equal to 1 (the sharpness of tests/test_data.py, with the block)."""
    k, lags = 3, 1
    n = min_observations(k, lags, case, width)
    rng = np.random.default_rng(width + 10 * case)
    y = np.cumsum(rng.standard_normal((n, k)), axis=0)
    block = rng.standard_normal((n, width))
    ex = exog.Exog(block, tuple(f"x{i}" for i in range(width)), ("exog",) * width)
    assert reduced_rank(y, lags, case, ex).eigenvalues.max() < 1 - 1e-6
    short = exog.Exog(block[1:], ex.names, ex.kinds)
    assert reduced_rank(y[1:], lags, case, short).eigenvalues.max() > 1 - 1e-9


@pytest.fixture(scope="module")
def standin_ctx() -> analysis.Context:
    return analysis.prepare(impulse=["2009", "2020"], boot=0)


def test_simulate_with_the_residuals_rebuilds_the_data(standin_ctx):
    """The bootstrap's data-generating process holds the dummies fixed: simulating from the
    estimate with its own residuals returns the data (1e-10 absolute on logs of order 10)."""
    fit = standin_ctx.fit
    y = standin_ctx.y
    np.testing.assert_allclose(vecm.simulate(fit, y[: fit.lags + 1], fit.residuals), y, atol=1e-10)
    without = vecm.fit(y, fit.lags, fit.case, fit.rank)
    assert np.max(np.abs(vecm.simulate(without, y[:2], fit.residuals) - y)) > 1e-3


def test_standard_errors_and_diagnostics_count_the_dummies(standin_ctx):
    fit = standin_ctx.fit
    w = inference.short_run_regressors(fit)
    assert w.shape[1] == fit.rank + fit.k * fit.lags + 1 + 2
    inf = inference.standard_errors(fit)
    assert inf.dof == fit.nobs - w.shape[1]
    labels = inference.short_run_labels(fit, standin_ctx.names)
    assert labels[-3:] == ["C", "IMP(2009)", "IMP(2020)"]
    # each impulse fits its own observation exactly: a zero residual in 2009 and 2020
    periods = standin_ctx.dataset.periods[-fit.nobs:]
    for p in ("2009", "2020"):
        np.testing.assert_allclose(fit.residuals[periods.index(p)], 0, atol=1e-12)


def test_bootstraps_run_with_the_block_and_are_reproducible(standin_ctx):
    ctx = standin_ctx
    p = ctx.params
    a = ranktest.johansen_test(ctx.y, p.lags, p.deterministic, boot=19, seed=3, progress=False, exog=ctx.exog)
    b = ranktest.johansen_test(ctx.y, p.lags, p.deterministic, boot=19, seed=3, progress=False, exog=ctx.exog)
    np.testing.assert_array_equal(a.bootstrap.trace_stats, b.bootstrap.trace_stats)
    plain = ranktest.johansen_test(ctx.y, p.lags, p.deterministic, boot=19, seed=3, progress=False)
    assert not np.allclose(a.bootstrap.trace_stats, plain.bootstrap.trace_stats)
    bands = bootstrap.boot_irf(ctx.fit, ctx.y, 4, ctx.order, 20, seed=1, progress=False)
    assert bands.kept > 0 and np.isfinite(bands.fevd.lower).all()


def test_lag_order_with_exogenous_columns_matches_statsmodels(macro3):
    """LogL of each VAR(p), fitted on observations pmax..n−1 with the block at time t, equals
    statsmodels' VAR(y[pmax−p:], exog=x[pmax−p:]).fit(p).llf (1e-10 relative), and the
    criteria count the block in m (AIC − AIC without it = 2 K m_x / T)."""
    y = macro3[:80]
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.standard_normal(len(y)), np.eye(len(y))[40]])
    ex = exog.Exog(x, ("s", "IMP"), ("exog", "impulse"))
    pmax, k = 4, y.shape[1]
    sel = lagorder.lag_order_criteria(y, pmax=pmax, exog=ex)
    llf = [VAR(y[pmax - p:], exog=x[pmax - p:]).fit(p).llf for p in range(1, pmax + 1)]
    np.testing.assert_allclose(sel.logl[1:], llf, rtol=1e-10)
    from_ll = lagorder.criteria_from_loglik(sel.logl, sel.nobs, k)
    np.testing.assert_allclose(sel.criteria["AIC"] - from_ll["AIC"], 2 * k * 2 / sel.nobs, rtol=1e-12)
    table, _ = unitroot_tables.lag_order_table(analysis.pd.DataFrame(y), "test", pmax=pmax, exog=ex)
    assert "Exogenous variables: C s IMP." in table.html


def test_comparison_skips_with_the_reason():
    ctx = analysis.prepare(start="2008", boot=0)
    cmp = ctx.impulse_comparison()
    assert "--compare-impulse 2009: the dummy is zero on the effective sample" in cmp["skipped"]
    assert analysis.comparison_sentence(cmp).startswith("**Skipped:**")
    assert analysis.prepare(boot=0, impulse=["2009"]).impulse_comparison()["skipped"].startswith(
        "the run already has impulse dummies")


@pytest.mark.slow
def test_run_with_impulse_dummies_records_the_design(tmp_path):
    out = tmp_path / "out"
    proc = cli("run", "--impulse", "2008", "--boot", "0", "--horizon", "10", "--no-html", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads((out / "results.json").read_text())
    assert res["parameters"]["impulse"] == ["2008"] and res["parameters"]["seasonal"] is False
    assert res["parameters"]["exog"] == []
    assert res["vecm"]["delta_rows"] == ["C", "IMP(2008)"]
    assert res["johansen"]["tables_apply"] is True
    ctx = analysis.prepare(impulse=["2008"], boot=0)
    np.testing.assert_allclose(res["johansen"]["trace"], ctx.asymptotic_test.trace, rtol=1e-9)
    cmp = res["impulse_comparison"]
    assert cmp["periods"] == ["2009", "2020"] and set(cmp["trace"]) == {"run's model", "+ impulses 2009, 2020"}


@pytest.mark.slow
def test_quarterly_run_with_seasonal_dummies_and_an_exogenous_column(tmp_path):
    """Every chapter runs when the tables do not apply: p-values null, the bootstrap decides,
    and chapter 03's comparison says why it is skipped (2009 is no quarter)."""
    path = _quarterly(tmp_path)
    out = tmp_path / "out"
    proc = cli("run", "--data", str(path), "--vars", "A,B,C,D", "--seasonal", "--exog", "S", "--rank", "1",
               "--boot", "19", "--horizon", "4", "--no-html", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads((out / "results.json").read_text())
    assert res["parameters"]["seasonal"] is True and res["parameters"]["exog"] == ["S"]
    j = res["johansen"]
    assert j["tables_apply"] is False and j["rank"] is None and j["trace_pvalue"] == [None] * 4
    assert all(0 <= p <= 1 for p in j["bootstrap"]["trace_pvalue"])
    assert res["vecm"]["delta_rows"] == ["C", "@SEAS(1)-0.25", "@SEAS(2)-0.25", "@SEAS(3)-0.25", "S"]
    assert "is not a quarterly period" in res["impulse_comparison"]["skipped"]


def test_white_test_adds_no_squares_of_dummies(standin_ctx):
    """An impulse dummy's square is itself: the auxiliary regression gets no duplicate column
    and df counts each regressor once, m (r + K p + 2 + 2·(r + K p)) with m = K(K+1)/2."""
    from vecmbook.econometrics import diagnostics

    fit = standin_ctx.fit
    n = fit.rank + fit.k * fit.lags
    res = diagnostics.white_test(fit)
    assert res.df == fit.k * (fit.k + 1) // 2 * (2 * n + 2)
