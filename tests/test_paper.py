"""Properties of the study's own numbers (data/paper_reported.json).

These check the transcription against the paper's internal arithmetic: FEVD rows sum to
100, and the trace statistics follow from the eigenvalues, −T Σ_{i>r} log(1−λ_i)
(Johansen 1995, eq. 6.20), for one T only.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from vecmbook.study.paper import fevd_frame, johansen_frame, load_paper_reported, unit_root_frame


@pytest.mark.parametrize("response", ["LEXS1", "LEXS2"])
def test_fevd_rows_sum_to_100(response):
    table = fevd_frame(response)
    assert list(table.index) == list(range(1, 11))
    sums = table[["LEXS1", "LEXS2", "LFDI", "LGDP"]].sum(axis=1)
    off = sums[(sums - 100).abs() > 0.01]
    assert off.empty, f"rows not summing to 100 within 0.01: {off.to_dict()}"


def test_largest_row_sum_gap_is_the_one_recorded():
    """The JSON's finding names Table 4, period 6 (99.999108) as the largest gap."""
    gaps = {(r, p): abs(s - 100) for r in ("LEXS1", "LEXS2")
            for p, s in fevd_frame(r)[["LEXS1", "LEXS2", "LFDI", "LGDP"]].sum(axis=1).items()}
    assert max(gaps, key=gaps.get) == ("LEXS1", 6)
    assert "99.999108" in load_paper_reported()["fevd_row_sums"]["finding"]


def test_table3_trace_statistics_imply_T_25():
    t3 = johansen_frame()
    lam = t3["Eigenvalue"].to_numpy()
    tail = np.flip(np.cumsum(np.flip(-np.log1p(-lam))))
    implied = t3["Trace Statistic"].to_numpy() / tail
    recorded = load_paper_reported()["table3_implied_T"]
    np.testing.assert_allclose(implied, recorded["per_row"], atol=1e-5)
    # eigenvalues are printed to 6 decimals: relative rounding error below 1e-4 reproduces T exactly
    np.testing.assert_allclose(implied, recorded["value"], rtol=1e-4)
    for t in (28, 29, 30):  # the sample sizes one might expect; each misses by more than 10 %
        assert np.all(np.abs(t * tail / t3["Trace Statistic"].to_numpy() - 1) > 0.1)


def test_conclusion_figures_are_the_tables_rounded():
    """Section 5.1.2's percentages are Tables 4-5 rounded to one (or two) decimals."""
    items = load_paper_reported()["conclusion_figures"]["items"]
    for it in items:
        table = fevd_frame(it["response"])
        for period, value in ((it["from_period"], it["from"]), (it["to_period"], it["to"])):
            if period is None:
                continue
            decimals = len(str(value).split(".")[1])
            assert round(table.loc[period, it["impulse"]], decimals) == value, it["quote"]


def test_unit_root_rows_keep_the_papers_labels():
    ur = unit_root_frame()
    assert len(ur) == 16
    d_fdi = ur[(ur["label_in_paper"] == "D(FDI)") & (ur["test"] == "ADF")].iloc[0]
    assert d_fdi["variable"] == "LFDI" and d_fdi["form"] == "diff" and d_fdi["stat"] == -4.06
    assert d_fdi["as_printed"] == "--4.06(0.02)"
    contradicted = ur[(ur["pvalue"] < 0.05) & (ur["result"] == "Non-stationary")]
    assert contradicted[["variable", "form", "test"]].values.tolist() == [["LEXS1", "level", "PP"]]


PAPER_TEXT = Path("/work/shared/study/paper_fdi_dongguan_vecm.txt")


def test_error_correction_quotes_are_verbatim_and_values_as_printed():
    """Each quoted error-correction number appears in the paper's text with its quote (subscripts
    ₁ ₂ read as 1 2), and ``value`` is the printed number where one is printed."""
    items = load_paper_reported()["error_correction"]["items"]
    assert [i["section"] for i in items].count("5.1.1") == 1  # the conclusion's figure is kept
    for it in items:
        number = re.search(r"-?\d+\.\d+", it["as_printed"])
        assert (it["value"] is None) == (number is None), it
        if number:
            assert it["value"] == float(number.group())
    if not PAPER_TEXT.exists():
        pytest.skip("shared/ not present (a clone without it); quotes not checked against the text")
    text = " ".join(PAPER_TEXT.read_text(encoding="utf-8").replace("₁", "1").replace("₂", "2").split())
    for it in items:
        assert " ".join(it["quote"].split()) in text, it["quote"]
