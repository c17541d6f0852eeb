"""The stand-in: reproducible byte for byte, and its truth calibrated as documented.

References: the study's Tables 4-5 (period 1) as transcribed in data/paper_reported.json;
the companion matrix is built here from α, β, Γ (Lütkepohl 2005, eq. 6.3.5) rather than
with the package's own VECMFit.companion.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vecmbook import standin
from vecmbook.paper import load_paper_reported

NAMES = ["LEXS1", "LEXS2", "LFDI", "LGDP"]


def test_regenerates_byte_identically(tmp_path):
    csv_path, json_path = standin.write(tmp_path)
    assert csv_path.read_bytes() == standin.STANDIN_CSV.read_bytes()
    assert json_path.read_bytes() == standin.TRUTH_JSON.read_bytes()


def test_shipped_file_layout_and_share_bounds():
    df = pd.read_csv(standin.STANDIN_CSV)
    assert list(df.columns) == ["year", "EXS1", "EXS2", "FDI", "GDP"]
    assert df["year"].tolist() == list(range(1995, 2025))
    for col in ("EXS1", "EXS2"):
        assert ((df[col] > 0) & (df[col] < 1)).all(), col
    assert (df[["FDI", "GDP"]] > 0).all().all()


def test_period1_fevd_of_true_sigma_equals_tables_4_and_5():
    """P = chol(Σ permuted to LFDI, LGDP, LEXS1, LEXS2); share_ij = P_ij² / Σ_ii; S.E. = √Σ_ii."""
    sigma = np.array(standin.truth_record()["sigma"])
    order = ["LFDI", "LGDP", "LEXS1", "LEXS2"]
    perm = [NAMES.index(v) for v in order]
    p = np.linalg.cholesky(sigma[np.ix_(perm, perm)])
    paper = load_paper_reported()
    for table, response in (("table4_fevd", "LEXS1"), ("table5_fevd", "LEXS2")):
        cols = paper[table]["columns"]
        row = dict(zip(cols, paper[table]["rows"][0]))
        i = order.index(response)
        se = np.sqrt((p[i] ** 2).sum())
        shares = 100 * p[i] ** 2 / se**2
        assert abs(se - row["se"]) < 1e-9 * row["se"]
        for j, impulse in enumerate(order):
            assert abs(shares[j] - row[impulse]) < 1e-6, (response, impulse)  # percent points


def test_true_loadings_short_run_terms_and_normalisation():
    t = standin.truth()
    assert t.alpha[0, 0] == -1.37 and t.alpha[1, 1] == -0.86  # stored exactly
    assert t.gamma[0, NAMES.index("LFDI")] == -0.082 and t.gamma[1, NAMES.index("LFDI")] == 0.05
    np.testing.assert_array_equal(t.beta[:3], np.eye(3))
    assert (t.rank, t.lags, t.case) == (3, 1, 3)
    assert np.all(np.linalg.eigvalsh(t.sigma) > 0)


def test_companion_has_exactly_one_unit_root():
    t = standin.truth()
    a1 = np.eye(4) + t.alpha @ t.beta[:4].T + t.gamma
    comp = np.block([[a1, -t.gamma], [np.eye(4), np.zeros((4, 4))]])
    moduli = np.sort(np.abs(np.linalg.eigvals(comp)))[::-1]
    assert abs(moduli[0] - 1) < 1e-9
    assert moduli[1] < 0.9  # the other seven strictly inside the unit circle
    np.testing.assert_allclose(moduli, standin.truth_record()["companion_moduli"], rtol=1e-9, atol=1e-12)


def test_deterministic_path_keeps_every_cointegrating_relation():
    """Without shocks β'y stays at its long-run mean c and log GDP follows the documented path."""
    params = standin.true_parameters()
    y = standin.simulate_logs(params, seed=0, shocks_scale=0.0)
    ect = y @ params["beta"]
    np.testing.assert_allclose(ect, np.broadcast_to(params["ect_means"], ect.shape), atol=1e-9)
    np.testing.assert_allclose(y[:, 3], standin.deterministic_gdp()[2:], atol=1e-9)
    levels = standin.to_levels(y)
    for col, (v1995, v2024) in standin.EQUILIBRIUM.items():
        np.testing.assert_allclose(levels[col].iloc[[0, -1]], [v1995, v2024], rtol=1e-9)


def test_seed_is_the_first_that_passes_the_documented_rule():
    rec = standin.truth_record()
    params, anchors = standin.true_parameters(), standin.public_anchors()
    reasons = [standin.acceptance(standin.to_levels(standin.simulate_logs(params, s)), anchors)
               for s in range(rec["seed_base"], rec["seed"] + 1)]
    assert reasons[-1] == "" and all(reasons[:-1])
    assert sum(rec["seeds_rejected"].values()) == len(reasons) - 1
    shipped = pd.read_csv(standin.STANDIN_CSV, index_col="year")
    assert standin.acceptance(shipped, anchors) == ""


def test_period1_table_lines_up_truth_estimate_and_paper_by_name():
    """The book's period-1 table: its "true model" rows equal the paper's (1e-6 percent points,
    the transcription's precision; reference: Tables 4-5 in data/paper_reported.json), also when
    the model variables are given in another order than the truth's; the estimate rows are the
    run's own decomposition (each row sums to 100)."""
    from vecmbook import analysis, compare

    ctx = analysis.prepare(vars=["GDP", "EXS2", "FDI", "EXS1"], ordering=["FDI", "GDP", "EXS1", "EXS2"],
                           boot=0)
    table = compare.period1_truth_estimate_paper(ctx.fit, standin.truth(), NAMES, ctx.names,
                                                 ctx.order_names)
    assert list(table.columns) == ["S.E.", "LGDP", "LEXS2", "LFDI", "LEXS1"]
    shares = table.drop(columns="S.E.")
    diff = shares.xs("true model", level="source") - shares.xs("paper", level="source")
    assert diff.abs().to_numpy().max() < 1e-6
    np.testing.assert_allclose(shares.xs("estimate", level="source").sum(axis=1), 100, atol=1e-9)
    assert table.loc[("LEXS1", "estimate"), "LEXS2"] == 0.0  # LEXS2 is ordered after LEXS1
