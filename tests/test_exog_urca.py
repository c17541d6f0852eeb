"""The exogenous block (seasonal and impulse dummies, exogenous columns) against R urca and statsmodels.

References:
* R urca 1.3 ``ca.jo(season = 4, dumvar = ...)`` and ``cajorls`` on urca's ``denmark``
  (quarterly from 1974Q1), written by ``scripts/urca_exog_reference.R`` to
  ``tests/fixtures/urca_exog.json``, which also stores the data and the N(0, 1) column
  standing in for an ``--exog`` column. Designs: seasonal; two impulses (1978Q4, 1983Q4);
  seasonal + impulses + column; seasonal on the sample from 1974Q2 (ca.jo's phase then
  differs from ours by a relabelling). Cases 3 / 2 / 4 (ecdet none / const / trend), K = 2, 3.
* statsmodels 0.15 ``VECM(exog=)`` (our columns) and ``VECM(seasons=4, first_season=)``,
  which estimates with centred dummies in calendar phase, like ours.

Tolerances: statistics and eigenvalues 1e-8 relative — both sides solve the same ML
eigenproblem in double precision (the smallest eigenvalue, ~0.007, is still far from the
rounding floor). Coefficients and standard errors 1e-7 relative with an absolute floor of
1e-9: they pass through the normalisation β = [I; B] and one more least-squares solve,
whose condition numbers here are below 1e4.
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.tsa.vector_ar.vecm import VECM
from urca_fixture import live_reference

from vecmbook.econometrics import inference, johansen, ranktest, restrictions, vecm
from vecmbook.econometrics.exog import Exog, impulse_dummies, seasonal_dummies
from vecmbook.inputs.dataset import period_label
from vecmbook.report import rank_tables

FIXTURE = Path(__file__).parent / "fixtures" / "urca_exog.json"
SCRIPT = Path(__file__).parents[1] / "scripts" / "urca_exog_reference.R"
REF = json.loads(FIXTURE.read_text())
NAMES = ["LRM", "LRY", "IBO", "IDE"]
RTOL_STAT, RTOL_COEF, ATOL_COEF = 1e-8, 1e-7, 1e-9


def _periods(n: int, first: int) -> list[str]:
    q0 = 4 * 1974  # 1974Q1
    return [period_label("quarterly", q0 + first - 1 + i) for i in range(n)]


def _quarters(periods: list[str]) -> list[int]:
    return [int(p[-1]) for p in periods]


def _design(ref: dict, name: str, first: int) -> tuple[np.ndarray, Exog, dict[str, str]]:
    """Levels, our exogenous block and the map R regressor name -> our label for one design."""
    y_all = np.asarray(ref["data"])
    y = y_all[first - 1:]
    periods = _periods(len(y_all), 1)[first - 1:]
    blocks, names, kinds = [], [], []
    rename = {"constant": "C"} | {f"ect{j}": f"CointEq{j}" for j in (1, 2)}
    rename |= {f"{v}.dl{i}": f"D({v}(-{i}))" for v in NAMES for i in (1, 2)}
    if name in ("season", "all", "season_q2"):
        blocks.append(seasonal_dummies(_quarters(periods)))
        names += [f"@SEAS({q})-0.25" for q in (1, 2, 3)]
        kinds += ["seasonal"] * 3
        rename |= {f"sd{q}": f"@SEAS({q})-0.25" for q in (1, 2, 3)}
    if name in ("impulse", "all"):
        chosen = [periods[i - 1] for i in ref["impulse_rows"]]
        blocks.append(impulse_dummies(periods, chosen))
        names += [f"IMP({p})" for p in chosen]
        kinds += ["impulse"] * 2
        rename |= {f"imp{i}": f"IMP({p})" for i, p in zip(ref["impulse_rows"], chosen)}
    if name == "all":
        blocks.append(np.asarray(ref["x"])[:, None])
        names.append("x")
        kinds.append("exog")
        rename["x"] = "x"
    return y, Exog(np.hstack(blocks), tuple(names), tuple(kinds)), rename


def _check_statistics(run: dict, ref: dict) -> None:
    y, ex, _ = _design(ref, run["design"], run["first"])
    rr = johansen.reduced_rank(y, run["lags"], run["case"], ex)
    np.testing.assert_allclose(rr.eigenvalues, run["lambda"], rtol=RTOL_STAT)
    np.testing.assert_allclose(rr.trace(), run["trace_urca_order"][::-1], rtol=RTOL_STAT)
    np.testing.assert_allclose(rr.maxeig(), run["eigen_urca_order"][::-1], rtol=RTOL_STAT)


RUN_IDS = [f"{r['design']}-case{r['case']}-K{r['K']}" for r in REF["runs"]]


@pytest.mark.parametrize("run", REF["runs"], ids=RUN_IDS)
def test_statistics_match_urca(run):
    _check_statistics(run, REF)


@pytest.mark.parametrize("run", [r for r in REF["runs"] if r["fits"]],
                         ids=[i for i, r in zip(RUN_IDS, REF["runs"]) if r["fits"]])
def test_estimates_and_standard_errors_match_cajorls(run):
    """β, every error-correction coefficient and its s.e. (lm, residual variance over T − n with n
    counting the dummies and the column), matched by regressor name."""
    y, ex, rename = _design(REF, run["design"], run["first"])
    for f in run["fits"]:
        fit = vecm.fit(y, run["lags"], run["case"], f["r"], ex)
        np.testing.assert_allclose(fit.beta, f["beta"], rtol=RTOL_COEF, atol=ATOL_COEF)
        table = pd.DataFrame(inference.coefficient_records(fit, NAMES, dof_adjust=True))
        ours = table[table.block == "Error Correction"].set_index(["equation", "term"])
        coef, se = np.asarray(f["coef"]), np.asarray(f["coef_se"])
        assert len(ours) == coef.size  # no regressor on either side that the other lacks
        for i, row in enumerate(f["coef_rows"]):
            for j, v in enumerate(NAMES):
                mine = ours.loc[(f"D({v})", rename[row])]
                np.testing.assert_allclose(mine.coefficient, coef[i, j], rtol=RTOL_COEF, atol=ATOL_COEF)
                np.testing.assert_allclose(mine.std_error, se[i, j], rtol=RTOL_COEF)


@pytest.mark.parametrize("run", [r for r in REF["runs"] if r["fits"]],
                         ids=[i for i, r in zip(RUN_IDS, REF["runs"]) if r["fits"]])
def test_restriction_tests_match_blrtest_alrtest(run):
    """LR tests with the exogenous block partialled out: LRY excluded from β (blrtest) and IBO
    weakly exogenous (alrtest).

    LR = T Σ_{i≤r} [log(1 − λ̃_i) − log(1 − λ̂_i)] is a difference of terms of size
    S = T Σ |log(1 − λ̂_i)| (~30 here) and can be ~1e-6 (IBO, rank 1), so a relative bound
    on LR would demand more than double precision gives; urca's non-symmetric eigensolver is
    good to ~1e-10 in the eigenvalues. Tolerance: |ΔLR| ≤ 1e-9 S, and the p-value within
    the chi-square density at LR times that bound (plus 1e-12).
    """
    y, ex, _ = _design(REF, run["design"], run["first"])
    for f in run["fits"]:
        excl = restrictions.exclusion_test(y, run["lags"], run["case"], f["r"], 1, exog=ex)
        weak = restrictions.weak_exogeneity_test(y, run["lags"], run["case"], f["r"], 2, exog=ex)
        for test, (stat, p) in ((excl, f["blr_excl2"]), (weak, f["alr_weak3"])):
            lam = test.unrestricted_eigenvalues[: f["r"]]
            atol = 1e-9 * (len(y) - run["lags"] - 1) * np.sum(-np.log1p(-lam))
            assert abs(test.statistic - stat) <= atol
            assert abs(test.pvalue - p) <= stats.chi2.pdf(stat, test.df) * atol + 1e-12


def test_seasonal_phase_is_calendar_quarter():
    """Column q is 3/4 in quarter q and −1/4 elsewhere, whatever the first period; ca.jo's
    (I − 1/4)[, −4] repeated from the first observation equals it for a Q1 start."""
    d = seasonal_dummies(_quarters(_periods(9, 1)))
    urca = np.vstack([np.eye(4) - 0.25] * 3)[:9, :3]
    np.testing.assert_array_equal(d, urca)
    np.testing.assert_array_equal(seasonal_dummies(_quarters(_periods(8, 2))), d[1:9])
    assert np.allclose(d[:8].sum(axis=0), 0)  # centred over whole years


@pytest.mark.parametrize("case,det", [(3, "co"), (2, "ci")])
@pytest.mark.parametrize("lags,rank", [(1, 1), (2, 2)])
def test_matches_statsmodels_exog(case, det, lags, rank):
    """statsmodels VECM(exog=our block): α, β, Γ, Σ and the exogenous coefficients (1e-8 abs.,
    as tests/test_vecm_core.py: same ML problem)."""
    y, ex, _ = _design(REF, "all", 1)
    ours = vecm.fit(y, lags, case, rank, ex)
    ref = VECM(y, exog=ex.values, k_ar_diff=lags, coint_rank=rank, deterministic=det).fit()
    np.testing.assert_allclose(ours.alpha, ref.alpha, atol=1e-8)
    np.testing.assert_allclose(ours.beta[:4], ref.beta[:4], atol=1e-8)
    np.testing.assert_allclose(ours.gamma, ref.gamma, atol=1e-8)
    np.testing.assert_allclose(ours.sigma, ref.sigma_u, atol=1e-10)
    np.testing.assert_allclose(ours.delta[:, -ex.width:], ref.det_coef[:, -ex.width:], atol=1e-8)


@pytest.mark.parametrize("first", [1, 2])
def test_matches_statsmodels_seasons(first):
    """statsmodels VECM(seasons=4, first_season=quarter of the first observation) estimates
    with centred dummies in calendar phase, as ours: α, β, Γ, Σ, constant and seasonal
    coefficients agree (1e-8 abs.), for samples starting in Q1 and in Q2."""
    y, ex, _ = _design(REF, "season", 1)
    y, ex = y[first - 1:], Exog(ex.values[first - 1:], ex.names, ex.kinds)
    ours = vecm.fit(y, 1, 3, 1, ex)
    ref = VECM(y, k_ar_diff=1, coint_rank=1, deterministic="co", seasons=4, first_season=first - 1).fit()
    np.testing.assert_allclose(ours.alpha, ref.alpha, atol=1e-8)
    np.testing.assert_allclose(ours.gamma, ref.gamma, atol=1e-8)
    np.testing.assert_allclose(ours.sigma, ref.sigma_u, atol=1e-10)
    np.testing.assert_allclose(ours.delta, ref.det_coef, atol=1e-8)


def test_uncentred_seasons_same_dynamics_shifted_constant():
    """EViews' @seas(q) (uncentred 0/1) spans the same space as ours given a constant (case 3):
    same statistics, α, Γ and seasonal coefficients; our constant is theirs plus the seasonal
    coefficients / 4 (the average over the year). Without a constant (case 2) the 0/1 form
    is a different model: the statistics change."""
    y, ex, _ = _design(REF, "season", 1)
    seas01 = Exog(ex.values + 0.25, ex.names, ex.kinds)
    ours, theirs = vecm.fit(y, 1, 3, 1, ex), vecm.fit(y, 1, 3, 1, seas01)
    np.testing.assert_allclose(ours.rrr.eigenvalues, theirs.rrr.eigenvalues, rtol=1e-10)
    np.testing.assert_allclose(ours.alpha, theirs.alpha, atol=1e-10)
    np.testing.assert_allclose(ours.gamma, theirs.gamma, atol=1e-10)
    np.testing.assert_allclose(ours.delta[:, 1:], theirs.delta[:, 1:], atol=1e-10)
    np.testing.assert_allclose(ours.delta[:, :1], theirs.delta[:, :1] + theirs.delta[:, 1:].sum(1, keepdims=True) / 4,
                               atol=1e-10)
    case2 = [johansen.reduced_rank(y, 1, 2, e).trace() for e in (ex, seas01)]
    assert np.max(np.abs(case2[0] / case2[1] - 1)) > 1e-3


def test_dummies_matter_and_exog_marks_tables():
    """The block changes the statistics (it is not silently dropped), and only a --exog column
    makes the tabulated p-values not applicable."""
    y, ex, _ = _design(REF, "all", 1)
    plain = ranktest.johansen_test(y, 1, 3)
    dummies = Exog(ex.values[:, :5], ex.names[:5], ex.kinds[:5])
    with_dummies = ranktest.johansen_test(y, 1, 3, exog=dummies)
    assert np.max(np.abs(with_dummies.trace / plain.trace - 1)) > 0.01
    assert with_dummies.tables_apply and np.isfinite(with_dummies.trace_pvalue).all()
    with_exog = ranktest.johansen_test(y, 1, 3, exog=ex)
    assert not with_exog.tables_apply and with_exog.rank is None
    assert np.isnan(with_exog.trace_pvalue).all()
    shown = rank_tables.rank_test_table(with_exog, "test")
    assert (shown.cells["Prob."] == "–").all() and rank_tables.NO_TABLES in shown.footnotes[0]


@pytest.mark.needs_r
def test_statistics_match_live_urca(tmp_path):
    """Re-run the R script now and compare again (skipped without R + urca)."""
    live = live_reference(SCRIPT, tmp_path / "urca_exog.json")
    assert {r["design"] for r in live["runs"]} == {"season", "impulse", "all", "season_q2"}
    for run in live["runs"]:
        _check_statistics(run, live)
