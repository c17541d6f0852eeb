"""Turn raw yearbook components into the model dataset (``python -m vecmbook yearbook``).

Input: ``data/yearbook_template.csv`` filled in by someone who holds the Dongguan
Statistical Yearbooks / bulletins: per year the total, mechanical-and-electrical and
general-trade exports, utilised FDI and GDP, each with its unit (``USD_100m``,
``RMB_100m``, ``USD_10k`` or ``RMB_10k``). Output: ``year,EXS1,EXS2,FDI,GDP`` as in
``data/dongguan_standin.csv``:

* EXS1 = exports_me / exports_total, EXS2 = exports_general / exports_total, formed
  within the year, so the currency cancels when both are in the same currency;
  otherwise an exchange rate for that year is needed;
* FDI in 100 million USD (RMB figures divided by that year's RMB-per-USD rate);
* GDP in 100 million RMB (USD figures multiplied by the rate).

Exchange rates come only from a file the user supplies (``year,rmb_per_usd``); none
are built in. Rows left entirely empty at the start or end are dropped; anything else
incomplete is an error naming line and column, and nothing is written.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from vecmbook.inputs.dataset import DataError, check_periods, load_dataset, parse_number, read_csv_rows
from vecmbook.study.standin import COLUMNS, CSV_FORMAT

VALUES = ["exports_total", "exports_me", "exports_general", "fdi", "gdp"]
TEMPLATE_COLUMNS = ["year"] + [c for v in VALUES for c in (v, f"{v}_unit")]
#: unit -> (currency, factor to 100 million of that currency)
UNITS = {"USD_100m": ("USD", 1.0), "RMB_100m": ("RMB", 1.0), "USD_10k": ("USD", 1e-4), "RMB_10k": ("RMB", 1e-4)}


def read_rates(path: str | Path) -> dict[int, float]:
    """``year -> RMB per USD`` from a CSV with columns ``year,rmb_per_usd``."""
    path = Path(path)
    _, header, body = read_csv_rows(path)
    if header[:2] != ["year", "rmb_per_usd"]:
        raise DataError(f"{path.name}: the exchange-rate file needs the columns year,rmb_per_usd "
                        f"(found {','.join(header)})")
    rates: dict[int, float] = {}
    for line, fields in body:
        if not fields[0].isdigit():
            raise DataError(f"{path.name}, line {line}: year {fields[0]!r} is not a year")
        year = int(fields[0])
        if year in rates:
            raise DataError(f"{path.name}, line {line}: year {year} appears twice")
        rate = parse_number(path.name, fields[1], line, "rmb_per_usd", str(year))
        if rate <= 0:
            raise DataError(f"{path.name}, line {line}, column 'rmb_per_usd' (year {year}): rate must be positive")
        rates[year] = rate
    return rates


class _Row:
    """One template row: numbers in 100 million units, with currency conversion on demand."""

    def __init__(self, name: str, line: int, year: int, cells: dict[str, str], rates: dict[int, float]):
        self.name, self.line, self.year, self.rates = name, line, year, rates
        self.values: dict[str, tuple[float, str]] = {}
        for v in VALUES:
            unit = cells[f"{v}_unit"]
            if unit not in UNITS:
                what = "empty cell" if not unit else f"unit {unit!r} is not one of {', '.join(UNITS)}"
                raise DataError(f"{self.where(v + '_unit')}: {what}")
            amount = parse_number(name, cells[v], line, v, str(year))
            if amount <= 0:
                raise DataError(f"{self.where(v)}: {cells[v]} is not positive")
            currency, factor = UNITS[unit]
            self.values[v] = (amount * factor, currency)

    def where(self, column: str) -> str:
        return f"{self.name}, line {self.line}, column {column!r} (year {self.year})"

    def amount(self, column: str, currency: str, why: str) -> float:
        """The value of ``column`` in 100 million ``currency``."""
        value, have = self.values[column]
        if have == currency:
            return value
        rate = self.rates.get(self.year)
        if rate is None:
            raise DataError(f"{self.where(column)}: in {have} but {why}; give --rates with a RMB-per-USD rate "
                            f"for {self.year}")
        return value * rate if currency == "RMB" else value / rate

    def share(self, part: str) -> float:
        total, currency = self.values["exports_total"]
        value = self.amount(part, currency, f"exports_total is in {currency}")
        if value > total:
            raise DataError(f"{self.where(part)}: larger than exports_total ({value:g} > {total:g}, "
                            f"in 100 million {currency})")
        return value / total


def build_model_dataset(template_csv: str | Path, out_csv: str | Path,
                        usd_rmb_rates_csv: str | Path | None = None) -> pd.DataFrame:
    """Validate a filled template, form EXS1, EXS2, FDI (USD), GDP (RMB) and write ``out_csv``.

    The result is written to a temporary file, checked with :func:`vecmbook.inputs.dataset.load_dataset`
    (logs, shares in (0, 1]) and only then moved to ``out_csv``.
    """
    template_csv = Path(template_csv)
    name = template_csv.name
    _, header, body = read_csv_rows(template_csv)
    missing = [c for c in TEMPLATE_COLUMNS if c not in header]
    if missing:
        raise DataError(f"{name}: missing column(s) {', '.join(missing)} (see data/yearbook_template.csv)")
    rates = read_rates(usd_rmb_rates_csv) if usd_rmb_rates_csv is not None else {}
    filled = [(line, dict(zip(header, fields))) for line, fields in body
              if any(fields[header.index(c)] for c in TEMPLATE_COLUMNS[1:])]
    if not filled:
        raise DataError(f"{name}: no row is filled in")
    first = next(i for i, (line, _) in enumerate(body) if line == filled[0][0])
    last = next(i for i, (line, _) in enumerate(body) if line == filled[-1][0])
    span = body[first:last + 1]  # interior empty rows stay, and fail below as empty cells
    col = header.index("year")
    frequency, years = check_periods(name, [f[col] for _, f in span], [line for line, _ in span])
    if frequency != "annual":
        raise DataError(f"{name}: the yearbook template is annual; periods must be years like 1995")
    records = []
    for (line, fields), year in zip(span, years):
        row = _Row(name, line, year, dict(zip(header, fields)), rates)
        records.append({"year": year, "EXS1": row.share("exports_me"), "EXS2": row.share("exports_general"),
                        "FDI": row.amount("fdi", "USD", "the model's FDI is in USD"),
                        "GDP": row.amount("gdp", "RMB", "the model's GDP is in RMB")})
    frame = pd.DataFrame.from_records(records, index="year")[COLUMNS]
    out_csv = Path(out_csv)
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_csv.name}.", suffix=".csv", dir=out_csv.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(frame.to_csv(float_format=CSV_FORMAT, lineterminator="\n"))
        try:
            load_dataset(tmp, COLUMNS, transform="log")
        except DataError as exc:  # name the file the user asked for, not the temporary one
            raise DataError(str(exc).replace(Path(tmp).name, out_csv.name)) from None
        os.replace(tmp, out_csv)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return frame
