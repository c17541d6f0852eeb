"""A run's exogenous block built from its dataset: the periods named by ``--impulse`` and
``--compare-impulse`` checked against the sample, seasonal dummies from the period labels,
``--exog`` columns read from the file (the block itself: :mod:`vecmbook.econometrics.exog`)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vecmbook.econometrics.exog import Exog, impulse_dummies, seasonal_dummies
from vecmbook.inputs.dataset import DataError, Dataset, load_columns, parse_period, period_label


def check_periods(option: str, chosen: Sequence[str], dataset: Dataset, lags: int) -> list[str]:
    """Normalised labels of ``chosen`` periods, each in the sample after the p + 1 initial values."""
    name, periods = Path(dataset.path).name, dataset.periods
    first_used = periods[min(lags + 1, len(periods) - 1)]
    out: list[str] = []
    for text in chosen:
        parsed = parse_period(str(text).strip())
        if parsed is None or parsed[0] != dataset.frequency:
            article = "an" if dataset.frequency == "annual" else "a"
            raise DataError(f"{name}: {option} {text!r} is not {article} {dataset.frequency} period "
                            f"like {periods[0]}")
        label = period_label(*parsed)
        if label in out:
            raise DataError(f"{name}: {option} names period {label} twice")
        if label not in periods:
            raise DataError(f"{name}: {option} {label} is outside the sample "
                            f"({dataset.first_period}–{dataset.last_period})")
        if periods.index(label) <= lags:
            raise DataError(f"{name}: {option} {label}: the dummy is zero on the effective sample "
                            f"({first_used}–{dataset.last_period}); with --lags {lags} the first "
                            f"{lags + 1} periods are initial values")
        out.append(label)
    return out


def build(dataset: Dataset, lags: int, seasonal: bool = False, impulse: Sequence[str] = (),
          columns: Sequence[str] = ()) -> Exog | None:
    """The exogenous block of a run (None when there is none), checked against the sample.

    Raises :class:`DataError` (one line naming file and option) for seasonal dummies on
    annual data, impulse periods outside the sample, repeated or lost to the lags, and
    ``--exog`` columns that are missing, in ``--vars`` or constant on the effective sample.
    """
    name = Path(dataset.path).name
    blocks, names, kinds = [], [], []
    if seasonal:
        if dataset.frequency != "quarterly":
            raise DataError(f"{name}: --seasonal needs quarterly periods (like 1974Q1); the data are "
                            f"{dataset.frequency}")
        blocks.append(seasonal_dummies([parse_period(q)[1] % 4 + 1 for q in dataset.periods]))
        names += [f"@SEAS({q})-0.25" for q in (1, 2, 3)]
        kinds += ["seasonal"] * 3
    if impulse:
        chosen = check_periods("--impulse", impulse, dataset, lags)
        blocks.append(impulse_dummies(dataset.periods, chosen))
        names += [f"IMP({p})" for p in chosen]
        kinds += ["impulse"] * len(chosen)
    if columns:
        values = load_columns(dataset, list(columns), option="--exog")
        for j, c in enumerate(columns):
            if np.ptp(values[lags + 1:, j]) == 0:
                raise DataError(f"{name}: --exog column {c!r} is constant on the effective sample "
                                f"({dataset.periods[lags + 1]}–{dataset.last_period}), so it duplicates "
                                f"the constant or is zero")
        blocks.append(values)
        names += list(columns)
        kinds += ["exog"] * len(columns)
    if not blocks:
        return None
    return Exog(np.hstack(blocks), tuple(names), tuple(kinds))
