"""Public figures: unit conversions on rows whose source text states the value in words.

Each expected value is read off the row's own scope note or unit text in
data/public_figures.csv (e.g. "source gives US$3.579 billion"), not from our code.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vecmbook.study.public import FRACTION, PUBLIC_CSV, RMB, USD, load_public_figures

SHARED = Path("/work/shared/data/dongguan_public_figures.csv")


@pytest.fixture(scope="module")
def pub():
    return load_public_figures()


def one(pub, year, series, raw):
    rows = pub[(pub["year"] == year) & (pub["series"] == series) & (pub["value_raw"] == raw)]
    assert len(rows) >= 1, (year, series, raw)
    return rows.iloc[0]


def test_shipped_copy_equals_the_shared_file():
    if not SHARED.exists():
        pytest.skip("shared/ not present (a clone without it); nothing to compare")
    assert PUBLIC_CSV.read_bytes() == SHARED.read_bytes()


def test_gdp_conversions(pub):
    r = one(pub, 2006, "gdp", "262.7")  # "billion RMB (=2627 x 100 million RMB)"
    assert r["value"] == pytest.approx(2627) and r["unit"] == RMB and r["plottable"]
    r = one(pub, 2009, "gdp", "376.326")  # "=3763.26 x 100 million RMB"
    assert r["value"] == pytest.approx(3763.26)
    r = one(pub, 2023, "gdp", "1.14万亿 (11400)")  # 1.14 万亿 = 11400 x 100 million
    assert r["value"] == pytest.approx(11400) and r["plottable"]
    r = one(pub, 2021, "gdp", "over 1 trillion")
    assert not r["plottable"] and r["bound"] == "lower" and r["reason"] == "lower bound only"
    r = one(pub, 2024, "gdp", "1.2万亿+")
    assert r["value"] == pytest.approx(12000) and r["bound"] == "lower" and not r["plottable"]
    r = one(pub, 2000, "gdp", "")
    assert np.isnan(r["value"]) and r["reason"] == "growth rate only, no level"


def test_fdi_conversions(pub):
    r = one(pub, 2009, "fdi", "2.6")  # "billion USD"
    assert r["value"] == pytest.approx(26.0) and r["unit"] == USD and r["model_series"] == "FDI" and r["plottable"]
    r = one(pub, 2015, "fdi", "5.319")
    assert r["value"] == pytest.approx(53.19)
    r = one(pub, 2008, "fdi", "24.47")
    assert r["value"] == 24.47 and r["plottable"]
    rmb = pub[(pub["year"] == 2024) & (pub["series"] == "fdi") & (pub["unit"] == RMB)]
    assert len(rmb) >= 1 and not rmb["plottable"].any()
    assert rmb["reason"].str.contains("needs an exchange rate").all()


def test_export_shares(pub):
    r = one(pub, 2007, "exports_general/exports_total", "35.79 / 602.32")  # US$3.579 bn / US$60,232 m
    assert r["value"] == pytest.approx(35.79 / 602.32) and r["model_series"] == "EXS2" and r["plottable"]
    assert r["confidence"] == "medium-high"
    r = one(pub, 2021, "exports_me", "70.0")  # "more than 70 percent"
    assert r["value"] == pytest.approx(0.70) and r["unit"] == FRACTION and r["bound"] == "lower"
    assert not r["plottable"]
    r = one(pub, 2006, "exports_processing", "94.0")  # a share, but not one of the model's series
    assert r["value"] == pytest.approx(0.94) and r["model_series"] == "" and not r["plottable"]
    r = one(pub, 2025, "exports_me/exports_total", "6821.9 / 9707.4")
    assert r["model_series"] == "EXS1" and r["reason"] == "outside 1995–2024"


def test_study_figures_are_included_and_graded(pub):
    r = one(pub, 2005, "fdi", "14.68")  # "1.468 billion US dollars" (study, section 3.1)
    assert r["confidence"] == "study" and r["plottable"]
    r = one(pub, 2024, "fdi", "0.75232")  # contradicted by the same year's 5.34 billion RMB
    assert not r["plottable"]
    assert not (load_public_figures(include_study=False)["confidence"] == "study").any()


# --- the data chapter's gap between a series and the public figures (vecmbook.report.describe) ----------

import csv  # noqa: E402

import pandas as pd  # noqa: E402

from vecmbook.report import describe  # noqa: E402
from vecmbook.study import standin  # noqa: E402


def _figs(rows):
    return pd.DataFrame(rows, columns=["year", "model_series", "value", "plottable", "confidence"])


def test_gap_detail_picks_the_farthest_figure_of_each_year():
    """Reference: gaps computed by hand as 100 ln(series / figure); tolerance 1e-12 (rounding only)."""
    raw = pd.DataFrame({"GDP": [100.0, 200.0], "FDI": [10.0, 10.0]}, index=["2001", "2002"])
    figs = _figs([
        (2001, "GDP", 90.0, True, "medium-high"),   # +10.5
        (2001, "GDP", 125.0, True, "low"),          # -22.3: farthest in 2001
        (2002, "GDP", 200.0, True, "low"),          # 0
        (2002, "GDP", 20.0, False, "low"),          # not plottable: ignored
        (2002, "FDI", 5.0, True, "medium-high"),    # +69.3
        (2003, "FDI", 5.0, True, "low"),            # outside the sample: ignored
    ])
    d = describe.public_gap_detail(raw, figs).set_index(["series", "year"])
    assert list(d.index) == [("GDP", 2001), ("GDP", 2002), ("FDI", 2002)]
    assert d.loc[("GDP", 2001), "figures"] == 2 and d.loc[("GDP", 2001), "grade"] == "low"
    np.testing.assert_allclose(d.loc[("GDP", 2001), "gap"], 100 * np.log(100 / 125), atol=1e-12)
    np.testing.assert_allclose(d.loc[("GDP", 2002), "gap"], 0.0, atol=1e-12)
    np.testing.assert_allclose(d.loc[("FDI", 2002), "gap"], 100 * np.log(2.0), atol=1e-12)
    assert d.loc[("GDP", 2001), "public figure"] == 125.0 and d.loc[("GDP", 2001), "this run"] == 100.0

    g = describe.public_gaps(raw, figs)
    np.testing.assert_allclose(g.loc["GDP", "largest gap"], 100 * np.log(100 / 125), atol=1e-12)
    np.testing.assert_allclose(g.loc["GDP", "largest gap, medium-high figures"], 100 * np.log(100 / 90), atol=1e-12)
    assert g.loc["GDP", "in year (medium-high)"] == 2001
    # no medium-high figure for a series: the medium-high columns are missing values, not zero
    g2 = describe.public_gaps(raw, figs[figs["confidence"] == "low"])
    assert pd.isna(g2.loc["GDP", "largest gap, medium-high figures"])
    assert pd.isna(g2.loc["GDP", "in year (medium-high)"])


def test_gap_tables_empty_for_user_names_and_quarterly_periods():
    figs = _figs([(2001, "GDP", 110.0, True, "low")])
    assert describe.public_gap_detail(pd.DataFrame({"A": [1.0]}, index=["2001"]), figs).empty
    assert describe.public_gap_detail(pd.DataFrame({"GDP": [1.0]}, index=["2001Q1"]), figs).empty
    assert describe.public_gaps(pd.DataFrame({"A": [1.0]}, index=["2001"]), figs).empty


def test_standin_gaps_against_the_public_figures(pub):
    """The numbers the data chapter shows for the stand-in, checked against the files themselves.

    References: GDP 2024 in data/dongguan_standin.csv (read here with the csv module) and the 2024
    GDP levels in data/public_figures.csv (12282, 1.23万亿 = 12300, 12282.15, all graded low); the
    farthest of them from the stand-in's value is the one the table shows. Tolerance 1e-9 log points
    (float rounding).
    """
    with open(standin.STANDIN_CSV, newline="") as fh:
        levels = {int(r["year"]): r for r in csv.DictReader(fh)}
    gdp_2024 = float(levels[2024]["GDP"])
    raw = pd.DataFrame({c: [float(levels[y][c]) for y in sorted(levels)] for c in standin.COLUMNS},
                       index=[str(y) for y in sorted(levels)])
    detail = describe.public_gap_detail(raw, pub).set_index(["series", "year"])
    row = detail.loc[("GDP", 2024)]
    figures_2024 = [12282.0, 12300.0, 12282.15]
    farthest = max(figures_2024, key=lambda f: abs(np.log(gdp_2024 / f)))
    assert row["figures"] == 3 and row["public figure"] == farthest and row["grade"] == "low"
    np.testing.assert_allclose(row["gap"], 100 * np.log(gdp_2024 / farthest), atol=1e-9)
    # the seed acceptance rule (standin_truth.json "selection"): GDP and FDI within TOLERANCE of
    # every medium-high figure; low-grade figures were not part of it
    gaps = describe.public_gaps(raw, pub)
    for series, tol in standin.TOLERANCE.items():
        assert abs(gaps.loc[series, "largest gap, medium-high figures"]) <= 100 * tol
        assert abs(gaps.loc[series, "largest gap"]) >= abs(gaps.loc[series, "largest gap, medium-high figures"])
