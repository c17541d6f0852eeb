"""Loader and validation: every error names the file and the line/column/parameter at fault.

The size bound of ``min_observations`` is checked against the Johansen computation
itself: at the bound all eigenvalues are below one, one observation fewer makes the
largest exactly one (infinite trace statistic).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vecmbook.econometrics.johansen import reduced_rank
from vecmbook.inputs.dataset import (
    SHARE_PREFIX,
    DataError,
    check_model_size,
    check_ordering,
    check_rank,
    load_dataset,
    min_observations,
    share_variables,
)
from vecmbook.study.standin import STANDIN_CSV

VARS = ["EXS1", "EXS2", "FDI", "GDP"]


def write(tmp_path: Path, text: str | bytes, name: str = "my.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def good_rows(years=range(2000, 2006)) -> list[str]:
    return [f"{y},0.5,0.2,{10 + y - 2000},{100 + y - 2000}" for y in years]


def csv_text(rows: list[str], header: str = "year,EXS1,EXS2,FDI,GDP") -> str:
    return "\n".join([header, *rows]) + "\n"


def error(path: Path, variables=VARS, **kw) -> str:
    with pytest.raises(DataError) as exc:
        load_dataset(path, variables, **kw)
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_shipped_standin_loads_and_is_recognised():
    ds = load_dataset(STANDIN_CSV, VARS)
    assert ds.kind == "stand-in" and ds.frequency == "annual"
    assert ds.rows == 30 and ds.first_period == "1995" and ds.last_period == "2024"
    assert ds.periods == [str(y) for y in range(1995, 2025)]
    assert list(ds.frame.columns) == ["LEXS1", "LEXS2", "LFDI", "LGDP"]
    np.testing.assert_array_equal(ds.frame.to_numpy(), np.log(ds.raw.to_numpy()))
    assert len(ds.sha256) == 64


def test_a_changed_copy_of_the_standin_is_user_data(tmp_path):
    text = STANDIN_CSV.read_text().replace("\n", "\r\n")
    ds = load_dataset(write(tmp_path, text), VARS)
    assert ds.kind == "user" and ds.rows == 30


def test_transform_none_keeps_names_and_values(tmp_path):
    ds = load_dataset(write(tmp_path, csv_text(good_rows())), ["GDP", "FDI"], transform="none")
    assert list(ds.frame.columns) == ["GDP", "FDI"] and ds.frame.iloc[0, 0] == 100.0


def test_quarterly_periods(tmp_path):
    rows = [f"{y}Q{q},{y + q}" for y in (1974, 1975) for q in (1, 2, 3, 4)]
    ds = load_dataset(write(tmp_path, csv_text(rows, "quarter,X")), ["X"])
    assert ds.frequency == "quarterly" and ds.first_period == "1974Q1" and ds.last_period == "1975Q4"
    del rows[2]
    msg = error(write(tmp_path, csv_text(rows, "quarter,X")), ["X"])
    assert "my.csv, line 4" in msg and "1974Q3 is missing" in msg


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"nothere\.csv: data file not found"):
        load_dataset(tmp_path / "nothere.csv", VARS)


def test_unreadable_csv(tmp_path):
    msg = error(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "plot.csv"))
    assert msg.startswith("plot.csv: cannot read as CSV")
    msg = error(write(tmp_path, csv_text(good_rows() + ["2006,0.5,0.2"])))
    assert "my.csv, line 8: cannot read as CSV: 3 fields, but the header has 5" in msg
    assert "my.csv: the file is empty" in error(write(tmp_path, "\n\n"))
    assert "period column and at least one data column" in error(write(tmp_path, "year;EXS1\n1995;0.5\n"))


def test_missing_column(tmp_path):
    msg = error(write(tmp_path, csv_text(good_rows())), ["EXS1", "TRADE"])
    assert "my.csv: column 'TRADE' not found (columns: EXS1, EXS2, FDI, GDP)" == msg


def test_duplicate_unsorted_and_gapped_periods(tmp_path):
    rows = good_rows()
    dup = rows[:3] + [rows[2]] + rows[3:]
    assert error(write(tmp_path, csv_text(dup))) == "my.csv, line 5: duplicate period 2002 (first on line 4)"
    swapped = [rows[0], rows[2], rows[1]] + rows[3:]
    assert error(write(tmp_path, csv_text(swapped))) == \
        "my.csv, line 4: period 2001 comes after 2002; periods must increase"
    gap = rows[:2] + rows[3:]
    assert error(write(tmp_path, csv_text(gap))) == \
        "my.csv, line 4: gap in the periods, 2002 is missing between 2001 and 2003"
    bad = rows[:1] + ["2001-02,0.5,0.2,1,1"]
    assert "my.csv, line 3: period '2001-02' is neither a year" in error(write(tmp_path, csv_text(bad)))


def test_non_numeric_and_empty_cells(tmp_path):
    rows = good_rows()
    rows[3] = "2003,0.5,0.2,n/a,103"
    assert error(write(tmp_path, csv_text(rows))) == \
        "my.csv, line 5, column 'FDI' (period 2003): 'n/a' is not a number"
    rows[3] = "2003,0.5,,13,103"
    assert error(write(tmp_path, csv_text(rows))) == "my.csv, line 5, column 'EXS2' (period 2003): empty cell"
    # a problem outside the selected columns or sample is not the model's concern
    assert load_dataset(write(tmp_path, csv_text(rows)), ["FDI", "GDP"]).rows == 6
    assert load_dataset(write(tmp_path, csv_text(rows)), VARS, start=2004).rows == 2


def test_non_positive_values_where_a_log_is_taken(tmp_path):
    rows = good_rows()
    rows[1] = "2001,0.5,0.2,-3,101"
    path = write(tmp_path, csv_text(rows))
    assert error(path) == ("my.csv, line 3, column 'FDI' (period 2001): -3 is not positive, so its log is "
                           "undefined (--transform log)")
    assert load_dataset(path, VARS, transform="none").raw.loc["2001", "FDI"] == -3


def test_share_columns_outside_unit_interval(tmp_path):
    rows = good_rows()
    rows[4] = "2004,1.2,0.2,14,104"
    path = write(tmp_path, csv_text(rows))
    assert error(path, transform="none") == "my.csv, line 6, column 'EXS1' (period 2004): share 1.2 is outside (0, 1]"
    assert load_dataset(path, VARS, transform="none", share_columns=[]).rows == 6  # explicitly none
    msg = error(path, transform="none", share_columns=["GDP"])  # any column can be declared a share
    assert msg == "my.csv, line 2, column 'GDP' (period 2000): share 100 is outside (0, 1]"
    assert error(path, share_columns=["TRADE"]).startswith("my.csv: share_columns: 'TRADE' is not one of")
    ok = good_rows()
    ok[0] = "2000,1,0.2,10,100"  # 1 is allowed: (0, 1]
    assert load_dataset(write(tmp_path, csv_text(ok)), VARS).rows == 6


def test_start_and_end(tmp_path):
    path = write(tmp_path, csv_text(good_rows()))
    ds = load_dataset(path, VARS, start="2001", end=2004)
    assert ds.periods == ["2001", "2002", "2003", "2004"]
    assert error(path, start="1990") == "my.csv: --start 1990 is outside the data (2000–2005)"
    assert error(path, end="2030") == "my.csv: --end 2030 is outside the data (2000–2005)"
    assert error(path, start="2001Q1") == "my.csv: --start '2001Q1' is not an annual period like 2000"
    assert error(path, start="2004", end="2002") == "my.csv: --start 2004 is after --end 2002"


def test_bad_transform_and_vars(tmp_path):
    path = write(tmp_path, csv_text(good_rows()))
    with pytest.raises(ValueError, match="my.csv: --transform must be one of log, none"):
        load_dataset(path, VARS, transform="sqrt")
    assert error(path, ["year"]) == "my.csv: 'year' is the period column, not a variable (--vars)"
    assert error(path, ["FDI", "FDI"]) == "my.csv: --vars names column 'FDI' twice"
    assert error(path, []) == "my.csv: --vars must name at least one variable"


@pytest.mark.parametrize("case", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("k,lags", [(2, 0), (3, 1), (4, 1), (4, 2)])
def test_min_observations_is_sharp_for_the_johansen_eigenvalues(case, k, lags):
    """At N = min_observations every eigenvalue is < 1; with one fewer the largest is 1 (trace = inf)."""
    n = min_observations(k, lags, case)
    rng = np.random.default_rng(100 * k + 10 * lags + case)
    y = np.cumsum(rng.standard_normal((n, k)), axis=0)
    assert reduced_rank(y, lags, case).eigenvalues.max() < 1 - 1e-6
    assert reduced_rank(y[1:], lags, case).eigenvalues.max() > 1 - 1e-9


def test_check_model_size_names_the_minimum():
    check_model_size(15, 4, 1, 3)  # K(p+2) + m2 = 13 effective + p + 1 = 15
    with pytest.raises(DataError) as exc:
        check_model_size(14, 4, 1, 3)
    assert str(exc.value) == ("the data: too few observations: the sample has 14, but 4 variables with --lags 1 and "
                              "--deterministic 3 need at least 15 (T = N - lags - 1 >= 13 effective "
                              "observations for the Johansen test)")
    assert min_observations(4, 4, 3) == 30  # the study's implied T = 25 is the largest lag order 30 obs allow
    with pytest.raises(DataError, match="need at least 35"):
        check_model_size(30, 4, 5, 3)
    with pytest.raises(ValueError, match="--rank 4 is not below the number of variables"):
        check_model_size(30, 4, 1, 3, rank=4)


def test_check_rank():
    assert check_rank(3, 4) == 3 and check_rank(0, 4) == 0
    with pytest.raises(ValueError, match=r"--rank 4 is not below the number of variables \(4\).*use 0\.\.3"):
        check_rank(4, 4)
    with pytest.raises(ValueError, match="--rank must be >= 0"):
        check_rank(-1, 4)


def test_check_ordering_accepts_file_and_model_names():
    names = ["LEXS1", "LEXS2", "LFDI", "LGDP"]
    assert check_ordering(["FDI", "GDP", "EXS1", "EXS2"], names) == [2, 3, 0, 1]
    assert check_ordering(["LFDI", "lgdp", "EXS1", "LEXS2"], names) == [2, 3, 0, 1]
    assert check_ordering(["GDP", "FDI"], ["GDP", "FDI"], transform="none") == [0, 1]
    with pytest.raises(DataError) as exc:
        check_ordering(["FDI", "GDP", "EXS1", "TRADE"], names)
    assert str(exc.value) == "--ordering: unknown variable 'TRADE' (variables: LEXS1, LEXS2, LFDI, LGDP)"
    with pytest.raises(DataError, match="--ordering: LFDI appears twice"):
        check_ordering(["FDI", "LFDI", "EXS1", "EXS2"], names)
    with pytest.raises(DataError, match="missing LEXS2"):
        check_ordering(["FDI", "GDP", "EXS1"], names)
    with pytest.raises(DataError, match="unknown variable 'LFDI'"):
        check_ordering(["LFDI", "GDP"], ["FDI", "GDP"], transform="none")


# --- every loader error names the file ------------------------------------------------------------

def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, dict]]:
    """One broken file (or parameter) per error path of load_dataset; all files are called bad.csv."""
    def put(text: str | bytes) -> Path:
        d = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
        d.mkdir()
        return write(d, text, "bad.csv")

    rows = good_rows()
    return {
        "not UTF-8": (put(b"year,EXS1\n1995,\xff\n"), {"variables": ["EXS1"]}),
        "NUL byte": (put(b"year,EXS1\n1995,0.5\x00\n"), {"variables": ["EXS1"]}),
        "empty": (put("\n"), {}),
        "one column": (put("year\n1995\n"), {}),
        "unnamed column": (put("year,EXS1,\n1995,0.5,1\n"), {"variables": ["EXS1"]}),
        "duplicate column": (put("year,A,A\n1995,1,1\n"), {"variables": ["A"]}),
        "ragged line": (put(csv_text(rows + ["2006,1"])), {}),
        "header only": (put("year,EXS1\n"), {"variables": ["EXS1"]}),
        "field too large": (put('year,A\n1995,"' + "9" * 200_000 + '"\n'), {"variables": ["A"]}),
        "missing column": (put(csv_text(rows)), {"variables": ["TRADE"]}),
        "period column as variable": (put(csv_text(rows)), {"variables": ["year"]}),
        "variable twice": (put(csv_text(rows)), {"variables": ["FDI", "FDI"]}),
        "no variable": (put(csv_text(rows)), {"variables": []}),
        "bad period": (put(csv_text(rows[:2] + ["2002-1,0.5,0.2,1,1"])), {}),
        "mixed frequency": (put(csv_text(rows[:2] + ["2002Q1,0.5,0.2,1,1"])), {}),
        "duplicate period": (put(csv_text(rows[:2] + rows[1:])), {}),
        "unsorted": (put(csv_text([rows[1], rows[0]] + rows[2:])), {}),
        "gap": (put(csv_text(rows[:2] + rows[3:])), {}),
        "start outside": (put(csv_text(rows)), {"start": 1990}),
        "start not a period": (put(csv_text(rows)), {"start": "x"}),
        "start after end": (put(csv_text(rows)), {"start": 2004, "end": 2001}),
        "empty cell": (put(csv_text(rows[:2] + ["2002,0.5,,12,102"] + rows[3:])), {}),
        "not a number": (put(csv_text(rows[:2] + ["2002,0.5,abc,12,102"] + rows[3:])), {}),
        "share above 1": (put(csv_text(rows[:2] + ["2002,1.5,0.2,12,102"] + rows[3:])), {}),
        "not positive": (put(csv_text(rows[:2] + ["2002,0.5,0.2,0,102"] + rows[3:])), {}),
        "undeclared share column": (put(csv_text(rows)), {"share_columns": ["TRADE"]}),
    }


def test_every_load_error_is_one_line_naming_the_file(tmp_path):
    """Each error path of load_dataset: one line, starting with the file name (the missing-file
    message gives the full path)."""
    cases = _bad_files(tmp_path)
    for what, (path, kw) in cases.items():
        kw = dict(kw)
        variables = kw.pop("variables", VARS)
        with pytest.raises(DataError) as exc:
            load_dataset(path, variables, **kw)
        msg = str(exc.value)
        assert "\n" not in msg, what
        assert msg.startswith("bad.csv"), f"{what}: {msg}"
    with pytest.raises(DataError) as exc:
        load_dataset(tmp_path / "nothere.csv", VARS)
    assert str(exc.value) == f"{tmp_path / 'nothere.csv'}: data file not found"


def test_too_few_observations_names_the_file_and_the_minimum():
    with pytest.raises(DataError) as exc:
        check_model_size(20, 4, 3, 3, source="my.csv (2005–2024)")
    # K(p + 2) + m2 = 4*5 + 1 = 21 effective observations, + p + 1 = 25 (Johansen 1995, ch. 6; see min_observations)
    assert str(exc.value) == ("my.csv (2005–2024): too few observations: the sample has 20, but 4 variables with "
                              "--lags 3 and --deterministic 3 need at least 25 (T = N - lags - 1 >= 21 effective "
                              "observations for the Johansen test)")
    check_model_size(25, 4, 3, 3, source="my.csv (2000–2024)")  # exactly the minimum is enough
    with pytest.raises(ValueError, match=r"^my\.csv \(1995–2024\): --rank 4 is not below"):
        check_model_size(30, 4, 1, 3, rank=4, source="my.csv (1995–2024)")


def test_rank_and_ordering_errors_name_the_file_when_told():
    with pytest.raises(ValueError) as exc:
        check_rank(4, 4, source="my.csv")
    assert str(exc.value).startswith("my.csv: --rank 4 is not below the number of variables (4)")
    with pytest.raises(DataError) as exc:
        check_ordering(["FDI", "TRADE"], ["LFDI", "LGDP"], source="my.csv")
    assert str(exc.value) == "my.csv: --ordering: unknown variable 'TRADE' (variables: LFDI, LGDP)"
    with pytest.raises(DataError, match="^my.csv: --ordering must name every variable once; missing LGDP"):
        check_ordering(["FDI"], ["LFDI", "LGDP"], source="my.csv")


# --- which columns are shares (the rule data/README.md states) -----------------------------------

def test_share_rule_is_the_exs_prefix_in_any_case():
    assert SHARE_PREFIX == "EXS"
    assert share_variables(["EXS1", "exs_me", "Exs2", "GDP", "EX_S", "MYEXS", "A"]) == ["EXS1", "exs_me", "Exs2"]


def test_share_rule_applies_to_selected_columns_whatever_the_transform(tmp_path):
    text = "year,exs_me,TRADE\n" + "".join(f"{y},{0.5 if y != 2003 else 2},{5}\n" for y in range(2000, 2006))
    path = write(tmp_path, text)
    for transform in ("log", "none"):
        assert error(path, ["exs_me"], transform=transform) == \
            "my.csv, line 5, column 'exs_me' (period 2003): share 2 is outside (0, 1]"
    # a column not named EXS... is not a share; an unselected share column is not checked
    assert load_dataset(path, ["TRADE"]).rows == 6
    # share check runs only within the selected sample
    assert load_dataset(path, ["exs_me"], start=2004).rows == 2


# --- what the data chapter does with a loaded user file (vecmbook.report.describe) ----------------------

def test_user_file_labels_and_growth_per_quarter(tmp_path):
    """A quarterly user file A, B: axes get the column names and no invented units; growth is per
    quarter. Reference: B grows by exactly 2 log points a quarter (exp(0.02 t)); tolerance 1e-9."""
    import warnings

    import matplotlib
    matplotlib.use("Agg")
    from vecmbook.report import describe

    rows = [f"{1974 + t // 4}Q{t % 4 + 1},{-1.0 + t},{3 * np.exp(0.02 * t):.15g}" for t in range(12)]
    ds = load_dataset(write(tmp_path, csv_text(rows, "quarter,A,B")), ["A", "B"], transform="none")
    units = describe.axis_units(ds.raw.columns, ds.kind == "stand-in")
    assert units == {"A": "A (units of the file)", "B": "B (units of the file)"}
    fig = describe.series_figure(ds.raw, "Data: test", None, units=units)
    assert [ax.get_ylabel() for ax in fig.axes[:2]] == list(units.values())
    assert [ax.get_title() for ax in fig.axes[:2]] == ["A", "B"]
    assert describe.period_word(ds.raw.index) == "quarter"
    assert list(describe.summary_table(ds.raw, units)["unit"]) == list(units.values())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # A has values <= 0: no log warning, just undefined growth
        table = describe.growth_table(ds.raw)
    assert describe.growth_undefined(ds.raw) == ["A"]
    assert table.loc["A"].isna().all()
    np.testing.assert_allclose(table.loc["B"], 2.0, atol=1e-9)
    assert list(table.columns)[1] == "1974Q1–1974Q4"
    # a user column named like a stand-in series gets no stand-in unit either
    assert describe.axis_units(["GDP"], standin=False) == {"GDP": "GDP (units of the file)"}
    assert describe.axis_units(["GDP", "EXS1"], standin=True) == {"GDP": "100 million RMB",
                                                                   "EXS1": "fraction of total exports"}


def test_change_table_for_columns_without_log_growth():
    """Reference: a straight line falling by exactly 1.5 a period; tolerance 1e-12."""
    from vecmbook.report import describe

    raw = pd.DataFrame({"C": 2.0 - 1.5 * np.arange(9)}, index=[str(y) for y in range(2000, 2009)])
    table = describe.change_table(raw)
    np.testing.assert_allclose(table.loc["C"], -1.5, atol=1e-12)
    assert list(table.columns) == ["whole sample", "2000–2002", "2003–2005", "2006–2008"]
