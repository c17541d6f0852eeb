"""The presentation layer (issue 12): tables show missing values as "–" with the reason in a
footnote, booleans as words, floats to the digits asked for and never cut; every figure is
labelled with its data source and its axes, on the book's one convention for time."""
from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from vecmbook.econometrics import fevd, irf, vecm  # noqa: E402
from vecmbook.report import figures, tables  # noqa: E402
from vecmbook.report.dynamics import shares_table  # noqa: E402
from vecmbook.report.vecm_tables import stability_table  # noqa: E402

CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def cells(table: tables.Table) -> list[str]:
    return CELL.findall(table.html)


def test_missing_values_show_a_dash_and_the_reason():
    frame = pd.DataFrame({"ours": [1.5, np.nan], "paper": [np.nan, 2.25]}, index=["a", "b"])
    shown = tables.table(frame, missing={"ours": tables.NOT_COMPUTABLE, "paper": tables.NOT_REPORTED})
    # marks in reading order: row a's gap (the paper's) first
    assert list(shown.cells["ours"]) == ["1.500", "–b"] and list(shown.cells["paper"]) == ["–a", "2.250"]
    assert shown.footnotes == ("–a not reported by the paper.", "–b not computable at this sample.")
    assert "NaN" not in shown.html and "nan" not in shown.html
    one = tables.table(frame, missing=tables.BEYOND_HORIZON)
    assert one.footnotes == ("– beyond the paper's horizon.",) and "–" in cells(one)


@pytest.mark.parametrize("gap", [np.nan, None, pd.NA, ""])
def test_a_missing_value_needs_a_reason(gap):
    with pytest.raises(ValueError, match="reason"):
        tables.table(pd.DataFrame({"x": [1.0, gap]}, dtype=object))


def test_booleans_are_words_and_digits_are_bounded():
    frame = pd.DataFrame({"kept": [True, False], "p": [0.123456789, 1e-9], "n": [3, 4],
                          "lags": [2.0, np.nan], "mixed": ["text", 0.1234567891]})
    shown = tables.table(frame, digits={"p": 4}, words={"kept": ("kept", "given up")}, missing="n/a here")
    assert list(shown.cells["kept"]) == ["kept", "given up"]
    assert list(shown.cells["p"]) == ["0.1235", "0.0000"] and list(shown.cells["n"]) == ["3", "4"]
    assert list(shown.cells["lags"]) == ["2", "–"]  # an integer column pandas made float beside a gap
    assert list(shown.cells["mixed"]) == ["text", "0.123"]
    assert not re.search(r"\d\.\d{7,}", shown.html)
    assert tables.cell_text(-0.0001, 2) == "0.00" and tables.cell_text(np.bool_(True), 2) == "yes"
    with pytest.raises(ValueError, match="digits"):
        tables.table(frame[["p"]], digits=7)


def test_nothing_is_cut_and_wide_tables_scroll_in_their_box():
    reading = "p = 0.412 >= 0.05: no residual autocorrelation at any of the lags tested " * 3
    wide = pd.DataFrame({f"column {i}": [reading if i == 0 else 1.0] for i in range(30)})
    shown = tables.table(wide, source="a test", notes=["see `x`"])
    assert html.escape(reading.strip(), quote=False) in shown.html and "…" not in shown.html and "..." not in shown.html
    assert repr(shown).count(reading.strip()) == 1  # the text/plain copy is not cut either
    assert shown.html.startswith('<div class="vb-table-block"><div class="vb-table">')
    assert '<p class="vb-note">Source: a test</p>' in shown.html and "<code>x</code>" in shown.html
    assert 'class="data row0 col0 vb-text"' in shown.html  # long text wraps in its column
    css = (figures.__file__.rsplit("/vecmbook/", 1)[0] + "/book/_static/vecmbook.css")
    assert re.search(r"\.vb-table\s*\{[^}]*overflow-x:\s*auto", open(css, encoding="utf-8").read())


def test_the_html_is_the_same_on_every_build():
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    assert tables.table(frame).html == tables.table(frame).html


def test_links_show_their_host():
    frame = pd.DataFrame({"src": ["http://www.example.org/a/b.htm https://stats.gov.cn/x", "the study"]})
    html = tables.table(frame, links=["src"]).html
    assert '<a href="http://www.example.org/a/b.htm">example.org</a>, <a href="https://stats.gov.cn/x">' in html
    assert ">the study<" in html


