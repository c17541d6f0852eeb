"""The study's claims (vecmbook.study.claims): verdicts on constructed records whose answer is
known, on infeasible specs and missing variables, and on the run's real record against the
estimates computed directly."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from vecmbook.econometrics import fevd, irf
from vecmbook.pipeline import analysis, grid
from vecmbook.study import claims
from vecmbook.study.claims import CANNOT, CONTRADICTS, SUPPORTS

NAMES = ["LEXS1", "LEXS2", "LFDI", "LGDP"]
ORDER = ["LFDI", "LGDP", "LEXS1", "LEXS2"]


def matrix(default: float, **cells: float) -> dict:
    """response → impulse → value, every cell ``default`` except ``cells`` named RESP_IMP."""
    out = {r: {i: default for i in NAMES} for r in NAMES}
    for key, value in cells.items():
        resp, imp = key.split("_")
        out[resp][imp] = value
    return out


def record(**changes) -> dict:
    """A grid record that supports every claim a grid record can speak to, and a run's extras."""
    ect = {r: {c: {"alpha": 0.1, "se": 0.2} for c in NAMES[:3]} for r in NAMES}
    ect["LEXS1"]["LEXS1"] = {"alpha": -1.0, "se": 0.2}
    ect["LEXS2"]["LEXS2"] = {"alpha": -0.8, "se": 0.3}
    base = {"lags": 1, "deterministic": 3, "ordering": ORDER, "start": 1995, "end": 2024, "horizon": 10,
            "status": "ok", "nobs": 28, "rank_trace": 3, "rank_used": 3, "ect": ect,
            "impact": matrix(0.01, LEXS1_LFDI=-0.01, LEXS2_LFDI=0.02),
            "fevd_last": matrix(10.0, LEXS1_LFDI=60.0, LEXS2_LFDI=55.0)}
    return base | changes


def run_extras(**changes) -> dict:
    paths = {r: {i: [0.0] * 5 for i in NAMES} for r in NAMES}
    paths["LEXS1"]["LFDI"] = [-0.01, -0.02, 0.015, -0.004, 0.001]
    paths["LEXS2"]["LFDI"] = [0.02, 0.01, -0.005, 0.001, 0.0005]
    lower = copy.deepcopy(paths)
    upper = copy.deepcopy(paths)
    for var in ("LEXS1", "LEXS2"):
        lower[var]["LFDI"] = [v - 0.005 for v in paths[var]["LFDI"]]
        upper[var]["LFDI"] = [v + 0.005 for v in paths[var]["LFDI"]]
    extras = {"fevd_first": matrix(10.0, LEXS1_LFDI=18.2, LEXS2_LFDI=0.4), "irf": paths, "irf_lower": lower,
              "irf_upper": upper, "short_run": {"LEXS1": {"D(LFDI(-1))": {"coef": -0.08, "se": 0.1}}}}
    return record(**extras) | changes


def outcome(claim_id: str, rec: dict) -> str:
    return claims.BY_ID[claim_id].evaluate(rec).outcome


def test_each_claim_once_with_its_section_and_the_studys_figure():
    ids = [c.id for c in claims.CLAIMS]
    assert len(ids) == len(set(ids))
    assert all(c.section and c.statement and c.paper for c in claims.CLAIMS)
    assert {c.id for c in claims.CLAIMS if c.in_grid} == {"rank3", "ect_negative", "irf_signs", "fevd_majority",
                                                            "policy_general_trade"}


def test_a_record_built_to_agree_supports_every_claim_it_can_speak_to():
    verdicts = claims.evaluate(run_extras())
    assert {k: v.outcome for k, v in verdicts.items() if v.outcome != SUPPORTS} == {"low_end_lock_in": CANNOT}


