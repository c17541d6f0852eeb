"""Yearbook template -> model dataset, on a small FAKE filled template written here.

The numbers below are invented round values chosen so the expected shares and currency
conversions can be checked by hand; they are not Dongguan's statistics.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from vecmbook.inputs.dataset import DataError, load_dataset
from vecmbook.pipeline.cli import main_yearbook
from vecmbook.pipeline.params import REPO
from vecmbook.study.yearbook import TEMPLATE_COLUMNS, build_model_dataset

FAKE = {  # year: exports_total, unit, exports_me, unit, exports_general, unit, fdi, unit, gdp, unit
    2001: ["200", "USD_100m", "100", "USD_100m", "20", "USD_100m", "10", "USD_100m", "1000", "RMB_100m"],
    2002: ["2000000", "USD_10k", "110", "USD_100m", "30", "USD_100m", "12", "USD_100m", "1200", "RMB_100m"],
    2003: ["1600", "RMB_100m", "120", "USD_100m", "400", "RMB_100m", "80", "RMB_100m", "14000000", "RMB_10k"],
}
RATES = "year,rmb_per_usd\n2003,8\n"


def template(tmp_path: Path, rows: dict = FAKE, pad: bool = True) -> Path:
    lines = [",".join(TEMPLATE_COLUMNS)]
    years = range(1999, 2006) if pad else sorted(rows)
    for y in years:
        lines.append(",".join([str(y)] + rows.get(y, [""] * 10)))
    path = tmp_path / "filled.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def rates(tmp_path: Path, text: str = RATES) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(text)
    return path


def test_shipped_template_is_empty_with_the_documented_columns():
    df = pd.read_csv(REPO / "data" / "yearbook_template.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == TEMPLATE_COLUMNS
    assert df["year"].tolist() == [str(y) for y in range(1995, 2025)]
    assert (df.drop(columns="year") == "").all().all()
    with pytest.raises(DataError, match="yearbook_template.csv: no row is filled in"):
        build_model_dataset(REPO / "data" / "yearbook_template.csv", "/nonexistent/out.csv")


def test_builds_shares_and_converts_currencies(tmp_path):
    out = tmp_path / "model.csv"
    frame = build_model_dataset(template(tmp_path), out, rates(tmp_path))
    assert frame.index.tolist() == [2001, 2002, 2003]  # empty padding rows at both ends dropped
    # 2001: all USD; 2002: total 2,000,000 x 10k USD = 200 x 100m USD
    assert frame.loc[2001].tolist() == pytest.approx([0.5, 0.1, 10, 1000])
    assert frame.loc[2002].tolist() == pytest.approx([0.55, 0.15, 12, 1200])
    # 2003: total 1600 RMB; me 120 USD x 8 = 960 RMB; general 400 RMB; FDI 80 RMB / 8 = 10 USD;
    # GDP 14,000,000 x 10k RMB = 1400 x 100m RMB
    assert frame.loc[2003].tolist() == pytest.approx([0.6, 0.25, 10, 1400])
    ds = load_dataset(out, ["EXS1", "EXS2", "FDI", "GDP"])
    assert ds.kind == "user" and ds.rows == 3 and out.read_text().startswith("year,EXS1,EXS2,FDI,GDP\n")


def fails(tmp_path: Path, rows: dict, rate_file: Path | None = None) -> str:
    out = tmp_path / "model.csv"
    with pytest.raises(DataError) as exc:
        build_model_dataset(template(tmp_path, rows), out, rate_file)
    assert not out.exists(), "nothing may be written on error"
    assert "\n" not in str(exc.value)
    return str(exc.value)


def test_mixed_currencies_need_a_rate_for_that_year(tmp_path):
    msg = fails(tmp_path, FAKE)  # 2003 mixes USD and RMB; no rate file
    assert msg == ("filled.csv, line 6, column 'exports_me' (year 2003): in USD but exports_total is in RMB; "
                   "give --rates with a RMB-per-USD rate for 2003")
    msg = fails(tmp_path, FAKE, rates(tmp_path, "year,rmb_per_usd\n2002,8\n"))
    assert "column 'exports_me' (year 2003)" in msg


def test_fdi_in_rmb_needs_a_rate(tmp_path):
    rows = {2001: FAKE[2001][:6] + ["80", "RMB_100m"] + FAKE[2001][8:]}
    assert "column 'fdi' (year 2001): in RMB but the model's FDI is in USD" in fails(tmp_path, rows)


def test_row_level_errors_name_line_and_column(tmp_path):
    rows = dict(FAKE)
    rows[2002] = FAKE[2002][:3] + ["", *FAKE[2002][4:]]  # unit of exports_me missing
    assert fails(tmp_path, rows, rates(tmp_path)) == \
        "filled.csv, line 5, column 'exports_me_unit' (year 2002): empty cell"
    rows[2002] = FAKE[2002][:3] + ["EUR_100m", *FAKE[2002][4:]]
    assert "unit 'EUR_100m' is not one of USD_100m, RMB_100m, USD_10k, RMB_10k" in fails(tmp_path, rows)
    rows[2002] = ["100", "USD_100m", "150", "USD_100m"] + FAKE[2002][4:]
    assert fails(tmp_path, rows) == ("filled.csv, line 5, column 'exports_me' (year 2002): larger than "
                                     "exports_total (150 > 100, in 100 million USD)")
    rows[2002] = ["x1", *FAKE[2002][1:]]
    assert "column 'exports_total' (period 2002): 'x1' is not a number" in fails(tmp_path, rows)


def test_an_empty_year_inside_the_sample_is_an_error(tmp_path):
    rows = {2001: FAKE[2001], 2003: FAKE[2001]}
    assert fails(tmp_path, rows) == "filled.csv, line 5, column 'exports_total_unit' (year 2002): empty cell"


def test_bad_rate_file(tmp_path):
    msg = fails(tmp_path, FAKE, rates(tmp_path, "year,rate\n2003,8\n"))
    assert msg.startswith("rates.csv: the exchange-rate file needs the columns year,rmb_per_usd")
    msg = fails(tmp_path, FAKE, rates(tmp_path, "year,rmb_per_usd\n2003,-8\n"))
    assert msg == "rates.csv, line 2, column 'rmb_per_usd' (year 2003): rate must be positive"


def test_main_yearbook_and_the_cli(tmp_path):
    out = tmp_path / "model.csv"
    assert main_yearbook([str(template(tmp_path)), str(out), "--rates", str(rates(tmp_path))]) == 0
    assert out.exists()
    out.unlink()
    proc = subprocess.run([sys.executable, "-m", "vecmbook", "yearbook", str(template(tmp_path)), str(out)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2 and not out.exists()
    assert proc.stderr.startswith("error: filled.csv, line 6") and proc.stderr.count("\n") == 1


def test_documented_command_on_the_shipped_empty_template(tmp_path):
    """data/README.md: the command stops with a one-line error (exit 2) and writes nothing."""
    out = tmp_path / "dongguan_yearbook.csv"
    proc = subprocess.run([sys.executable, "-m", "vecmbook", "yearbook", "data/yearbook_template.csv", str(out)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2 and not out.exists()
    assert proc.stderr == "error: yearbook_template.csv: no row is filled in\n"
    readme = (REPO / "data" / "README.md").read_text()
    assert "yearbook_template.csv: no row is filled in" in readme


def test_a_failed_final_check_names_the_output_file_not_the_temporary_one(tmp_path, monkeypatch):
    import vecmbook.study.yearbook as yb

    def reject(path, *args, **kw):
        raise DataError(f"{Path(path).name}, line 2, column 'EXS1' (period 2001): share 2 is outside (0, 1]")

    monkeypatch.setattr(yb, "load_dataset", reject)
    out = tmp_path / "model.csv"
    with pytest.raises(DataError) as exc:
        build_model_dataset(template(tmp_path), out, rates(tmp_path))
    assert str(exc.value) == "model.csv, line 2, column 'EXS1' (period 2001): share 2 is outside (0, 1]"
    assert not out.exists() and list(tmp_path.glob(".model.csv.*")) == []
