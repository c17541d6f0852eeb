"""Unit-root layer: statistics against R urca, statsmodels and the textbook regressions.

References: tests/fixtures/urca_unitroot.json, produced by scripts/r_reference_unitroot.R
(R urca 1.3.3 on urca's `denmark` LRM and `nporg` log real GNP; the data are in the
fixture, so Python tests the identical numbers); statsmodels' adfuller/kpss; OLS by
statsmodels for the Zivot-Andrews regression.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from arch.unitroot import ADF, ZivotAndrews
from arch.utility.exceptions import InfeasibleTestException
from statsmodels.tsa.adfvalues import mackinnonp
from statsmodels.tsa.stattools import adfuller, kpss

from vecmbook.econometrics import unitroot as ur
from vecmbook.report import tables, unitroot_tables
from vecmbook.study import unit_roots

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "urca_unitroot.json").read_text())
SERIES = {name: np.asarray(v, dtype=float) for name, v in FIXTURE["data"].items()}


def _ours(name: str, test: str, trend: str, lags: int) -> ur.UnitRootResult:
    """Our level-form result for one fixture series with fixed lag and bandwidth."""
    df = pd.DataFrame({name: SERIES[name]})
    results = ur.unit_root_tests(df, trend_level=trend, trend_diff="c", lags=lags, bandwidth=lags)
    (hit,) = [r for r in results if r.form == "level" and r.test == test]
    return hit


def _cases(test: str):
    return [pytest.param(r, id=f"{r['series']}-{r['trend']}-l{r['lags']}")
            for r in FIXTURE["results"] if r["test"] == test]


@pytest.mark.parametrize("ref", _cases("ADF"))
def test_adf_equals_urca_ur_df(ref):
    """ADF t (urca ur.df tau3 for "trend", tau2 for "drift"), fixed lags; 1e-6 relative."""
    ours = _ours(ref["series"], "ADF", ref["trend"], ref["lags"])
    assert ours.lags == ref["lags"]
    assert ours.stat == pytest.approx(ref["stat"], rel=1e-6)


@pytest.mark.parametrize("ref", _cases("KPSS"))
def test_kpss_equals_urca_ur_kpss(ref):
    """KPSS eta (urca ur.kpss type "tau"/"mu", use.lag = l Bartlett lags); 1e-6 relative."""
    ours = _ours(ref["series"], "KPSS", ref["trend"], ref["lags"])
    assert ours.stat == pytest.approx(ref["stat"], rel=1e-6)


@pytest.mark.parametrize("ref", _cases("PP_hamilton"))
def test_pp_equals_hamilton_formula_in_r(ref):
    """PP Z-tau against the exact finite-sample formula (Hamilton 1994, 17.6.8) evaluated in R
    from lm() on the same test regression with an R Newey-West sum; 1e-6 relative."""
    ours = _ours(ref["series"], "PP", ref["trend"], ref["lags"])
    assert ours.stat == pytest.approx(ref["stat"], rel=1e-6)


@pytest.mark.parametrize("ref", _cases("PP_urca"))
def test_pp_close_to_urca_ur_pp(ref):
    """urca's ur.pp puts moments of y_t (not y_{t-1}) into the correction term, an
    asymptotically negligible difference; on these 55/62-observation series it moves Z-tau
    by at most 0.007, so we require agreement within 0.02 absolute and not exact equality."""
    ours = _ours(ref["series"], "PP", ref["trend"], ref["lags"])
    assert ours.stat == pytest.approx(ref["stat"], abs=0.02)


@pytest.mark.parametrize("name", sorted(SERIES))
@pytest.mark.parametrize("trend", ["c", "ct"])
def test_adf_and_kpss_equal_statsmodels_both_forms(name, trend):
    """statsmodels adfuller(autolag=None) and kpss(nlags=l) as the independent references,
    levels and np.diff differences, lags 0..3; 1e-8 relative."""
    x = SERIES[name]
    for lags in range(4):
        res = ur.unit_root_tests(pd.DataFrame({name: x}), trend_level=trend, trend_diff=trend,
                                 lags=lags, bandwidth=lags)
        for form, series in (("level", x), ("diff", np.diff(x))):
            got = {r.test: r for r in res if r.form == form}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref_adf = adfuller(series, maxlag=lags, regression=trend, autolag=None)[0]
                ref_kpss = kpss(series, regression=trend, nlags=lags)[0]
            assert got["ADF"].stat == pytest.approx(ref_adf, rel=1e-8)
            assert got["KPSS"].stat == pytest.approx(ref_kpss, rel=1e-8)
            assert got["ADF"].nobs == series.shape[0]


@pytest.mark.parametrize("ic,sm_ic", [("aic", "AIC"), ("bic", "BIC")])
def test_ic_lag_choice_matches_statsmodels(ic, sm_ic):
    """Lag chosen by AIC/BIC over 0..max_lags on a common sample, then re-estimated: the
    same procedure as statsmodels adfuller(autolag=...); lag equal, statistic 1e-8."""
    for name, x in SERIES.items():
        res = ur.unit_root_tests(pd.DataFrame({name: x}), ic=ic, max_lags=4)
        (adf,) = [r for r in res if r.test == "ADF" and r.form == "level"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stat, _, lag, *_ = adfuller(x, maxlag=4, regression="ct", autolag=sm_ic)
        assert adf.lags == lag
        assert adf.stat == pytest.approx(stat, rel=1e-8)
        assert adf.lag_rule.startswith(ur.IC[ic])


@pytest.fixture(scope="module")
def short_sample() -> pd.DataFrame:
    """Four seeded random walks with drift, 30 annual observations 1995-2024 (the study's size)."""
    rng = np.random.default_rng(20250101)
    y = np.cumsum(0.05 + rng.standard_normal((30, 4)) * 0.1, axis=0)
    return pd.DataFrame(y, index=range(1995, 2025), columns=["LEXS1", "LEXS2", "LFDI", "LGDP"])


@pytest.fixture(scope="module")
def short_results(short_sample):
    return ur.unit_root_tests(short_sample)


def test_layout_defaults_and_pvalues(short_results):
    """8 rows x 4 tests; default deterministic terms ct/c; Schwert short rule = 2 at T=30;
    p-values inside [0, 1]; 1/5/10 % critical values ordered."""
    assert len(short_results) == 4 * 2 * 4
    for r in short_results:
        assert r.trend == ("ct" if r.form == "level" else "c")
        assert 0.0 <= r.pvalue <= 1.0 and np.isfinite(r.stat)
        assert set(r.crit) == {"1%", "5%", "10%"}
        if r.test in ("ADF", "ZA"):
            assert 0 <= r.lags <= 2
        else:
            assert r.lags == 2  # floor(4 (29/100)^(1/4)) = floor(4 (30/100)^(1/4)) = 2
        cv = [r.crit[k] for k in ("1%", "5%", "10%")]
        assert cv == sorted(cv, reverse=r.test == "KPSS")


def test_verdict_rule(short_results):
    """p < 5 % rejects the null; the null is a unit root except for KPSS."""
    assert ur.verdict("ADF", 0.01) == "stationary" and ur.verdict("ADF", 0.2) == "unit root"
    assert ur.verdict("KPSS", 0.01) == "unit root" and ur.verdict("KPSS", 0.2) == "stationary"
    for r in short_results:
        rejects = r.pvalue < 0.05
        assert r.verdict == ("unit root" if rejects == (r.test == "KPSS") else "stationary")


def test_differences_use_np_diff(short_sample, short_results):
    """The diff form is the test of np.diff of the level, with the index shifted by one."""
    for r in short_results:
        if r.form == "diff" and r.test == "ADF":
            x = np.diff(short_sample[r.variable].to_numpy())
            ref = ADF(x, lags=r.lags, trend="c")
            assert r.stat == pytest.approx(ref.stat, rel=1e-12)
            assert r.label == f"D({r.variable})"


def _za_tstat(x: np.ndarray, brk: int, lags: int, trend: str) -> float:
    """t statistic on y_{t-1} in the Zivot-Andrews (1992) regression with the break at
    position ``brk`` (DU_t = 1 for t >= brk), model C ("ct") or model A ("c")."""
    n = x.shape[0]
    t = np.arange(n, dtype=float)
    rows = np.arange(lags + 1, n)
    du = (t >= brk).astype(float)
    cols = [np.ones(rows.size), du[rows], t[rows]]
    if trend == "ct":
        cols.append(np.where(t >= brk, t - brk + 1, 0.0)[rows])
    dx = np.diff(x, prepend=np.nan)
    cols.append(x[rows - 1])
    cols += [dx[rows - j] for j in range(1, lags + 1)]
    fit = sm.OLS(dx[rows], np.column_stack(cols)).fit()
    return float(fit.tvalues[len(cols) - 1 - lags])


def test_zivot_andrews_break_inside_trim_and_regression(short_sample, short_results):
    """The break lies in the trimmed range [int(0.15 n) + 1, n - int(0.15 n)], and the ZA
    statistic is the t statistic of the ZA regression at that break, rebuilt with
    statsmodels OLS (1e-8 relative)."""
    for r in short_results:
        if r.test != "ZA":
            continue
        s = short_sample[r.variable]
        x, index = (s.to_numpy(), s.index) if r.form == "level" else (np.diff(s), s.index[1:])
        n, trim = x.shape[0], int(x.shape[0] * 0.15)
        pos = list(index).index(r.break_period)
        assert trim + 1 <= pos <= n - trim
        assert r.stat == pytest.approx(_za_tstat(x, pos, r.lags, r.trend), rel=1e-8)


@pytest.mark.parametrize("seed", [18, 30, 33])
def test_zivot_andrews_lag_from_adf_with_matching_trend(seed):
    """With lags chosen by AIC (max 2), ZA uses the lag statsmodels' adfuller(autolag="AIC")
    picks with the ZA's own deterministic terms: "ct" for levels, "c" for differences.
    The seeds are random walks (T = 30) whose differences get different AIC lags from a
    "c" and a "ct" ADF (asserted), so a constant + trend search (arch's default) would fail."""
    x = np.cumsum(np.random.default_rng(seed).standard_normal(30))
    res = ur.unit_root_tests(pd.DataFrame({"x": x}), trend_level="ct", trend_diff="c", max_lags=2)
    za = {r.form: r for r in res if r.test == "ZA"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = {form: adfuller(series, maxlag=2, regression=trend, autolag="AIC")[2]
               for form, series, trend in (("level", x, "ct"), ("diff", np.diff(x), "c"))}
        other = adfuller(np.diff(x), maxlag=2, regression="ct", autolag="AIC")[2]
    assert other != ref["diff"]
    assert za["level"].lags == ref["level"] and za["diff"].lags == ref["diff"]
    assert "same deterministic terms" in za["diff"].lag_rule


def test_zivot_andrews_infeasible_is_left_out_and_said():
    """16 observations with 3 fixed lags: arch's ZA has too few observations per trimmed
    regime (InfeasibleTestException); the other tests still run, ZA's rows are named in the
    notes and its order reads "not computable" instead of the run crashing."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": np.cumsum(rng.standard_normal(16))}, index=range(2000, 2016))
    with pytest.raises(InfeasibleTestException):
        ZivotAndrews(df["x"].to_numpy(), lags=3, trend="ct").pvalue
    res = ur.unit_root_tests(df, lags=3)
    assert sorted({r.test for r in res}) == ["ADF", "KPSS", "PP"] and len(res) == 6
    shown = unitroot_tables.unit_root_table(res, "test")
    assert shown.frame.loc[("x", "ZA")].drop("terms").isna().all() and "ZA for x, D(x)" in shown.html
    assert tables.NOT_COMPUTABLE in " ".join(shown.footnotes)
    assert ur.integration_orders(res)["x"]["ZA"] == "not computable"


def test_simulated_random_walk_is_i1():
    """A seeded Gaussian random walk (T = 200) is non-stationary by ADF, PP and KPSS, and its
    difference is stationary by all three; combined order I(1)."""
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"rw": np.cumsum(rng.standard_normal(200))})
    res = ur.unit_root_tests(df)
    for r in res:
        if r.test == "ZA":
            continue
        assert r.verdict == ("unit root" if r.form == "level" else "stationary"), r
    order = ur.integration_orders(res)
    assert order["rw"]["order"] == "I(1)" and order["rw"]["KPSS confirms"]
    assert "either" in unitroot_tables.integration_order(res, "test").html


def test_integration_order_rule(short_results):
    """The per-test and combined orders follow the stated rule from the verdicts."""
    order = ur.integration_orders(short_results, rule="both")
    for var in order:
        v = {(r.test, r.form): r.verdict == "stationary" for r in short_results if r.variable == var}
        lvl = v[("ADF", "level")] and v[("PP", "level")]
        dif = v[("ADF", "diff")] and v[("PP", "diff")]
        assert order[var]["order"] == ("I(0)" if lvl else "I(1)" if dif else "I(2)?")
    with pytest.raises(ValueError, match="rule"):
        ur.integration_orders(short_results, rule="majority")


def test_table2_layout(short_results):
    """Rows LEXS1..LGDP then D(LEXS1)..; columns as in the study; cells like '-2.37 (0.38)'."""
    t = unit_roots.table2(short_results, with_paper=True)
    assert list(t.index) == ["LEXS1", "LEXS2", "LFDI", "LGDP",
                             "D(LEXS1)", "D(LEXS2)", "D(LFDI)", "D(LGDP)"]
    assert list(t.columns[:4]) == ["ADF stat (p)", "ADF verdict", "PP stat (p)", "PP verdict"]
    pattern = re.compile(r"^-?\d+\.\d{2} \(\d\.\d{2}\)$")
    assert all(pattern.match(c) for c in t["ADF stat (p)"]) and all(pattern.match(c) for c in t["PP stat (p)"])
    assert t.loc["LEXS1", "paper ADF stat (p)"] == "-2.37 (0.38)"  # Table 2 as printed
    assert t.loc["D(LFDI)", "paper ADF stat (p)"] == "-4.06 (0.02)"
    assert t.attrs["deterministic terms"] == "levels: constant + trend; differences: constant"
    assert "ADF (level): AIC, max 2 lags" in t.attrs["lags"] and "5%" in t.attrs["verdict rule"]
    long = unitroot_tables.unit_root_table(short_results, "test").frame
    assert set(long.index.get_level_values("test")) == {"ADF", "PP", "KPSS", "ZA"}
    assert {"statistic", "p-value", "verdict", "p and cv agree", "break"} <= set(long.columns)


def test_paper_table2_flags_its_own_contradiction():
    """Published Table 2: only LEXS1's PP (p = 0.00, printed 'Non-stationary') contradicts
    the 5 % rule; D(LEXS2)'s ADF (p = 0.39, 'Non-stationary') does not."""
    t = unit_roots.paper_table2()
    flagged = t[t["verdict contradicts p"] != "none"]
    assert list(flagged.index) == ["LEXS1"] and flagged.iloc[0]["verdict contradicts p"] == "PP"


def test_paper_terms_check_against_statsmodels_and_its_verdict():
    """The p-values of the paper's printed statistics equal statsmodels' MacKinnon (1994)
    ``mackinnonp`` (independent copy of the surfaces; 1e-10 relative), and they say the
    paper's tests, differences included, used a constant and trend: no printed p-value is
    nearer the constant-only value, and the discriminating difference rows (D(LEXS2) ADF
    and PP, D(LFDI) ADF) are nearer constant + trend. D(LEXS2) ADF −2.34 (printed 0.39):
    constant + trend within 0.03, constant only more than 0.2 away."""
    chk = unit_roots.paper_terms_check()
    assert len(chk) == 16
    for trend, col in (("c", "p (constant)"), ("ct", "p (constant + trend)")):
        ref = [mackinnonp(stat, regression=trend) for stat in chk["stat"]]
        np.testing.assert_allclose(chk[col], ref, rtol=1e-10)
    assert (chk["closer"] != "constant").all()
    diff_ct = chk[(chk["form"] == "diff") & (chk["closer"] == "constant + trend")]
    assert set(zip(diff_ct["row"], diff_ct["test"])) == {
        ("D(LEXS2)", "ADF"), ("D(LEXS2)", "PP"), ("D(LFDI)", "ADF")}
    d2 = chk[(chk["row"] == "D(LEXS2)") & (chk["test"] == "ADF")].iloc[0]
    assert abs(d2["p (constant + trend)"] - 0.39) < 0.03 and abs(d2["p (constant)"] - 0.39) > 0.2


def test_paper_differences_match_rows(short_sample, short_results):
    """Every ADF/PP result is matched to the printed row with the same variable, form and
    test; numbers are ours and the paper's unformatted."""
    d = unit_roots.paper_differences(short_results)
    assert len(d) == 16 and set(d.test) == {"ADF", "PP"}
    ours = {(r.label, r.test): r for r in short_results}
    printed = unit_roots.paper_table2()
    for _, rec in d.iterrows():
        assert rec["stat"] == ours[rec["row"], rec["test"]].stat
        cell = f"{rec['paper stat']:.2f} ({rec['paper p']:.2f})"
        assert printed.loc[rec["row"], f"{rec['test']} stat (p)"] == cell
    assert unit_roots.paper_differences(
        ur.unit_root_tests(short_sample.rename(columns={"LGDP": "other"}))).shape[0] == 12


def test_records_are_plain_and_json(short_results):
    recs = ur.to_records(short_results)
    required = {"variable", "form", "test", "stat", "pvalue", "lags", "trend"}
    for rec in recs:
        assert required <= set(rec)
        assert type(rec["stat"]) is float and type(rec["pvalue"]) is float and type(rec["lags"]) is int
        assert ("break_period" in rec) == (rec["test"] == "ZA")
    za = [rec for rec in recs if rec["test"] == "ZA"]
    assert all(1995 <= rec["break_period"] <= 2024 for rec in za)
    json.dumps(recs)


@pytest.mark.parametrize("kwargs,word", [
    ({"trend_level": "n"}, "trend_level"), ({"trend_diff": "ctt"}, "trend_diff"),
    ({"ic": "hqic"}, "ic"), ({"alpha": 1.5}, "alpha"), ({"max_lags": -1}, "max_lags"),
    ({"bandwidth": 1.5}, "bandwidth"), ({"lags": -2}, "lags"), ({"trim": 0.5}, "trim"),
])
def test_bad_input_names_parameter(short_sample, kwargs, word):
    with pytest.raises(ValueError, match=word):
        ur.unit_root_tests(short_sample, **kwargs)


def test_bad_frame():
    with pytest.raises(ValueError, match="df"):
        ur.unit_root_tests(pd.DataFrame())
    with pytest.raises(ValueError, match="df column"):
        ur.unit_root_tests(pd.DataFrame({"x": np.arange(8.0)}))


@pytest.mark.needs_r
def test_live_urca_adf_on_denmark():
    """Runs urca now (not the fixture): ur.df(LRM, "trend", lags = 2) tau3; 1e-6 relative."""
    if shutil.which("Rscript") is None:
        pytest.skip("Rscript not installed")
    code = 'suppressMessages(library(urca)); data(denmark); cat(sprintf("%.17g", ' \
           'ur.df(denmark$LRM, type="trend", lags=2)@teststat[1, "tau3"]))'
    proc = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"R package urca unavailable: {proc.stderr.strip()[:80]}")
    assert _ours("denmark_LRM", "ADF", "ct", 2).stat == pytest.approx(float(proc.stdout), rel=1e-6)
