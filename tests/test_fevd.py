"""Variance decomposition of the VECM against statsmodels' FEVD of the implied levels VAR.

statsmodels has no FEVD for a VECM. Its ``FEVD`` class (var_model.FEVD) only needs the
orthogonalised MA matrices and the forecast MSE of a VAR, which ``VARProcess`` gives
for the levels VAR implied by the VECM (``var_coefs()``, ML Σ). The Cholesky order is
imposed by permuting the VAR. Tolerance 1e-9 (shares in percent, S.E.), floating-point.
"""
import json
from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest
from statsmodels.tsa.vector_ar.var_model import FEVD, VARProcess

from vecmbook.econometrics import fevd, vecm

matplotlib.use("Agg")
NAMES = ["LGDP", "LCONS", "LINV"]


def statsmodels_fevd(fit: vecm.VECMFit, horizon: int, order: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """S.E. (H, K) and shares in percent (H, K, K) from statsmodels' FEVD, in the original order."""
    perm = np.array(order)
    proc = VARProcess(fit.var_coefs()[:, perm][:, :, perm], None, fit.sigma[np.ix_(perm, perm)])
    adapter = SimpleNamespace(  # what FEVD reads from a VARResults
        neqs=len(perm), model=SimpleNamespace(endog_names=[str(i) for i in perm]),
        irf=lambda var_decomp, periods: SimpleNamespace(orth_irfs=proc.orth_ma_rep(periods)),
        mse=proc.mse)
    decomp = FEVD(adapter, periods=horizon).decomp  # [response][period][impulse], permuted
    shares = np.empty((horizon, len(perm), len(perm)))
    shares[:, perm[:, None], perm[None, :]] = 100 * decomp.swapaxes(0, 1)
    se = np.empty((horizon, len(perm)))
    se[:, perm] = np.sqrt(np.diagonal(proc.mse(horizon), axis1=1, axis2=2))
    return se, shares


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1], [1, 2, 0]])
@pytest.mark.parametrize("case,lags,rank", [(3, 2, 1), (2, 1, 2), (5, 0, 1)])
def test_fevd_matches_statsmodels(macro3, order, case, lags, rank):
    fit = vecm.fit(macro3, lags, case, rank)
    se, shares = fevd.fevd(fit, 10, order)
    ref_se, ref_shares = statsmodels_fevd(fit, 10, order)
    np.testing.assert_allclose(shares, ref_shares, atol=1e-9)
    np.testing.assert_allclose(se, ref_se, rtol=1e-9)