@pytest.mark.parametrize("claim_id,changes,expected", [
    ("rank3", {"rank_trace": 2}, CONTRADICTS),
    ("rank3", {"rank_trace": None}, CANNOT),  # tables do not apply (--exog)
    ("fevd_majority", {"fevd_last": matrix(10.0, LEXS1_LFDI=60.0, LEXS2_LFDI=49.9)}, CONTRADICTS),
    ("fevd_majority", {"horizon": 20}, CANNOT),
    ("irf_signs", {"impact": matrix(0.01, LEXS1_LFDI=0.01, LEXS2_LFDI=0.02)}, CONTRADICTS),
    ("irf_signs", {"ordering": ["LEXS1", "LFDI", "LGDP", "LEXS2"]}, CANNOT),  # zero by construction
    ("policy_general_trade", {"fevd_last": matrix(10.0, LEXS2_LFDI=20.0)}, CONTRADICTS),
])
def test_changing_the_evidence_changes_the_verdict(claim_id, changes, expected):
    assert outcome(claim_id, record()) == SUPPORTS
    assert outcome(claim_id, record(**changes)) == expected


def test_loadings_must_be_negative_and_significant():
    rec = record()
    rec["ect"]["LEXS2"]["LEXS2"] = {"alpha": -0.3, "se": 0.2}  # t = -1.5
    verdict = claims.BY_ID["ect_negative"].evaluate(rec)
    assert verdict.outcome == CONTRADICTS and "t = -1.50" in verdict.why
    rec["ect"]["LEXS2"]["LEXS2"] = {"alpha": 0.9, "se": 0.2}
    assert outcome("ect_negative", rec) == CONTRADICTS
    one = record(rank_used=1, ect={r: {"LEXS1": {"alpha": -1.0, "se": 0.1}} for r in NAMES})
    assert claims.BY_ID["ect_negative"].evaluate(one).outcome == CANNOT


def test_infeasible_specs_and_missing_variables_cannot_speak():
    bad = {"lags": 3, "deterministic": 3, "ordering": ORDER, "status": "infeasible", "reason": "too few observations"}
    assert {v.outcome for v in claims.evaluate(bad).values()} == {CANNOT}
    assert "too few observations" in claims.BY_ID["rank3"].evaluate(bad).why
    three = record(ordering=["LFDI", "LGDP", "LEXS1"])
    verdict = claims.BY_ID["fevd_majority"].evaluate(three)
    assert verdict.outcome == CANNOT and "do not include LEXS2" in verdict.why


def test_a_grid_record_cannot_speak_to_the_run_only_claims():
    verdict = claims.BY_ID["weak_direct_effect"].evaluate(record())
    assert verdict.outcome == CANNOT and "only the run's own record" in verdict.why


def test_short_run_claims_on_the_runs_extras():
    assert outcome("weak_direct_effect", run_extras(short_run={"LEXS1": {"D(LFDI(-1))": {"coef": -0.5,
                                                                                           "se": 0.1}}})) == CONTRADICTS
    assert outcome("weak_direct_effect", run_extras(short_run={})) == CANNOT  # --lags 0
    assert outcome("policy_screening", run_extras(rank_used=0)) == CONTRADICTS
    rise = run_extras(fevd_first=matrix(10.0, LEXS1_LFDI=70.0, LEXS2_LFDI=0.4))
    assert outcome("fevd_rise", rise) == CONTRADICTS
    no_bands = run_extras(irf_lower=None, irf_upper=None)
    assert outcome("policy_network", no_bands) == CANNOT


def test_convergence_needs_a_reversal_and_a_small_last_response():
    rec = run_extras()
    assert outcome("lag_reversal_convergence", rec) == SUPPORTS
    rec["irf"]["LEXS2"]["LFDI"] = [0.01, 0.02, 0.03, 0.04, 0.05]  # monotone, permanent
    verdict = claims.BY_ID["lag_reversal_convergence"].evaluate(rec)
    assert verdict.outcome == CONTRADICTS and "no sign reversal" in verdict.why


def test_robustness_table_counts_the_specifications():
    recs = [record(), record(rank_trace=2), record(status="infeasible", reason="short")]
    table = claims.robustness_table(recs)
    row = table.loc["rank3"]
    assert (row[SUPPORTS], row[CONTRADICTS], row[CANNOT]) == (1, 1, 1)
    assert row["holds in (%)"] == pytest.approx(50.0)
    assert "low_end_lock_in" not in table.index  # no result can speak to it
    none = claims.robustness_table([record(status="infeasible", reason="short")])
    assert np.isnan(none.loc["rank3", "holds in (%)"])