def test_eviews_and_shares_layouts_keep_their_digits(macro3):
    fit = vecm.fit(macro3, 2, 3, 1)
    roots = stability_table(fit, "test")
    assert all(re.fullmatch(r"\d\.\d{6}", c) for c in roots.cells["Modulus"])
    se, shares = fevd.fevd(fit, 4, [0, 1, 2])
    frame = pd.DataFrame(shares[:, 0, :], columns=["a", "b", "c"], index=pd.RangeIndex(1, 5, name="Period"))
    frame.insert(0, "S.E.", se[:, 0])
    shown = shares_table(frame, "test")
    assert all(re.fullmatch(r"\d+\.\d{4}", c) for c in shown.cells["S.E."])
    assert all(re.fullmatch(r"\d+\.\d{2}", c) for c in shown.cells["a"])


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def test_figures_carry_source_axes_and_the_time_convention(macro3):
    fit = vecm.fit(macro3, 1, 3, 1)
    names = ["LGDP", "LCONS", "LINV"]
    theta = irf.orthogonalised(fit, 6, [0, 1, 2])
    grid = figures.irf_grid(theta, theta - 0.01, theta + 0.01, names, "Data: test", "change in log level", 0.95)
    assert "Data: test" in _texts(grid) and len(grid.axes) == 9
    assert [ax.get_xlabel() for ax in grid.axes[-3:]] == [figures.IRF_AXIS] * 3
    assert grid.axes[0].get_ylabel() == "LGDP\nchange in log level" and grid.axes[1].get_title() == "shock to LCONS"
    focus = figures.irf_focus(theta, None, None, names, "Data: test", "change in log level", impulse="LINV",
                              responses=("LGDP", "LCONS"))
    assert [ax.get_title() for ax in focus.axes] == ["Response of LGDP to a shock to LINV",
                                                     "Response of LCONS to a shock to LINV"]
    with pytest.raises(ValueError, match="impulse"):
        figures.irf_focus(theta, None, None, names, "Data: test", "x", impulse="LFDI")
    _, shares = fevd.fevd(fit, 5, [0, 1, 2])
    grid = figures.fevd_grid(shares, names, "Data: test")
    shown = [ax for ax in grid.axes if ax.get_visible()]
    assert len(grid.axes) == 4 and len(shown) == 3  # a 2 × 2 grid
    assert [ax.get_title() for ax in shown] == [f"Variance of {n}" for n in names]
    assert figures.FEVD_AXIS in [ax.get_xlabel() for ax in shown]
    assert "h = 0 the impact" in figures.CONVENTION and "period 1 the impact" in figures.CONVENTION
    roots = figures.roots_figure(fit, "Data: test")
    assert roots.axes[0].get_xlabel() == "real part" and "Data: test" in _texts(roots)
    time_fig, acf_fig = figures.residual_figures(fit, names, "Data: test")
    assert all(ax.get_ylabel() for ax in time_fig.axes[::2]) and acf_fig.axes[0].get_xlabel() == ""
    assert any("Data: test" in t for t in _texts(acf_fig))


def test_one_theme_for_every_figure():
    import matplotlib as mpl
    import seaborn as sns

    figures.use_theme()
    cycle = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
    colourblind = sns.color_palette("colorblind")
    assert [mpl.colors.to_hex(c) for c in cycle[:4]] == [mpl.colors.to_hex(c) for c in colourblind[:4]]
    assert figures.source_label("stand-in").startswith("Data: the simulated stand-in")
    assert figures.source_label("user", "my.csv") == "Data: the user file my.csv"


def test_a_transposed_table_keeps_each_columns_format():
    frame = pd.DataFrame({"eigenvalue": [0.91234, np.nan], "rank": [1, 2]}, index=["r = 0", "r ≤ 1"])
    shown = tables.table(frame, digits={"eigenvalue": 4}, missing=tables.NOT_REPORTED, transpose=True)
    assert list(shown.cells.index) == ["eigenvalue", "rank"] and list(shown.cells.columns) == ["r = 0", "r ≤ 1"]
    assert list(shown.cells.loc["eigenvalue"]) == ["0.9123", "–"] and list(shown.cells.loc["rank"]) == ["1", "2"]


