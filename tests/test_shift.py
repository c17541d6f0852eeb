"""Level shifts (``--shift``, issue 14) against gretl, a known truth and JMN's asymptotic theory.

References:
* gretl 2022c ``johansen`` / ``vecm`` with the step in the list restricted to the cointegration
  space and its impulses unrestricted (``johansen K Y ; xlist ; rxlist``), on the Danish
  money-demand data with a shift in 1983Q1, cases 2 / 3 / 4 (gretl --rc / --uc / --crt),
  K = 2, 3, ranks 1 and 2: ``scripts/gretl_shift_reference.inp``, collected by
  ``scripts/gretl_shift_reference.py`` into ``tests/fixtures/gretl_shift.json`` (full
  precision, gretl's ``mwrite``). gretl enters the step at time t, β'(Y_{t−1}', S_t)', where we
  enter S_{t−1}; the two differ only in period P, where D(SHIFT(P)) is a regressor, so every
  statistic, α, β, Γ and Σ agree and only that impulse's coefficient differs, by α β_S. In
  case 4 gretl's restricted trend is ours minus one (the trend of t − 1), so its constant is
  ours plus α β_trend (checked). The standard errors of these two coefficients depend on the
  parametrisation and are not compared; all others are.
* Johansen, Mosconi & Nielsen (2000) for the model and their Gamma approximation, checked by
  simulation of the limit law with our own estimator (:mod:`vecmbook.econometrics.jmn`).

Tolerances: statistics 1e-8 relative — both sides solve the same ML eigenproblem in double
precision (the smallest eigenvalue, ~0.03, is far from the rounding floor; gretl's case 2
differs from ours by ~1e-10, its other cases by ~1e-14). Coefficients and standard errors
1e-7 relative with an absolute floor of 1e-9: they pass through the normalisation β = [I; B]
and one more least-squares solve. gretl divides the short-run residual covariance (and Σ in
β's variance) by T − n − min(r, m1), n the regressors of the short-run regression and m1
the restricted rows of β; EViews and urca (and we) use T − n. The test derives gretl's
divisor from its output, checks it is that integer, and compares after rescaling.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vecmbook.econometrics import diagnostics, exog, inference, jmn, ranktest, restrictions, vecm
from vecmbook.econometrics.johansen import N_RESTRICTED, reduced_rank
from vecmbook.inputs import design
from vecmbook.inputs.dataset import DataError, load_dataset
from vecmbook.pipeline import analysis, validation
from vecmbook.pipeline.params import REPO, RunParameters, parse_args
from vecmbook.report import rank_tables, unitroot_tables

FIXTURE = Path(__file__).parent / "fixtures" / "gretl_shift.json"
DRIVER = REPO / "scripts" / "gretl_shift_reference.py"
DENMARK = REPO / "data" / "johansen_juselius_1990_denmark.csv"
NAMES = ["LRM", "LRY", "IBO", "IDE"]
RTOL_STAT, RTOL_COEF, ATOL_COEF = 1e-8, 1e-7, 1e-9


def _denmark(lags: int, shift: str = "1983Q1"):
    ds = load_dataset(DENMARK, NAMES, "none")
    return ds, ds.frame.to_numpy(dtype=float), design.build(ds, lags, shift=[shift])


def _compare(ref: dict) -> None:
    """Every design of a gretl reference against our estimates (module doc)."""
    for key, d in ref["designs"].items():
        lags, case = d["K"] - 1, d["case"]
        _, y, ex = _denmark(lags)
        test = ranktest.johansen_test(y, lags, case, exog=ex)
        g = np.asarray(d["test"])
        np.testing.assert_allclose(test.trace, g[:, 0], rtol=RTOL_STAT, err_msg=key)
        np.testing.assert_allclose(test.maxeig, g[:, 1], rtol=RTOL_STAT, err_msg=key)
        np.testing.assert_allclose(test.eigenvalues, -np.expm1(-g[:, 1] / test.nobs), rtol=RTOL_STAT)
        for r in (1, 2):
            gr = {name: np.asarray(m) for name, m in d[f"r{r}"].items()}
            fit = vecm.fit(y, lags, case, r, ex)
            ml = inference.standard_errors(fit, dof_adjust=False)
            close = dict(rtol=RTOL_COEF, atol=ATOL_COEF, err_msg=f"{key} r={r}")
            np.testing.assert_allclose(fit.beta, gr["jbeta"], **close)
            np.testing.assert_allclose(fit.alpha, gr["jalpha"], **close)
            np.testing.assert_allclose(fit.sigma, gr["sigma"], **close)
            # gretl's rows: [C], D(v_i) with lags inner, its impulses, the error-correction terms
            k, ndet = fit.k, 0 if case == 2 else 1  # gretl's unrestricted constant
            gamma = fit.gamma.reshape(k, lags, k).transpose(0, 2, 1).reshape(k, -1)
            impulses = fit.delta[:, ndet:].copy()
            impulses[:, 0] -= fit.alpha @ fit.beta[-1]  # gretl's S_t vs our S_{t-1}
            const = fit.delta[:, :ndet] + (fit.alpha @ fit.beta[k, :, None] if case == 4 else 0)
            ours = np.hstack([const, gamma, impulses, fit.alpha])
            np.testing.assert_allclose(ours, gr["coeff"].T, **close)
            scale = (gr["stderr"][-r:].T / ml.alpha_se) ** 2  # T / gretl's divisor
            n, m1 = inference.short_run_regressors(fit).shape[1], N_RESTRICTED[case] + ex.restricted_width
            assert fit.nobs / scale.mean() == pytest.approx(fit.nobs - n - min(r, m1), abs=1e-6)
            root = np.sqrt(scale.mean())
            gamma_se = ml.gamma_se.reshape(k, lags, k).transpose(0, 2, 1).reshape(k, -1)
            se = np.hstack([ml.delta_se[:, :ndet], gamma_se, ml.delta_se[:, ndet:], ml.alpha_se]) * root
            # the s.e. of D(SHIFT(P)) and, in case 4, of the constant depend on the parametrisation
            keep = np.delete(np.arange(se.shape[1]), [ndet + k * lags] + ([0] if case == 4 else []))
            np.testing.assert_allclose(se[:, keep], gr["stderr"].T[:, keep], **close)
            beta_se = ml.beta_se[r:].ravel(order="F") * root  # vec of the free block B, column-major
            np.testing.assert_allclose(beta_se, np.sqrt(np.diag(gr["jvbeta"])), **close)


def test_statistics_and_estimates_equal_gretl():
    _compare(json.loads(FIXTURE.read_text()))


def test_live_gretl(tmp_path):
    """gretl run now reproduces the committed fixture and our estimates (skips without gretlcli)."""
    if shutil.which("gretlcli") is None:
        pytest.skip("gretlcli not installed (apt-get install gretl); the committed fixture is checked above")
    out = tmp_path / "gretl_shift.json"
    subprocess.run([sys.executable, str(DRIVER), str(out)], check=True, capture_output=True)
    live = json.loads(out.read_text())
    _compare(live)
    committed = json.loads(FIXTURE.read_text())
    for key, d in live["designs"].items():
        np.testing.assert_allclose(d["test"], committed["designs"][key]["test"], rtol=1e-12)


def test_shift_design_is_jmn_and_the_terms_are_named():
    """The block: a step restricted (lagged once, as Y) and p + 1 impulses; its eigenvalues equal
    those of JMN's own parametrisation E_t = 1{t ≥ P + p + 1} (their sub-sample indicator after
    the k = p + 1 initial values), which differs from S_{t−1} only where an impulse sits."""
    ds, y, ex = _denmark(2)
    at = ds.periods.index("1983Q1")
    assert ex.restricted_names == ("SHIFT(1983Q1)",) and ex.kinds == ("shift",) * 3
    assert ex.names == ("D(SHIFT(1983Q1))", "D(SHIFT(1983Q1)(-1))", "D(SHIFT(1983Q1)(-2))")
    assert ex.shift_positions() == [at] and not ex.tables_apply and ex.n_columns == 4
    np.testing.assert_array_equal(np.flatnonzero(ex.values.sum(axis=1)), [at, at + 1, at + 2])
    e_t = (np.arange(len(y)) >= at + 3).astype(float)[:, None] + 0.0
    # E_t enters at time t; as a restricted column lagged once that is its value one row later
    jmn_block = exog.Exog(ex.values, ex.names, ex.kinds, np.vstack([e_t[1:], [[1.0]]]), ("E",))
    for case in (2, 3, 4):
        np.testing.assert_allclose(reduced_rank(y, 2, case, jmn_block).eigenvalues,
                                   reduced_rank(y, 2, case, ex).eigenvalues, rtol=1e-10)
    fit = vecm.fit(y, 2, 2, 1, ex)
    assert inference.beta_labels(fit, NAMES)[-2:] == ["C", "SHIFT(1983Q1)(-1)"]
    assert inference.unrestricted_labels(fit) == list(ex.names)
    table, _ = unitroot_tables.lag_order_table(ds.frame, "test", pmax=3, exog=ex)
    assert f"Exogenous variables: C SHIFT(1983Q1)(-1) {' '.join(ex.names)}." in table.html


def test_known_break_is_recovered():
    """A cointegrated VAR whose levels jump by τ in period P (Y = X + 3 + τ S_t): with --shift in
    case 2 the estimates recover β = (1, −1, −β'3, −β'τ) on (Y, C, S) and α (T = 4000, noise
    s.d. 0.1: the s.e. are below 0.01; tolerance 0.05); without the step the loading of the
    first equation is visibly biased."""
    rng = np.random.default_rng(2000)
    n, p_at = 4000, 1700
    alpha, beta = np.array([[-0.4], [0.1]]), np.array([[1.0], [-1.0]])
    tau = np.array([2.0, 0.5])  # β'τ = 1.5
    x = np.zeros((n, 2))
    for t in range(1, n):
        x[t] = x[t - 1] + (alpha @ beta.T @ x[t - 1]) + rng.standard_normal(2) * 0.1
    step = (np.arange(n) >= p_at).astype(float)
    y = x + 3.0 + step[:, None] * tau
    periods = [str(1000 + i) for i in range(n)]
    steps, impulses = exog.shift_dummies(periods, [periods[p_at]], 0)
    ex = exog.Exog(impulses, ("D(SHIFT)",), ("shift",), steps, ("SHIFT",))
    fit = vecm.fit(y, 0, 2, 1, ex)
    np.testing.assert_allclose(fit.beta[:, 0], [1.0, -1.0, -float(beta[:, 0] @ [3.0, 3.0]), -1.5], atol=0.05)
    np.testing.assert_allclose(fit.alpha[:, 0], alpha[:, 0], atol=0.05)
    # the same data without the step: its β misses the shift, so the ECT inherits the jump
    plain = vecm.fit(y, 0, 2, 1)
    assert abs(plain.alpha[0, 0] - alpha[0, 0]) > 0.1


def test_consistent_everywhere_on_the_stand_in():
    """Standard errors, diagnostics, restriction tests, simulation and the bootstrap use the design."""
    ctx = analysis.prepare(shift=["2009"], boot=0)
    fit, y = ctx.fit, ctx.y
    assert ctx.exog.restricted_names == ("SHIFT(2009)",)
    w = inference.short_run_regressors(fit)
    assert w.shape[1] == fit.rank + fit.k * fit.lags + 1 + 2  # C and the two impulses
    assert inference.standard_errors(fit).dof == fit.nobs - w.shape[1]
    assert fit.beta.shape[0] == fit.k + 1  # case 3: the step is the only restricted row
    np.testing.assert_allclose(vecm.simulate(fit, y[: fit.lags + 1], fit.residuals), y, atol=1e-10)
    periods = ctx.dataset.periods[-fit.nobs:]
    for p in ("2009", "2010"):  # the shift's impulses fit their observations exactly
        np.testing.assert_allclose(fit.residuals[periods.index(p)], 0, atol=1e-12)
    assert diagnostics.white_test(fit).df > 0
    test = restrictions.exclusion_test(y, fit.lags, 3, 1, 0, ctx.names, exog=ctx.exog)
    assert test.df == 1 and test.beta.shape[0] == fit.k + 1
    a = ranktest.johansen_test(y, fit.lags, 3, boot=9, seed=1, progress=False, exog=ctx.exog)
    assert a.rank is None and np.isnan(a.trace_pvalue).all() and a.trace_jmn_pvalue is None
    assert rank_tables.rank_test_table(a, "test").frame["Prob."].isna().all()
    assert ctx.exog_sentence().startswith("SHIFT(2009)(-1) (in the cointegration space), D(SHIFT(2009))")
    assert "duplicates an impulse of --shift 2009" in ctx.impulse_comparison()["skipped"]


def test_jmn_pvalues_in_case_2():
    ds, y, ex = _denmark(1)
    test = ranktest.johansen_test(y, 1, 2, exog=ex)
    dims = np.arange(4, 0, -1)
    q, a, b = jmn.fractions([ds.periods.index("1983Q1")], len(y))
    assert (q, a) == (2, 0.0) and b == pytest.approx(19 / 55)
    mean, var = jmn.moments(dims, q, a, b)
    shape, scale = mean**2 / var, var / mean
    from scipy import stats
    np.testing.assert_allclose(test.trace_jmn_pvalue, stats.gamma.sf(test.trace, shape, scale=scale), rtol=1e-12)
    assert np.isnan(jmn.pvalue(np.array([100.0]), np.array([11]), [30], 100)).all()
    assert "Prob. (JMN 2000)" in rank_tables.rank_test_table(test, "test").frame
    assert "trace_jmn_pvalue" in ranktest.to_dict(test)
    assert "Asymptotic, JMN (2000) Gamma approximation" in rank_tables.rank_summary(test, "test").frame.index


@pytest.mark.parametrize("positions,reps", [((), 4000), ((250,), 4000), ((150, 350), 4000)])
def test_jmn_moments_match_a_simulation_of_the_limit(positions, reps):
    """Random walks of T = 500 (no lags, case 2 with the steps restricted): the simulated mean and
    variance of the trace statistic for p − r = 1, 3 equal JMN's surfaces within 3 % and 10 %
    (Monte Carlo s.e. ~0.6 % and ~2.5 %; the finite-T bias seen is ~1 % for the mean). This is
    what makes the transcribed coefficients trustworthy (module doc of jmn)."""
    n = 500
    rng = np.random.default_rng(len(positions))
    periods = [str(i) for i in range(n)]
    ex = None
    if positions:
        steps, impulses = exog.shift_dummies(periods, [periods[i] for i in positions], 0)
        ex = exog.Exog(impulses, tuple(f"i{j}" for j in range(len(positions))), ("shift",) * len(positions),
                       steps, tuple(f"s{j}" for j in range(len(positions))))
    q, a, b = jmn.fractions(positions, n)
    for dim in (1, 3):
        stat = np.concatenate([reduced_rank(np.cumsum(rng.standard_normal((500, n, dim)), axis=1), 0, 2, ex)
                               .trace()[:, 0] for _ in range(reps // 500)])
        mean, var = jmn.moments(np.array(dim), q, a, b)
        assert stat.mean() == pytest.approx(mean, rel=0.03)
        assert stat.var() == pytest.approx(var, rel=0.10)


def test_parameters_record_the_shift():
    assert RunParameters().notebook_values()["shift"] == []
    params, _ = parse_args(["--shift", "2009", "--deterministic", "2"])
    assert params.shift == ["2009"]


@pytest.mark.parametrize("args,needle", [
    (["--shift", "2030"], "--shift 2030 is outside the sample (1995–2024)"),
    (["--shift", "2009,2009"], "--shift repeats a name"),
    (["--shift", "2009Q1"], "--shift '2009Q1' is not an annual period like 1995"),
    (["--shift", "1997"], "--shift 1997: the step is constant on the effective sample (1997–2024) apart "
                          "from its own impulses, so it duplicates the constant; with --lags 1 the earliest is 1998"),
    (["--shift", "1996"], "the step is constant on the effective sample"),
    (["--shift", "2023"], "--shift 2023: with --lags 1 its 2 impulses leave no observation of the new "
                          "regime; the latest shift is 2022"),
    (["--shift", "2009,2012", "--lags", "1"], None),  # p + 2 = 3 periods apart: valid
    (["--shift", "2012,2010"], "--shift 2010,2012: with --lags 1 the regime between them has no observation"),
    (["--shift", "2009", "--impulse", "2010"], "--impulse 2010 duplicates an impulse of --shift 2009"),
    (["--shift", "2009", "--deterministic", "1"], "a level shift (--shift) needs deterministic case 2, 3 or 4"),
    (["--shift", "2009", "--deterministic", "5"], "got case 5"),
    (["--shift", "2009", "--rank", "auto"], "--rank auto uses the tabulated trace test"),
])
def test_bad_shift_input(args, needle):
    """One-line messages (the CLI prints them as ``error: ...`` with exit code 2, checked below)."""
    if needle is None:
        assert validation.validate(parse_args(args)[0]).rows == 30
        return
    with pytest.raises(ValueError) as err:  # DataError and ParameterError are ValueErrors
        validation.validate(parse_args(args)[0])
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_bad_shift_one_line_exit_2(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "vecmbook", "run", "--shift", "2009", "--deterministic", "5",
                           "--out", str(out), "--no-html"], capture_output=True, text=True, cwd=REPO)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: a level shift")
    assert not out.exists()


def test_shift_on_quarterly_data_and_errors():
    ds, _, ex = _denmark(1, "1983q1")
    assert ex.restricted_names == ("SHIFT(1983Q1)",)
    with pytest.raises(DataError, match="--shift '1983' is not a quarterly period like 1974Q1"):
        design.build(ds, 1, shift=["1983"])