def test_rows_sum_to_100_and_period1_zeros_follow_the_order(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    order = [2, 0, 1]
    _, shares = fevd.fevd(fit, 10, order)
    np.testing.assert_allclose(shares.sum(axis=-1), 100.0, atol=1e-10)
    pos = {v: i for i, v in enumerate(order)}
    for resp in range(3):
        for imp in range(3):
            later = pos[imp] > pos[resp]
            assert (shares[0, resp, imp] == 0.0) == later, (resp, imp)


def test_reordering_changes_period1_shares_but_not_the_standard_error(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    se_a, shares_a = fevd.fevd(fit, 8, [0, 1, 2])
    se_b, shares_b = fevd.fevd(fit, 8, [2, 1, 0])
    np.testing.assert_allclose(se_a, se_b, rtol=1e-12)
    assert np.abs(shares_a[0] - shares_b[0]).max() > 1.0  # percentage points


def test_dof_adjust_scales_se_and_keeps_shares(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    se, shares = fevd.fevd(fit, 6, [0, 1, 2])
    se_adj, shares_adj = fevd.fevd(fit, 6, [0, 1, 2], dof_adjust=True)
    n = fit.rank + 3 * 2 + 1  # EC terms, lagged differences, constant per equation
    np.testing.assert_allclose(se_adj, se * np.sqrt(fit.nobs / (fit.nobs - n)), rtol=1e-12)
    np.testing.assert_allclose(shares_adj, shares, atol=1e-10)


def test_batched_fevd_equals_single(macro3):
    rng = np.random.default_rng(1)
    batch = macro3[None] + 0.01 * rng.standard_normal((3,) + macro3.shape)
    se, shares = fevd.fevd(vecm.fit(batch, 1, 3, 1), 7, [1, 0, 2])
    for b in range(3):
        se_b, shares_b = fevd.fevd(vecm.fit(batch[b], 1, 3, 1), 7, [1, 0, 2])
        np.testing.assert_allclose(se[b], se_b, rtol=1e-12)
        np.testing.assert_allclose(shares[b], shares_b, atol=1e-10)


def test_results_block_rows(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    se, shares = fevd.fevd(fit, 5, [0, 1, 2])
    block = json.loads(json.dumps(fevd.results_block(se, shares, NAMES, ["LINV"])))
    assert list(block) == ["LINV"] and len(block["LINV"]) == 5
    period, s, *row = block["LINV"][4]
    assert period == 5 and s == pytest.approx(se[4, 2]) and row == pytest.approx(shares[4, 2].tolist())


def test_bad_horizon_and_variable(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    with pytest.raises(ValueError, match="variable"):
        fevd.response_index(NAMES, "LFDI")
    with pytest.raises(ValueError, match="horizon"):
        fevd.fevd(fit, 0, [0, 1, 2])


def test_last_horizon_interval_table_covers_both_export_shares():
    """variance_decomposition.fevd_last_interval: one row per (LEXS1|LEXS2, shock) with that response's own
    bootstrap bounds at the last horizon, taken by name from the BootResult (exact equality:
    same arrays), and the glued FDI → LEXS1 bounds are the LFDI row of LEXS1."""
    from vecmbook.econometrics import bootstrap
    from vecmbook.pipeline import analysis
    from vecmbook.report import dynamics
    from vecmbook.study import variance_decomposition

    ctx = analysis.prepare(vars=["EXS1", "EXS2", "FDI", "GDP"], ordering=["FDI", "GDP", "EXS1", "EXS2"],
                           boot=0)
    _, shares = fevd.fevd(ctx.fit, 4, ctx.order)
    boot = bootstrap.boot_irf(ctx.fit, ctx.y, 4, ctx.order, 30, 7, 0.9, dof_adjust=True)
    table = variance_decomposition.fevd_last_interval(shares, boot, ctx.names)
    assert list(table.index) == [(r, s) for r in ["LEXS1", "LEXS2"] for s in ctx.names]
    for (resp, shock), row in table.iterrows():
        i, j = ctx.names.index(resp), ctx.names.index(shock)
        assert row["share (%)"] == shares[3, i, j]
        assert (row["lower (%)"], row["upper (%)"]) == (boot.fevd.lower[3, i, j], boot.fevd.upper[3, i, j])
    lo, hi, point = table.loc[("LEXS1", "LFDI"), ["lower (%)", "upper (%)", "share (%)"]]
    text = dynamics.interval_table(table, boot, ctx.names, 0.9, "a test")[1].data
    assert f"from {lo:.1f} % to {hi:.1f} % (point estimate {point:.1f} %)" in text
    assert "90 % Efron percentile interval" in text and "period 4" in text


def test_headline_sentences_say_why_when_the_run_cannot_give_them():
    """Runs without LEXS1/LFDI or without bootstrap: each study headline sentence says why it is
    missing instead of printing 'nan' (found in a two-variable run of the book)."""
    from vecmbook.econometrics import bootstrap, irf
    from vecmbook.pipeline import analysis
    from vecmbook.report import dynamics
    from vecmbook.study import impulse_responses, variance_decomposition

    ctx = analysis.prepare(vars=["FDI", "GDP"], ordering=["FDI", "GDP"], rank=1, boot=0)
    se, shares = fevd.fevd(ctx.fit, 4, ctx.order)
    theta = irf.orthogonalised(ctx.fit, 4, ctx.order)
    none = bootstrap.boot_irf(ctx.fit, ctx.y, 4, ctx.order, 0, 1)
    [responses] = dynamics.fdi_response_section(impulse_responses.fdi_response_table(theta, None, None, ctx.names),
                                                ctx.names, 4, "a test")
    texts = [responses.data,
             dynamics.fevd_headline(variance_decomposition.fevd_side_by_side(se, shares, ctx.names), ctx.names, 4)]
    for text in texts:
        assert "do not include LEXS1, LEXS2" in text and "nan" not in text
    interval = variance_decomposition.fevd_last_interval(shares, none, ctx.names)
    assert interval is None and "--boot 0" in dynamics.interval_table(interval, none, ctx.names, 0.95, "a test")[0].data


def test_headline_sentences_carry_the_live_numbers():
    """On the study's variables the sentences hold this run's values and the paper's at the same period."""
    from vecmbook.econometrics import irf
    from vecmbook.pipeline import analysis
    from vecmbook.report import dynamics
    from vecmbook.study import impulse_responses, paper, variance_decomposition

    ctx = analysis.prepare(boot=0)
    se, shares = fevd.fevd(ctx.fit, 12, ctx.order)
    text = dynamics.fevd_headline(variance_decomposition.fevd_side_by_side(se, shares, ctx.names), ctx.names, 12)
    i, j = ctx.names.index("LEXS1"), ctx.names.index("LFDI")
    assert text.startswith(f"At period 12 FDI explains {shares[-1, i, j]:.1f} % of the forecast-error "
                           f"variance of LEXS1 (paper: {paper.fevd_frame('LEXS1').loc[10, 'LFDI']:.1f} % "
                           "at period 10)")
    theta = irf.orthogonalised(ctx.fit, 5, ctx.order)
    table = impulse_responses.fdi_response_table(theta, theta - 1, theta + 1, ctx.names)
    summary = dynamics.fdi_response_section(table, ctx.names, 5, "a test")[1].data
    assert f"is {theta[0, i, j]:.4f} at h = 0 (the impact) and {theta[-1, i, j]:.4f} at h = 5" in summary
    assert "excludes zero at 0 of the 6 horizons h = 0..5" in summary