def test_a_stacked_table_labels_every_cell_with_its_column():
    """stack=True: every data cell carries its column's name, which the narrow-screen layout of
    book/_static/vecmbook.css shows before it; an ordinary table has no labels."""
    frame = pd.DataFrame({"study": ["non-stationary", None], "ours & co": ["a", "b"]}, index=["x", "y"])
    shown = tables.table(frame, missing=tables.NOT_REPORTED, stack=True)
    labels = re.findall(r'<td data-label="([^"]*)" class="data row\d+ col\d+', shown.html)
    assert labels == ["study", "ours &amp; co"] * 2
    assert len(cells(shown)) == 4 and 'class="vb vb-stack"' in shown.html
    assert "data-label" not in tables.table(frame, missing=tables.NOT_REPORTED).html
    css = open(figures.__file__.rsplit("/vecmbook/", 1)[0] + "/book/_static/vecmbook.css", encoding="utf-8").read()
    assert re.search(r"table\.vb-stack td::before\s*\{[^}]*attr\(data-label\)", css)


def test_what_changes_with_the_data_kind_is_decided_in_the_report_layer(tmp_path):
    """On the stand-in the data chapter compares with Dongguan's public figures and shows the true
    model, chapter 04 sets the estimates beside the truth and chapter 08's note says agreement is by
    construction; on a user's file (the stand-in's numbers, one value changed, so not byte-identical)
    each of these is replaced by one sentence saying why, with no table."""
    from IPython.display import Markdown

    from vecmbook.paths import STANDIN_CSV
    from vecmbook.pipeline import analysis
    from vecmbook.report import conclusions_tables, describe, dynamics, vecm_tables
    from vecmbook.study import public

    figures_ = public.load_public_figures()
    frame = pd.read_csv(STANDIN_CSV, dtype={0: str})
    frame.iloc[0, 1] *= 1.001
    frame.to_csv(tmp_path / "mine.csv", index=False)
    kinds = {"stand-in": analysis.prepare(boot=0), "user": analysis.prepare(boot=0, data=str(tmp_path / "mine.csv"))}
    for kind, ctx in kinds.items():
        assert ctx.dataset.kind == kind
        sections = [describe.public_gap_section(ctx.dataset, figures_, "src."),
                    describe.magnitude_section(ctx.dataset, figures_, "src."),
                    describe.truth_section(ctx.dataset.kind),
                    vecm_tables.truth_comparison(ctx.fit, ctx.names, ctx.dataset.kind, "src."),
                    dynamics.period1_truth(ctx.fit, ctx.names, ctx.order_names, ctx.dataset.kind, "src.")]
        has_table = [any(isinstance(x, tables.Table) for x in s) for s in sections]
        if kind == "stand-in":
            assert all(has_table)
            truth_rows = list(next(x for x in sections[3] if isinstance(x, tables.Table)).frame.index)
            assert truth_rows[0] == "ECT1 loading in ΔLEXS1" and "LGDP in CointEq1 (β)" in truth_rows  # not alpha[..]
            assert "by construction" in conclusions_tables.reading_note(kind, True)
        else:
            assert not any(has_table) and sum(len(s) for s in sections) == 4  # chapter 04: nothing to say
            assert all(isinstance(x, Markdown) for s in sections for x in s)
            assert "your data" in conclusions_tables.reading_note(kind, False)
        lag = vecm_tables.fdi_lag_section(ctx.fit, ctx.names, ctx.dataset.kind, "src.")  # chapter 4, sec. 5.1.1
        candidates = next(x for x in lag if isinstance(x, tables.Table))
        assert ("truth" in candidates.frame.columns) == (kind == "stand-in")
        assert any("generated the stand-in" in x.data for x in lag if isinstance(x, Markdown)) == (kind == "stand-in")
        fig, caption = describe.series_figure_for(ctx.dataset, figures_, "src.", describe.axis_units(
            ctx.dataset.raw.columns, kind == "stand-in"))
        assert ("public figures of the same years" in caption) == (kind == "stand-in")


def test_a_column_with_long_text_is_aligned_as_text_throughout():
    """One alignment per column: a short cell in a column that also holds long text is set as text
    (vb-text, left-aligned) like the rest, not right-aligned as a number would be."""
    frame = pd.DataFrame({"study": ["rank 3", "64.1 % of LEXS1, 55.4 % of LEXS2"], "n": [1, 2]}, index=["a", "b"])
    shown = tables.table(frame)
    classes = re.findall(r'<td class="([^"]*)"', shown.html)
    assert [("vb-text" in c) for c in classes] == [True, False, True, False]
