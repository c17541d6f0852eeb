"""Loader and validation: every error names the file and the line/column/parameter at fault.

The size bound of ``min_observations`` is checked against the Johansen computation
itself: at the bound all eigenvalues are below one, one observation fewer makes the
largest exactly one (infinite trace statistic).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vecmbook.data import (DataError, check_model_size, check_ordering, check_rank, load_dataset,
                           min_observations)
from vecmbook.johansen import reduced_rank
from vecmbook.standin import STANDIN_CSV

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
    assert error(path, share_columns=["TRADE"]).startswith("share_columns: 'TRADE' is not one of")
    ok = good_rows()
    ok[0] = "2000,1,0.2,10,100"  # 1 is allowed: (0, 1]
    assert load_dataset(write(tmp_path, csv_text(ok)), VARS).rows == 6


def test_start_and_end(tmp_path):
    path = write(tmp_path, csv_text(good_rows()))
    ds = load_dataset(path, VARS, start="2001", end=2004)
    assert ds.periods == ["2001", "2002", "2003", "2004"]
    assert error(path, start="1990") == "--start 1990 is outside the data in my.csv (2000–2005)"
    assert error(path, end="2030") == "--end 2030 is outside the data in my.csv (2000–2005)"
    assert error(path, start="2001Q1") == "--start '2001Q1' is not an annual period like 2000 (my.csv)"
    assert error(path, start="2004", end="2002") == "--start 2004 is after --end 2002"


def test_bad_transform_and_vars(tmp_path):
    path = write(tmp_path, csv_text(good_rows()))
    with pytest.raises(ValueError, match="--transform must be one of log, none"):
        load_dataset(path, VARS, transform="sqrt")
    assert error(path, ["year"]) == "my.csv: 'year' is the period column, not a variable (--vars)"
    assert error(path, ["FDI", "FDI"]) == "--vars names 'FDI' twice"


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
