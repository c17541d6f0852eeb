"""Public figures: unit conversions on rows whose source text states the value in words.

Each expected value is read off the row's own scope note or unit text in
data/public_figures.csv (e.g. "source gives US$3.579 billion"), not from our code.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vecmbook.public import FRACTION, PUBLIC_CSV, RMB, USD, load_public_figures

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