def test_verdicts_on_the_runs_record_follow_the_estimates():
    """On the default run, irf_signs and fevd_majority say what the directly computed numbers say."""
    ctx = analysis.prepare(boot=0)
    rec = grid.run_record(ctx)
    theta = irf.orthogonalised(ctx.fit, 10, ctx.order, dof_adjust=True)
    i1, i2, j = (ctx.names.index(n) for n in ("LEXS1", "LEXS2", "LFDI"))
    signs = theta[0, i1, j] < 0 < theta[0, i2, j]
    assert (outcome("irf_signs", rec) == SUPPORTS) == signs
    shares = fevd.fevd(ctx.fit, 10, ctx.order)[1][-1]
    assert (outcome("fevd_majority", rec) == SUPPORTS) == (shares[i1, j] > 50 and shares[i2, j] > 50)
    assert outcome("policy_network", rec) == CANNOT  # boot 0: no bands
    table = claims.verdict_table(rec)
    assert list(table.index) == [c.id for c in claims.CLAIMS]
    assert set(table["this run"]) <= set(claims.OUTCOMES)


def test_glance_table_is_text_with_the_truth_only_on_the_standin():
    """Every cell is text or empty with a reason (no raw NaN/None), the paper's numbers come from the
    transcription, ours from the run, the truth column only where a known truth exists; the page's
    table shows each empty cell as "–" with its reason in a footnote."""
    from vecmbook.econometrics import unitroot
    from vecmbook.report import conclusions_tables
    from vecmbook.study import conclusions, standin

    ctx = analysis.prepare(boot=0)
    rec = grid.run_record(ctx)
    truth = conclusions.truth_values(ctx.names, ctx.order_names, 10)
    glance = conclusions.glance_table(rec, unitroot.unit_root_tests(ctx.frame), ctx.asymptotic_test, truth, "stand-in")
    table = glance.values
    assert (table.isna() == glance.missing.notna()).all().all()  # a reason exactly where a value is missing
    assert table.map(lambda v: v is None or isinstance(v, str) and v not in ("nan", "None", "")).all().all()
    assert table.loc["Table 3: rank (trace test, 5 %)", "stand-in truth"] == str(standin.truth().rank)
    assert table.loc["ECT1 loading in ΔLEXS1 (4.3.2)", "study"] == "-1.37"
    assert table.loc["FDI's share of LEXS1 at period 10 (%)", "ours"] == f"{rec['fevd_last']['LEXS1']['LFDI']:.1f}"
    assert table.loc["Table 2: D(LEXS2), ADF / PP", "study"] == "non-stationary / stationary"
    assert glance.missing.loc["Table 3: trace statistic, rank ≤ 0", "stand-in truth"] == conclusions.NO_STATISTIC
    shown = conclusions_tables.glance_table(glance, "a test")
    assert any(f.endswith(f" {conclusions.NO_STATISTIC}.") for f in shown.footnotes)
    assert 'class="vb vb-stack"' in shown.html and 'data-label="stand-in truth"' in shown.html
    assert "non\u2011stationary" in shown.html and "non-stationary" not in shown.html  # words stay whole
    user = conclusions.glance_table(rec, unitroot.unit_root_tests(ctx.frame), ctx.asymptotic_test, None, "user")
    assert user.values["stand-in truth"].isna().all()
    assert set(user.missing["stand-in truth"]) == {conclusions.NO_TRUTH}
    assert "your data" in user.values.loc["Table 3: rank (trace test, 5 %)", "reason"]
    three = conclusions.glance_table(rec | {"ordering": ["LFDI", "LGDP", "LEXS1"]}, [], ctx.asymptotic_test, None,
                                     "user")
    impact = "Impact response of LEXS2 to an FDI shock (4.5)"
    assert three.values.loc[impact, "ours"] is None and three.missing.loc[impact, "ours"] == conclusions.NOT_IN_RUN
    assert three.missing.loc[impact, "ours vs study"] == conclusions.NO_GAP
