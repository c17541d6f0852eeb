"""The data chapter's tables and figures (vecmbook.report.describe).

Reference values are computed here by hand from constructed series (exact growth rates,
known ratios to the public figures); tolerances are rounding only (1e-12).
"""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from vecmbook.report import describe  # noqa: E402


def test_growth_table_recovers_a_known_constant_growth_rate():
    years = pd.Index(range(2000, 2013), name="year")
    raw = pd.DataFrame({"A": 3.0 * np.exp(0.05 * np.arange(13)), "B": np.full(13, 7.0)}, index=years)
    table = describe.growth_table(raw)
    np.testing.assert_allclose(table.loc["A"], 5.0, atol=1e-12)
    np.testing.assert_allclose(table.loc["B"], 0.0, atol=1e-12)
    assert list(table.columns) == ["whole sample", "2000–2004", "2005–2008", "2009–2012"]


def test_summary_table_agrees_with_pandas_describe():
    rng = np.random.default_rng(0)
    raw = pd.DataFrame(rng.random((20, 2)) + 1, columns=["A", "B"], index=range(1990, 2010))
    ours, ref = describe.summary_table(raw), raw.describe().T
    for ours_col, ref_col in [("n", "count"), ("mean", "mean"), ("std", "std"), ("min", "min"), ("max", "max")]:
        np.testing.assert_allclose(ours[ours_col], ref[ref_col], atol=1e-12)
    assert (ours["first"] == raw.iloc[0]).all() and (ours["last"] == raw.iloc[-1]).all()


@pytest.mark.parametrize("index,word", [(["1995", "1996"], "year"), ([1995, 1996], "year"),
                                        (["1974Q1", "1974Q2"], "quarter")])
def test_period_word(index, word):
    assert describe.period_word(pd.Index(index)) == word


def _figures(rows):
    return pd.DataFrame(rows, columns=["year", "model_series", "value", "plottable", "confidence"])


def test_public_gaps_are_log_point_differences_and_pick_the_largest():
    raw = pd.DataFrame({"GDP": [100.0, 200.0, 400.0], "A": [1.0, 2.0, 3.0]}, index=[2001, 2002, 2003])
    figures = _figures([
        (2001, "GDP", 110.0, True, "low"),
        (2003, "GDP", 200.0, True, "medium-high"),    # our 400 is double: +69.3 log points
        (2002, "GDP", 1.0, False, "low"),             # not plottable: ignored
        (1999, "GDP", 50.0, True, "low"),             # outside the sample: ignored
    ])
    gaps = describe.public_gaps(raw, figures)
    assert list(gaps.index) == ["GDP"]  # "A" has no public figure
    row = gaps.loc["GDP"]
    assert row["public figures"] == 2 and row["in year"] == 2003 and row["grade of that figure"] == "medium-high"
    np.testing.assert_allclose(row["largest gap"], 100 * np.log(2.0), atol=1e-12)
    np.testing.assert_allclose(row["median |gap|"], np.median([100 * np.log(110 / 100), 100 * np.log(2.0)]),
                               atol=1e-12)


def test_public_gaps_empty_for_user_names_and_quarters():
    figures = _figures([(2001, "GDP", 110.0, True, "low")])
    assert describe.public_gaps(pd.DataFrame({"A": [1.0]}, index=[2001]), figures).empty
    assert describe.public_gaps(pd.DataFrame({"GDP": [1.0]}, index=["2001Q1"]), figures).empty


def test_figures_label_units_and_periods():
    raw = pd.DataFrame({"FDI": [1.0, 2.0, 3.0], "A": [4.0, 5.0, 6.0]}, index=["2000Q1", "2000Q2", "2000Q3"])
    fig = describe.series_figure(raw, "Data: test", None)
    fdi, other = fig.axes[:2]
    assert fdi.get_ylabel() == "100 million USD" and other.get_ylabel() == "level"
    assert fdi.get_xlabel() == "period" and fdi.get_title().startswith("FDI")
    logged = describe.log_figure(np.log(raw), "Data: test", logged=True)
    assert logged.axes[0].get_ylabel() == "natural log of the level"
    assert describe.log_figure(raw, "Data: test", logged=False).axes[0].get_ylabel() == "level (units of the file)"
